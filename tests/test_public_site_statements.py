"""The accessibility statement and the privacy notice: generated from the organisation's
answers, honest when there are none, the national bodies of its country, refused answers
change nothing, and only the organisation's admin answers."""

from __future__ import annotations

from typing import Any

from municipium.tenants.models import AccessibilityStatement, PrivacyNotice

from .conftest import client_for

STATEMENT = "/{org}/office/settings/accessibility/"
PRIVACY = "/{org}/office/settings/privacy/"


def statement_answers(**extra: Any) -> dict[str, Any]:
    data = {
        "status": "partial",
        "non_compliant": (
            "Scanned PDF decisions have no text layer.\nMaps have no text alternative."
        ),
        "disproportionate_burden": "",
        "out_of_scope": "Office files published before 23 September 2018.",
        "alternatives": "Ask for any document by e-mail.",
        "prepared_on": "2026-03-02",
        "method": "self",
        "assessor": "",
        "reviewed_on": "2026-11-20",
        "site_published_on": "2020-05-14",
        "site_updated_on": "2026-10-01",
        "contact_name": "Мария Иванова",
        "contact_email": "dostapnost@alpha.example.org",
        "contact_phone": "+359 2 123 4567",
        "response_days": "7",
        "architecture": "Ramp at the main entrance; lift to every floor.",
        "sign_language": "Book an interpreter 3 working days ahead.",
        "mobile_apps": "",
        **extra,
    }
    return {key: value for key, value in data.items() if value is not None}


def privacy_answers(**extra: Any) -> dict[str, Any]:
    data = {
        "dpo_name": "Петър Петров",
        "dpo_email": "dpo@alpha.example.org",
        "dpo_phone": "",
        "dpo_address": "",
        "purposes": "Registering incoming letters\nAnswering applications",
        "legal_bases": ["c", "e"],
        "legal_basis_details": "Administrative Procedure Code",
        "retention": "As long as the file plan says, then archived.",
        "recipients": "",
        "transfers": "",
        "updated_on": "2026-11-01",
        **extra,
    }
    return {key: value for key, value in data.items() if value is not None}


def test_without_answers_the_statement_says_it_is_not_yet_assessed(world) -> None:
    page = client_for(None).get("/alpha/accessibility/").content.decode()
    assert "Status: not yet assessed." in page
    assert "has not yet assessed the accessibility" in page
    assert "compliant" not in page


def test_the_statement_is_generated_from_the_answers(
    world, django_capture_on_commit_callbacks
) -> None:
    visitor = client_for(None)
    visitor.get("/alpha/accessibility/")  # cached before the answers
    with django_capture_on_commit_callbacks(execute=True):
        answer = client_for(world.admin_a).post(STATEMENT.format(org="alpha"), statement_answers())
    assert answer.status_code == 302
    page = visitor.get("/alpha/accessibility/").content.decode()
    assert "This website is partially compliant with the standard EN 301 549" in page
    assert "<li>Maps have no text alternative.</li>" in page
    assert "Content outside the scope of the applicable law" in page
    assert "Disproportionate burden" not in page  # nothing listed under it
    assert '<time datetime="2026-03-02">' in page and '<time datetime="2026-11-20">' in page
    assert '<time datetime="2020-05-14">' in page and '<time datetime="2026-10-01">' in page
    assert "a self-assessment by the organisation" in page
    assert "dostapnost@alpha.example.org" in page and "We answer within 7 days." in page
    assert "Ministry of Electronic Governance" in page
    assert "Accessibility of the buildings" in page and "Sign language interpreting" in page
    assert "Mobile applications" not in page
    assert "not yet assessed" not in page


def test_a_polish_statement_names_the_commissioner_for_human_rights(world) -> None:
    answer = client_for(world.admin_b).post(
        STATEMENT.format(org="beta"),
        statement_answers(status="full", non_compliant="", method="third_party",
                          assessor="Fundacja Widzialni"),
    )  # fmt: skip
    assert answer.status_code == 302
    page = client_for(None).get("/beta/accessibility/").content.decode()
    assert "fully compliant" in page
    assert "Rzecznik Praw Obywatelskich" in page
    assert "an assessment by a third party: Fundacja Widzialni" in page


def test_inconsistent_answers_are_refused_and_nothing_is_saved(world) -> None:
    admin = client_for(world.admin_a)
    url = STATEMENT.format(org="alpha")
    cases = [
        statement_answers(method="third_party", assessor=""),
        statement_answers(status="full"),  # with non-compliant content listed
        statement_answers(non_compliant="", disproportionate_burden=""),  # partial, nothing listed
        statement_answers(reviewed_on="2025-01-01"),  # reviewed before prepared
        statement_answers(contact_email="not an address"),
        statement_answers(status="maybe"),
        statement_answers(non_compliant="x" * 5000),
    ]
    for data in cases:
        answer = admin.post(url, data)
        assert answer.status_code == 400, data
        assert 'class="error-summary"' in answer.content.decode()
    assert not AccessibilityStatement.objects.exists()


def test_only_the_organisations_admin_answers(world) -> None:
    for template in (STATEMENT, PRIVACY):
        url = template.format(org="alpha")
        for user in (world.admin_b, world.communications_a, world.official_a, world.citizen):
            assert client_for(user).get(url).status_code == 403
            assert client_for(user).post(url, statement_answers()).status_code == 403
        assert client_for(None).get(url).status_code == 302
        assert client_for(world.admin_a).get(url).status_code == 200
    assert not AccessibilityStatement.objects.exists() and not PrivacyNotice.objects.exists()


def test_the_privacy_notice_without_answers_still_gives_the_rights(world) -> None:
    page = client_for(None).get("/beta/privacy/").content.decode()
    assert "has not yet published the details of its processing" in page
    assert "Gmina Beta" in page  # the controller
    assert "Article 15" in page and "uodo.gov.pl" in page


def test_the_privacy_notice_is_generated_from_the_answers(
    world, django_capture_on_commit_callbacks
) -> None:
    visitor = client_for(None)
    visitor.get("/alpha/privacy/")
    with django_capture_on_commit_callbacks(execute=True):
        answer = client_for(world.admin_a).post(PRIVACY.format(org="alpha"), privacy_answers())
    assert answer.status_code == 302
    page = visitor.get("/alpha/privacy/").content.decode()
    assert "dpo@alpha.example.org" in page and "<li>Answering applications</li>" in page
    assert "a legal obligation of the controller (Article 6(1)(c) GDPR)" in page
    assert "consent (Article 6(1)(a)" not in page
    assert "The data are not transferred outside the European Economic Area." in page
    assert "cpdp.bg" in page and '<time datetime="2026-11-01">' in page


def test_a_privacy_notice_without_a_legal_basis_is_refused(world) -> None:
    admin = client_for(world.admin_a)
    for data in (
        privacy_answers(legal_bases=[]),
        privacy_answers(legal_bases=["z"]),
        privacy_answers(dpo_email=""),
        privacy_answers(purposes=""),
    ):
        assert admin.post(PRIVACY.format(org="alpha"), data).status_code == 400
    assert not PrivacyNotice.objects.exists()


def test_every_public_page_links_the_statement_and_the_notice(world) -> None:
    for url in ("/alpha/", "/alpha/accessibility/", "/alpha/privacy/"):
        page = client_for(None).get(url).content.decode()
        assert 'href="/alpha/accessibility/"' in page and 'href="/alpha/privacy/"' in page
