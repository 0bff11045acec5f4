"""Files that enter the platform: what is accepted, how it is checked and how it is stored.

`inspect_upload` reads a file once and decides from its bytes (never from its name alone)
what it is; anything outside the allow-list, anything that hides as something else, an
archive that unpacks beyond the limit, or a PDF or image our parsers cannot open is refused
with `UploadRefused` before a byte is stored. `store_file` then writes the bytes once under
their SHA-256: the same file uploaded twice is one blob.

Decisions (see docs/decisions): old binary Office files (.doc, .xls) are refused — they may
carry macros and we cannot extract their text; so are macro-enabled OOXML files, SVG and
HTML (they run scripts in a browser), and any archive other than the office formats.
Detached signatures (.p7s) and signed envelopes (.p7m) are accepted as they are, unread.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage, storages
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponseBase, HttpResponseRedirect
from django.utils.translation import gettext as _

from .models import Attachment, Document, StoredFile

if TYPE_CHECKING:
    from municipium.tenants.scoping import Scope

logger = logging.getLogger(__name__)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
RTF = "application/rtf"
EML = "message/rfc822"
XML = "application/xml"
TEXT = "text/plain"
CSV = "text/csv"
P7S = "application/pkcs7-signature"
P7M = "application/pkcs7-mime"

# Accepted types: extension → the canonical type the content must have.
ACCEPTED: dict[str, str] = {
    "pdf": PDF,
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "gif": "image/gif",
    "webp": "image/webp",
    "txt": TEXT,
    "csv": CSV,
    "rtf": RTF,
    "docx": DOCX,
    "xlsx": XLSX,
    "odt": ODT,
    "ods": ODS,
    "eml": EML,
    "xml": XML,
    "p7s": P7S,
    "p7m": P7M,
}
EXTENSION_FOR = {
    PDF: "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/tiff": "tif",
    "image/gif": "gif",
    "image/webp": "webp",
    TEXT: "txt",
    CSV: "csv",
    RTF: "rtf",
    DOCX: "docx",
    XLSX: "xlsx",
    ODT: "odt",
    ODS: "ods",
    EML: "eml",
    XML: "xml",
    P7S: "p7s",
    P7M: "p7m",
}
# Types that may stand for each other: a CSV is plain text, an e-mail without the usual
# first headers is detected as text, a signed envelope and a signature are both CMS.
COMPATIBLE = {
    CSV: {TEXT, CSV},
    TEXT: {TEXT},
    EML: {EML, TEXT},
    XML: {XML, TEXT},
    P7M: {P7S, P7M},
    P7S: {P7S, P7M},
}
# What libmagic says → our canonical type.
_MAGIC_ALIASES = {
    "text/rtf": RTF,
    "text/xml": XML,
    "image/jpg": "image/jpeg",
    "application/pkcs7-signature": P7S,
    "application/pkcs7-mime": P7M,
}
_DANGEROUS = (
    "exe com scr msi msp dll sys cpl bat cmd ps1 psm1 vbs vbe js jse jar wsf wsh hta lnk "
    "sh bash zsh py pl rb php phtml apk app dmg deb rpm reg inf iso img html htm xhtml svg "
    "docm dotm xlsm xltm pptm"
)
DANGEROUS_EXTENSIONS = frozenset(_DANGEROUS.split())
ARCHIVES = frozenset(
    {
        "application/zip",
        "application/gzip",
        "application/x-gzip",
        "application/x-bzip2",
        "application/x-xz",
        "application/x-7z-compressed",
        "application/x-rar",
        "application/vnd.rar",
        "application/x-tar",
        "application/zstd",
    }
)
_EXECUTABLE_SIGNATURES = (
    b"MZ",  # Windows PE / DOS
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",  # Mach-O
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal / Java class
    b"#!",  # scripts
)
_WINDOWS_RESERVED = re.compile(
    r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$", re.I
)
NAME_MAX_CHARS = 180
NAME_MAX_BYTES = 255
_HEAD = 64 * 1024
_CHUNK = 1024 * 1024


class UploadRefused(ValidationError):
    """A file we do not accept; `message` says why (translated), `code` names the check."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message, code=code)
        self.reason = message

    def __str__(self) -> str:
        return self.reason


@dataclass(frozen=True)
class InspectedFile:
    name: str  # safe to show and to send back in Content-Disposition
    mime: str
    size: int
    sha256: str

    @property
    def extension(self) -> str:
        return EXTENSION_FOR.get(self.mime, "")


