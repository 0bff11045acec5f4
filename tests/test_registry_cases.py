"""File plan, cases with marks, resolutions and the task inbox; the answer closes the loop."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from municipium.audit.models import AuditEntry
from municipium.registry import services
from municipium.registry.models import Case, Document, FilePlanItem, Task
from municipium.tenants.models import Role

from .conftest import add_member, client_for, make_user, register_letter


@pytest.fixture
def manager_a(world):
    user = make_user("manager-a@example.org")
    add_member(world.org_a, user, Role.MANAGER)
    return user


def _class(world, code="02-01"):
    return FilePlanItem.objects.get(organisation=world.org_a, code=code)


def test_the_country_samples_of_the_file_plan_are_loaded(world, registry):
    assert FilePlanItem.objects.filter(organisation=world.org_a).count() >= 15
    pl = FilePlanItem.objects.get(organisation=world.org_b, code="0012")
    assert (pl.retention, pl.parent.code) == ("A", "00")


def test_a_polish_case_mark_follows_the_office_instruction(world, registry):
    case = services.case_open(
        organisation=world.org_b,
        actor=world.official_b,
        file_class=FilePlanItem.objects.get(organisation=world.org_b, code="0012"),
        unit=world.unit_b,
        title="Zarządzenie",
    )
    year = timezone.localdate().year
    assert case.mark == f"OR.0012.1.{year}"
    second = services.case_open(
        organisation=world.org_b,
        actor=world.official_b,
        file_class=case.file_class,
        unit=world.unit_b,
        title="Drugie",
    )
    assert second.mark == f"OR.0012.2.{year}"


def test_a_case_opened_from_a_document_holds_it(world, registry):
    document = register_letter(world, registry).document
    client = client_for(world.registrar_a)
    response = client.post(
        f"/alpha/office/registry/documents/{document.pk}/case/",
        {"title": "Преписка", "file_class": _class(world).pk, "unit": world.unit_a.pk},
    )
    case = Case.objects.get()
    assert response["Location"] == f"/alpha/office/registry/cases/{case.pk}/"
    assert case.mark.startswith("02-01-1/")
    document.refresh_from_db()
    assert document.case == case
    page = client.get(f"/alpha/office/registry/cases/{case.pk}/").content.decode()
    assert document.number in page


def test_the_manager_assigns_the_official_accepts_and_answers_in_the_same_case(
    world, registry, manager_a
):
    incoming = register_letter(world, registry, kind=registry.application).document
    case = services.case_open(
        organisation=world.org_a,
        actor=world.registrar_a,
        file_class=_class(world),
        unit=world.unit_a,
        title="Заявление",
        document=incoming,
    )
    due = timezone.localdate() + timedelta(days=5)
    response = client_for(manager_a).post(
        f"/alpha/office/registry/documents/{incoming.pk}/assign/",
        {"assignee": world.official_a.pk, "instruction": "Отговорете", "due_on": due.isoformat()},
    )
    assert response.status_code == 302
    task = Task.objects.get()
    incoming.refresh_from_db()
    assert incoming.status == "assigned"

    official = client_for(world.official_a)
    inbox = official.get("/alpha/office/tasks/")
    assert [t.pk for t in inbox.context["tasks"]] == [task.pk]
    official.post(f"/alpha/office/tasks/{task.pk}/accept/")
    incoming.refresh_from_db()
    assert incoming.status == "in_progress"

    answer = services.document_register(
        organisation=world.org_a,
        actor=world.registrar_a,
        register=registry.general,
        direction="outgoing",
        kind=registry.letter,
        subject="Отговор",
        channel="post",
        reply_to=incoming,
    ).document
    assert answer.case == case
    incoming.refresh_from_db()
    assert incoming.status == "answered"
    assert incoming.answered_on == timezone.localdate()

    official.post(f"/alpha/office/tasks/{task.pk}/complete/", {"outcome": "Отговорено"})
    task.refresh_from_db()
    assert (task.status, task.outcome) == ("done", "Отговорено")
    assert official.get("/alpha/office/tasks/").context["tasks"] == []
    services.case_close(case=case, actor=world.registrar_a)
    case.refresh_from_db()
    assert case.status == "closed"
    actions = set(AuditEntry.objects.filter(chain="alpha").values_list("action", flat=True))
    assert {
        "task.assign",
        "task.accepted",
        "task.done",
        "document.answered",
        "case.close",
    } <= actions


def test_a_case_with_an_open_task_does_not_close(world, registry, manager_a):
    document = register_letter(world, registry).document
    case = services.case_open(
        organisation=world.org_a,
        actor=world.registrar_a,
        file_class=_class(world),
        unit=world.unit_a,
        title="x",
        document=document,
    )
    services.task_assign(
        organisation=world.org_a,
        actor=manager_a,
        document=document,
        assignee=world.official_a,
        instruction="x",
        due_on=timezone.localdate(),
    )
    with pytest.raises(ValidationError):
        services.case_close(case=case, actor=world.registrar_a)
    case.refresh_from_db()
    assert case.status == "open"


def test_reopening_needs_a_reason_and_is_journaled(world, registry):
    case = services.case_open(
        organisation=world.org_a,
        actor=world.registrar_a,
        file_class=_class(world),
        unit=world.unit_a,
        title="x",
    )
    services.case_close(case=case, actor=world.registrar_a)
    with pytest.raises(ValidationError):
        services.case_reopen(case=case, actor=world.registrar_a, reason=" ")
    services.case_reopen(case=case, actor=world.registrar_a, reason="Нови документи")
    entry = AuditEntry.objects.filter(action="case.reopen").get()
    assert entry.changes["reason"] == "Нови документи"


def test_only_the_assignee_acts_on_a_task_and_a_return_needs_a_reason(world, registry, manager_a):
    document = register_letter(world, registry).document
    task = services.task_assign(
        organisation=world.org_a,
        actor=manager_a,
        document=document,
        assignee=world.official_a,
        instruction="x",
        due_on=timezone.localdate(),
    )
    with pytest.raises(ValidationError):
        services.task_complete(task=task, actor=world.registrar_a)
    with pytest.raises(ValidationError):
        services.task_return(task=task, actor=world.official_a, reason="")
    services.task_return(task=task, actor=world.official_a, reason="Не е от моята компетентност")
    task.refresh_from_db()
    assert task.status == "returned"


def test_a_hand_over_keeps_the_chain(world, registry, manager_a):
    document = register_letter(world, registry).document
    first = services.task_assign(
        organisation=world.org_a,
        actor=manager_a,
        document=document,
        assignee=world.official_a,
        instruction="x",
        due_on=timezone.localdate(),
    )
    second = services.task_hand_over(task=first, actor=world.official_a, unit=world.unit_a)
    first.refresh_from_db()
    assert first.status == "handed_over"
    assert second.handed_over_from == first and second.unit == world.unit_a


def test_a_unit_task_reaches_everyone_in_the_unit(world, registry, manager_a):
    document = register_letter(world, registry).document
    task = services.task_assign(
        organisation=world.org_a,
        actor=manager_a,
        document=document,
        unit=world.unit_a,
        instruction="x",
        due_on=timezone.localdate(),
    )
    inbox = client_for(world.official_a).get("/alpha/office/tasks/")
    assert [t.pk for t in inbox.context["tasks"]] == [task.pk]
    assert client_for(world.admin_a).get("/alpha/office/tasks/").context["tasks"] == []


def test_the_inbox_puts_overdue_first(world, registry, manager_a):
    today = timezone.localdate()
    later = services.task_assign(
        organisation=world.org_a,
        actor=manager_a,
        document=register_letter(world, registry).document,
        assignee=world.official_a,
        instruction="later",
        due_on=today + timedelta(days=9),
    )
    soon = services.task_assign(
        organisation=world.org_a,
        actor=manager_a,
        document=register_letter(world, registry).document,
        assignee=world.official_a,
        instruction="soon",
        due_on=today,
    )
    Task.objects.filter(pk=soon.pk).update(due_on=today - timedelta(days=2))
    tasks = client_for(world.official_a).get("/alpha/office/tasks/").context["tasks"]
    assert [t.pk for t in tasks] == [soon.pk, later.pk]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"instruction": "", "assignee": "official"}, "instruction"),
        ({"instruction": "x"}, "official or a unit"),
        ({"instruction": "x", "assignee": "official", "due_on": "2000-01-01"}, "past"),
        ({"instruction": "x", "assignee": "outsider"}, "valid choice"),
    ],
)
def test_a_bad_assignment_says_why_and_assigns_nothing(world, registry, manager_a, data, message):
    document = register_letter(world, registry).document
    people = {"official": world.official_a.pk, "outsider": world.official_b.pk}
    payload = {
        "instruction": data["instruction"],
        "due_on": data.get("due_on", timezone.localdate().isoformat()),
    }
    if "assignee" in data:
        payload["assignee"] = people[data["assignee"]]
    response = client_for(manager_a).post(
        f"/alpha/office/registry/documents/{document.pk}/assign/", payload, follow=True
    )
    assert message.lower() in response.content.decode().lower()
    assert not Task.objects.exists()


def test_officials_cannot_assign(world, registry):
    document = register_letter(world, registry).document
    response = client_for(world.official_a).post(
        f"/alpha/office/registry/documents/{document.pk}/assign/",
        {
            "assignee": world.official_a.pk,
            "instruction": "x",
            "due_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 403
    assert not Task.objects.exists()


def test_the_file_plan_imports_all_or_nothing_and_exports_again(world, registry):
    client = client_for(world.admin_a)
    bad = io.BytesIO("code,title,retention,parent\n99,Нов,A,\n98,,B5,77\n99,Дубъл,,\n".encode())
    bad.name = "plan.csv"
    before = FilePlanItem.objects.filter(organisation=world.org_a).count()
    response = client.post("/alpha/office/registry/file-plan/", {"file": bad})
    assert response.status_code == 400
    report = [str(problem) for problem in response.context["report"]]
    assert any("row 3, title" in p for p in report)
    assert any("row 3, parent" in p for p in report)
    assert any("row 4, code" in p for p in report)
    assert FilePlanItem.objects.filter(organisation=world.org_a).count() == before
    good = io.BytesIO(
        "code;title;retention;parent\n99;Нов раздел;A;\n99-1;Подраздел;B5;99\n".encode()
    )
    good.name = "plan.csv"
    assert client.post("/alpha/office/registry/file-plan/", {"file": good}).status_code == 302
    assert FilePlanItem.objects.get(organisation=world.org_a, code="99-1").parent.code == "99"
    exported = b"".join(
        client.get("/alpha/office/registry/file-plan/?format=csv").streaming_content
    )
    assert "99-1,Подраздел,B5,99" in exported.decode("utf-8-sig")


def test_only_admins_change_the_file_plan(world, registry):
    response = client_for(world.official_a).post(
        "/alpha/office/registry/file-plan/", {"code": "77", "title": "x"}
    )
    assert response.status_code == 403
    assert not FilePlanItem.objects.filter(code="77").exists()


def test_the_digest_mails_each_official_their_urgent_tasks(world, registry, manager_a, smtp_server):
    from municipium.registry.tasks import send_task_digest

    document = register_letter(world, registry).document
    services.task_assign(
        organisation=world.org_a,
        actor=manager_a,
        document=document,
        assignee=world.official_a,
        instruction="Спешно",
        due_on=timezone.localdate(),
    )
    services.task_assign(
        organisation=world.org_a,
        actor=manager_a,
        document=document,
        assignee=world.registrar_a,
        instruction="Не е спешно",
        due_on=timezone.localdate() + timedelta(days=30),
    )
    assert send_task_digest.call() == 1
    assert [m.recipients for m in smtp_server.messages] == [[world.official_a.email]]
    assert document.number in smtp_server.messages[0].body


def test_documents_of_another_organisation_cannot_join_a_case(world, registry):
    case = services.case_open(
        organisation=world.org_a,
        actor=world.registrar_a,
        file_class=_class(world),
        unit=world.unit_a,
        title="x",
    )
    from municipium.registry.services import document_register

    foreign = document_register(
        organisation=world.org_b,
        actor=world.official_b,
        register=registry.rpw,
        direction="incoming",
        kind=registry.pl_letter,
        subject="x",
        channel="post",
    ).document
    with pytest.raises(ValidationError):
        services.case_add_document(case=case, document=foreign, actor=world.registrar_a)
    assert Document.objects.get(pk=foreign.pk).case is None


def test_the_api_opens_a_case_assigns_it_and_lists_the_inbox(world, registry, manager_a):
    document = register_letter(world, registry).document
    response = client_for(world.registrar_a).post(
        "/api/v1/orgs/alpha/registry/cases",
        data={
            "title": "Преписка",
            "file_class": "02-01",
            "unit": "ADM",
            "document_id": document.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    case = response.json()
    assert case["documents"] == [document.number]
    response = client_for(manager_a).post(
        "/api/v1/orgs/alpha/registry/tasks",
        data={
            "case_id": case["id"],
            "assignee_email": world.official_a.email,
            "instruction": "Разгледайте",
            "due_on": timezone.localdate().isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    inbox = client_for(world.official_a).get("/api/v1/orgs/alpha/registry/tasks/mine").json()
    assert [t["case"] for t in inbox] == [case["mark"]]
    plan = client_for(world.official_a).get("/api/v1/orgs/alpha/registry/file-plan").json()
    assert {"code": "02-01", "parent": "02"}.items() <= plan[
        [p["code"] for p in plan].index("02-01")
    ].items()


def test_the_api_refuses_an_assignment_to_an_outsider_and_assigns_nothing(
    world, registry, manager_a
):
    document = register_letter(world, registry).document
    response = client_for(manager_a).post(
        "/api/v1/orgs/alpha/registry/tasks",
        data={
            "document_id": document.pk,
            "assignee_email": world.official_b.email,
            "instruction": "x",
            "due_on": timezone.localdate().isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert not Task.objects.exists()


def test_the_office_home_shows_the_users_open_and_overdue_tasks(world, registry, manager_a):
    document = register_letter(world, registry).document
    task = services.task_assign(
        organisation=world.org_a,
        actor=manager_a,
        document=document,
        assignee=world.official_a,
        instruction="x",
        due_on=timezone.localdate(),
    )
    Task.objects.filter(pk=task.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    figures = client_for(world.official_a).get("/alpha/office/").context["figures"]
    values = {f["label"]: f["value"] for f in figures}
    assert values["open tasks"] == 1
    assert values["of them overdue"] == 1
    assert "overdue documents in the registry" not in values


def test_an_admin_adds_a_register_whose_mask_is_checked(world, registry):
    client = client_for(world.admin_a)
    bad = client.post(
        "/alpha/office/registry/registers/",
        {"code": "contracts", "name": "Договори", "scope": "internal", "mask": "Д-{year}"},
    )
    assert bad.status_code == 400
    assert "mask" in bad.context["form"].errors
    good = client.post(
        "/alpha/office/registry/registers/",
        {
            "code": "contracts",
            "name": "Договори",
            "scope": "internal",
            "mask": "Д-{seq:03}/{yyyy}",
            "restart_yearly": "on",
        },
    )
    assert good.status_code == 302
    page = client.get("/alpha/office/registry/registers/").content.decode()
    assert f"Д-123/{timezone.localdate().year}" in page
    assert client_for(world.official_a).get("/alpha/office/registry/registers/").status_code == 403


def test_related_documents_are_linked_both_ways(world, registry):
    first = register_letter(world, registry).document
    second = register_letter(world, registry).document
    client = client_for(world.registrar_a)
    client.post(f"/alpha/office/registry/documents/{first.pk}/relate/", {"number": second.number})
    assert list(second.related.all()) == [first]
    page = client.get(f"/alpha/office/registry/documents/{second.pk}/").content.decode()
    assert f'href="/alpha/office/registry/documents/{first.pk}/"' in page


def test_an_official_hands_a_task_over_to_the_unit(world, registry, manager_a):
    document = register_letter(world, registry).document
    task = services.task_assign(
        organisation=world.org_a,
        actor=manager_a,
        document=document,
        assignee=world.official_a,
        instruction="x",
        due_on=timezone.localdate(),
    )
    client = client_for(world.official_a)
    client.post(f"/alpha/office/tasks/{task.pk}/hand-over/", {"unit": world.unit_a.pk})
    task.refresh_from_db()
    assert task.status == "handed_over"
    assert Task.objects.get(handed_over_from=task).unit == world.unit_a
    nothing = client.post(f"/alpha/office/tasks/{task.pk}/hand-over/", {})
    assert nothing.status_code == 302
    assert Task.objects.count() == 2
