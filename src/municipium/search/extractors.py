"""Text out of files: PDF text layers, DOCX, ODT/ODS, XLSX, RTF, plain text in the usual
Bulgarian and Polish encodings, e-mail messages with their attachments, and OCR (Tesseract)
for scans and image-only PDFs.

`extract_text(data, mime)` returns an `Extracted` or raises `ExtractionFailed` (the reason is
shown on the document) or its kind `OcrUnavailable` (a scan, but no Tesseract here). The OCR
engine sits behind the small `Ocr` interface; `TesseractOcr` calls the binary named by
settings.TESSERACT with a timeout — no Python binding is needed.
"""

from __future__ import annotations

import html
import io
import re
import subprocess
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from functools import lru_cache
from typing import Protocol
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext as _

MAX_CHARS = 2_000_000  # more text than this is not searched anyway
OCR_MAX_PAGES = 50
OCR_DPI = 300
OCR_TIMEOUT = 120  # seconds per page
# A PDF page with fewer letters than this in its text layer is taken for a scan.
MIN_LETTERS_PER_PAGE = 20


class ExtractionFailed(Exception):
    """The text could not be read; str(exc) is the reason, for the person who sees it."""


class OcrUnavailable(ExtractionFailed):
    """The file is a scan and no OCR engine (or none of its languages) is installed."""


@dataclass(frozen=True)
class Extracted:
    text: str
    ocr: bool = False


class Ocr(Protocol):
    def available(self) -> bool: ...

    def image_to_text(self, png: bytes) -> str: ...