def accepted_extensions() -> str:
    """For help texts and the `accept` attribute: ".pdf,.png,…"."""
    return ",".join(f".{ext}" for ext in ACCEPTED)


def safe_name(name: str) -> str:
    """The name as given, if it is a plain file name; UploadRefused otherwise.

    A name is never used as a path by us (blobs live under their hash), but it is shown,
    downloaded and may be saved by someone else's software: it must not climb folders,
    name a device or hide control characters."""
    name = unicodedata.normalize("NFC", name or "")
    if not name.strip():
        raise UploadRefused(_("The file has no name."), code="name_empty")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in name):
        raise UploadRefused(_("The file name contains control characters."), code="name_control")
    if "/" in name or "\\" in name or name in (".", "..") or ":" in name:
        raise UploadRefused(
            _("The file name must not contain a folder or a drive (/, \\, :, ..)."),
            code="name_path",
        )
    if len(name) > NAME_MAX_CHARS or len(name.encode()) > NAME_MAX_BYTES:
        raise UploadRefused(
            _("The file name is too long (at most %(count)d characters).")
            % {"count": NAME_MAX_CHARS},
            code="name_long",
        )
    if name != name.strip() or name.endswith("."):
        raise UploadRefused(
            _("The file name must not start or end with a space, nor end with a dot."),
            code="name_edge",
        )
    stem = name.split(".", 1)[0].strip()
    if _WINDOWS_RESERVED.match(stem):
        raise UploadRefused(
            _("“%(name)s” is a reserved device name on Windows.") % {"name": stem},
            code="name_reserved",
        )
    return name


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[1].lower() if "." in name.lstrip(".") else ""


def _digest(fileobj: IO[bytes], limit: int) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    fileobj.seek(0)
    while chunk := fileobj.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise UploadRefused(
                _("The file is larger than %(mb)d MB.") % {"mb": settings.UPLOAD_MAX_MB},
                code="too_large",
            )
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest(), size


def _zip_type(fileobj: IO[bytes]) -> str:
    """The office type of a zip (DOCX, XLSX, ODT, ODS), after the unpacked-size and macro
    checks; UploadRefused for any other zip."""
    limit = settings.UNPACKED_MAX_MB * 1024 * 1024
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            entries = archive.infolist()
            if len(entries) > 10_000 or sum(e.file_size for e in entries) > limit:
                raise UploadRefused(
                    _("The file unpacks to more than %(mb)d MB.")
                    % {"mb": settings.UNPACKED_MAX_MB},
                    code="unpacked_too_large",
                )
            names = {e.filename for e in entries}
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                raise UploadRefused(_("The document contains macros."), code="macros")
            if "mimetype" in names:
                declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if declared in (ODT, ODS):
                    return declared
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return DOCX
                if "xl/workbook.xml" in names:
                    return XLSX
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, KeyError) as exc:
        raise UploadRefused(_("The file is a damaged archive."), code="malformed") from exc
    finally:
        fileobj.seek(0)
    raise UploadRefused(_("Archives are not accepted."), code="archive")


def _magic_type(head: bytes) -> str:
    # Imported here: python-magic fails at import when the system's libmagic is missing, and
    # that must cost the uploads (with a reason), not the start of the whole platform.
    try:
        import magic
    except ImportError as exc:
        raise UploadRefused(
            _(
                "Files cannot be accepted at the moment: the server cannot read their type "
                "(libmagic is missing). Please tell the administrator."
            ),
            code="unavailable",
        ) from exc
    return str(magic.from_buffer(head, mime=True))


def _detect(fileobj: IO[bytes]) -> str:
    fileobj.seek(0)
    head = fileobj.read(_HEAD)
    fileobj.seek(0)
    if head.startswith(_EXECUTABLE_SIGNATURES):
        raise UploadRefused(_("Programs and scripts are not accepted."), code="executable")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_type(fileobj)
    detected = _magic_type(head)
    detected = _MAGIC_ALIASES.get(detected, detected)
    if detected in ARCHIVES:
        raise UploadRefused(_("Archives are not accepted."), code="archive")
    if detected in ("application/x-ole-storage", "application/msword", "application/vnd.ms-excel"):
        raise UploadRefused(
            _(
                "Old Word and Excel files (.doc, .xls) are not accepted; "
                "save them as PDF, DOCX or ODT."
            ),
            code="legacy_office",
        )
    if detected in _SCRIPT_TYPES or (
        detected.startswith(("application/x-", "text/x-"))
        and ("exec" in detected or "script" in detected)
    ):
        raise UploadRefused(_("Programs and scripts are not accepted."), code="executable")
    if detected == "application/octet-stream" and head[:1] == b"\x30":
        return P7S  # DER: a CMS signature or envelope, which libmagic often cannot name
    if detected.startswith("text/") and detected not in (TEXT, CSV) and b"\x00" in head:
        raise UploadRefused(_("This type of file is not accepted."), code="type")
    return detected


