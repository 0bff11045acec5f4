"""Reads of the registry, always through a Scope: a member sees the organisation's public and
internal documents, and a confidential one only when named among its readers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from municipium.tenants.models import Membership, Role
from municipium.tenants.scoping import Scope

from .models import (
    OPEN_TASK_STATUSES,
    Case,
    Confidentiality,
    Correspondent,
    Document,
    DocumentKind,
    FilePlanItem,
    Register,
    Status,
    Task,
)

# Roles that see personal identifiers (EGN, PESEL) in full; others see them masked.
IDENTIFIER_ROLES = (Role.REGISTRAR, Role.MANAGER, Role.ADMIN)
OPEN_STATUSES = (Status.REGISTERED, Status.ASSIGNED, Status.IN_PROGRESS)


def sees_identifiers(scope: Scope) -> bool:
    return scope.has(*IDENTIFIER_ROLES)


def _readable(scope: Scope) -> Q:
    """A document the scope's user may read: not confidential, or naming them as a reader."""
    named = Document.readers.through.objects.filter(
        document_id=OuterRef("pk"), user_id=scope.user.pk
    )
    return ~Q(confidentiality=Confidentiality.CONFIDENTIAL) | Q(Exists(named))


def visible_documents(scope: Scope) -> QuerySet[Document]:
    if not scope.is_member:
        return Document.objects.none()
    return scope.filter(Document.objects.all()).filter(_readable(scope))


def registered_documents(scope: Scope) -> QuerySet[Document]:
    """Every document of the organisation, each marked `readable` for the scope's user: the
    registry book lists them all so its numbering has no gaps, but shows of a confidential
    one only its number to those not named among its readers."""
    if not scope.is_member:
        return Document.objects.none()
    return scope.filter(Document.objects.all()).annotate(
        readable=ExpressionWrapper(_readable(scope), output_field=BooleanField())
    )


def registers_of(scope: Scope) -> QuerySet[Register]:
    return scope.filter(Register.objects.all())


def kinds_of(scope: Scope) -> QuerySet[DocumentKind]:
    return scope.filter(DocumentKind.objects.select_related("deadline_rule"))


def correspondents_of(scope: Scope) -> QuerySet[Correspondent]:
    return scope.filter(Correspondent.objects.all())


@dataclass(frozen=True)
class DocumentFilters:
    register: str | None = None
    year: int | None = None
    kind: str | None = None
    status: str | None = None
    correspondent: int | None = None
    overdue: bool = False
    q: str | None = None
    direction: str | None = None
    holder: int | None = None  # a user id: open documents with an open task of theirs
    unit: int | None = None  # a unit id: open documents with an open task of the unit or its people
    due_week: bool = False  # open, the deadline within the coming seven days


def open_tasks_held_by(*, user_id: int | None = None, unit_id: int | None = None) -> Exists:
    """Whether a document (the outer query) has an open task of this official, or of this
    unit: assigned to the unit itself, or to an official who works in it."""
    tasks = Task.objects.filter(document_id=OuterRef("pk"), status__in=OPEN_TASK_STATUSES)
    if user_id is not None:
        tasks = tasks.filter(assignee_id=user_id)
    if unit_id is not None:
        members = Membership.objects.filter(
            organisation_id=OuterRef("organisation_id"), unit_id=unit_id, is_active=True
        ).values("user_id")
        tasks = tasks.filter(Q(unit_id=unit_id) | Q(unit__isnull=True, assignee_id__in=members))
    return Exists(tasks)


def document_list(scope: Scope, filters: DocumentFilters) -> QuerySet[Document]:
    """The register list, newest first, with what each row shows joined in."""
    documents = visible_documents(scope).select_related("register", "kind", "correspondent")
    if filters.register:
        documents = documents.filter(register__code=filters.register)
    if filters.year:
        documents = documents.filter(period=filters.year)
    if filters.kind:
        documents = documents.filter(kind__code=filters.kind)
    if filters.status:
        documents = documents.filter(status=filters.status)
    if filters.correspondent:
        documents = documents.filter(correspondent_id=filters.correspondent)
    if filters.overdue:
        documents = documents.filter(deadline__lt=timezone.localdate(), status__in=OPEN_STATUSES)
    if filters.direction:
        documents = documents.filter(direction=filters.direction)
    if filters.holder:
        documents = documents.filter(
            open_tasks_held_by(user_id=filters.holder), status__in=OPEN_STATUSES
        )
    if filters.unit:
        documents = documents.filter(
            open_tasks_held_by(unit_id=filters.unit), status__in=OPEN_STATUSES
        )
    if filters.due_week:
        today = timezone.localdate()
        documents = documents.filter(
            deadline__gte=today, deadline__lte=today + timedelta(days=7), status__in=OPEN_STATUSES
        )
    if filters.q:
        term = filters.q.strip()
        if looks_like_a_number(scope, term):
            documents = documents.filter(number=term)  # indexed: (organisation, number)
        else:
            documents = documents.filter(id__in=_indexed_matches(scope, term))
    return documents.order_by("-id")


