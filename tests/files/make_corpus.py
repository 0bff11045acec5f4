"""Write the test corpus: files the upload checks must refuse (refused/) and files the
extractors must read (accepted/). Run it again after changing it and commit the output:

    .venv/bin/python tests/files/make_corpus.py

Every file is small; the ones that stand for huge inputs (a zip bomb, a giant image) only
declare their size, and the tests lower the limits.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from email.message import EmailMessage
from pathlib import Path

HERE = Path(__file__).resolve().parent
REFUSED = HERE / "refused"
ACCEPTED = HERE / "accepted"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

BG_TEXT = "Заявление за издаване на удостоверение за наследници"
PL_TEXT = "Wniosek o wydanie zaświadczenia o niezaleganiu w podatkach"


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def giant_png(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _png_chunk(b"IEND", b"")
    )


def docx_bytes(text: str, *, extra: dict[str, bytes] | None = None) -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    if not extra:
        return buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in source.infolist():
            z.writestr(item, source.read(item))
        for name, data in extra.items():
            z.writestr(name, data)
    return out.getvalue()


def odt_bytes(text: str) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    document.text.addElement(P(text=text))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def pdf_with_text(text: str) -> bytes:
    from weasyprint import HTML

    html = f"<html lang='bg'><body style='font-family: DejaVu Sans'><p>{text}</p></body></html>"
    return bytes(HTML(string=html).write_pdf())


def scan_png(text: str) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1400, 160), 255)
    draw = ImageDraw.Draw(image)
    draw.text((30, 50), text, fill=0, font=ImageFont.truetype(FONT, 40))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def image_only_pdf(text: str) -> bytes:
    from PIL import Image

    image = Image.open(io.BytesIO(scan_png(text))).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=150)
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_with_text("secret"))))
    writer.encrypt(user_password="letmein", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def raw_pdf(*objects: bytes) -> bytes:
    """A one-page PDF written by hand, for structures no library writes. The first two
    arguments are entries added to the catalog (object 1) and to the page (object 3); the
    others become objects 4, 5, … and may refer to each other and to 1-3."""
    catalog_extra, page_extra, *rest = objects
    body = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] " + page_extra + b" >>",
        *rest,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, data in enumerate(body, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + data + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(body) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(body) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def pdf_with_attachment() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_with_text("x"))))
    writer.add_attachment("invoice.exe", b"MZ\x90\x00" + b"\x00" * 200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def active_pdfs() -> dict[str, bytes]:
    """PDFs that are valid and show a page, but carry parts a viewer runs or other files."""
    js = b"<< /Type /Action /S /JavaScript /JS (app.alert\\('x'\\);) >>"
    return {
        # Document-level JavaScript, as Acrobat writes it (the /Names /JavaScript tree).
        "script.pdf": raw_pdf(b"/Names << /JavaScript << /Names [(hello) 4 0 R] >> >>", b"", js),
        "open-action-script.pdf": raw_pdf(b"/OpenAction 4 0 R", b"", js),
        "page-action-script.pdf": raw_pdf(b"", b"/AA << /O 4 0 R >>", js),
        "link-script.pdf": raw_pdf(
            b"",
            b"/Annots [4 0 R]",
            b"<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A 5 0 R >>",
            js,
        ),
        # A form field's keystroke script, as in many fillable forms.
        "field-script.pdf": raw_pdf(
            b"/AcroForm << /Fields [4 0 R] >>",
            b"/Annots [4 0 R]",
            b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (amount) /Rect [0 0 100 20] "
            b"/P 3 0 R /AA << /K << /S /JavaScript /JS (AFNumber_Keystroke\\(2\\);) >> >> >>",
        ),
        # A bookmark whose action runs a script, behind a chain of /Next actions and a cycle.
        "outline-script.pdf": raw_pdf(
            b"/Outlines 4 0 R",
            b"",
            b"<< /Type /Outlines /First 5 0 R /Last 5 0 R /Count 1 >>",
            b"<< /Title (Start) /Parent 4 0 R /A 6 0 R >>",
            b"<< /S /GoTo /D [3 0 R /Fit] /Next 7 0 R >>",
            b"<< /S /GoTo /D [3 0 R /Fit] /Next [6 0 R 8 0 R] >>",
            js,
        ),
        # The same script with its names written in #-escapes, as evasive files do.
        "escaped-script.pdf": raw_pdf(
            b"/OpenAction << /S /JavaScr#69pt /J#53 (app.alert\\(1\\);) >>", b""
        ),
        "launch.pdf": raw_pdf(
            b"/OpenAction << /S /Launch /Win << /F (cmd.exe) /P (/c calc) >> >>", b""
        ),
        "embedded-file.pdf": pdf_with_attachment(),
        "file-annotation.pdf": raw_pdf(
            b"",
            b"/Annots [4 0 R]",
            b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 20 20] "
            b"/FS << /Type /Filespec /F (a.txt) >> >>",
        ),
        "rich-media.pdf": raw_pdf(
            b"",
            b"/Annots [4 0 R]",
            b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 100 100] >>",
        ),
        "xfa-form.pdf": raw_pdf(
            b"/AcroForm << /Fields [] /XFA 4 0 R >>",
            b"",
            b"<< /Length 12 >>\nstream\n<xdp:xdp/>\n\nendstream",
        ),
    }


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buffer.getvalue()


def email_bytes() -> bytes:
    message = EmailMessage()
    message["From"] = "Иван Петров <ivan.petrov@example.bg>"
    message["To"] = "deloviodstvo@alpha.example"
    message["Subject"] = "Жалба за уличното осветление"
    message["Date"] = "Mon, 16 Nov 2026 09:30:00 +0200"
    message["Message-ID"] = "<complaint-42@example.bg>"
    message.set_content("Уважаеми господин кмете,\nуличното осветление на ул. Липа не работи.\n")
    message.add_attachment(
        docx_bytes(BG_TEXT),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename="заявление.docx",
    )
    message.add_attachment(
        b"MZ\x90\x00" + b"\x00" * 200,
        maintype="application",
        subtype="octet-stream",
        filename="invoice.exe",
    )
    return message.as_bytes()


def refused() -> dict[str, bytes]:
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 246
    return {
        "program.exe": exe,
        "program-named.pdf": exe,
        "program-no-extension": exe,
        "elf-named.txt": b"\x7fELF\x02\x01\x01" + b"\x00" * 120,
        "script.sh": b"#!/bin/sh\nrm -rf /\n",
        "script-named.txt": b"#!/usr/bin/env python3\nimport os\n",
        "batch-named.txt": b"@echo off\r\ndel /q *\r\n",
        "page-named.txt": b"<html><body><script>alert(1)</script></body></html>",
        "drawing.svg": b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        "drawing-named.png": b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        "archive.zip": zip_bytes({"a.txt": b"hello"}),
        "archive-named.pdf": zip_bytes({"a.txt": b"hello"}),
        "archive.tar.gz": b"\x1f\x8b\x08\x00" + b"\x00" * 40,
        # 2 MB of zeros in a valid DOCX: refused when UNPACKED_MAX_MB is 1.
        "bomb.docx": docx_bytes("x", extra={"word/media/zeros.bin": b"\x00" * (2 * 1024 * 1024)}),
        "macros.docx": docx_bytes("x", extra={"word/vbaProject.bin": b"\x00" * 16}),
        "legacy.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000,
        "docx-named.pdf": docx_bytes("x"),
        "pdf-named.docx": pdf_with_text("x"),
        "broken.pdf": b"%PDF-1.4\n" + b"garbage " * 40,
        "truncated.pdf": pdf_with_text("cut short")[:600],
        "encrypted.pdf": encrypted_pdf(),
        # A valid PNG header, then an image chunk whose checksum is wrong.
        "broken.png": giant_png(10, 10)[:33] + struct.pack(">I", 20) + b"IDAT" + b"\x01" * 24,
        "giant.png": giant_png(40_000, 40_000),
        "empty.txt": b"",
        "unknown.xyz": b"plain words in an unknown container\n",
        **active_pdfs(),
    }


def accepted() -> dict[str, bytes]:
    return {
        "letter.pdf": pdf_with_text(BG_TEXT),
        "scan.png": scan_png(PL_TEXT),
        "scan.pdf": image_only_pdf(PL_TEXT),
        "letter.docx": docx_bytes(BG_TEXT),
        "letter.odt": odt_bytes(PL_TEXT),
        "letter.rtf": (
            b"{\\rtf1\\ansi\\ansicpg1251{\\fonttbl\\f0\\fswiss Arial;}\\f0 "
            + "".join(f"\\'{b:02x}" for b in BG_TEXT.encode("cp1251")).encode()
            + b"}"
        ),
        "cp1251.txt": BG_TEXT.encode("cp1251"),
        "cp1250.txt": PL_TEXT.encode("cp1250"),
        "utf8.txt": (BG_TEXT + "\n" + PL_TEXT).encode(),
        "complaint.eml": email_bytes(),
    }


def main() -> None:
    for folder, files in ((REFUSED, refused()), (ACCEPTED, accepted())):
        folder.mkdir(exist_ok=True)
        for name, data in files.items():
            (folder / name).write_bytes(data)
    print(f"wrote {len(refused())} refused and {len(accepted())} accepted files")


if __name__ == "__main__":
    main()
