"""Files of the public site: checked by the upload gate, images need alternative text, and
anyone may read them at their address — but only under their own organisation."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from municipium.audit.models import AuditEntry
from municipium.tenants.models import PublicFile
from municipium.tenants.services import public_file_add

from .conftest import client_for

FILES = Path(__file__).parent / "files"


def _add(world, name="scan.png", kind="image", alt_text="Гербът на общината"):
    data = (FILES / "accepted" / name).read_bytes()
    return public_file_add(
        organisation=world.org_a,
        actor=world.communications_a,
        name=name,
        fileobj=io.BytesIO(data),
        kind=kind,
        alt_text=alt_text,
    )


def test_an_image_is_stored_with_its_alt_text_and_journaled(world) -> None:
    image = _add(world)
    assert image.mime == "image/png" and image.alt_text == "Гербът на общината"
    assert AuditEntry.objects.filter(action="public_file.add", organisation=world.org_a).exists()
    answer = client_for(None).get(image.get_absolute_url())
    assert answer.status_code == 200
    assert answer["Content-Type"] == "image/png"
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert b"".join(answer.streaming_content) == (FILES / "accepted" / "scan.png").read_bytes()


def test_an_image_without_alt_text_is_refused_and_nothing_is_stored(world) -> None:
    with pytest.raises(ValidationError) as refused:
        _add(world, alt_text="   ")
    assert "alt_text" in refused.value.message_dict
    assert not PublicFile.objects.exists()


def test_a_document_is_not_an_image(world) -> None:
    with pytest.raises(ValidationError) as refused:
        _add(world, name="letter.pdf")
    assert "file" in refused.value.message_dict
    assert not PublicFile.objects.exists()


def test_a_program_is_refused_by_the_upload_gate(world) -> None:
    with pytest.raises(ValidationError):
        public_file_add(
            organisation=world.org_a,
            actor=world.communications_a,
            name="setup.exe",
            fileobj=io.BytesIO(b"MZ" + b"\0" * 100),
            kind="document",
        )
    assert not PublicFile.objects.exists()


def test_a_file_is_not_served_under_another_organisation_or_another_name(world) -> None:
    document = _add(world, name="letter.pdf", kind="document", alt_text="")
    url = document.get_absolute_url()
    assert client_for(None).get(url)["Content-Disposition"].startswith("attachment")
    assert client_for(None).get(url.replace("/alpha/", "/beta/")).status_code == 404
    assert client_for(None).get(url.replace("letter.pdf", "other.pdf")).status_code == 404
