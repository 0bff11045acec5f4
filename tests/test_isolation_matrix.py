"""The isolation matrix: every URL pattern and every API operation, with every persona.

Routes are discovered, not listed: each page under `<org>` must declare its `Access` (through
`org_view`), each API operation its `x-access`, and each page outside an organisation must be
classified in PLATFORM_ROUTES below. A new route that is none of these fails the test, so every
module added later is covered by the matrix without extra work.

Organisation `alpha` is the target. Both organisations hold private canary strings; no response
to a persona outside an organisation may ever contain that organisation's canary, and no
forbidden write may change a single row.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from municipium.accounts.services import api_token_create
from municipium.api import api
from municipium.eservices import services as eservices
from municipium.events.services import events as event_services
from municipium.events.services import registrations as registration_services
from municipium.insights.services import figures_publish_set, figures_update_all
from municipium.newsroom.services import news as news_services
from municipium.newsroom.services import pages
from municipium.registry import services as registry_services
from municipium.registry.models import FilePlanItem
from municipium.tenants import services
from municipium.tenants.models import Role
from municipium.tenants.scoping import Access
from municipium.workdays.models import DeadlineRule

from .conftest import World, add_member, client_for, make_user, register_letter

PERSONAS = ["platform_admin", "admin_a", "official_a", "official_b", "citizen", "anonymous"]
FILES = Path(__file__).parent / "files"
CANARY_A = "CANARY-ALPHA-7f3e"
CANARY_B = "CANARY-BETA-91ac"
# In a confidential document of alpha whose only named reader is its registrar (no persona).
CANARY_SECRET = "CANARY-SECRET-5d20"

# Public e-service pages that open only for the holder of a credential kept in the browser
# session (a verified e-mail link, an access code entered on the tracking page, an application
# filed in this session): to everyone else they say "not found", ask to sign in, or refuse.
SESSION_ROUTES = {
    "eservices:done",
    "eservices:receipt",
    "eservices:tracked",
    "eservices:tracked_file",
    "eservices:verify",
    "eservices:mine",
    "newsroom:newsletter_confirm",
    "newsroom:newsletter_unsubscribe",
    "events:confirm",
    "events:cancel",
    "events:certificate",
}
# Open to people of other organisations through a relation the roles do not express (an exchange
# group's members, a practice's author and reviewers, another organisation's staff marking an
# adoption): the view decides. Checked: nobody reaches them anonymously, strangers are refused.
RELATION_ROUTES = {
    "associations:practice_new",
    "associations:practice_edit",
    "associations:practice_work",
    "associations:practice_adopt",
    "associations:group",
}

# Pages outside any organisation: what each persona may do there.
#   public: anyone; signed_in: any signed-in user (anonymous is sent to sign in);
#   owner: only the user the object belongs to (others 404); post_only: GET is refused.
PLATFORM_ROUTES: dict[str, str] = {
    "home": "public",
    "healthz": "public",
    "dashboard": "signed_in",
    "set_language": "public",
    "tenants:language": "public",
    "api_not_found": "public",
    "accounts:login": "public",
    "accounts:logout": "post_only",
    "accounts:signup": "public",
    "accounts:verify": "public",
    "accounts:tokens": "signed_in",
    "accounts:token_revoke": "owner",
    "accounts:password_reset": "public",
    "accounts:password_reset_done": "public",
    "accounts:password_reset_confirm": "public",
    "accounts:password_reset_complete": "public",
    "newsroom:sitemap": "public",
    "newsroom:all_news_feed": "public",
    "events:calendar": "public",
    "events:calendar_ics": "public",
    "insights:compare": "public",
    "insights:catalogue": "public",
}


@dataclass(frozen=True)
class Route:
    name: str
    path: str
    kwargs: tuple[str, ...]
    view: Any


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> list[Route]:
    routes = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            routes += _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            route = prefix + str(pattern.pattern)
            kwargs = tuple(re.findall(r"<(?:\w+:)?(\w+)>", route)) + tuple(
                re.findall(r"\(\?P<(\w+)>", route)
            )
            routes.append(Route(name, route, kwargs, pattern.callback))
    return routes


def all_routes() -> list[Route]:
    return _walk(get_resolver().url_patterns)


def page_routes() -> list[Route]:
    """Every page route but the API's own (walked from its schema) and Django's admin."""
    return [r for r in all_routes() if not r.name.startswith(("api:", "admin:"))]


def concrete(route: Route, values: dict[str, Any]) -> str:
    path = route.path.lstrip("^").rstrip("$")
    for name in route.kwargs:
        if name not in values:
            raise AssertionError(
                f"The route {route.name} ({route.path}) takes <{name}>: add a value for it in "
                "the isolation matrix (tests/test_isolation_matrix.py, `values`)."
            )
        path = re.sub(rf"<(?:\w+:)?{name}>|\(\?P<{name}>[^)]*\)", str(values[name]), path)
    return "/" + path


def row_counts() -> dict[str, int]:
    counted = {}
    for model in apps.get_models():
        if model._meta.app_label in {
            "tenants",
            "accounts",
            "audit",
            "django_tasks_db",
            "registry",
            "eservices",
            "search",
            "newsroom",
            "events",
            "consultations",
            "insights",
            "associations",
        }:
            counted[model._meta.label] = model._default_manager.count()
    return counted


@pytest.fixture
def matrix(world: World, registry: Any, settings: Any, tmp_path: Path) -> dict[str, Any]:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    services.unit_create(organisation=world.org_a, actor=world.admin_a, code="CNA", name=CANARY_A)
    services.unit_create(organisation=world.org_b, actor=world.admin_b, code="CNB", name=CANARY_B)
    add_member(world.org_a, make_user("hidden-a@example.org", full_name=CANARY_A), Role.VIEWER)
    add_member(world.org_b, make_user("hidden-b@example.org", full_name=CANARY_B), Role.VIEWER)
    token = api_token_create(user=world.admin_a, name="matrix").token
    document = register_letter(
        world, registry, kind=registry.application, subject="Обикновено заявление"
    ).document
    register_letter(
        world,
        registry,
        subject=CANARY_SECRET,
        confidentiality="confidential",
        readers=[world.registrar_a],
    )
    file_class = FilePlanItem.objects.filter(organisation=world.org_a).first()
    case = registry_services.case_open(
        organisation=world.org_a,
        actor=world.registrar_a,
        file_class=file_class,
        unit=world.unit_a,
        title="Преписка",
        document=document,
    )
    task = registry_services.task_assign(
        organisation=world.org_a,
        actor=world.admin_a,
        document=document,
        assignee=world.official_a,
        instruction="Отговорете",
        due_on=timezone.localdate(),
    )
    extension = registry_services.document_extend(
        document=document,
        actor=world.official_a,
        reason="Сложен случай",
        deadline_new=document.deadline + timedelta(days=10),
    )
    attachment = registry_services.attachment_add(
        document=document,
        upload=SimpleUploadedFile("letter.txt", "Писмо".encode()),
        actor=world.registrar_a,
    )
    intake = registry_services.intake_receive(
        organisation=world.org_a,
        name="complaint.eml",
        data=(FILES / "accepted" / "complaint.eml").read_bytes(),
        actor=world.registrar_a,
    ).message
    es_service = eservices.service_create(
        organisation=world.org_a,
        actor=world.admin_a,
        slug="heirs",
        title={"bg": "Удостоверение за наследници", "en": "Certificate of heirs"},
        legal_basis="ЗГР чл. 24",
        deadline_rule=DeadlineRule.objects.get(organisation=None, code="bg-apk-57-no-evidence"),
        register=registry.general,
        file_class=file_class,
        unit=world.unit_a,
    )
    eservices.form_field_add(
        service=es_service,
        actor=world.admin_a,
        spec={
            "key": "deceased",
            "type": "text",
            "required": True,
            "label": {"bg": "Починал", "en": "Deceased"},
        },
    )
    eservices.form_publish(service=es_service, actor=world.admin_a)
    es_service = eservices.service_update(
        service=es_service, actor=world.admin_a, is_published=True
    )
    submission = eservices.application_submit(
        service=es_service,
        version=eservices.published_version(es_service),
        user=world.citizen,
        email=world.citizen.email,
        name="Иван Петров",
        data={"deceased": "Петър Петров"},
    )
    logo = services.public_file_add(
        organisation=world.org_a,
        actor=world.admin_a,
        name="scan.png",
        fileobj=io.BytesIO((FILES / "accepted" / "scan.png").read_bytes()),
        kind="image",
        alt_text="Гербът",
    )
    # newsroom pages: a published page and sub-page at the shared slug, a contact point.
    page = pages.page_create(
        organisation=world.org_a,
        actor=world.admin_a,
        text=pages.PageText(language="bg", title="Наследници", slug="heirs"),
    )
    pages.page_publish(page=page, actor=world.admin_a)
    subpage = pages.page_create(
        organisation=world.org_a,
        actor=world.admin_a,
        text=pages.PageText(language="bg", title="Подстраница", slug="heirs"),
        parent=page,
    )
    pages.page_publish(page=subpage, actor=world.admin_a)
    contact = pages.contact_point_save(
        organisation=world.org_a, actor=world.admin_a, names={"bg": "Деловодство"}
    )
    news = news_services.news_create(
        organisation=world.org_a,
        actor=world.communications_a,
        kind="news",
        texts={"bg": news_services.NewsText(title="Наследници", slug="heirs")},
    )
    news_services.news_publish(item=news, actor=world.communications_a)
    # events: a published event at the shared slug, a session, a participant named by the canary.
    event = event_services.event_create(
        organisation=world.org_a,
        actor=world.communications_a,
        data=event_services.EventData(
            kind="seminar",
            texts={"bg": event_services.EventText(title="Семинар")},
            slug="heirs",
            starts_at=timezone.now() + timedelta(days=30),
            ends_at=timezone.now() + timedelta(days=30, hours=8),
            registration_enabled=True,
            capacity=10,
        ),
    )
    event_services.event_publish(event=event, actor=world.communications_a)
    event_session = event_services.session_add(
        event=event,
        actor=world.communications_a,
        starts_at=event.starts_at,
        ends_at=event.starts_at + timedelta(hours=1),
        title="Откриване",
    )
    participant = registration_services.registration_add(
        event=event, actor=world.communications_a, name=CANARY_A, email="canary@example.org"
    ).registration
    # consultations: a closed one with a comment, its answer and its published report.
    from municipium.consultations.services import comments as consultation_comments
    from municipium.consultations.services import consultations as consultations_services
    from municipium.consultations.services import report as consultation_report

    from .consultations_support import end_period, make_consultation

    consultation = make_consultation(world)
    consultation_article = consultation.versions.get().articles.exclude(label="").first()
    consultation_comment = consultation_comments.comment_add(
        consultation=consultation,
        user=world.citizen,
        body="Предложение",
        article_anchor=consultation_article.anchor,
    )
    consultation = consultations_services.consultation_close(
        consultation=end_period(consultation), actor=world.official_a
    )
    consultation_comments.answer_save(
        comment=consultation_comment, actor=world.official_a, outcome="accepted"
    )
    consultation_report.report_publish(consultation=consultation, actor=world.official_a)
    # Alpha publishes its figures: its public figures pages and open data answer everyone.
    figures_publish_set(organisation=world.org_a, actor=world.admin_a, publish=True)
    figures_update_all()
    # associations (issue 13): a member, a pending application and a body of alpha.
    assoc_member, assoc_application, assoc_body, assoc_meeting, assoc_election = _association_rows(
        world
    )
    users = {name: getattr(world, name) for name in PERSONAS if name != "anonymous"}
    return {
        "world": world,
        "users": users,
        "values": {
            "org": world.org_a.slug,
            "unit_id": world.unit_a.pk,
            "membership_id": world.membership(world.official_a, world.org_a).pk,
            "token_id": token.pk,
            "document_id": document.pk,
            "case_id": case.pk,
            "extension_id": extension.pk,
            "task_id": task.pk,
            "attachment_id": attachment.pk,
            "intake_id": intake.pk,
            "file_id": intake.files.get().pk,
            "public_file_id": logo.pk,
            "name": logo.name,
            "service": es_service.slug,
            "slug": es_service.slug,
            "service_id": es_service.pk,
            "item_id": news.pk,
            "key": "deceased",
            "application_id": submission.application.pk,
            "action": "accept",
            "token": "not-a-valid-token",
            "uidb64": "MQ",
            "rest": "v1/no-such-route",
            "page_id": page.pk,
            "parent": "heirs",
            "language": "bg",
            "contact_id": contact.pk,
            "event_id": event.pk,
            "session_id": event_session.pk,
            "registration_id": participant.pk,
            "cancel_token": "not-a-valid-token",
            "consultation_id": consultation.pk,
            "anchor": consultation_article.anchor,
            "comment_id": consultation_comment.pk,
            "rule_set_id": consultation.rule_set_id,
            "table": "months",
            "fmt": "csv",
            "member_id": assoc_member.pk,
            "join_id": assoc_application.pk,
            "decision": "accept",
            "body_id": assoc_body.pk,
            "meeting_id": assoc_meeting.pk,
            "election_id": assoc_election.pk,
            **_practice_rows(world),
            "step": "open",
        },
        "token": token,
    }


def _practice_rows(world: World) -> dict[str, int]:
    """associations (issue 13): an exchange group and a draft practice of alpha."""
    from municipium.associations import practice_services as practices

    group = practices.group_save(
        organisation=world.org_a, actor=world.admin_a, name="Budgets", purpose="Exchange"
    )
    practice = practices.practice_save(
        organisation=world.org_a,
        actor=world.admin_a,
        values={
            "title": "Open budget evenings",
            "problem": "Few residents read the budget.",
            "done": "Monthly evenings.",
            "results": "From 12 to 140 people.",
            "costs": "",
            "duration": "",
            "contacts": "",
            "tags": "budget",
        },
        source_organisation=world.org_a,
        group=group,
    )
    # Published as two peers' reviews would (the route shows published practices only).
    from django.utils import timezone

    from municipium.associations.practices import Practice, PracticeState

    Practice.objects.filter(pk=practice.pk).update(
        state=PracticeState.PUBLISHED, published_at=timezone.now()
    )
    return {"group_id": group.pk, "practice_id": practice.pk}


def _association_rows(world: World) -> tuple[Any, Any, Any, Any, Any]:
    """associations (issue 13): rows its routes take by id."""
    from municipium.associations import services as association_services

    category = association_services.category_save(
        organisation=world.org_a, actor=world.admin_a, code="full", name="Full"
    )
    member = association_services.member_add(
        organisation=world.org_a,
        actor=world.admin_a,
        data=association_services.MemberData(
            kind="person", name="Member One", category=category, starts_on=timezone.localdate()
        ),
    )
    application = association_services.application_submit(
        organisation=world.org_a,
        kind="person",
        name="Applicant",
        email="a@example.org",
        category=category,
    )
    body = association_services.body_create(
        organisation=world.org_a, actor=world.admin_a, kind="board", name="Board"
    )
    from municipium.associations import meetings as association_meetings

    assembly = association_services.body_create(
        organisation=world.org_a, actor=world.admin_a, kind="assembly", name="Assembly"
    )
    meeting = association_meetings.meeting_convene(
        body=assembly,
        actor=world.admin_a,
        title="Assembly",
        starts_at=timezone.now() + timedelta(days=40),
        place="Hall",
        items=[association_meetings.ItemData(title="Budget", decision_kind="ordinary")],
    )
    from municipium.associations import elections as association_elections

    election = association_elections.election_create(
        body=body, actor=world.admin_a, title="Board election", seats=1, rule="plurality"
    )
    return member, application, body, meeting, election


def _members_of_alpha() -> set[str]:
    return {"admin_a", "official_a"}


def _canaries_forbidden_to(persona: str) -> list[str]:
    forbidden = [CANARY_SECRET]
    if persona not in _members_of_alpha():
        forbidden.append(CANARY_A)
    if persona != "official_b":
        forbidden.append(CANARY_B)
    return forbidden


def _assert_no_canary(persona: str, method: str, path: str, response: Any) -> None:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    body = raw.decode(errors="replace")
    for canary in _canaries_forbidden_to(persona):
        assert canary not in body, f"{persona} {method} {path} leaked {canary}"


def _is_login_redirect(response: Any) -> bool:
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_every_route_is_classified(matrix: dict[str, Any]) -> None:
    unclassified = []
    for route in page_routes():
        if "org" in route.kwargs:
            if not isinstance(getattr(route.view, "access", None), Access):
                unclassified.append(f"{route.name}: an organisation page without org_view")
        elif route.name not in PLATFORM_ROUTES:
            unclassified.append(f"{route.name}: add it to PLATFORM_ROUTES")
    assert not unclassified, "\n".join(unclassified)
    operations = list(_api_operations())
    assert operations, "the API schema lists no operation"
    for path, method, operation in operations:
        assert "x-access" in operation, f"{method.upper()} {path} declares no x-access"


def _expected_org_page(access: Access, persona: str) -> str:
    if access.public:
        return "allow"
    if persona == "anonymous":
        return "login"
    if persona not in _members_of_alpha():
        return "deny"
    if access.roles and not (persona == "admin_a" or Role.OFFICIAL in access.roles):
        return "deny"
    return "allow"


@pytest.mark.parametrize("persona", PERSONAS)
def test_organisation_pages_admit_exactly_who_they_declare(
    matrix: dict[str, Any], persona: str
) -> None:
    client = client_for(matrix["users"].get(persona))
    checked = 0
    for route in page_routes():
        if "org" not in route.kwargs:
            continue
        path = concrete(route, matrix["values"])
        expected = _expected_org_page(route.view.access, persona)
        response = client.get(path)
        _assert_no_canary(persona, "GET", path, response)
        if route.name in SESSION_ROUTES:
            assert response.status_code in (200, 302, 400, 404), f"{persona} GET {path}"
            if response.status_code == 302:
                assert _is_login_redirect(response), f"{persona} GET {path}"
            checked += 1
            continue
        if route.name in RELATION_ROUTES:
            code = response.status_code
            assert code in (200, 302, 403, 404, 405), f"{persona} GET {path}: {code}"
            if code == 302:
                assert _is_login_redirect(response), f"{persona} GET {path}"
            if persona in ("anonymous", "citizen"):
                assert code in (302, 403, 404, 405), f"{persona} GET {path}: {code}"
            checked += 1
            continue
        if expected == "allow":  # 405: a POST-only action, reached
            assert response.status_code in (200, 405), (
                f"{persona} GET {path}: {response.status_code}"
            )
        elif expected == "login":
            assert _is_login_redirect(response), f"{persona} GET {path}: {response.status_code}"
        else:
            assert response.status_code in (403, 404), f"{persona} GET {path}"
        if expected != "allow":
            before = row_counts()
            response = client.post(
                path,
                {
                    "code": "X1",
                    "name": "x",
                    "email": "x@example.org",
                    "full_name": "x",
                    "roles": ["admin"],
                    "is_active": "on",
                },
            )
            _assert_no_canary(persona, "POST", path, response)
            assert response.status_code in (302, 403, 404), f"{persona} POST {path}"
            if response.status_code == 302:
                assert _is_login_redirect(response)
            assert row_counts() == before, f"{persona} POST {path} changed data"
        checked += 1
    assert checked >= 7


@pytest.mark.parametrize("persona", PERSONAS)
def test_platform_pages_behave_as_classified(matrix: dict[str, Any], persona: str) -> None:
    user = matrix["users"].get(persona)
    client = client_for(user)
    for route in page_routes():
        if "org" in route.kwargs:
            continue
        kind = PLATFORM_ROUTES[route.name]
        path = concrete(route, matrix["values"])
        response = client.get(path)
        _assert_no_canary(persona, "GET", path, response)
        if kind == "public":
            assert response.status_code in (200, 302, 400, 404, 405), f"{persona} GET {path}"
            assert response.status_code != 500
        elif kind == "signed_in":
            if user is None:
                assert _is_login_redirect(response), f"anonymous GET {path}"
            else:
                assert response.status_code in (200, 302), f"{persona} GET {path}"
        elif kind == "post_only":
            assert response.status_code == 405, f"{persona} GET {path}"
        elif kind == "owner":
            if user is None:
                assert _is_login_redirect(response)
            else:
                assert response.status_code == 405  # POST only
                response = client.post(path)
                token = matrix["token"]
                token.refresh_from_db()
                if persona == "admin_a":
                    assert response.status_code == 302
                    assert token.revoked_at is not None
                else:
                    assert response.status_code == 404, f"{persona} POST {path}"
                    assert token.revoked_at is None, f"{persona} revoked someone's token"


def _api_operations() -> list[tuple[str, str, dict[str, Any]]]:
    schema = api.get_openapi_schema()
    found = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            found.append((path, method, operation))
    return found


def _api_path(path: str, values: dict[str, Any]) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise AssertionError(f"API path {path} takes {{{name}}}: add a value for it")
        return str(values[name])

    return re.sub(r"\{(\w+)\}", fill, path)


def _expected_api(access: dict[str, Any], persona: str) -> str:
    if access.get("public"):
        return "allow"
    if persona == "anonymous":
        return "unauthenticated"
    if access.get("authenticated"):
        return "allow"
    if persona not in _members_of_alpha():
        return "deny"
    if access.get("roles") and persona != "admin_a" and "official" not in access["roles"]:
        return "deny"
    return "allow"


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_operations_admit_exactly_who_they_declare(
    matrix: dict[str, Any], persona: str
) -> None:
    client = client_for(matrix["users"].get(persona))
    for path, method, operation in _api_operations():
        url = _api_path(path, matrix["values"])
        expected = _expected_api(operation["x-access"], persona)
        before = row_counts()
        if method == "get":
            response = client.get(url)
        else:
            response = getattr(client, method)(
                url, data={"code": "X9", "name": "matrix"}, content_type="application/json"
            )
        _assert_no_canary(persona, method.upper(), url, response)
        is_json = response["Content-Type"].startswith("application/json")
        body = response.json() if is_json else {}
        if expected == "allow":  # admitted: a generic body may still be invalid (422)
            assert response.status_code < 400 or response.status_code in (404, 422), (
                f"{persona} {method.upper()} {url}: {body}"
            )
        else:
            status = 401 if expected == "unauthenticated" else 403
            assert response.status_code == status, f"{persona} {method.upper()} {url}: {body}"
            assert set(body) >= {"detail", "code"}, body
            assert row_counts() == before, f"{persona} {method.upper()} {url} changed data"


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_platform_staff_reach_the_platform_administration(
    matrix: dict[str, Any], persona: str
) -> None:
    client = client_for(matrix["users"].get(persona))
    for path in ["/admin/", "/admin/tenants/organisation/", "/admin/audit/auditentry/"]:
        response = client.get(path)
        if persona == "platform_admin":
            assert response.status_code == 200, path
            assert (
                "Gmina Beta" in response.content.decode() or path != "/admin/tenants/organisation/"
            )
        else:
            assert response.status_code == 302, f"{persona} GET {path}"
            assert "/admin/login/" in response["Location"]


# --- office readability (issue 16): a manager of alpha, a persona the matrix above lacks. ---
# Managers read their organisation's audit journal; every other page admits them exactly as
# its Access declares.
def test_a_manager_is_admitted_exactly_where_managers_are_declared(
    matrix: dict[str, Any],
) -> None:
    manager = make_user("manager-a@example.org")
    add_member(matrix["world"].org_a, manager, Role.MANAGER, unit=matrix["world"].unit_a)
    client = client_for(manager)
    admitted = set()
    for route in page_routes():
        if "org" not in route.kwargs or route.name in SESSION_ROUTES:
            continue
        access = route.view.access
        path = concrete(route, matrix["values"])
        response = client.get(path)
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        assert CANARY_SECRET not in raw.decode(errors="replace"), f"manager GET {path}"
        if access.public or not access.roles or Role.MANAGER in access.roles:
            assert response.status_code in (200, 405), f"manager GET {path}"
            admitted.add(route.name)
        else:
            assert response.status_code in (403, 404), f"manager GET {path}"
    assert {"audit:journal", "audit:journal_csv"} <= admitted


PLATFORM_ROUTES["favicon"] = "public"  # office readability (issue 16): the site's icon
