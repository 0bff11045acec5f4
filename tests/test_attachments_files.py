"""What inspect_upload accepts and refuses, and how store_file keeps blobs."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings as settings_
from hypothesis import strategies as st

from municipium.registry.files import (
    DOCX,
    ODT,
    PDF,
    RTF,
    UploadRefused,
    inspect_upload,
    read_blob,
    safe_name,
    store_file,
)
from municipium.registry.models import StoredFile
from tests.files.fixtures import REFUSED, accepted, media, refused

__all__ = ["media"]

REFUSALS = {
    "program.exe": "executable",
    "program-named.pdf": "executable",
    "program-no-extension": "executable",
    "elf-named.txt": "executable",
    "script.sh": "executable",
    "script-named.txt": "executable",
    "batch-named.txt": "executable",
    "page-named.txt": "executable",
    "drawing.svg": "executable",
    "drawing-named.png": "executable",
    "archive.zip": "archive",
    "archive-named.pdf": "archive",
    "archive.tar.gz": "archive",
    "bomb.docx": "unpacked_too_large",
    "macros.docx": "macros",
    "legacy.doc": "legacy_office",
    "docx-named.pdf": "mismatch",
    "pdf-named.docx": "mismatch",
    "broken.pdf": "malformed",
    "truncated.pdf": "malformed",
    "encrypted.pdf": "encrypted",
    "broken.png": "malformed",
    "giant.png": "unpacked_too_large",
    "empty.txt": "empty",
    "unknown.xyz": "type",
    # Valid PDFs with active parts (tests/test_pdf_active_content.py).
    "script.pdf": "pdf_javascript",
    "open-action-script.pdf": "pdf_javascript",
    "page-action-script.pdf": "pdf_javascript",
    "link-script.pdf": "pdf_javascript",
    "field-script.pdf": "pdf_javascript",
    "outline-script.pdf": "pdf_javascript",
    "escaped-script.pdf": "pdf_javascript",
    "launch.pdf": "pdf_launch",
    "embedded-file.pdf": "pdf_embedded_file",
    "file-annotation.pdf": "pdf_embedded_file",
    "rich-media.pdf": "pdf_rich_media",
    "xfa-form.pdf": "pdf_xfa",
}


@pytest.fixture(autouse=True)
def _small_unpacked_limit(settings: Any) -> None:
    settings.UNPACKED_MAX_MB = 1


def test_the_refused_corpus_is_complete() -> None:
    on_disk = {p.name for p in REFUSED.iterdir()}
    assert on_disk == set(REFUSALS)


@pytest.mark.parametrize(("name", "code"), sorted(REFUSALS.items()))
def test_each_file_of_the_refused_corpus_is_refused_with_its_reason(name: str, code: str) -> None:
    with pytest.raises(UploadRefused) as refusal:
        inspect_upload(name, io.BytesIO(refused(name)))
    assert refusal.value.code == code
    assert str(refusal.value)  # a sentence for the person who uploaded it


@pytest.mark.parametrize(
    ("name", "mime"),
    [
        ("letter.pdf", PDF),
        ("scan.pdf", PDF),
        ("scan.png", "image/png"),
        ("letter.docx", DOCX),
        ("letter.odt", ODT),
        ("letter.rtf", RTF),
        ("cp1251.txt", "text/plain"),
        ("utf8.txt", "text/plain"),
        ("complaint.eml", "message/rfc822"),
    ],
)
def test_accepted_files_get_the_type_of_their_content(name: str, mime: str) -> None:
    data = accepted(name)
    inspected = inspect_upload(name, io.BytesIO(data))
    assert inspected.mime == mime
    assert inspected.size == len(data)
    assert inspected.name == name


def test_a_file_without_an_extension_is_typed_by_its_content() -> None:
    inspected = inspect_upload("scan", io.BytesIO(accepted("scan.pdf")))
    assert inspected.mime == PDF
    assert inspected.extension == "pdf"


def test_the_size_limit_comes_from_the_settings(settings: Any) -> None:
    settings.UPLOAD_MAX_MB = 1
    with pytest.raises(UploadRefused) as refusal:
        inspect_upload("big.txt", io.BytesIO(b"a" * (1024 * 1024 + 1)))
    assert refusal.value.code == "too_large"
    assert "1 MB" in str(refusal.value)
    assert inspect_upload("ok.txt", io.BytesIO(b"a" * 1024 * 1024)).size == 1024 * 1024


def test_an_office_file_within_the_unpacked_limit_is_accepted(settings: Any) -> None:
    settings.UNPACKED_MAX_MB = 3
    assert inspect_upload("bomb.docx", io.BytesIO(refused("bomb.docx"))).mime == DOCX


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("../../etc/passwd.txt", "name_path"),
        ("/etc/passwd.txt", "name_path"),
        ("..\\boot.txt", "name_path"),
        ("C:\\Windows\\win.txt", "name_path"),
        ("c:win.txt", "name_path"),
        ("..", "name_path"),
        ("a\x00.txt", "name_control"),
        ("a\nb.txt", "name_control"),
        ("a\u202etxt.exe", "name_control"),  # right-to-left override hides the real extension
        ("CON.txt", "name_reserved"),
        ("lpt1", "name_reserved"),
        ("aux.tar.txt", "name_reserved"),
        ("a" * 181 + ".txt", "name_long"),
        ("я" * 130 + ".txt", "name_long"),  # 260 bytes in UTF-8
        ("", "name_empty"),
        ("   ", "name_empty"),
        (" leading.txt", "name_edge"),
        ("trailing.txt.", "name_edge"),
    ],
)
def test_names_with_path_tricks_are_refused(name: str, code: str) -> None:
    with pytest.raises(UploadRefused) as refusal:
        inspect_upload(name, io.BytesIO(b"hello"))
    assert refusal.value.code == code


def test_ordinary_names_in_any_script_are_kept() -> None:
    for name in ("Заявление №5 (копие).txt", "wniosek_żółć.txt", ".hidden.txt", "a.b.c.txt"):
        assert inspect_upload(name, io.BytesIO(b"hello")).name == name


def test_the_same_bytes_are_stored_once(media: Path, db: Any) -> None:
    data = accepted("letter.pdf")
    first = store_file(inspect_upload("one.pdf", io.BytesIO(data)), io.BytesIO(data))
    second = store_file(inspect_upload("two.pdf", io.BytesIO(data)), io.BytesIO(data))
    assert first.pk == second.pk
    assert StoredFile.objects.count() == 1
    sha = first.sha256
    assert first.name == f"blobs/{sha[:2]}/{sha[2:4]}/{sha}"
    assert [p.name for p in media.rglob("*") if p.is_file()] == [sha]
    assert read_blob(first) == data


def test_a_blob_is_never_rewritten(media: Path, db: Any) -> None:
    data = accepted("utf8.txt")
    stored = store_file(inspect_upload("a.txt", io.BytesIO(data)), io.BytesIO(data))
    path = media / stored.name
    before = path.stat().st_mtime_ns
    store_file(inspect_upload("b.txt", io.BytesIO(data)), io.BytesIO(data))
    assert path.stat().st_mtime_ns == before


@settings_(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=300))
def test_any_name_is_refused_or_kept_as_a_plain_file_name(name: str) -> None:
    try:
        kept = safe_name(name)
    except UploadRefused:
        return
    assert "/" not in kept and "\\" not in kept and ":" not in kept
    assert kept not in (".", "..")
    assert not any(ord(ch) < 32 or ord(ch) == 127 for ch in kept)
    assert len(kept.encode()) <= 255