_SCRIPT_TYPES = frozenset(
    {
        "text/html",
        "image/svg+xml",
        "application/javascript",
        "text/javascript",
        "application/x-msdownload",
        "application/x-dosexec",
        "application/x-executable",
        "application/x-sharedlib",
        "application/x-mach-binary",
        "application/x-elf",
        "application/java-archive",
        "application/x-java-applet",
        "text/x-msdos-batch",
        "text/x-php",
        "text/x-shellscript",
    }
)


def _check_pdf(fileobj: IO[bytes]) -> None:
    from pypdf import PdfReader

    fileobj.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(fileobj, strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise UploadRefused(
                    _("The PDF is protected by a password; send it without one."),
                    code="encrypted",
                )
            if len(reader.pages) == 0:
                raise ValueError("no pages")
            reader.pages[0].mediabox  # noqa: B018 — reading the first page proves the tree
            _check_pdf_parts(reader)
    except UploadRefused:
        raise
    except Exception as exc:
        raise UploadRefused(_("The PDF is damaged and cannot be read."), code="malformed") from exc
    finally:
        fileobj.seek(0)


# Looking for active parts visits at most this many objects of a PDF (a 2,000-page report has
# about 6,000; each costs some 25 µs): the check ends in bounded time on any file.
PDF_MAX_OBJECTS = 50_000
PDF_MAX_NODES = 1_000_000  # dictionaries and arrays, direct or not


def _pdf_refusal(kind: str) -> UploadRefused:
    messages = {
        "pdf_javascript": _(
            "The PDF contains JavaScript, which we do not accept. "
            "Print it or save it again as a plain PDF, and send that."
        ),
        "pdf_launch": _(
            "The PDF contains an action that starts a program, which we do not accept."
        ),
        "pdf_embedded_file": _(
            "The PDF carries files embedded in it, which we do not accept. "
            "Send them as separate files."
        ),
        "pdf_rich_media": _(
            "The PDF contains embedded multimedia or 3D content, which we do not accept."
        ),
        "pdf_xfa": _(
            "The PDF is an XFA form, which can run scripts. Print it to a plain PDF and send that."
        ),
        "pdf_too_complex": _(
            "The PDF has too many parts to be checked. Split it into smaller files."
        ),
    }
    return UploadRefused(messages[kind], code=kind)


# Keys whose presence makes a dictionary active, and (key, name) pairs that do.
_PDF_ACTIVE_KEYS = {
    "/JS": "pdf_javascript",  # a JavaScript action's code (also in renditions)
    "/JavaScript": "pdf_javascript",  # the document-level scripts in /Names
    "/OnInstantiate": "pdf_javascript",  # a 3D model's script
    "/EmbeddedFiles": "pdf_embedded_file",  # the attachments in /Names
    "/EF": "pdf_embedded_file",  # a file specification carrying the file
    "/XFA": "pdf_xfa",
}
_PDF_ACTIVE_NAMES = {
    ("/S", "/JavaScript"): "pdf_javascript",
    ("/S", "/Launch"): "pdf_launch",
    ("/Type", "/EmbeddedFile"): "pdf_embedded_file",
    ("/Subtype", "/FileAttachment"): "pdf_embedded_file",
    ("/Subtype", "/RichMedia"): "pdf_rich_media",
    ("/Subtype", "/3D"): "pdf_rich_media",
    ("/S", "/RichMediaExecute"): "pdf_rich_media",
}


def _check_pdf_parts(reader: Any) -> None:
    """Refuse a PDF with parts a viewer may run or that carry other files: JavaScript
    (document scripts, open actions, page, annotation and form-field actions), launch
    actions, embedded files, rich media or 3D, XFA forms. Everything reachable from the
    document catalog is visited once, without recursion (a stack, not the call stack), so
    deep nesting and reference cycles cost nothing extra; past PDF_MAX_OBJECTS objects or
    PDF_MAX_NODES containers the file is refused as too complex to check. Names are read
    decoded, so `/J#53` is `/JS`."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    containers = (DictionaryObject, ArrayObject, IndirectObject)
    stack: list[Any] = [reader.trailer.raw_get("/Root")]
    seen: set[tuple[int, int]] = set()
    nodes = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            reference = (item.idnum, item.generation)
            if reference in seen:
                continue
            seen.add(reference)
            if len(seen) > PDF_MAX_OBJECTS:
                raise _pdf_refusal("pdf_too_complex")
            item = item.get_object()
        nodes += 1
        if nodes > PDF_MAX_NODES:
            raise _pdf_refusal("pdf_too_complex")
        if isinstance(item, DictionaryObject):  # stream dictionaries too; streams stay unread
            for key, value in item.items():
                kind = _PDF_ACTIVE_KEYS.get(key)
                if kind is None and isinstance(value, NameObject):
                    kind = _PDF_ACTIVE_NAMES.get((key, value))
                if kind is not None:
                    raise _pdf_refusal(kind)
                if isinstance(value, containers):
                    stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(value for value in item if isinstance(value, containers))


def _check_image(fileobj: IO[bytes]) -> None:
    from PIL import Image

    fileobj.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(fileobj) as image:
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UploadRefused(
            _("The image is too large once decoded."), code="unpacked_too_large"
        ) from exc
    except Exception as exc:
        raise UploadRefused(
            _("The image is damaged and cannot be read."), code="malformed"
        ) from exc
    finally:
        fileobj.seek(0)


def inspect_upload(name: str, fileobj: IO[bytes] | Any) -> InspectedFile:
    """Check a file before anything is stored: its name, size, type from its content,
    agreement of name and content, unpacked size, and that its parser can open it.
    Raises UploadRefused (a ValidationError with a translated message and a `code`)."""
    name = safe_name(name)
    extension = _extension(name)
    if extension in DANGEROUS_EXTENSIONS:
        raise UploadRefused(_("Programs and scripts are not accepted."), code="executable")
    sha256, size = _digest(fileobj, settings.UPLOAD_MAX_MB * 1024 * 1024)
    if size == 0:
        raise UploadRefused(_("The file is empty."), code="empty")
    mime = _detect(fileobj)
    if extension and mime not in EXTENSION_FOR and extension in ACCEPTED:
        raise UploadRefused(
            _("The file is named .%(ext)s but its content is not that type.") % {"ext": extension},
            code="mismatch",
        )
    if mime not in EXTENSION_FOR:
        raise UploadRefused(_("This type of file is not accepted."), code="type")
    if extension:
        expected = ACCEPTED.get(extension)
        if expected is None:
            raise UploadRefused(
                _("Files ending in .%(ext)s are not accepted.") % {"ext": extension[:10]},
                code="type",
            )
        if mime != expected and mime not in COMPATIBLE.get(expected, ()):
            raise UploadRefused(
                _("The file is named .%(ext)s but its content is not that type.")
                % {"ext": extension},
                code="mismatch",
            )
        mime = expected
    if mime == PDF:
        _check_pdf(fileobj)
    elif mime.startswith("image/"):
        _check_image(fileobj)
    return InspectedFile(name=name, mime=mime, size=size, sha256=sha256)


class BlobConflict(Exception):
    """The storage holds other bytes under a blob's key. Nothing is written over them: an
    original is never changed, so this is for the administrator (a damaged or tampered store)."""


def _write_once(storage: Any, key: str, inspected: InspectedFile, fileobj: Any) -> None:
    """Write the bytes under their key, never over anything. When the key exists already (an
    earlier upload whose row was not saved, or a writer on another machine a moment ago), its
    bytes must be these bytes: BlobConflict otherwise."""
    if storage.exists(key):
        _check_same_bytes(storage, key, inspected)
        return
    fileobj.seek(0)
    try:
        saved = storage.save(key, File(fileobj, name=inspected.sha256))
    except FileExistsError:  # the object store's conditional write: another writer was first
        _check_same_bytes(storage, key, inspected)
        return
    if saved != key:  # the folder's O_EXCL create: another writer was first, we got a copy
        storage.delete(saved)
        _check_same_bytes(storage, key, inspected)


def _check_same_bytes(storage: Any, key: str, inspected: InspectedFile) -> None:
    digest = hashlib.sha256()
    with _open_stream(storage, key) as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    if digest.hexdigest() != inspected.sha256:
        logger.error("blob %s holds bytes with sha256 %s; left as it is", key, digest.hexdigest())
        raise BlobConflict(f"The storage holds other bytes under {key}; nothing was written.")


def store_file(inspected: InspectedFile, fileobj: IO[bytes] | Any) -> StoredFile:
    """The blob for these bytes, written once: an existing blob with the same SHA-256 is
    reused and its bytes are never rewritten (BlobConflict if the key holds other bytes)."""
    existing = StoredFile.objects.filter(sha256=inspected.sha256).first()
    if existing is not None:
        return existing
    storage_name = StoredFile.storage_name(inspected.sha256)
    _write_once(default_storage, storage_name, inspected, fileobj)
    try:
        with transaction.atomic():
            return StoredFile.objects.create(
                sha256=inspected.sha256,
                size=inspected.size,
                mime=inspected.mime,
                name=storage_name,
            )
    except IntegrityError:
        return StoredFile.objects.get(sha256=inspected.sha256)


def store_bytes(name: str, data: bytes) -> tuple[InspectedFile, StoredFile]:
    """Inspect and store bytes held in memory (e-mail parts, generated files)."""
    buffer = io.BytesIO(data)
    inspected = inspect_upload(name, buffer)
    return inspected, store_file(inspected, buffer)


def _open_stream(storage: Any, name: str) -> IO[bytes]:
    # The object store streams (S3BlobStorage.open_stream); a folder's file is a stream already.
    opener = getattr(storage, "open_stream", None)
    return opener(name) if opener is not None else storage.open(name, "rb")


def open_blob(stored: StoredFile) -> IO[bytes]:
    """The blob's bytes as a stream, from the folder or the bucket; OSError when it cannot be
    read (FileNotFoundError when it is not there)."""
    return _open_stream(default_storage, stored.name)


def read_blob(stored: StoredFile) -> bytes:
    with open_blob(stored) as handle:
        return handle.read()


def document_attachments(document: Document) -> QuerySet[Attachment]:
    """The files of a document the caller may already see (the document came through
    visible_documents), oldest first, with their draft history in one query."""
    return document.attachments.select_related("uploaded_by", "replaced_by").order_by("id")


def attachment_for(scope: Scope, document_id: Any, attachment_id: Any) -> Attachment:
    """An attachment of a document the scope may see, or 404 (the same rule as the
    document itself: organisation, membership, named readers for confidential ones)."""
    from .queries import visible_documents

    return scope.get(
        Attachment.objects.select_related("file", "document"),
        document__in=visible_documents(scope),
        document_id=document_id,
        pk=attachment_id,
    )


def _ascii_fallback(filename: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"[^A-Za-z0-9._() -]", "_", ascii_name).strip() or "file"
    return ascii_name


def content_disposition(filename: str, *, inline: bool) -> str:
    """RFC 6266 with the RFC 5987 `filename*` for any script, and an ASCII `filename` for
    old clients."""
    return "{}; filename=\"{}\"; filename*=UTF-8''{}".format(
        "inline" if inline else "attachment",
        _ascii_fallback(filename),
        quote(filename, safe=""),
    )


def file_response(
    stored: StoredFile, filename: str, mime: str, *, inline: bool
) -> HttpResponseBase:
    """Serve a blob, after the caller's access checks. Only PDFs and images are shown in place,
    and then in a sandbox with no scripts or same-origin rights; everything else is a download.
    Never sniffed. Streamed from the folder or the bucket; with MUNICIPIUM_S3_DOWNLOADS=redirect
    a download is a redirect to a signed URL of the bucket that works for a few seconds."""
    inline = inline and (mime == PDF or mime.startswith("image/"))
    content_type = mime if mime in EXTENSION_FOR else "application/octet-stream"
    disposition = content_disposition(filename, inline=inline)
    if not inline and settings.S3_DOWNLOADS == "redirect":
        # Shown in place files stay on our origin: the bucket cannot send the sandbox header.
        return _signed_redirect(stored, disposition, content_type)
    response = FileResponse(open_blob(stored), content_type=content_type)
    response.block_size = 256 * 1024
    response["Content-Disposition"] = disposition
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Length"] = str(stored.size)
    return response


def _signed_redirect(stored: StoredFile, disposition: str, content_type: str) -> HttpResponseBase:
    from .storage import S3BlobStorage  # boto3 only where the bucket is used

    storage = storages["default"]
    if not isinstance(storage, S3BlobStorage):  # the settings allow redirects with s3 only
        raise ImproperlyConfigured("MUNICIPIUM_S3_DOWNLOADS=redirect needs MUNICIPIUM_STORAGE=s3.")
    url = storage.url(
        stored.name,
        parameters={
            "ResponseContentDisposition": disposition,
            "ResponseContentType": content_type,
            "ResponseCacheControl": "private, no-store",
        },
        expire=settings.S3_URL_SECONDS,
    )
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
