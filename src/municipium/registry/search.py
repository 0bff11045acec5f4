"""What of the registry is searchable: documents, cases and correspondents.

Correspondents are found by name only: their personal identifiers never enter the index.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from municipium.search.types import (
    IndexedItem,
    SearchableType,
    register_dependents,
    register_type,
)

from . import models as registry_models
from .models import (
    Case,
    CaseStatus,
    Confidentiality,
    Correspondent,
    Document,
    DocumentKind,
    Register,
    Status,
    Task,
)


def _documents(organisation: Any) -> QuerySet[Document]:
    documents = Document.objects.select_related("register", "kind", "correspondent", "case").only(
        "organisation_id",
        "number",
        "subject",
        "description",
        "registered_at",
        "period",
        "status",
        "confidentiality",
        "register__code",
        "register__name",
        "kind__code",
        "kind__name",
        "correspondent__name",
        "case__mark",
    )
    if organisation is not None:
        documents = documents.filter(organisation=organisation)
    return documents


def _prepare_documents(documents: list[Document]) -> None:
    """The named readers of the confidential ones and the attachments' text, in two queries
    for the whole batch."""
    ids = [document.pk for document in documents]
    readers: dict[int, list[int]] = {}
    confidential = [d.pk for d in documents if d.confidentiality == Confidentiality.CONFIDENTIAL]
    if confidential:
        named = Document.readers.through.objects.filter(document_id__in=confidential)
        for document_id, user_id in named.values_list("document_id", "user_id"):
            readers.setdefault(document_id, []).append(user_id)
    texts: dict[int, list[str]] = {}
    attachment = getattr(registry_models, "Attachment", None)
    if attachment is not None:
        extracted = attachment.objects.filter(document_id__in=ids).exclude(extracted_text="")
        for document_id, text in extracted.order_by("id").values_list(
            "document_id", "extracted_text"
        ):
            texts.setdefault(document_id, []).append(text)
    for document in documents:
        document._search_readers = readers.get(document.pk, [])  # type: ignore[attr-defined]
        document._search_texts = texts.get(document.pk, [])  # type: ignore[attr-defined]


def _build_document(document: Document) -> IndexedItem:
    if not hasattr(document, "_search_texts"):
        _prepare_documents([document])
    correspondent = document.correspondent.name if document.correspondent else ""
    texts: list[str] = document._search_texts  # type: ignore[attr-defined]
    confidential = document.confidentiality == Confidentiality.CONFIDENTIAL
    return IndexedItem(
        organisation_id=document.organisation_id,
        title=document.subject,
        number=document.number,
        parts=[
            document.number,
            document.subject,
            document.description,
            correspondent,
            document.kind.name,
            document.register.name,
            document.case.mark if document.case else "",
            *texts,
        ],
        body="\n".join(part for part in [document.description, *texts] if part),
        date=document.registered_at,
        register=document.register.code,
        year=document.period,
        kind=document.kind.code,
        status=document.status,
        readers=document._search_readers if confidential else None,  # type: ignore[attr-defined]
    )


def _registry_labels(organisation: Any) -> dict[str, dict[str, str]]:
    registers = Register.objects.filter(organisation=organisation).values_list("code", "name")
    kinds = DocumentKind.objects.filter(organisation=organisation).values_list("code", "name")
    statuses = {str(k): str(v) for k, v in Status.choices}
    statuses.update({str(k): str(v) for k, v in CaseStatus.choices})
    return {"register": dict(registers), "kind": dict(kinds), "status": statuses}


def _cases(organisation: Any) -> QuerySet[Case]:
    cases = Case.objects.select_related("file_class")
    return cases.filter(organisation=organisation) if organisation is not None else cases


def _build_case(case: Case) -> IndexedItem:
    return IndexedItem(
        organisation_id=case.organisation_id,
        title=case.title,
        number=case.mark,
        parts=[case.mark, case.title, case.file_class.title],
        body=case.file_class.title,
        date=case.opened_at,
        year=case.year,
        status=case.status,
    )


def _correspondents(organisation: Any) -> QuerySet[Correspondent]:
    correspondents = Correspondent.objects.all()
    if organisation is not None:
        correspondents = correspondents.filter(organisation=organisation)
    return correspondents


def _build_correspondent(correspondent: Correspondent) -> IndexedItem:
    return IndexedItem(
        organisation_id=correspondent.organisation_id,
        title=correspondent.name,
        parts=[correspondent.name],
        date=correspondent.created_at,
    )


def _correspondent_url(org: str, pk: int) -> str:
    return reverse("registry:list", kwargs={"org": org}) + f"?correspondent={pk}"


def _subjects_of_task(task: Task) -> Iterable[Any]:
    return [obj for obj in (task.document, task.case) if obj is not None]


register_type(
    SearchableType(
        name="document",
        label=_("Document"),
        model=Document,
        build=_build_document,
        objects_of=_documents,
        url=lambda org, pk: reverse("registry:document", kwargs={"org": org, "document_id": pk}),
        facet_labels=_registry_labels,
        prepare=_prepare_documents,
    )
)
register_type(
    SearchableType(
        name="case",
        label=_("Case"),
        model=Case,
        build=_build_case,
        objects_of=_cases,
        url=lambda org, pk: reverse("registry:case", kwargs={"org": org, "case_id": pk}),
        facet_labels=_registry_labels,
    )
)
register_type(
    SearchableType(
        name="correspondent",
        label=_("Correspondent"),
        model=Correspondent,
        build=_build_correspondent,
        objects_of=_correspondents,
        url=_correspondent_url,
    )
)
# A case's mark, in its documents' entries, never changes: a document joining a case is
# marked for indexing by the service that adds it (registry.services.case_add_document).
register_dependents(Task, _subjects_of_task)

# The attachments' text is part of their document's entry.
_Attachment = getattr(registry_models, "Attachment", None)
if _Attachment is not None:
    register_dependents(_Attachment, lambda attachment: [attachment.document])
