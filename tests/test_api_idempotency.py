"""`Idempotency-Key` on the API's creations: a repeated request gets the first answer and
creates nothing; another request with the same key is refused; keys are per caller and
organisation, expire after 24 hours and are pruned by a periodic job."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from municipium.accounts.idempotency import (
    MAX_BODY_CHARS,
    idempotency_claim,
    idempotency_finish,
)
from municipium.accounts.models import IdempotencyKey
from municipium.accounts.services import api_token_create
from municipium.accounts.tasks import prune_idempotency_keys
from municipium.audit.models import AuditEntry
from municipium.eservices.models import Application
from municipium.periodic import periodic_jobs
from municipium.registry.models import Attachment, Document

from .conftest import client_for, register_letter, run_together
from .files.fixtures import accepted, media
from .test_eservices_api import GOOD, service

__all__ = ["media", "service"]

REGISTER = "/api/v1/orgs/alpha/registry/documents"
LETTER = {
    "register_code": "general",
    "direction": "incoming",
    "kind": "letter",
    "subject": "Писмо",
    "channel": "post",
    "correspondent": {"name": "Иван Петров"},
}


def bearer(user: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='t').raw}"}


def post_json(client: Any, url: str, body: Any, key: str | None, **headers: Any) -> Any:
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def test_the_same_request_with_the_same_key_gets_the_first_answer_and_creates_nothing_more(
    world: Any, registry: Any
) -> None:
    auth = bearer(world.registrar_a)
    first = post_json(Client(), REGISTER, LETTER, "key-1", **auth)
    assert first.status_code == 201
    journal = AuditEntry.objects.count()
    # The same body written differently (key order, spacing) is the same request.
    again = Client().post(
        REGISTER,
        json.dumps(dict(reversed(list(LETTER.items()))), indent=2),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="key-1",
        **auth,
    )
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Document.objects.count() == 1
    assert AuditEntry.objects.count() == journal
    # Without a key, or with another one, it is a new registration.
    assert post_json(Client(), REGISTER, LETTER, None, **auth).status_code == 201
    assert post_json(Client(), REGISTER, LETTER, "key-2", **auth).status_code == 201
    assert Document.objects.count() == 3


def test_the_same_key_with_another_request_is_refused_and_creates_nothing(
    world: Any, registry: Any
) -> None:
    auth = bearer(world.registrar_a)
    assert post_json(Client(), REGISTER, LETTER, "key-1", **auth).status_code == 201
    before = (Document.objects.count(), AuditEntry.objects.count())
    other = post_json(Client(), REGISTER, {**LETTER, "subject": "Друго"}, "key-1", **auth)
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert "different request" in other.json()["detail"]
    assert (Document.objects.count(), AuditEntry.objects.count()) == before


def test_keys_belong_to_their_caller_whether_by_token_or_session(world: Any, registry: Any) -> None:
    first = post_json(Client(), REGISTER, LETTER, "shared", **bearer(world.registrar_a))
    by_session = post_json(client_for(world.registrar_a), REGISTER, LETTER, "shared")
    assert by_session.status_code == 201 and by_session.json() == first.json()
    someone_else = post_json(Client(), REGISTER, LETTER, "shared", **bearer(world.admin_a))
    assert someone_else.status_code == 201
    assert someone_else.json()["number"] != first.json()["number"]
    assert Document.objects.count() == 2


def test_keys_belong_to_their_organisation(world: Any) -> None:
    entry = idempotency_claim(organisation=world.org_a, caller="user:1", key="k", fingerprint="a")
    elsewhere = idempotency_claim(
        organisation=world.org_b, caller="user:1", key="k", fingerprint="b"
    )
    assert isinstance(entry, IdempotencyKey) and isinstance(elsewhere, IdempotencyKey)
    assert entry.pk != elsewhere.pk


def test_a_refusal_is_replayed_too_and_still_writes_nothing(world: Any, registry: Any) -> None:
    auth = bearer(world.registrar_a)
    bad = {**LETTER, "received_on": "2099-01-01"}
    first = post_json(Client(), REGISTER, bad, "bad-1", **auth)
    again = post_json(Client(), REGISTER, bad, "bad-1", **auth)
    assert first.status_code == again.status_code == 400
    assert again.json() == first.json()
    assert not Document.objects.exists()


def test_a_bad_key_is_refused(world: Any, registry: Any) -> None:
    auth = bearer(world.registrar_a)
    for key in ["x" * 256, "ключ"]:
        response = post_json(Client(), REGISTER, LETTER, key, **auth)
        assert response.status_code == 400, key
        assert "Idempotency-Key" in response.json()["detail"]
    assert not Document.objects.exists()


def test_an_application_json_or_multipart_is_filed_once_per_key(
    world: Any, service: Any, media: Any
) -> None:
    client = client_for(world.citizen)
    url = "/api/v1/orgs/alpha/services/heirs-api/applications"
    first = post_json(client, url, GOOD, "apply-1")
    again = post_json(client, url, GOOD, "apply-1")
    assert first.status_code == 201 and again.json() == first.json()
    assert Application.objects.filter(status="submitted").count() == 1

    multipart_url = "/api/v1/orgs/alpha/services/heirs/applications/multipart"
    pdf = accepted("letter.pdf")

    def send(boundary: str) -> Any:
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="application"\r\n\r\n'
                f"{json.dumps(GOOD)}\r\n"
                f'--{boundary}\r\nContent-Disposition: form-data; name="proof"; '
                f'filename="proof.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
            ).encode()
            + pdf
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return client.generic(
            "POST",
            multipart_url,
            body,
            f"multipart/form-data; boundary={boundary}",
            HTTP_IDEMPOTENCY_KEY="apply-2",
        )

    with_files = send("first-boundary")
    # A client sending it again draws a new boundary: still the same request.
    replayed = send("another-boundary")
    assert with_files.status_code == 201, with_files.content
    assert replayed.json() == with_files.json()
    assert Application.objects.filter(status="submitted").count() == 2
    assert Document.objects.filter(channel="portal").count() == 2


def test_an_attachment_is_added_once_per_key(world: Any, registry: Any, media: Any) -> None:
    document = register_letter(world, registry).document
    url = f"{REGISTER}/{document.pk}/attachments"
    client = client_for(world.registrar_a)
    from django.core.files.uploadedfile import SimpleUploadedFile

    answers = [
        client.post(
            url,
            {"file": SimpleUploadedFile("letter.pdf", accepted("letter.pdf"))},
            HTTP_IDEMPOTENCY_KEY="upload-1",
        )
        for _ in range(2)
    ]
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json() == answers[1].json()
    assert Attachment.objects.filter(document=document).count() == 1


def test_two_requests_with_the_same_key_at_once_create_one_document(
    world: Any, registry: Any, transactional_db: Any
) -> None:
    auth = bearer(world.registrar_a)
    answers: list[Any] = []

    def send() -> None:
        answers.append(post_json(Client(), REGISTER, LETTER, "together", **auth))

    run_together(send, send, send)
    assert Document.objects.count() == 1
    statuses = sorted(a.status_code for a in answers)
    assert statuses.count(201) >= 1
    assert set(statuses) <= {201, 409}
    numbers = {a.json()["number"] for a in answers if a.status_code == 201}
    assert len(numbers) == 1
    for refused in (a for a in answers if a.status_code == 409):
        assert refused.json()["code"] == "idempotency_key_in_use"


def test_keys_expire_after_a_day_and_the_periodic_job_prunes_them(
    world: Any, registry: Any
) -> None:
    auth = bearer(world.registrar_a)
    assert post_json(Client(), REGISTER, LETTER, "old", **auth).status_code == 201
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))
    # Past the window the key is free again: a new registration.
    assert post_json(Client(), REGISTER, LETTER, "old", **auth).status_code == 201
    assert Document.objects.count() == 2
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))
    post_json(Client(), REGISTER, LETTER, "fresh", **auth)
    assert prune_idempotency_keys.call() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["fresh"]
    assert prune_idempotency_keys.module_path in {job.path for job in periodic_jobs()}


def test_a_kept_answer_is_bounded_in_size(world: Any) -> None:
    entry = idempotency_claim(organisation=world.org_a, caller="user:1", key="k", fingerprint="a")
    assert isinstance(entry, IdempotencyKey)
    idempotency_finish(
        entry=entry, status=201, content_type="application/json", body="x" * (MAX_BODY_CHARS + 1)
    )
    entry.refresh_from_db()
    assert (entry.status, entry.body) == (201, "")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/orgs/{org}/registry/documents",
        "/api/v1/orgs/{org}/registry/documents/{document_id}/attachments",
        "/api/v1/orgs/{org}/services/{slug}/applications",
        "/api/v1/orgs/{org}/services/{slug}/applications/multipart",
    ],
)
def test_the_openapi_document_names_the_header_on_each_creation(db: Any, path: str) -> None:
    operation = Client().get("/api/v1/openapi.json").json()["paths"][path]["post"]
    assert "Idempotency-Key" in {p["name"] for p in operation["parameters"]}
    assert "409" in operation["responses"]
