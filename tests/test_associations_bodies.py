"""Bodies and mandates: compositions with their terms and electing decisions, the public page
of current and past mandates, alerts before a mandate ends, the dashboard line."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from municipium.associations import services
from municipium.associations.models import Body, Mandate
from municipium.associations.tasks import alert_mandates_ending
from municipium.periodic import periodic_jobs

from .associations_support import Assoc, make_assoc
from .conftest import World, client_for


@pytest.fixture
def assoc(world: World) -> Assoc:
    return make_assoc(world)


TODAY = timezone.localdate()


@pytest.fixture
def board(assoc: Assoc) -> Body:
    return services.body_create(
        organisation=assoc.world.org_a,
        actor=assoc.world.admin_a,
        kind="board",
        name="Управителен съвет",
    )


def _seats(assoc: Assoc) -> list[services.SeatData]:
    return [
        services.SeatData(member=assoc.members[0], person_name="", role="chair"),
        services.SeatData(member=assoc.delegate_member, person_name="", role="member"),
    ]


def _mandate(assoc: Assoc, board: Body, starts: date, ends: date, **extra: Any) -> Mandate:
    return services.mandate_create(
        body=board,
        actor=assoc.world.admin_a,
        starts_on=starts,
        ends_on=ends,
        elected_by=extra.pop("elected_by", "XXIV ОС, 30.05.2024"),
        seats=extra.pop("seats", _seats(assoc)),
    )


def test_a_mandate_records_its_composition_and_electing_decision(assoc: Assoc, board: Body) -> None:
    mandate = _mandate(assoc, board, date(2024, 6, 1), date(2028, 5, 31))
    seats = list(mandate.seats.all())
    assert [(s.person_name, s.role) for s in seats] == [
        ("Person 0", "chair"),
        ("Delegate Person", "member"),
    ]  # an organisation's seat is held by its delegate
    assert mandate.elected_by == "XXIV ОС, 30.05.2024"


@pytest.mark.parametrize(
    ("starts", "ends", "extra", "field"),
    [
        (date(2028, 6, 1), date(2028, 1, 1), {}, "ends_on"),
        (date(2027, 1, 1), date(2031, 1, 1), {}, "starts_on"),  # overlaps 2024–2028
        (date(2028, 6, 1), date(2032, 5, 31), {"elected_by": " "}, "elected_by"),
        (date(2028, 6, 1), date(2032, 5, 31), {"seats": []}, "seats"),
    ],
)
def test_a_bad_mandate_is_refused_and_nothing_is_stored(
    assoc: Assoc, board: Body, starts: date, ends: date, extra: dict[str, Any], field: str
) -> None:
    _mandate(assoc, board, date(2024, 6, 1), date(2028, 5, 31))
    with pytest.raises(ValidationError) as caught:
        _mandate(assoc, board, starts, ends, **extra)
    assert field in caught.value.error_dict
    assert Mandate.objects.count() == 1


def test_two_chairs_or_a_former_member_cannot_sit(assoc: Assoc, board: Body, world: World) -> None:
    two_chairs = [
        services.SeatData(member=m, person_name="", role="chair") for m in assoc.members[:2]
    ]
    with pytest.raises(ValidationError):
        _mandate(assoc, board, date(2024, 6, 1), date(2028, 5, 31), seats=two_chairs)
    services.member_end(
        member=assoc.members[2],
        actor=world.admin_a,
        reason="left",
        ends_on=date(2023, 1, 1),
        decision="",
    )
    gone = [services.SeatData(member=assoc.members[2], person_name="", role="member")]
    with pytest.raises(ValidationError):
        _mandate(assoc, board, date(2024, 6, 1), date(2028, 5, 31), seats=gone)
    assert not Mandate.objects.exists()


def test_the_admin_records_a_mandate_on_its_page(assoc: Assoc, board: Body) -> None:
    url = f"/alpha/office/association/bodies/{board.pk}/mandates/new/"
    client = client_for(assoc.world.admin_a)
    data = {
        "starts_on": "2024-06-01",
        "ends_on": "2028-05-31",
        "elected_by": "XXIV ОС",
        "seats": f"{assoc.members[0].pk}, chair, Иван Иванов\n{assoc.members[1].pk}, secretary",
    }
    assert client.post(url, {**data, "seats": "999999, chair"}).status_code == 400
    assert client.post(url, {**data, "seats": f"{assoc.members[0].pk}, king"}).status_code == 400
    assert not Mandate.objects.exists()
    assert client.post(url, data).status_code == 302
    mandate = Mandate.objects.get()
    assert [s.person_name for s in mandate.seats.all()] == ["Иван Иванов", "Person 1"]
    for user in (assoc.board_member, assoc.delegate, assoc.world.official_b):
        assert client_for(user).post(url, data).status_code in (403, 404)
    assert Mandate.objects.count() == 1


def test_the_public_page_shows_the_current_composition_and_past_mandates(
    assoc: Assoc, board: Body
) -> None:
    _mandate(assoc, board, date(2020, 6, 1), date(2024, 5, 31), elected_by="XX ОС")
    _mandate(
        assoc,
        board,
        TODAY - timedelta(days=10),
        TODAY + timedelta(days=1000),
        elected_by="XXIV ОС",
    )
    services.body_create(
        organisation=assoc.world.org_a,
        actor=assoc.world.admin_a,
        kind="control",
        name="Контролен съвет",
    )
    page = client_for(None).get("/alpha/bodies/").content.decode()
    assert "Current composition" in page and "XXIV ОС" in page
    assert "Past mandates" in page and "XX ОС" in page
    assert page.index("XXIV ОС") < page.index("XX ОС")
    assert "Контролен съвет" in page and "no valid mandate" in page


def test_a_body_without_a_valid_mandate_shows_on_the_dashboard(assoc: Assoc, board: Body) -> None:
    client = client_for(assoc.world.admin_a)
    page = client.get("/alpha/office/").content.decode()
    assert "Управителен съвет has no valid mandate" in page
    _mandate(assoc, board, TODAY - timedelta(days=1), TODAY + timedelta(days=100))
    page = client.get("/alpha/office/").content.decode()
    assert "has no valid mandate" not in page


def test_admins_are_alerted_90_and_30_days_before_the_end_once_each(
    assoc: Assoc, board: Body, mailoutbox: list[Any]
) -> None:
    mandate = _mandate(assoc, board, TODAY - timedelta(days=1000), TODAY + timedelta(days=80))
    assert alert_mandates_ending.call() == 1
    assert mailoutbox[0].to == ["admin-a@example.org"]
    assert "Управителен съвет" in mailoutbox[0].subject
    assert alert_mandates_ending.call() == 0  # once
    Mandate.objects.filter(pk=mandate.pk).update(ends_on=TODAY + timedelta(days=25))
    assert alert_mandates_ending.call() == 1
    assert alert_mandates_ending.call() == 0
    assert len(mailoutbox) == 2
    assert "25 days" in mailoutbox[1].body


def test_a_mandate_far_from_its_end_raises_no_alert(
    assoc: Assoc, board: Body, mailoutbox: list[Any]
) -> None:
    _mandate(assoc, board, TODAY - timedelta(days=10), TODAY + timedelta(days=400))
    assert alert_mandates_ending.call() == 0
    assert not mailoutbox


def test_the_alert_is_a_periodic_job() -> None:
    assert any(job.task is alert_mandates_ending for job in periodic_jobs())
