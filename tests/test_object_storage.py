"""MUNICIPIUM_STORAGE=s3: files go to an S3-compatible bucket (a real HTTP server, moto's) under
their hash, are never written over, and come back streamed or through a short-lived signed URL
after the same access checks. The local folder keeps the same promise of never writing over."""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from municipium.accounts.services import api_token_create
from municipium.audit.models import AuditEntry
from municipium.registry import services
from municipium.registry.files import BlobConflict, open_blob
from municipium.registry.models import Attachment, Confidentiality, ExtractionStatus, StoredFile
from municipium.registry.storage import BlobExists, S3BlobStorage
from tests.conftest import client_for, register_letter
from tests.files.fixtures import accepted, media
from tests.object_store import Bucket, bucket, s3_endpoint

__all__ = ["bucket", "media", "s3_endpoint"]


def _api(user: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user, name='test').raw}")


def _attachments(document: Any, org: str = "alpha") -> str:
    return f"/api/v1/orgs/{org}/registry/documents/{document.pk}/attachments"


def _key(data: bytes) -> str:
    return StoredFile.storage_name(hashlib.sha256(data).hexdigest())


@pytest.fixture
def letter(world: Any, registry: Any, bucket: Bucket) -> Any:
    return register_letter(world, registry).document


def _upload(user: Any, document: Any, name: str, data: bytes) -> dict[str, Any]:
    response = _api(user).post(_attachments(document), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 201, response.content
    return dict(response.json())


def test_the_configured_storage_is_the_bucket(bucket: Bucket) -> None:
    storage = storages["default"]
    assert isinstance(storage, S3BlobStorage)
    assert (storage.bucket_name, storage.endpoint_url) == (bucket.name, bucket.endpoint)


def test_an_upload_goes_to_the_bucket_under_its_hash_and_to_no_folder(
    world: Any, letter: Any, bucket: Bucket, settings: Any
) -> None:
    data = accepted("letter.pdf")
    _upload(world.official_a, letter, "letter.pdf", data)
    assert bucket.keys() == [_key(data)]
    assert bucket.read(_key(data)) == data
    stored = StoredFile.objects.get()
    assert (stored.name, stored.size, stored.mime) == (_key(data), len(data), "application/pdf")
    assert not (Path(settings.VAR_DIR) / "media" / stored.name).exists()


def test_the_same_bytes_are_one_object(
    world: Any, registry: Any, letter: Any, bucket: Bucket
) -> None:
    data = accepted("letter.docx")
    other = register_letter(world, registry).document
    _upload(world.official_a, letter, "a.docx", data)
    _upload(world.official_a, other, "b.docx", data)
    assert bucket.keys() == [_key(data)]
    assert StoredFile.objects.count() == 1
    assert Attachment.objects.count() == 2


def test_a_key_that_holds_other_bytes_is_never_written_over(
    world: Any, letter: Any, bucket: Bucket
) -> None:
    data = accepted("letter.pdf")
    bucket.client.put_object(Bucket=bucket.name, Key=_key(data), Body=b"something else")
    with pytest.raises(BlobConflict):
        services.attachment_add(
            document=letter,
            upload=SimpleUploadedFile("letter.pdf", data),
            actor=world.official_a,
        )
    assert bucket.read(_key(data)) == b"something else"
    assert not StoredFile.objects.exists()
    assert not Attachment.objects.exists()


def test_a_key_that_already_holds_the_same_bytes_is_used_as_it_is(
    world: Any, letter: Any, bucket: Bucket
) -> None:
    # Say a first upload stored the blob but its row was never saved (the process died).
    data = accepted("letter.pdf")
    bucket.client.put_object(Bucket=bucket.name, Key=_key(data), Body=data)
    before = bucket.client.head_object(Bucket=bucket.name, Key=_key(data))["LastModified"]
    _upload(world.official_a, letter, "letter.pdf", data)
    assert StoredFile.objects.get().name == _key(data)
    assert bucket.client.head_object(Bucket=bucket.name, Key=_key(data))["LastModified"] == before


def test_the_write_itself_is_conditional_so_a_writer_that_came_first_is_kept(
    bucket: Bucket,
) -> None:
    # Between our look and our write another machine may write the key: the object store
    # refuses the second write (If-None-Match), it does not replace the first.
    storage = S3BlobStorage(**_options())
    key = "blobs/aa/bb/" + "a" * 64
    assert storage.save(key, ContentFile(b"first")) == key
    with pytest.raises(BlobExists):
        storage.save(key, ContentFile(b"second"))
    assert bucket.read(key) == b"first"


def _options() -> dict[str, Any]:
    from django.conf import settings

    return dict(settings.STORAGES["default"]["OPTIONS"])


def test_a_download_is_streamed_from_the_bucket_with_the_usual_headers(
    world: Any, letter: Any, bucket: Bucket
) -> None:
    data = accepted("letter.pdf")
    added = _upload(world.official_a, letter, "писмо.pdf", data)
    response = _api(world.official_a).get(f"{_attachments(letter)}/{added['id']}/content")
    assert response.status_code == 200
    assert response.streaming
    assert b"".join(response.streaming_content) == data  # type: ignore[attr-defined]
    assert response["Content-Length"] == str(len(data))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''%D0%BF%D0%B8%D1%81%D0%BC%D0%BE.pdf" in response["Content-Disposition"]


def test_the_blob_is_read_as_a_stream_not_copied_first(world: Any, letter: Any) -> None:
    data = accepted("letter.pdf")
    _upload(world.official_a, letter, "letter.pdf", data)
    with open_blob(StoredFile.objects.get()) as handle:
        assert not hasattr(handle, "getbuffer")
        assert handle.read(5) == b"%PDF-"


def test_with_redirects_a_download_is_a_signed_url_that_works_for_the_configured_seconds(
    world: Any, letter: Any, bucket: Bucket, settings: Any
) -> None:
    settings.S3_DOWNLOADS = "redirect"
    settings.S3_URL_SECONDS = 45
    data = accepted("letter.docx")
    added = _upload(world.official_a, letter, "решение.docx", data)
    response = _api(world.official_a).get(f"{_attachments(letter)}/{added['id']}/content")
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    url = response["Location"]
    assert url.startswith(f"{bucket.endpoint}/{bucket.name}/blobs/")
    query = parse_qs(urlsplit(url).query)
    assert query["X-Amz-Expires"] == ["45"]
    with urllib.request.urlopen(url, timeout=10) as fetched:
        assert fetched.read() == data
        assert fetched.headers["Content-Disposition"].startswith("attachment;")
        assert "filename*=UTF-8''" in fetched.headers["Content-Disposition"]
        assert fetched.headers["Content-Type"] == (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
    # Without the signature the bucket gives nothing.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url.split("?", 1)[0], timeout=10)
    assert refused.value.code == 403


def test_with_redirects_files_shown_in_place_are_still_streamed_in_a_sandbox(
    world: Any, letter: Any, bucket: Bucket, settings: Any
) -> None:
    settings.S3_DOWNLOADS = "redirect"
    data = accepted("letter.pdf")
    added = _upload(world.official_a, letter, "letter.pdf", data)
    attachment = Attachment.objects.get(pk=added["id"])
    response = client_for(world.official_a).get(
        f"/alpha/office/registry/documents/{letter.pk}/attachments/{attachment.pk}/view/"
    )
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "sandbox"
    assert b"".join(response.streaming_content) == data  # type: ignore[attr-defined]


@pytest.mark.parametrize("persona", ["official_b", "citizen"])
def test_no_signed_url_for_whoever_may_not_read_the_file(
    world: Any, letter: Any, bucket: Bucket, settings: Any, persona: str
) -> None:
    settings.S3_DOWNLOADS = "redirect"
    added = _upload(world.official_a, letter, "letter.pdf", accepted("letter.pdf"))
    response = _api(getattr(world, persona)).get(f"{_attachments(letter)}/{added['id']}/content")
    assert response.status_code in (403, 404)
    assert "Location" not in response
    assert bucket.endpoint not in response.content.decode()


def test_a_confidential_download_is_journaled_before_the_redirect(
    world: Any, registry: Any, bucket: Bucket, settings: Any
) -> None:
    settings.S3_DOWNLOADS = "redirect"
    secret = register_letter(
        world, registry, confidentiality=Confidentiality.CONFIDENTIAL, readers=[world.official_a]
    ).document
    added = _upload(world.official_a, secret, "secret.pdf", accepted("letter.pdf"))
    response = _api(world.official_a).get(f"{_attachments(secret)}/{added['id']}/content")
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="attachment.download").count() == 1


def test_a_blob_gone_from_the_bucket_fails_the_extraction_with_the_reason(
    world: Any, letter: Any, bucket: Bucket
) -> None:
    data = accepted("utf8.txt")
    added = _upload(world.official_a, letter, "note.txt", data)
    bucket.client.delete_object(Bucket=bucket.name, Key=_key(data))
    with translation.override("en"):
        attachment = services.attachment_extract(attachment=Attachment.objects.get(pk=added["id"]))
    assert attachment.extraction_status == ExtractionStatus.FAILED
    assert "cannot be read" in attachment.extraction_error


def test_the_text_is_extracted_from_the_bucket(world: Any, letter: Any, bucket: Bucket) -> None:
    from tests.files.make_corpus import PL_TEXT

    added = _upload(world.official_a, letter, "note.txt", accepted("utf8.txt"))
    attachment = services.attachment_extract(attachment=Attachment.objects.get(pk=added["id"]))
    assert attachment.extraction_status == ExtractionStatus.DONE
    assert PL_TEXT in attachment.extracted_text


def test_the_local_folder_keeps_the_same_promise(world: Any, registry: Any, media: Path) -> None:
    data = accepted("letter.pdf")
    letter = register_letter(world, registry).document
    path = media / _key(data)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"something else")
    with pytest.raises(BlobConflict):
        services.attachment_add(
            document=letter, upload=SimpleUploadedFile("letter.pdf", data), actor=world.official_a
        )
    assert path.read_bytes() == b"something else"
    assert sorted(p.name for p in media.rglob("*") if p.is_file()) == [path.name]
    assert not StoredFile.objects.exists()
