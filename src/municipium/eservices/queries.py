"""Reads of the e-services, always through a Scope or the organisation of the public page."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.utils.translation import get_language

from municipium.registry.models import Document, access_code_digest
from municipium.tenants.models import Organisation, Role
from municipium.tenants.scoping import Scope

from .models import Application, ApplicationStatus, FormVersion, Message, Service

OFFICE_ROLES = (Role.REGISTRAR, Role.MANAGER, Role.OFFICIAL)
BUILDER_ROLES = (Role.ADMIN,)


def public_services(organisation: Organisation, q: str = "") -> QuerySet[Service]:
    """The services open for applications; `q` searches title and description in the
    current language (and the organisation's main one)."""
    services = Service.objects.filter(organisation=organisation, is_published=True).select_related(
        "organisation"
    )
    q = q.strip()[:200]
    if q:
        language = (get_language() or "").split("-")[0]
        match = Q()
        for code in dict.fromkeys([language, organisation.main_language]):
            match |= Q(**{f"title__{code}__icontains": q})
            match |= Q(**{f"description__{code}__icontains": q})
        services = services.filter(match)
    return services.order_by(KeyTextTransform(organisation.main_language, "title"), "id")


def public_service(organisation: Organisation, slug: str) -> Service | None:
    # Five tables at most: more made PostgreSQL's planner the slowest part (see published_form).
    service = (
        Service.objects.filter(organisation=organisation, slug=slug, is_published=True)
        .select_related("deadline_rule", "register", "kind__deadline_rule")
        .first()
    )
    if service is not None:
        service.organisation = organisation
    return service


def published_form(organisation: Organisation, slug: str) -> FormVersion | None:
    """The current published form of a service open for applications, with its service and
    what registering an application reads of it, in one query. (Joining the file class and
    unit too cost PostgreSQL's planner 8 ms, more than reading them by key.)"""
    version = (
        FormVersion.objects.filter(
            service__organisation=organisation,
            service__slug=slug,
            service__is_published=True,
            published_at__isnull=False,
        )
        .select_related("service__register", "service__kind__deadline_rule")
        .order_by("-number")
        .first()
    )
    if version is not None:
        version.service.organisation = organisation
    return version


def current_form(service: Service) -> FormVersion | None:
    return (
        FormVersion.objects.filter(service=service, published_at__isnull=False)
        .order_by("-number")
        .first()
    )


def form_versions(service: Service) -> list[FormVersion]:
    """A service's form versions, newest first, each with `filed`: the applications filed
    with it (drafts not counted)."""
    filed = dict(
        Application.objects.filter(service=service)
        .exclude(status=ApplicationStatus.DRAFT)
        .values_list("form_version_id")
        .annotate(n=Count("id"))
        .values_list("form_version_id", "n")
    )
    versions = list(
        FormVersion.objects.filter(service=service)
        .select_related("published_by")
        .order_by("-number")
    )
    for version in versions:
        version.filed = filed.get(version.pk, 0)  # type: ignore[attr-defined]
    return versions


def services_of(scope: Scope) -> QuerySet[Service]:
    return scope.filter(
        Service.objects.select_related("organisation", "deadline_rule", "unit", "register")
    )


def track(organisation: Organisation, number: str, code: str) -> Document | None:
    """The organisation's document with this registry number and access code, or None —
    whatever was wrong (number, code, organisation)."""
    number, code = number.strip(), code.strip()
    if not number or not code:
        return None
    return (
        Document.objects.filter(
            organisation=organisation, number=number, access_code_digest=access_code_digest(code)
        )
        .select_related("organisation")
        .first()
    )


def tracked_document(organisation: Organisation, document_id: int) -> Document | None:
    return (
        Document.objects.filter(organisation=organisation, pk=document_id)
        .select_related("organisation")
        .first()
    )


def application_of_document(document: Document) -> Application | None:
    return (
        Application.objects.filter(document=document)
        .select_related("service", "form_version", "final_document")
        .first()
    )


def messages_of(application: Application) -> QuerySet[Message]:
    return application.messages.select_related("document").prefetch_related("document__attachments")


def my_applications(user: Any, organisation: Organisation) -> QuerySet[Application]:
    return (
        Application.objects.filter(organisation=organisation, user=user)
        .select_related("service__organisation", "document")
        .order_by("-id")
    )


def office_applications(scope: Scope, status: str = "") -> QuerySet[Application]:
    """Submitted applications of the organisation (drafts are the applicant's own),
    newest first; only roles that handle documents see them."""
    if not scope.has(*OFFICE_ROLES):
        return Application.objects.none()
    rows = scope.filter(Application.objects.exclude(status=ApplicationStatus.DRAFT))
    if status:
        rows = rows.filter(status=status)
    return rows.select_related("service__organisation", "document", "case").order_by("-id")


def office_application(scope: Scope, application_id: int) -> Application:
    return scope.get(
        office_applications(scope).select_related("form_version", "document__correspondent"),
        pk=application_id,
    )