def _indexed_matches(scope: Scope, term: str) -> RawSQL:
    """The ids of the documents the search index finds for `term` (permission-filtered in
    the same SQL). The register's filter box takes any text: a query the search language
    cannot parse is searched as its plain words."""
    from municipium.search.analysis import WORD, QueryError
    from municipium.search.queries import matching_ids

    try:
        sql, params = matching_ids(scope, term, type="document")
    except QueryError:
        words = WORD.findall(term)
        if not words:
            return RawSQL("SELECT NULL WHERE 1 = 0", [])
        sql, params = matching_ids(scope, " ".join(words), type="document")
    return RawSQL(sql, params)  # noqa: S611 — the search index's own SQL; values are params


def looks_like_a_number(scope: Scope, term: str) -> bool:
    """Whether the text has the shape of a number of one of the organisation's registers."""
    from .importer import number_pattern

    masks_in_use = registers_of(scope).values_list("mask", flat=True).distinct()
    return any(number_pattern(mask).fullmatch(term) for mask in masks_in_use)


def page(
    documents: QuerySet[Document], *, after: int | None, size: int
) -> tuple[list[Document], int | None]:
    """A page by keyset on the id: (rows, the cursor of the next page or None)."""
    if after is not None:
        documents = documents.filter(id__lt=after)
    rows = list(documents[: size + 1])
    cursor = rows[size - 1].pk if len(rows) > size else None
    return rows[:size], cursor


def document_detail(scope: Scope, document_id: Any) -> Document:
    return scope.get(
        visible_documents(scope).select_related(
            "register", "kind", "correspondent", "registered_by", "reply_to"
        ),
        pk=document_id,
    )


def deadline_state(document: Document, today: date | None = None) -> dict[str, Any]:
    """Days left and whether it was (or is being) answered on time."""
    if document.deadline is None:
        return {
            "deadline": None,
            "days_left": None,
            "overdue": False,
            "days_overdue": 0,
            "on_time": None,
        }
    today = today or timezone.localdate()
    done = document.answered_on
    days_left = (document.deadline - today).days
    open_ = document.status in OPEN_STATUSES
    return {
        "deadline": document.deadline,
        "days_left": days_left if open_ else None,
        "overdue": open_ and days_left < 0,
        "days_overdue": -days_left if open_ and days_left < 0 else 0,
        "on_time": (done <= document.deadline) if done else None,
    }


def file_plan_of(scope: Scope) -> QuerySet[FilePlanItem]:
    return scope.filter(FilePlanItem.objects.select_related("parent")).order_by("code")


def cases_of(scope: Scope) -> QuerySet[Case]:
    if not scope.is_member:
        return Case.objects.none()
    return scope.filter(Case.objects.select_related("file_class", "unit", "responsible"))


def case_detail(scope: Scope, case_id: Any) -> Case:
    return scope.get(cases_of(scope), pk=case_id)


def tasks_of(scope: Scope) -> QuerySet[Task]:
    return scope.filter(
        Task.objects.select_related("assignee", "unit", "document", "case", "created_by")
    )


def inbox(scope: Scope) -> QuerySet[Task]:
    """The user's open tasks and those of their unit: overdue and due soon first."""
    mine = Q(assignee=scope.user)
    if scope.membership is not None and scope.membership.unit_id is not None:
        mine |= Q(assignee__isnull=True, unit_id=scope.membership.unit_id)
    return tasks_of(scope).filter(mine, status__in=OPEN_TASK_STATUSES).order_by("due_on", "id")
