"""An organisation's identity on its public site: the accent colour is refused below 4.5:1
against white (with the measured ratio and the nearest darker colour that passes), the logo
needs its alternative text, nothing is half-saved, and only the organisation's admin sets it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from municipium.audit.models import AuditEntry
from municipium.tenants.colours import contrast_ratio, darker_passing, relative_luminance
from municipium.tenants.models import Organisation, PublicFile

from .conftest import client_for

FILES = Path(__file__).parent / "files"
IDENTITY = "/alpha/office/settings/identity/"


@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#767676", "#ffffff", 4.54),  # the lightest grey that passes on white
        ("#777777", "#ffffff", 4.48),
        ("#ff0000", "#ffffff", 4.0),
        ("#0000ff", "#ffffff", 8.59),
        ("#ffffff", "#0b4f8a", 8.4),  # the order does not matter
    ],
)
def test_the_contrast_ratio_matches_known_pairs(first: str, second: str, ratio: float) -> None:
    assert contrast_ratio(first, second) == pytest.approx(ratio, abs=0.01)


def test_luminance_runs_from_black_to_white() -> None:
    assert relative_luminance("#000000") == 0
    assert relative_luminance("#FFFFFF") == pytest.approx(1)


def test_the_suggestion_is_the_lightest_darker_shade_that_passes() -> None:
    assert darker_passing("#ff0000") == "#ee0000"
    assert darker_passing("#0b4f8a") == "#0b4f8a"  # passes already
    for colour in ("#ffff00", "#88ccff", "#ffffff", "#f0a000"):
        suggestion = darker_passing(colour)
        assert contrast_ratio(suggestion, "#ffffff") >= 4.5
        lighter = "#" + "".join(
            f"{min(255, int(suggestion[i : i + 2], 16) + 1):02x}" for i in (1, 3, 5)
        )
        assert contrast_ratio(lighter, "#ffffff") < 4.5 or lighter == suggestion


def _png(name: str = "arms.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (FILES / "accepted" / "scan.png").read_bytes(), "image/png")


def test_a_colour_that_fails_contrast_is_refused_with_its_ratio_and_a_suggestion(world) -> None:
    answer = client_for(world.admin_a).post(IDENTITY, {"accent_colour": "#FF0000"})
    assert answer.status_code == 400
    text = answer.content.decode()
    assert "3.99:1" in text and "#ee0000" in text
    assert Organisation.objects.get(pk=world.org_a.pk).accent_colour == "#0b4f8a"
    assert not AuditEntry.objects.filter(action="organisation.identity").exists()


def test_a_colour_that_is_not_a_colour_is_refused(world) -> None:
    for bad in ("red", "#12345", "#1234567", "0b4f8a", "#gg0000", "'; x"):
        answer = client_for(world.admin_a).post(IDENTITY, {"accent_colour": bad})
        assert answer.status_code == 400, bad
    assert Organisation.objects.get(pk=world.org_a.pk).accent_colour == "#0b4f8a"


def test_the_admin_sets_the_colour_and_the_logo_and_visitors_see_them_at_once(
    world, django_capture_on_commit_callbacks
) -> None:
    visitor = client_for(None)
    assert "#0b4f8a" in visitor.get("/alpha/site.css").content.decode()
    before = visitor.get("/alpha/").content.decode()
    assert "site.css?v=0b4f8a" in before and "org-logo" not in before
    with django_capture_on_commit_callbacks(execute=True):
        answer = client_for(world.admin_a).post(
            IDENTITY,
            {"accent_colour": "#1D5C2E", "logo": _png(), "logo_alt_text": "Гербът на Алфа: лъв"},
        )
    assert answer.status_code == 302
    organisation = Organisation.objects.get(pk=world.org_a.pk)
    assert organisation.accent_colour == "#1d5c2e"
    assert organisation.logo is not None and organisation.logo.alt_text == "Гербът на Алфа: лъв"
    page = visitor.get("/alpha/").content.decode()
    assert "site.css?v=1d5c2e" in page
    assert f'src="{organisation.logo.get_absolute_url()}" alt="Гербът на Алфа: лъв"' in page
    css = visitor.get("/alpha/site.css?v=1d5c2e")
    assert "--brand: #1d5c2e;" in css.content.decode()
    assert css["Content-Type"].startswith("text/css")
    assert "immutable" in css["Cache-Control"]
    assert "immutable" not in visitor.get("/alpha/site.css?v=0b4f8a")["Cache-Control"]
    entry = AuditEntry.objects.get(action="organisation.identity")
    assert entry.changes["accent_colour"] == ["#0b4f8a", "#1d5c2e"]


def test_a_logo_without_alt_text_is_refused_and_nothing_is_half_saved(world) -> None:
    answer = client_for(world.admin_a).post(
        IDENTITY, {"accent_colour": "#1d5c2e", "logo": _png(), "logo_alt_text": "  "}
    )
    assert answer.status_code == 400
    assert "alternative text is required" in answer.content.decode()
    organisation = Organisation.objects.get(pk=world.org_a.pk)
    assert organisation.accent_colour == "#0b4f8a" and organisation.logo is None
    assert not PublicFile.objects.exists()


def test_a_failing_colour_with_a_logo_stores_no_file(world) -> None:
    answer = client_for(world.admin_a).post(
        IDENTITY, {"accent_colour": "#ffcc00", "logo": _png(), "logo_alt_text": "Герб"}
    )
    assert answer.status_code == 400
    assert not PublicFile.objects.exists()


def test_a_file_that_is_not_an_image_is_refused_as_a_logo(world) -> None:
    pdf = SimpleUploadedFile("arms.png", (FILES / "accepted" / "letter.pdf").read_bytes())
    answer = client_for(world.admin_a).post(
        IDENTITY, {"accent_colour": "#1d5c2e", "logo": pdf, "logo_alt_text": "Герб"}
    )
    assert answer.status_code == 400
    assert not PublicFile.objects.exists()
    assert Organisation.objects.get(pk=world.org_a.pk).accent_colour == "#0b4f8a"


def test_only_the_organisations_admin_sets_its_identity(world) -> None:
    data = {"accent_colour": "#1d5c2e"}
    for user in (world.admin_b, world.communications_a, world.official_a, world.citizen):
        assert client_for(user).post(IDENTITY, data).status_code == 403, user
    assert client_for(None).post(IDENTITY, data).status_code == 302  # to sign in
    assert client_for(world.admin_a).get(IDENTITY).status_code == 405
    assert Organisation.objects.get(pk=world.org_a.pk).accent_colour == "#0b4f8a"


def test_the_settings_page_shows_the_identity_form(world) -> None:
    page = client_for(world.admin_a).get("/alpha/office/settings/").content.decode()
    assert 'action="/alpha/office/settings/identity/"' in page
    assert 'enctype="multipart/form-data"' in page
