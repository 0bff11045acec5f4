"""Members: the public application decided by the board, leaving and expulsion, fees and
payments (by hand and from a bank CSV, all or nothing), good standing, the directory and the
staff's list and export."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from municipium.associations import queries, services
from municipium.associations.models import Application, Member, Payment
from municipium.audit.models import AuditEntry

from .associations_support import Assoc, add_person, make_assoc
from .conftest import World, client_for


@pytest.fixture
def assoc(world: World) -> Assoc:
    return make_assoc(world)


APPLY = "/alpha/members/apply/"
TODAY = timezone.localdate()
YEAR = TODAY.year


def _standing(member: Member, day: date | None = None) -> bool:
    return queries.standings(member.organisation, [member], day)[member.pk].good


# --- applications ----------------------------------------------------------------------------


def _apply(assoc: Assoc, **changes: Any) -> Any:
    data = {
        "kind": "person",
        "name": "Мария Иванова",
        "email": "maria@example.org",
        "town": "Варна",
        "category": assoc.full.pk,
        "motivation": "Работя в общинска администрация.",
        **changes,
    }
    return client_for(None).post(APPLY, data)


def test_anyone_applies_through_the_public_form(assoc: Assoc) -> None:
    response = _apply(assoc)
    assert response.status_code == 200
    assert "Application received" in response.content.decode()
    application = Application.objects.get()
    assert (application.name, application.state) == ("Мария Иванова", "pending")


def test_an_organisation_applying_without_a_delegate_is_told_and_nothing_is_stored(
    assoc: Assoc,
) -> None:
    response = _apply(assoc, kind="organisation", name="Община Нова")
    assert response.status_code == 400
    assert "through its delegate" in response.content.decode()
    assert not Application.objects.exists()


def test_a_category_of_another_organisation_is_refused(assoc: Assoc, world: World) -> None:
    other = services.category_save(
        organisation=world.org_b, actor=world.admin_b, code="x", name="Obca"
    )
    assert _apply(assoc, category=other.pk).status_code == 400
    assert not Application.objects.exists()


def _decide(user: Any, application: Application, verdict: str, **data: Any) -> Any:
    url = f"/alpha/office/association/applications/{application.pk}/{verdict}/"
    return client_for(user).post(url, data)


def test_a_board_member_accepts_an_application_and_the_decision_is_recorded(
    assoc: Assoc,
) -> None:
    _apply(assoc)
    application = Application.objects.get()
    response = _decide(
        assoc.board_member,
        application,
        "accept",
        decision="УС 4/12.03.2026",
        starts_on="2026-03-12",
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == "accepted"
    assert application.decision == "УС 4/12.03.2026"
    assert application.decided_by == assoc.board_member
    member = application.member
    assert member is not None
    assert (member.name, member.starts_on, member.category) == (
        "Мария Иванова",
        date(2026, 3, 12),
        assoc.full,
    )
    assert AuditEntry.objects.filter(action="associations.application_decide").exists()


def test_a_refusal_is_recorded_and_makes_no_member(assoc: Assoc) -> None:
    _apply(assoc)
    application = Application.objects.get()
    members = Member.objects.count()
    assert _decide(assoc.board_member, application, "refuse", decision="УС 5").status_code == 302
    application.refresh_from_db()
    assert application.state == "refused" and application.member is None
    assert Member.objects.count() == members


def test_a_decision_without_its_reference_is_refused_and_changes_nothing(assoc: Assoc) -> None:
    _apply(assoc)
    application = Application.objects.get()
    response = _decide(assoc.board_member, application, "accept", decision="")
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.state == "pending"


def test_an_application_is_decided_once(assoc: Assoc) -> None:
    _apply(assoc)
    application = Application.objects.get()
    _decide(assoc.board_member, application, "accept", decision="УС 4")
    members = Member.objects.count()
    assert _decide(assoc.world.admin_a, application, "refuse", decision="УС 5").status_code == 404
    application.refresh_from_db()
    assert application.state == "accepted" and Member.objects.count() == members


def test_members_and_other_organisations_staff_cannot_decide(assoc: Assoc) -> None:
    _apply(assoc)
    application = Application.objects.get()
    for user in (assoc.delegate, assoc.world.official_b, assoc.world.official_a):
        assert _decide(user, application, "accept", decision="x").status_code in (403, 404)
    assert _decide(None, application, "accept", decision="x").status_code == 302
    application.refresh_from_db()
    assert application.state == "pending"


# --- leaving and expulsion -------------------------------------------------------------------


def _member_url(member: Member) -> str:
    return f"/alpha/office/association/members/{member.pk}/"


def test_an_expulsion_needs_its_decision(assoc: Assoc) -> None:
    member = assoc.members[0]
    client = client_for(assoc.world.admin_a)
    data = {"form": "end", "reason": "expelled", "ends_on": TODAY.isoformat(), "decision": ""}
    response = client.post(_member_url(member), data)
    assert response.status_code == 400
    assert "needs the decision" in response.content.decode()
    member.refresh_from_db()
    assert member.ends_on is None
    data["decision"] = "ОС 2026/7"
    assert client.post(_member_url(member), data).status_code == 302
    member.refresh_from_db()
    assert (member.ends_on, member.end_reason, member.end_decision) == (
        TODAY,
        "expelled",
        "ОС 2026/7",
    )
    assert member not in queries.active_members(assoc.world.org_a, TODAY + timedelta(days=1))


def test_a_board_member_cannot_end_a_membership(assoc: Assoc) -> None:
    member = assoc.members[0]
    data = {"form": "end", "reason": "left", "ends_on": TODAY.isoformat(), "decision": ""}
    assert client_for(assoc.board_member).post(_member_url(member), data).status_code == 403
    member.refresh_from_db()
    assert member.ends_on is None


# --- fees, payments, good standing -----------------------------------------------------------


def test_good_standing_needs_the_years_fee_paid(assoc: Assoc, world: World) -> None:
    member = add_person(world, "New", assoc.full, starts_on=date(YEAR - 2, 5, 1))
    assert not _standing(member)
    services.payment_record(
        member=member, actor=world.admin_a, year=YEAR, amount=Decimal("20"), paid_on=TODAY
    )
    assert not _standing(member)  # 20 of 30
    services.payment_record(
        member=member, actor=world.admin_a, year=YEAR, amount=Decimal("10"), paid_on=TODAY
    )
    assert _standing(member)


def test_the_grace_period_counts_from_the_year_or_the_start(assoc: Assoc, world: World) -> None:
    services.statute_save(
        organisation=world.org_a, actor=world.admin_a, values={"fee_grace_days": 60}
    )
    old = add_person(world, "Old", assoc.full, starts_on=date(YEAR - 3, 1, 1))
    assert _standing(old, date(YEAR, 2, 15))
    assert not _standing(old, date(YEAR, 3, 15))
    joined = add_person(world, "Joined", assoc.full, starts_on=date(YEAR, 6, 1))
    assert _standing(joined, date(YEAR, 7, 15))
    assert not _standing(joined, date(YEAR, 8, 15))


def test_staff_record_a_payment_and_bad_amounts_are_refused(assoc: Assoc) -> None:
    member = assoc.members[0]
    client = client_for(assoc.board_member)
    bad = {"form": "payment", "year": YEAR, "amount": "-5", "paid_on": TODAY.isoformat()}
    response = client.post(_member_url(member), bad)
    assert response.status_code == 400
    assert "positive amount" in response.content.decode()
    future = {**bad, "amount": "30", "paid_on": (TODAY + timedelta(days=3)).isoformat()}
    assert client.post(_member_url(member), future).status_code == 400
    assert not Payment.objects.exists()
    good = {**bad, "amount": "30"}
    assert client.post(_member_url(member), good).status_code == 302
    assert _standing(member)
    page = client.get(_member_url(member)).content.decode()
    assert 'data-standing="good"' in page


def test_a_member_delegate_cannot_record_payments(assoc: Assoc) -> None:
    member = assoc.delegate_member
    data = {"form": "payment", "year": YEAR, "amount": "200", "paid_on": TODAY.isoformat()}
    assert client_for(assoc.delegate).post(_member_url(member), data).status_code == 403
    assert client_for(assoc.world.official_b).post(_member_url(member), data).status_code == 403
    assert not Payment.objects.exists()


def _csv(*rows: str) -> bytes:
    return ("member;year;amount;date;reference\n" + "\n".join(rows) + "\n").encode()


def _import(user: Any, data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client_for(user).post(
        "/alpha/office/association/fees/",
        {"form": "import", "file": SimpleUploadedFile("bank.csv", data, "text/csv")},
    )


def test_a_bank_csv_is_imported_whole(assoc: Assoc) -> None:
    a, b = assoc.members[0], assoc.delegate_member
    day = (TODAY - timedelta(days=1)).isoformat()
    response = _import(
        assoc.world.admin_a, _csv(f"{a.pk};{YEAR};30,00;{day};ЧЛ-1", f"{b.pk};{YEAR};200;{day};")
    )
    assert response.status_code == 302
    assert Payment.objects.filter(source="bank").count() == 2
    assert _standing(a) and _standing(b)
    entry = AuditEntry.objects.get(action="associations.payments_import")
    assert entry.changes == {"rows": 2, "total": "230.00"}


def test_a_bank_csv_with_bad_rows_imports_nothing_and_names_each_bad_row(
    assoc: Assoc, world: World
) -> None:
    a = assoc.members[0]
    stranger = services.member_add(
        organisation=world.org_b,
        actor=world.admin_b,
        data=services.MemberData(
            kind="person",
            name="Obcy",
            category=services.category_save(
                organisation=world.org_b, actor=world.admin_b, code="z", name="Z"
            ),
            starts_on=date(2020, 1, 1),
        ),
    )
    day = TODAY.isoformat()
    response = _import(
        world.admin_a,
        _csv(
            f"{a.pk};{YEAR};30;{day};ok",
            f"{stranger.pk};{YEAR};30;{day};another organisation's member",
            f"{a.pk};{YEAR};abc;{day};",
            f"{a.pk};{YEAR};30;31.12.2026;",
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported" in page
    for line in ("Line 3", "Line 4", "Line 5"):
        assert line in page
    assert "Line 2" not in page
    assert not Payment.objects.exists()


def test_a_file_without_the_header_is_refused(assoc: Assoc) -> None:
    response = _import(assoc.world.admin_a, b"1;2026;30;2026-01-01;x\n")
    assert response.status_code == 400
    assert "must name the columns" in response.content.decode()
    assert not Payment.objects.exists()


# --- directory, own page, staff list and export -----------------------------------------------


def test_the_directory_shows_only_the_fields_each_member_chose(
    assoc: Assoc, django_capture_on_commit_callbacks: Any
) -> None:
    page = client_for(None).get("/alpha/members/").content.decode()
    assert "Община Примерна" in page
    assert "delegate@example.org" not in page  # e-mail not chosen
    with django_capture_on_commit_callbacks(execute=True):
        services.member_directory_set(
            member=assoc.delegate_member,
            actor=assoc.delegate,
            fields=["email", "town"],
            listed=True,
        )
    page = client_for(None).get("/alpha/members/").content.decode()
    assert "delegate@example.org" in page and "Примерно" in page
    with django_capture_on_commit_callbacks(execute=True):
        services.member_directory_set(member=assoc.members[0], actor=None, fields=[], listed=False)
    assert "Person 0" not in client_for(None).get("/alpha/members/").content.decode()


def test_a_delegate_chooses_their_directory_fields_on_their_own_page(assoc: Assoc) -> None:
    client = client_for(assoc.delegate)
    page = client.get("/alpha/membership/").content.decode()
    assert "Община Примерна" in page and 'data-standing="not-good"' in page
    response = client.post("/alpha/membership/", {"listed": "on", "shown": ["phone", "town"]})
    assert response.status_code == 302
    assoc.delegate_member.refresh_from_db()
    assert assoc.delegate_member.public_fields == ["phone", "town"]
    bad = client.post("/alpha/membership/", {"listed": "on", "shown": ["egn"]})
    assert bad.status_code == 200  # the form shows the error
    assoc.delegate_member.refresh_from_db()
    assert assoc.delegate_member.public_fields == ["phone", "town"]


def test_someone_who_is_not_a_member_cannot_change_any_directory_entry(assoc: Assoc) -> None:
    response = client_for(assoc.world.citizen).post(
        "/alpha/membership/", {"listed": "on", "shown": ["email"]}
    )
    assert response.status_code == 403
    anonymous = client_for(None).get("/alpha/membership/").content.decode()
    assert "Sign in" in anonymous


def test_the_staff_list_runs_a_bounded_number_of_queries(assoc: Assoc, world: World) -> None:
    client = client_for(assoc.board_member)
    client.get("/alpha/office/association/members/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/alpha/office/association/members/").status_code == 200
    for i in range(15):
        add_person(world, f"Extra {i}", assoc.full)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/alpha/office/association/members/")
    assert page.status_code == 200
    assert len(many) == len(few)
    assert "Extra 14" in page.content.decode()


def test_the_admin_exports_every_member_with_their_standing(assoc: Assoc, world: World) -> None:
    add_person(world, "=HYPERLINK(1)", assoc.full)
    services.payment_record(
        member=assoc.members[1],
        actor=world.admin_a,
        year=YEAR,
        amount=Decimal("30"),
        paid_on=TODAY,
    )
    response = client_for(world.admin_a).post("/alpha/office/association/members/export/")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("number,kind,name")
    assert len(lines) == 1 + 5
    assert "'=HYPERLINK(1)" in text
    row = next(line for line in lines if "Person 1" in line)
    assert row.endswith(",yes")
    assert AuditEntry.objects.filter(action="associations.members_export").exists()


@pytest.mark.parametrize("persona", ["board", "delegate", "official_b"])
def test_only_the_admin_exports(assoc: Assoc, persona: str) -> None:
    user = {
        "board": assoc.board_member,
        "delegate": assoc.delegate,
        "official_b": assoc.world.official_b,
    }[persona]
    response = client_for(user).post("/alpha/office/association/members/export/")
    assert response.status_code == 403