class TesseractOcr:
    """The tesseract command, with the configured languages it has installed."""

    def __init__(self, command: str | None = None, languages: str | None = None) -> None:
        self.command = command or settings.TESSERACT
        self.wanted = languages or settings.OCR_LANGUAGES

    @property
    def languages(self) -> list[str]:
        installed = _installed_languages(self.command)
        return [lang for lang in self.wanted.split("+") if lang and lang in installed]

    def available(self) -> bool:
        return bool(self.languages)

    def image_to_text(self, png: bytes) -> str:
        languages = self.languages
        if not languages:
            raise OcrUnavailable(_("OCR is not available on this server."))
        try:
            result = subprocess.run(  # noqa: S603 — the command comes from the settings
                [self.command, "stdin", "stdout", "-l", "+".join(languages)],
                input=png,
                capture_output=True,
                timeout=OCR_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise ExtractionFailed(_("OCR took too long.")) from exc
        except OSError as exc:
            raise OcrUnavailable(_("OCR is not available on this server.")) from exc
        if result.returncode != 0:
            detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
            raise ExtractionFailed(
                _("OCR failed: %(detail)s") % {"detail": detail[-1][:200] if detail else "?"}
            )
        return result.stdout.decode("utf-8", "replace")


@lru_cache(maxsize=8)
def _installed_languages(command: str) -> frozenset[str]:
    try:
        result = subprocess.run(  # noqa: S603 — the command comes from the settings
            [command, "--list-langs"], capture_output=True, timeout=20, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    if result.returncode != 0:
        return frozenset()
    lines = (result.stdout + result.stderr).decode("utf-8", "replace").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and " " not in line.strip())


def default_ocr() -> Ocr:
    return TesseractOcr()


def ocr_available() -> bool:
    return default_ocr().available()


# ---- plain text ---------------------------------------------------------------------------

_CYRILLIC = re.compile(r"[а-яА-ЯѝЍ]")
_POLISH = re.compile(r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM); else Windows-1251 (Cyrillic) or Windows-1250 (Central
    European), whichever gives more letters of its alphabet."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    as_1251 = data.decode("cp1251", "replace")
    as_1250 = data.decode("cp1250", "replace")
    if len(_CYRILLIC.findall(as_1251)) >= len(_POLISH.findall(as_1250)):
        return as_1251
    return as_1250


def _text(data: bytes, ocr: Ocr) -> Extracted:
    return Extracted(decode_text(data))


# ---- PDF ------------------------------------------------------------------------------------


def _pdf(data: bytes, ocr: Ocr) -> Extracted:
    from pypdf import PdfReader

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise ExtractionFailed(_("The PDF is protected by a password."))
            pages = [page.extract_text() or "" for page in reader.pages]
    except ExtractionFailed:
        raise
    except Exception as exc:
        raise ExtractionFailed(_("The PDF cannot be read: %(error)s") % {"error": exc}) from exc
    letters = sum(1 for ch in "".join(pages) if ch.isalpha())
    if pages and letters >= MIN_LETTERS_PER_PAGE * len(pages) / 2:
        return Extracted("\n\n".join(pages))
    return Extracted(_ocr_pdf(data, ocr), ocr=True)


def _ocr_pdf(data: bytes, ocr: Ocr) -> str:
    import pypdfium2

    if not ocr.available():
        raise OcrUnavailable(_("The PDF has no text layer and OCR is not available."))
    try:
        pdf = pypdfium2.PdfDocument(data)
    except Exception as exc:
        raise ExtractionFailed(_("The PDF cannot be rendered: %(error)s") % {"error": exc}) from exc
    texts = []
    try:
        for index in range(min(len(pdf), OCR_MAX_PAGES)):
            page = pdf[index]
            image = page.render(scale=OCR_DPI / 72, grayscale=True).to_pil()
            texts.append(ocr.image_to_text(_png(image)))
            page.close()
    finally:
        pdf.close()
    return "\n\n".join(texts)


# ---- images ---------------------------------------------------------------------------------


def _png(image: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")  # type: ignore[attr-defined]
    return buffer.getvalue()


def _image(data: bytes, ocr: Ocr) -> Extracted:
    from PIL import Image, ImageSequence

    if not ocr.available():
        raise OcrUnavailable(_("The file is an image and OCR is not available."))
    try:
        with Image.open(io.BytesIO(data)) as image:
            frames = [
                frame.convert("L") for frame in list(ImageSequence.Iterator(image))[:OCR_MAX_PAGES]
            ]
    except Exception as exc:
        raise ExtractionFailed(_("The image cannot be read: %(error)s") % {"error": exc}) from exc
    return Extracted("\n\n".join(ocr.image_to_text(_png(f)) for f in frames), ocr=True)


# ---- office formats -------------------------------------------------------------------------


def _docx(data: bytes, ocr: Ocr) -> Extracted:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    return Extracted("\n".join(parts))


def _odf(data: bytes, ocr: Ocr) -> Extracted:
    from odf import teletype, text
    from odf.opendocument import load
    from odf.table import TableCell

    document = load(io.BytesIO(data))
    parts: list[str] = []
    for kind in (text.H, text.P):
        parts.extend(teletype.extractText(node) for node in document.getElementsByType(kind))
    if not parts:
        parts = [teletype.extractText(c) for c in document.getElementsByType(TableCell)]
    return Extracted("\n".join(parts))


def _xlsx(data: bytes, ocr: Ocr) -> Extracted:
    """Shared strings and inline strings of the workbook: the words, not the layout."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [n for n in archive.namelist() if n == "xl/sharedStrings.xml"]
        names += [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        parts: list[str] = []
        for name in names:
            root = ElementTree.fromstring(archive.read(name))  # noqa: S314 — expat has no entities
            parts.extend(el.text for el in root.iter() if el.tag.endswith("}t") and el.text)
    return Extracted("\n".join(parts))


def _rtf(data: bytes, ocr: Ocr) -> Extracted:
    from striprtf.striprtf import rtf_to_text

    match = re.search(rb"\\ansicpg(\d{3,5})", data[:2000])
    encoding = f"cp{int(match.group(1))}" if match else "cp1252"
    try:
        return Extracted(rtf_to_text(data.decode("latin-1"), encoding=encoding, errors="replace"))
    except LookupError:
        return Extracted(rtf_to_text(data.decode("latin-1"), errors="replace"))


# ---- e-mail ---------------------------------------------------------------------------------


def _eml(data: bytes, ocr: Ocr) -> Extracted:
    message = parse_message(data)
    parts = [str(message.get("From", "")), str(message.get("Subject", "")), message_body(message)]
    used_ocr = False
    for name, payload in message_attachments(message):
        try:
            from municipium.registry.files import UploadRefused, inspect_upload

            inspected = inspect_upload(name, io.BytesIO(payload))
            inner = extract_text(payload, inspected.mime, ocr=ocr)
        except (UploadRefused, ExtractionFailed):
            continue
        used_ocr = used_ocr or inner.ocr
        parts.append(f"{name}\n{inner.text}")
    return Extracted("\n\n".join(p for p in parts if p), ocr=used_ocr)


def parse_message(data: bytes) -> EmailMessage:
    from email import message_from_bytes, policy

    message = message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)  # what policy.default builds
    return message


def message_body(message: EmailMessage) -> str:
    """The plain text of a message; its HTML part without the tags when there is no plain."""
    import nh3

    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    try:
        content = body.get_content()
    except (LookupError, UnicodeError, AttributeError):
        raw = body.get_payload(decode=True)
        content = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else ""
    if body.get_content_type() == "text/html":
        # Tags out, then the entities nh3 leaves (&amp; …) back to characters: this is text.
        content = html.unescape(nh3.clean(content, tags=set()))
        content = re.sub(r"[ \t]*\n\s*\n\s*", "\n\n", content)
    return str(content).strip()


def message_attachments(message: EmailMessage) -> Iterator[tuple[str, bytes]]:
    """(file name, bytes) of each attachment, with a name made up when it has none."""
    for index, part in enumerate(message.iter_attachments(), start=1):
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        name = part.get_filename() or f"attachment-{index}"
        yield name, payload


# ---- dispatch -------------------------------------------------------------------------------

EXTRACTORS: dict[str, Callable[[bytes, Ocr], Extracted]] = {
    "application/pdf": _pdf,
    "text/plain": _text,
    "text/csv": _text,
    "application/xml": _text,
    "application/rtf": _rtf,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _docx,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _xlsx,
    "application/vnd.oasis.opendocument.text": _odf,
    "application/vnd.oasis.opendocument.spreadsheet": _odf,
    "message/rfc822": _eml,
    "image/png": _image,
    "image/jpeg": _image,
    "image/tiff": _image,
    "image/gif": _image,
    "image/webp": _image,
}


def extract_text(data: bytes, mime: str, *, ocr: Ocr | None = None) -> Extracted:
    """The text of a file of this (already inspected) type. Types without text, such as
    signatures, give an empty text."""
    extractor = EXTRACTORS.get(mime)
    if extractor is None:
        return Extracted("")
    try:
        extracted = extractor(data, ocr or default_ocr())
    except ExtractionFailed:
        raise
    except Exception as exc:
        raise ExtractionFailed(
            _("The text could not be read: %(error)s")
            % {"error": str(exc)[:300] or type(exc).__name__}
        ) from exc
    text = extracted.text.replace("\x00", "")
    text = re.sub(r"[ \t]+\n", "\n", text).strip()
    return Extracted(text[:MAX_CHARS], ocr=extracted.ocr)
