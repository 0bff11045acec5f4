"""Exchange groups and the good-practice library (issue 13): the network alpha's admin, a
group coordinator from beta, two peer reviewers, beta's communications staff adopting, and
anonymous visitors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from municipium.associations import practice_services as ps
from municipium.associations.practices import (
    Adoption,
    Group,
    GroupMember,
    Practice,
    PracticeReview,
    PracticeState,
)
from municipium.audit.models import AuditEntry
from municipium.tenants.models import Role

from .conftest import World, add_member, client_for, make_user

VALUES = {
    "title": "Open budget evenings",
    "problem": "Few residents read the budget.",
    "done": "Monthly evenings in the town hall with the finance office.",
    "results": "Attendance from 12 to 140 people in a year.",
    "costs": "2 000 BGN a year",
    "duration": "6 months",
    "contacts": "finance@alpha.example.org",
    "tags": "budget, participation",
}


@dataclass
class Net:
    world: World
    group: Group
    coordinator: Any
    reviewer: Any  # a group member from beta
    board: Any  # the association's board member (staff)


@pytest.fixture
def net(world: World) -> Net:
    coordinator = make_user("coord@example.org", full_name="Group Coordinator")
    add_member(world.org_b, coordinator, Role.OFFICIAL)
    reviewer = make_user("peer@example.org", full_name="Peer Reviewer")
    add_member(world.org_b, reviewer, Role.OFFICIAL)
    board = make_user("board@example.org", full_name="Board Member")
    add_member(world.org_a, board, Role.MANAGER)
    group = ps.group_save(
        organisation=world.org_a,
        actor=world.admin_a,
        name="Participatory budgets",
        purpose="Exchange on budgets",
        coordinator=coordinator,
    )
    ps.group_member_add(
        group=group,
        actor=world.admin_a,
        name="Peer Reviewer",
        member_organisation=world.org_b,
        user=reviewer,
    )
    return Net(world=world, group=group, coordinator=coordinator, reviewer=reviewer, board=board)


def draft(net: Net, **values: Any) -> Practice:
    return ps.practice_save(
        organisation=net.world.org_a,
        actor=net.coordinator,
        values={**VALUES, **values},
        source_organisation=net.world.org_a,
        group=net.group,
    )


def in_review(net: Net) -> Practice:
    practice = draft(net)
    return ps.practice_submit(practice=practice, actor=net.coordinator)


def published(net: Net) -> Practice:
    practice = in_review(net)
    ps.practice_review(practice=practice, actor=net.reviewer, approved=True, comment="Clear.")
    ps.practice_review(practice=practice, actor=net.board, approved=True)
    return ps.practice_publish(practice=practice, actor=net.world.admin_a)


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


def test_a_group_gathers_people_of_several_organisations_and_is_journalled(net: Net) -> None:
    world = net.world
    ps.group_member_add(
        group=net.group, actor=net.coordinator, name="Иван Петров", member_organisation=world.org_a
    )
    ps.group_meeting_add(
        group=net.group, actor=net.coordinator, held_on=date(2026, 3, 1), place="Sofia"
    )
    ps.outcome_add(
        group=net.group,
        actor=net.coordinator,
        text="A shared checklist",
        reached_on=date(2026, 4, 1),
    )
    orgs = set(net.group.members.values_list("member_organisation__slug", flat=True))
    assert orgs == {"alpha", "beta"}
    assert {
        "associations.group_save",
        "associations.group_member_add",
        "associations.group_meeting_add",
        "associations.outcome_add",
    } <= set(actions())


def test_bad_group_input_changes_nothing(net: Net) -> None:
    before = (Group.objects.count(), GroupMember.objects.count(), len(actions()))
    with pytest.raises(ValidationError):
        ps.group_save(organisation=net.world.org_a, actor=net.world.admin_a, name="  ")
    with pytest.raises(ValidationError):
        ps.group_member_add(
            group=net.group, actor=net.coordinator, name="", member_organisation=net.world.org_a
        )
    with pytest.raises(PermissionDenied):
        ps.group_save(
            organisation=net.world.org_b, actor=net.world.admin_b, name="x", group=net.group
        )
    assert (Group.objects.count(), GroupMember.objects.count(), len(actions())) == before


def test_a_practice_is_published_after_two_distinct_peers_approved(net: Net) -> None:
    practice = published(net)
    assert practice.state == PracticeState.PUBLISHED and practice.published_at
    assert ps.approvals(practice) == 2
    assert "associations.practice_publish" in actions()


def test_one_approval_is_not_enough(net: Net) -> None:
    practice = in_review(net)
    ps.practice_review(practice=practice, actor=net.reviewer, approved=True)
    with pytest.raises(ValidationError):
        ps.practice_publish(practice=practice, actor=net.world.admin_a)
    practice.refresh_from_db()
    assert practice.state == PracticeState.REVIEW


def test_the_author_cannot_review_their_own_practice(net: Net) -> None:
    practice = in_review(net)
    with pytest.raises(ValidationError):
        ps.practice_review(practice=practice, actor=net.coordinator, approved=True)
    assert not PracticeReview.objects.exists()


def test_the_same_reviewer_twice_counts_once_and_is_refused(net: Net) -> None:
    practice = in_review(net)
    ps.practice_review(practice=practice, actor=net.reviewer, approved=True)
    with pytest.raises(ValidationError):
        ps.practice_review(practice=practice, actor=net.reviewer, approved=True)
    assert ps.approvals(practice) == 1
    with pytest.raises(ValidationError):
        ps.practice_publish(practice=practice, actor=net.world.admin_a)


def test_an_outsider_cannot_review(net: Net) -> None:
    practice = in_review(net)
    with pytest.raises(PermissionDenied):
        ps.practice_review(practice=practice, actor=net.world.official_b, approved=True)
    assert not PracticeReview.objects.exists()


def test_a_refusal_sends_the_practice_back_with_its_comment_kept(net: Net) -> None:
    practice = in_review(net)
    with pytest.raises(ValidationError):  # a refusal needs a comment
        ps.practice_review(practice=practice, actor=net.reviewer, approved=False)
    ps.practice_review(
        practice=practice, actor=net.reviewer, approved=False, comment="Add the costs per year."
    )
    practice.refresh_from_db()
    assert practice.state == PracticeState.DRAFT
    assert practice.reviews.get().comment == "Add the costs per year."


def test_bad_practice_input_changes_nothing(net: Net) -> None:
    before = (Practice.objects.count(), len(actions()))
    with pytest.raises(ValidationError) as error:
        draft(net, title="", problem=" ")
    assert {"title", "problem"} <= set(error.value.message_dict)
    assert (Practice.objects.count(), len(actions())) == before


def test_another_organisations_staff_adopt_with_their_note_and_date(net: Net) -> None:
    world = net.world
    practice = published(net)
    day = timezone.localdate() - timedelta(days=3)
    ps.adoption_mark(
        practice=practice,
        organisation=world.org_b,
        actor=world.communications_b,
        adopted_on=day,
        note="Started in our district",
    )
    adoption = Adoption.objects.get()
    assert (adoption.organisation, adoption.note, adoption.adopted_on) == (
        world.org_b,
        "Started in our district",
        day,
    )
    # a second mark updates, never duplicates
    ps.adoption_mark(
        practice=practice, organisation=world.org_b, actor=world.admin_b, adopted_on=day
    )
    assert Adoption.objects.count() == 1


def test_adoption_is_refused_for_outsiders_drafts_and_future_dates(net: Net) -> None:
    world = net.world
    practice = draft(net)
    with pytest.raises(ValidationError):
        ps.adoption_mark(
            practice=practice,
            organisation=world.org_b,
            actor=world.communications_b,
            adopted_on=timezone.localdate(),
        )
    practice = published(net)
    with pytest.raises(PermissionDenied):  # staff of alpha marking for beta
        ps.adoption_mark(
            practice=practice,
            organisation=world.org_b,
            actor=world.communications_a,
            adopted_on=timezone.localdate(),
        )
    with pytest.raises(ValidationError):
        ps.adoption_mark(
            practice=practice,
            organisation=world.org_b,
            actor=world.communications_b,
            adopted_on=timezone.localdate() + timedelta(days=2),
        )
    assert not Adoption.objects.exists()


# --- pages -----------------------------------------------------------------------------------


def test_anonymous_visitors_see_published_practices_with_a_tag_filter(net: Net) -> None:
    shown = published(net)
    draft(net, title="Secret draft", tags="budget")
    client = client_for(None)
    page = client.get("/alpha/practices/").content.decode()
    assert "Open budget evenings" in page and "Secret draft" not in page
    assert "Open budget evenings" in client.get("/alpha/practices/?tag=Budget").content.decode()
    assert "Open budget evenings" not in client.get("/alpha/practices/?tag=waste").content.decode()
    assert client.get(f"/alpha/practices/{shown.pk}/").status_code == 200
    hidden = Practice.objects.get(title="Secret draft")
    assert client.get(f"/alpha/practices/{hidden.pk}/").status_code == 404
    assert client.get(f"/alpha/practices/{hidden.pk}/work/").status_code == 302


def test_another_organisation_adopts_from_the_page_and_it_is_shown(net: Net) -> None:
    world = net.world
    practice = published(net)
    client = client_for(world.communications_b)
    url = f"/alpha/practices/{practice.pk}/"
    assert "We adopted this" in client.get(url).content.decode()
    bad = client.post(url + "adopt/", {"organisation": world.org_b.pk, "adopted_on": "nope"})
    assert bad.status_code == 400 and not Adoption.objects.exists()
    other = client.post(
        url + "adopt/", {"organisation": world.org_a.pk, "adopted_on": "2026-01-05"}
    )
    assert other.status_code == 400 and not Adoption.objects.exists()
    response = client.post(
        url + "adopt/",
        {"organisation": world.org_b.pk, "adopted_on": "2026-01-05", "note": "Weekly in Beta"},
    )
    assert response.status_code == 302
    page = client_for(None).get(url).content.decode()
    assert "Gmina Beta" in page and "Weekly in Beta" in page
    office = client_for(world.admin_a).get("/alpha/office/association/practices/")
    assert office.status_code == 200
    assert "Gmina Beta" in office.content.decode()


def test_anonymous_cannot_adopt(net: Net) -> None:
    practice = published(net)
    response = client_for(None).post(f"/alpha/practices/{practice.pk}/adopt/", {})
    assert response.status_code == 302 and not Adoption.objects.exists()


def test_another_organisations_staff_cannot_edit_groups_or_practices(net: Net) -> None:
    world = net.world
    practice = draft(net)
    before = (len(actions()), Practice.objects.get().title)
    for user in (world.admin_b, world.communications_b):
        client = client_for(user)
        assert client.get(f"/alpha/groups/{net.group.pk}/").status_code == 403
        response = client.post(
            f"/alpha/groups/{net.group.pk}/",
            {"form": "meeting", "meeting-held_on": "2026-02-01"},
        )
        assert response.status_code == 403
        assert client.post(f"/alpha/practices/{practice.pk}/edit/", VALUES).status_code == 403
        assert client.get("/alpha/practices/new/").status_code == 403
        assert client.get("/alpha/office/association/groups/").status_code == 403
    assert (len(actions()), Practice.objects.get().title) == before


def test_the_coordinator_keeps_the_group_and_bad_input_changes_nothing(net: Net) -> None:
    client = client_for(net.coordinator)
    url = f"/alpha/groups/{net.group.pk}/"
    before = len(actions())
    bad = client.post(url, {"form": "meeting", "meeting-held_on": "not a date"})
    assert bad.status_code == 400 and len(actions()) == before
    good = client.post(
        url, {"form": "meeting", "meeting-held_on": "2026-02-01", "meeting-place": "Warszawa"}
    )
    assert good.status_code == 302
    assert "Warszawa" in client.get(url).content.decode()
    # a member reads the page but cannot add to it
    member = client_for(net.reviewer)
    assert member.get(url).status_code == 200
    assert member.post(url, {"form": "meeting", "meeting-held_on": "2026-02-02"}).status_code == 403


def test_the_admin_creates_a_group_and_bad_input_changes_nothing(net: Net) -> None:
    client = client_for(net.world.admin_a)
    before = Group.objects.count()
    bad = client.post(
        "/alpha/office/association/groups/", {"name": "", "coordinator_email": "x@nowhere.example"}
    )
    assert bad.status_code == 400 and Group.objects.count() == before
    good = client.post(
        "/alpha/office/association/groups/",
        {"name": "Waste", "coordinator_email": "coord@example.org"},
    )
    assert good.status_code == 302 and Group.objects.count() == before + 1


def test_review_through_the_working_page_and_the_author_reads_the_comments(net: Net) -> None:
    practice = draft(net)
    author = client_for(net.coordinator)
    url = f"/alpha/practices/{practice.pk}/work/"
    assert author.post(url, {"step": "submit"}).status_code == 302
    assert author.post(url, {"step": "review", "approved": "yes"}).status_code == 400
    assert not PracticeReview.objects.exists()
    peer = client_for(net.reviewer)
    assert peer.post(url, {"step": "review", "approved": "maybe"}).status_code == 400
    assert peer.post(url, {"step": "review", "approved": "no"}).status_code == 400
    response = peer.post(url, {"step": "review", "approved": "no", "comment": "Give the figures."})
    assert response.status_code == 302
    assert "Give the figures." in author.get(url).content.decode()
    assert PracticeReview.objects.count() == 1


def test_lists_use_a_bounded_number_of_queries(
    net: Net, django_assert_max_num_queries: Any
) -> None:
    world = net.world
    for i in range(6):
        practice = published(net) if i == 0 else None
        if practice is None:
            item = draft(net, title=f"Practice {i}")
            ps.practice_submit(practice=item, actor=net.coordinator)
            ps.practice_review(practice=item, actor=net.reviewer, approved=True)
            ps.practice_review(practice=item, actor=net.board, approved=True)
            practice = ps.practice_publish(practice=item, actor=world.admin_a)
        ps.adoption_mark(
            practice=practice,
            organisation=world.org_b,
            actor=world.communications_b,
            adopted_on=timezone.localdate(),
        )
    admin = client_for(world.admin_a)
    with django_assert_max_num_queries(15):
        assert client_for(None).get("/alpha/practices/").status_code == 200
    with django_assert_max_num_queries(25):
        assert admin.get("/alpha/office/association/practices/").status_code == 200
    with django_assert_max_num_queries(25):
        assert admin.get("/alpha/office/association/groups/").status_code == 200
