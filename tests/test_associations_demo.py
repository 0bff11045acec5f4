"""The associations' demo content: a statute, members (among them the demo municipality of the
association's country), the board with its 2024–2028 mandate, and skom's general assembly of
30 May 2024 (bg-asko-24-years.txt), shown on the public pages; a second run changes nothing."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.test import Client

from municipium.associations.models import Mandate, Meeting, Member, Statute


def test_the_demo_associations_have_statute_members_board_and_the_2024_assembly(
    db: Any,
) -> None:
    from municipium.associations.demo import associations_demo
    from municipium.demo.data import load_demo

    load_demo()
    created = associations_demo()
    assert "associations:skom:assembly-2024-05-30" in created
    for slug, municipality in [
        ("skom", "primerovo"),
        ("naso-rb", "primerovo"),
        ("siec-pogranicza", "przykladowo"),
    ]:
        statute = Statute.objects.get(organisation__slug=slug)
        assert statute.missing == [], slug
        members = Member.objects.filter(organisation__slug=slug)
        assert members.filter(member_organisation__slug=municipality).exists(), slug
        mandate = Mandate.objects.get(organisation__slug=slug, body__kind="board")
        assert (mandate.starts_on, mandate.ends_on) == (date(2024, 5, 30), date(2028, 5, 29))
        assert mandate.seats.filter(role="chair").count() == 1
    meeting = Meeting.objects.get(organisation__slug="skom")
    assert meeting.starts_at.astimezone(ZoneInfo("Europe/Sofia")).date() == date(2024, 5, 30)
    assert meeting.state == "closed"
    assert all(item.adopted for item in meeting.items.all())
    assert "Веселина Колева" in Client().get("/skom/bodies/").content.decode()
    assert "XXIV" in Client().get("/skom/assemblies/").content.decode()

    assert associations_demo() == []
    assert Member.objects.filter(organisation__slug="skom").count() == 6
