"""Every change that should be searchable reaches the index by one path — the outbox written
in the change's own transaction — whatever wrote it: a registration, an import, the bulk demo,
a citizen's application with a file and the text read out of that file by the worker."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from municipium.registry.models import Attachment, Document
from municipium.search.models import IndexPending, SearchEntry
from municipium.search.queries import search
from municipium.tenants.scoping import resolve_scope
from tests.files.fixtures import accepted, media  # noqa: F401 — a fixture

from .conftest import client_for
from .test_eservices_api import BASE, GOOD
from .test_eservices_support import make_service
from .test_registry_import import bg_row, csv_bytes


def titles(user: Any, org: str, text: str) -> list[str]:
    return [hit.title for hit in search(resolve_scope(user, org), text).hits]


def test_an_imported_registry_is_searchable_when_the_command_ends(
    world: Any, registry: Any, tmp_path: Path
) -> None:
    """Seen before: `registry import` wrote no indexing work, `search drain` found nothing,
    and only `search reindex` made the documents searchable."""
    legacy = tmp_path / "legacy.csv"
    legacy.write_bytes(
        csv_bytes(
            [
                bg_row("1/21.11.2025", "21.11.2025", subject="Искане за водопроводна връзка"),
                bg_row("2/21.11.2025", "21.11.2025", correspondent="Стоян Колев"),
            ]
        )
    )
    out = io.StringIO()
    call_command("registry", "import", "--org", "alpha", str(legacy), stdout=out)
    assert "imported 2 documents" in out.getvalue()
    assert titles(world.official_a, "alpha", "водопроводни") == ["Искане за водопроводна връзка"]
    # The correspondent, and the letter from him.
    assert set(titles(world.official_a, "alpha", "Колев")) == {"Стоян Колев", "Писмо 2/21.11.2025"}
    assert not IndexPending.objects.exists()


def test_a_dry_run_import_marks_nothing_for_the_index(
    world: Any, registry: Any, tmp_path: Path
) -> None:
    legacy = tmp_path / "legacy.csv"
    legacy.write_bytes(csv_bytes([bg_row("1/21.11.2025", "21.11.2025")]))
    call_command(
        "registry", "import", "--org", "alpha", str(legacy), "--dry-run", stdout=io.StringIO()
    )
    assert not IndexPending.objects.exists()
    assert not SearchEntry.objects.exists()


def test_the_bulk_demo_documents_are_searchable_when_the_command_ends(
    world: Any, registry: Any
) -> None:
    call_command("demo", "--documents", "30", "--org", "alpha", "--quiet", stdout=io.StringIO())
    documents = Document.objects.filter(organisation=world.org_a)
    assert documents.count() == 30
    indexed = SearchEntry.objects.filter(organisation=world.org_a, type="document")
    assert indexed.count() == 30
    assert not IndexPending.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_citizens_file_is_read_and_found_by_a_word_of_its_text(
    world: Any,
    registry: Any,
    media: Path,  # noqa: F811
) -> None:
    """Seen before: a .docx attached to an online application stayed "waiting for text
    extraction" with the worker running, while files added at the counter were read."""
    make_service(world, registry)
    response = client_for(world.citizen).post(
        f"{BASE}/services/heirs/applications/multipart",
        {
            "application": json.dumps(GOOD),
            "proof": _upload("declaration.docx", accepted("letter.docx")),
        },
    )
    assert response.status_code == 201, response.content
    document = Document.objects.get(number=response.json()["number"])
    # The extraction task was queued with the application, in its transaction.
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(task_path__endswith="extract_attachment").count() == 1
    call_command("worker", "--batch", "--no-periodic", stdout=io.StringIO())
    attachment = Attachment.objects.get(document=document)
    assert attachment.extraction_status == "done"
    assert "наследници" in attachment.extracted_text
    # "издаване" stands only in the file.
    assert titles(world.official_a, "alpha", "издаването") == [document.subject]
    assert not IndexPending.objects.exists()


def _upload(name: str, data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_a_document_joining_a_case_is_found_by_the_cases_mark_and_only_it_is_reindexed(
    world: Any, registry: Any
) -> None:
    from municipium.registry import services
    from municipium.registry.models import FilePlanItem
    from municipium.search.services import drain_index

    from .conftest import register_letter

    case = services.case_open(
        organisation=world.org_a,
        actor=world.registrar_a,
        file_class=FilePlanItem.objects.filter(organisation=world.org_a).order_by("code").first(),
        unit=world.unit_a,
        title="Ремонт на улица",
    )
    members = [register_letter(world, registry, case=case).document for _ in range(3)]
    joining = register_letter(world, registry, subject="Писмо без преписка").document
    drain_index()
    services.case_add_document(case=case, document=joining, actor=world.registrar_a)
    # Only the document that joined waits for the indexer (its entry shows the mark), not
    # every document of the case.
    assert set(IndexPending.objects.values_list("type", "object_id")) == {
        ("case", case.pk),
        ("document", joining.pk),
    }
    drain_index()
    found = {
        hit.object_id
        for hit in search(resolve_scope(world.official_a, "alpha"), f'"{case.mark}"').hits
        if hit.type == "document"
    }
    assert found == {joining.pk, *(document.pk for document in members)}
