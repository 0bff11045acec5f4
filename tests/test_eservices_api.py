"""The e-services API: catalogue and schema (public), applying (signed in), tracking."""

from __future__ import annotations

import json
from typing import Any

import pytest

from municipium.eservices import services
from municipium.registry.models import Document

from .conftest import client_for
from .files.fixtures import media
from .test_eservices_support import make_service

__all__ = ["media"]

BASE = "/api/v1/orgs/alpha"


@pytest.fixture
def service(world: Any, registry: Any) -> Any:
    service = make_service(world, registry)
    # a second, file-less service for the API
    other = make_service(world, registry, slug="heirs-api")
    services.form_field_delete(service=other, actor=world.admin_a, key="proof")
    services.form_publish(service=other, actor=world.admin_a)
    return service


def post(client: Any, path: str, body: dict[str, Any], **headers: Any) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json", **headers)


GOOD = {
    "name": "Мария Иванова",
    "answers": {"deceased": "Иван", "egn": "7501020018", "delivery": "office", "consent": True},
}


def test_anyone_lists_services_and_reads_a_form_schema(
    service: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(None)
    with django_assert_max_num_queries(4):
        rows = client.get(f"{BASE}/services").json()
    assert {row["slug"] for row in rows} == {"heirs", "heirs-api"}
    assert rows[0]["deadline_legal_basis"] == "АПК чл. 57"
    assert client.get(f"{BASE}/services?q=heirs").json()[0]["title"] == "Certificate of heirs"
    assert client.get(f"{BASE}/services?q=nothing-like-this").json() == []
    schema = client.get(f"{BASE}/services/heirs/form").json()
    assert schema["version"] == 1
    assert [f["key"] for f in schema["fields"]][:2] == ["deceased", "egn"]
    missing = client.get(f"{BASE}/services/nope/form")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert client.get("/api/v1/orgs/beta/services/heirs/form").status_code == 404


def test_a_signed_in_citizen_applies_through_the_api(world: Any, service: Any) -> None:
    client = client_for(world.citizen)
    response = post(client, f"{BASE}/services/heirs-api/applications", GOOD)
    assert response.status_code == 201, response.content
    body = response.json()
    document = Document.objects.get(number=body["number"])
    assert document.channel == "portal"
    tracked = post(
        client_for(None), f"{BASE}/track", {"number": body["number"], "code": body["access_code"]}
    )
    assert tracked.status_code == 200
    assert tracked.json()["status"] == "received"


def test_bad_answers_get_the_shared_error_shape_and_register_nothing(
    world: Any, service: Any
) -> None:
    client = client_for(world.citizen)
    bad = {**GOOD, "answers": {**GOOD["answers"], "egn": "1234567890"}}
    response = post(client, f"{BASE}/services/heirs-api/applications", bad)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["detail"].startswith("egn:")
    unknown = {**GOOD, "answers": {**GOOD["answers"], "surprise": "x"}}
    assert post(client, f"{BASE}/services/heirs-api/applications", unknown).status_code == 400
    files = post(client, f"{BASE}/services/heirs/applications", GOOD)
    assert files.status_code == 400 and "files" in files.json()["detail"]
    assert Document.objects.count() == 0


def test_applying_needs_a_signed_in_person(service: Any) -> None:
    response = post(client_for(None), f"{BASE}/services/heirs-api/applications", GOOD)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert Document.objects.count() == 0


def test_tracking_says_the_same_for_every_mistake_and_is_rate_limited(
    world: Any, service: Any, settings: Any
) -> None:
    created = post(
        client_for(world.citizen), f"{BASE}/services/heirs-api/applications", GOOD
    ).json()
    client = client_for(None)
    answers = [
        post(client, f"{BASE}/track", {"number": created["number"], "code": "WRONG-CODE1"}),
        post(client, f"{BASE}/track", {"number": "1/01.01.2020", "code": created["access_code"]}),
        post(
            client,
            "/api/v1/orgs/beta/track",
            {"number": created["number"], "code": created["access_code"]},
        ),
    ]
    assert {r.status_code for r in answers} == {404}
    assert len({json.dumps(r.json()) for r in answers}) == 1
    settings.TRACK_RATE_PER_HOUR = 3
    limited = post(
        client, f"{BASE}/track", {"number": created["number"], "code": created["access_code"]}
    )
    assert limited.status_code == 429
    assert limited.json()["code"] == "rate_limited"


def test_an_application_without_answers_does_not_fit_the_schema(world: Any, service: Any) -> None:
    response = post(
        client_for(world.citizen), f"{BASE}/services/heirs-api/applications", {"name": "x"}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert Document.objects.count() == 0


def test_an_application_is_indexed_by_the_worker_not_in_the_request(
    world: Any, service: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from municipium.search.models import IndexPending
    from municipium.search.queries import search
    from municipium.search.services import drain_index
    from municipium.tenants.scoping import resolve_scope

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client_for(world.citizen), f"{BASE}/services/heirs-api/applications", GOOD)
    assert response.status_code == 201, response.content
    document = Document.objects.get(number=response.json()["number"])
    # The document, its case and its correspondent wait for the worker's indexer.
    waiting = set(IndexPending.objects.values_list("type", "object_id"))
    assert ("document", document.pk) in waiting
    assert ("case", document.case_id) in waiting
    scope = resolve_scope(world.registrar_a, "alpha")
    assert search(scope, "Мария Иванова").total == 0
    drain_index()
    found = {(hit.type, hit.object_id) for hit in search(scope, "Мария Иванова").hits}
    assert ("document", document.pk) in found and ("case", document.case_id) in found


def test_a_mail_server_that_is_down_does_not_undo_or_hide_the_application(
    world: Any,
    service: Any,
    settings: Any,
    caplog: pytest.LogCaptureFixture,
    django_capture_on_commit_callbacks: Any,
) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client_for(world.citizen), f"{BASE}/services/heirs-api/applications", GOOD)
    # The citizen still gets the number and code (the confirmation page and PDF carry them).
    assert response.status_code == 201, response.content
    number = response.json()["number"]
    assert Document.objects.filter(number=number).exists()
    logged = [r.getMessage() for r in caplog.records if r.name == "municipium.eservices.notify"]
    assert logged == [f"could not e-mail the confirmation of application {number}"]


def test_the_rate_limit_is_counted_with_the_application_itself(
    world: Any, service: Any, settings: Any
) -> None:
    from municipium.eservices.models import RateAttempt

    settings.APPLY_RATE_PER_HOUR = 1
    client = client_for(world.citizen)
    assert post(client, f"{BASE}/services/heirs-api/applications", GOOD).status_code == 201
    assert RateAttempt.objects.filter(bucket="apply-email").count() == 1
    refused = post(client, f"{BASE}/services/heirs-api/applications", GOOD)
    assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"
    # Refused: nothing registered, and no attempt counted beyond the one application.
    assert Document.objects.filter(channel="portal").count() == 1
    assert RateAttempt.objects.filter(bucket="apply-email").count() == 1


def multipart(client: Any, slug: str, application: Any, **files: Any) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    body: dict[str, Any] = {
        "application": application if isinstance(application, str) else json.dumps(application)
    }
    for key, (name, data) in files.items():
        body[key] = SimpleUploadedFile(name, data)
    return client.post(f"{BASE}/services/{slug}/applications/multipart", body)


def test_an_application_with_its_file_is_filed_through_the_api(
    world: Any, service: Any, media: Any
) -> None:
    from tests.files.fixtures import accepted

    client = client_for(world.citizen)
    response = multipart(
        client, "heirs", GOOD, proof=("death-certificate.pdf", accepted("letter.pdf"))
    )
    assert response.status_code == 201, response.content
    document = Document.objects.get(number=response.json()["number"])
    (attachment,) = document.attachments.all()
    assert attachment.filename == "death-certificate.pdf" and attachment.mime == "application/pdf"
    assert document.case is not None and document.channel == "portal"


def test_files_through_the_api_are_checked_and_bad_ones_register_nothing(
    world: Any, service: Any, media: Any
) -> None:
    from tests.files.fixtures import accepted, refused

    client = client_for(world.citizen)
    before = Document.objects.count()
    program = multipart(client, "heirs", GOOD, proof=("proof.pdf", refused("program-named.pdf")))
    assert program.status_code == 400
    assert program.json()["detail"] == "proof.pdf: Programs and scripts are not accepted."
    large = multipart(client, "heirs", GOOD, proof=("big.txt", b"a" * (3 * 1024 * 1024)))
    assert large.status_code == 400
    assert large.json()["detail"] == "proof: The file is larger than 2 MB."
    stranger = multipart(
        client, "heirs", GOOD, proof=("a.pdf", accepted("letter.pdf")), extra=("b.pdf", b"%PDF")
    )
    assert stranger.status_code == 400
    assert stranger.json()["detail"] == "extra: This form has no such field."
    broken = multipart(client, "heirs", "{not json", proof=("a.pdf", accepted("letter.pdf")))
    assert broken.status_code == 400 and broken.json()["detail"].startswith("application:")
    as_json = post(client, f"{BASE}/services/heirs/applications", GOOD)
    assert as_json.status_code == 400 and "multipart" in as_json.json()["detail"]
    anonymous = multipart(client_for(None), "heirs", GOOD, proof=("a.pdf", accepted("letter.pdf")))
    assert anonymous.status_code == 401
    assert Document.objects.count() == before
