"""The manager's overview per persona, the public figures (off until published, small groups
suppressed, charts with text alternatives), the comparison, open data and the catalogue."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from municipium.insights.models import FiguresSettings
from municipium.insights.services import figures_publish_set, figures_update_all
from municipium.registry import services as rs
from municipium.registry.models import Document
from municipium.tenants.models import Role

from .conftest import World, add_member, client_for, make_user, register_letter


@pytest.fixture
def busy(world: World, registry: Any) -> dict[str, Any]:
    return make_busy(world, registry)


def make_busy(world: World, registry: Any) -> dict[str, Any]:
    """Alpha: an unassigned letter, a letter held by official_a (overdue), a confidential
    one held by official_a, eight answered letters; and a manager."""
    today = timezone.localdate()
    manager = make_user("manager-a@example.org")
    add_member(world.org_a, manager, Role.MANAGER)
    waiting = register_letter(world, registry, subject="Чака разпределение").document
    held = register_letter(
        world, registry, kind=registry.application, subject="Закъсняло заявление"
    ).document
    rs.task_assign(
        organisation=world.org_a,
        actor=manager,
        instruction="Отговорете",
        due_on=today + timedelta(days=3),
        document=held,
        assignee=world.official_a,
    )
    Document.objects.filter(pk=held.pk).update(deadline=today - timedelta(days=4))
    secret = register_letter(
        world,
        registry,
        confidentiality="confidential",
        subject="SECRET-SUBJECT",
        readers=[world.registrar_a],
    ).document
    rs.task_assign(
        organisation=world.org_a,
        actor=manager,
        instruction="Отговорете",
        due_on=today + timedelta(days=3),
        document=secret,
        assignee=world.registrar_a,
    )
    for _ in range(8):
        letter = register_letter(world, registry, channel="portal").document
        rs.document_set_status(document=letter, actor=world.registrar_a, status="answered")
    # A kind with only one document this month: a small group in public.
    register_letter(world, registry, kind=registry.application, subject="Едно")
    figures_update_all()
    return {
        "manager": manager,
        "waiting": waiting,
        "held": held,
        "secret": secret,
        "registry": registry,
    }


def test_the_manager_sees_the_whole_organisation(world: World, busy: dict[str, Any]) -> None:
    page = client_for(busy["manager"]).get("/alpha/office/figures/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Incoming, not yet assigned" in text and _link(busy["waiting"]) in text
    assert "official-a" in text  # work per official
    assert "Закъсняло заявление" in text and "Days late" in text
    assert "SECRET-SUBJECT" not in text  # not a named reader
    assert f"holder={world.official_a.pk}" in text
    assert "Trends by month" in text and "<svg" in text


def test_an_official_sees_only_their_own_work(world: World, busy: dict[str, Any]) -> None:
    page = client_for(world.official_a).get("/alpha/office/figures/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Incoming, not yet assigned" not in text and _link(busy["waiting"]) not in text
    assert "Закъсняло заявление" in text
    assert "registrar-a" not in text and "Trends by month" not in text


def test_the_numbers_link_to_the_list_behind_them(world: World, busy: dict[str, Any]) -> None:
    client = client_for(busy["manager"])
    found = client.get(f"/alpha/office/registry/?holder={world.official_a.pk}&overdue=on")
    assert found.status_code == 200
    assert _link(busy["held"]) in found.content.decode()
    assert _link(busy["waiting"]) not in found.content.decode()
    waiting = client.get("/alpha/office/registry/?direction=incoming&status=registered")
    assert _link(busy["waiting"]) in waiting.content.decode()
    assert _link(busy["held"]) not in waiting.content.decode()


def _link(document: Document) -> str:
    return f">{document.number}</a>"


def test_other_organisations_and_citizens_get_no_overview(
    world: World, busy: dict[str, Any]
) -> None:
    assert client_for(world.official_b).get("/alpha/office/figures/").status_code == 403
    assert client_for(world.citizen).get("/alpha/office/figures/").status_code == 403
    assert client_for(None).get("/alpha/office/figures/").status_code == 302


def test_the_figures_are_not_public_until_the_admin_publishes_them(
    world: World, busy: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    def home_menu() -> str:
        return client_for(None).get("/alpha/").content.decode()

    assert client_for(None).get("/alpha/figures/").status_code == 404
    assert 'href="/alpha/figures/"' not in home_menu()
    assert (
        client_for(world.official_a)
        .post("/alpha/office/figures/publish/", {"publish": "on"})
        .status_code
        == 403
    )
    admin = client_for(world.admin_a)
    assert admin.post("/alpha/office/figures/publish/", {"publish": "maybe"}).status_code == 400
    # The cached public pages go stale when the choice is committed.
    with django_capture_on_commit_callbacks(execute=True):
        answer = admin.post("/alpha/office/figures/publish/", {"publish": "on"})
    assert answer.status_code == 302
    assert FiguresSettings.objects.get(organisation=world.org_a).publish
    page = client_for(None).get("/alpha/figures/")
    assert page.status_code == 200
    # The organisation's menu offers the figures while they are published, and marks the page.
    assert 'href="/alpha/figures/" aria-current="page"' in page.content.decode()
    assert 'href="/alpha/figures/"' in home_menu()
    with django_capture_on_commit_callbacks(execute=True):
        admin.post("/alpha/office/figures/publish/", {"publish": "off"})
    assert client_for(None).get("/alpha/figures/").status_code == 404
    assert 'href="/alpha/figures/"' not in home_menu()


def test_the_public_page_has_charts_with_text_and_hides_small_groups(
    world: World, busy: dict[str, Any]
) -> None:
    figures_publish_set(organisation=world.org_a, actor=None, publish=True)
    text = client_for(None).get("/alpha/figures/").content.decode()
    assert 'role="img"' in text and "<desc id=" in text and "<title id=" in text
    assert "Figures by month" in text and "How the figures are computed" in text
    assert "fewer than 5" in text  # the kind "application" has fewer than 5 this month
    assert "SECRET-SUBJECT" not in text and "style=" not in text


def test_a_bad_period_is_a_form_error(world: World, busy: dict[str, Any]) -> None:
    figures_publish_set(organisation=world.org_a, actor=None, publish=True)
    client = client_for(None)
    assert client.get("/alpha/figures/?start=2026-13").status_code == 400
    assert client.get("/alpha/figures/?start=2020-01&end=2026-01").status_code == 400
    assert client.get("/alpha/figures/?start=2026-05&end=2026-01").status_code == 400
    assert client.get("/alpha/figures/data/months.csv?start=nonsense").status_code == 400
    answer = client.get("/api/v1/orgs/alpha/figures/months?start=2026-13")
    assert answer.status_code == 400 and "YYYY-MM" in answer.json()["detail"]
    assert client.get("/api/v1/orgs/alpha/figures/months?start=nonsense").status_code == 422


def test_the_comparison_lists_only_the_organisations_that_publish(
    world: World, busy: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(None)
    assert "Община Алфа" not in client.get("/figures/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        figures_publish_set(organisation=world.org_a, actor=None, publish=True)
    assert "Община Алфа" in client.get("/figures/").content.decode()
    assert "Община Алфа" not in client.get("/figures/?country=PL").content.decode()
    assert client.get("/figures/?country=XX").status_code == 400
    api = client.get("/api/v1/figures?country=BG").json()
    assert [row["organisation"] for row in api] == ["alpha"]
    assert api[0]["figures"]["received"] == 12


def test_open_data_in_csv_and_json_with_stable_columns(world: World, busy: dict[str, Any]) -> None:
    figures_publish_set(organisation=world.org_a, actor=None, publish=True)
    client = client_for(None)
    month = f"{timezone.localdate():%Y-%m}"
    found = client.get("/alpha/figures/data/months.csv")
    assert found["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(found.content.decode())))
    assert list(rows[0]) == [
        "month", "received", "answered", "answered_with_deadline", "answered_on_time",
        "on_time_rate", "median_days", "p90_days", "online", "counter", "online_share",
        "suspended", "extended", "suppressed",
    ]  # fmt: skip
    this_month = next(r for r in rows if r["month"] == month)
    assert this_month["received"] == "12" and this_month["answered"] == "8"
    kinds = json.loads(client.get("/alpha/figures/data/kinds.json").content)
    assert kinds["licence"] == "https://creativecommons.org/licenses/by/4.0/"
    small = [r for r in kinds["rows"] if r["suppressed"]]
    assert small and all(r["received"] is None for r in small)
    assert client.get("/alpha/figures/data/secrets.csv").status_code == 404
    api = client.get("/api/v1/orgs/alpha/figures/kinds").json()
    assert [{k: v for k, v in r.items() if k != "month"} for r in api["rows"]] == kinds["rows"]
    assert client.get("/beta/figures/data/months.csv").status_code == 404


def test_the_catalogue_is_dcat_ap(world: World, busy: dict[str, Any]) -> None:
    from rdflib import Graph, Namespace
    from rdflib.namespace import DCAT, DCTERMS, RDF

    figures_publish_set(organisation=world.org_a, actor=None, publish=True)
    found = client_for(None).get("/data/catalog.jsonld")
    assert found["Content-Type"].startswith("application/ld+json")
    graph = Graph().parse(data=found.content.decode(), format="json-ld")
    catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogs) == 1
    datasets = list(graph.objects(catalogs[0], DCAT.dataset))
    assert len(datasets) == 5  # one organisation that publishes, five measures
    freq = Namespace("http://publications.europa.eu/resource/authority/frequency/")
    for dataset in datasets:
        assert (dataset, RDF.type, DCAT.Dataset) in graph
        for required in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCTERMS.license):
            assert graph.value(dataset, required) is not None, required
        assert graph.value(dataset, DCTERMS.accrualPeriodicity) == freq.DAILY
        period = graph.value(dataset, DCTERMS.temporal)
        assert graph.value(period, DCAT.startDate) is not None
        distributions = list(graph.objects(dataset, DCAT.distribution))
        assert len(distributions) == 2
        for distribution in distributions:
            assert graph.value(distribution, DCAT.accessURL) is not None
            assert graph.value(distribution, DCTERMS.license) is not None


def test_the_pages_run_the_same_queries_whatever_the_number_of_documents(
    world: World, registry: Any
) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    figures_publish_set(organisation=world.org_a, actor=None, publish=True)

    def grow(count: int) -> None:
        for n in range(count):
            channel = "portal" if n % 2 else "counter"
            letter = register_letter(world, registry, channel=channel).document
            if n % 3 == 0:
                rs.document_set_status(document=letter, actor=world.registrar_a, status="answered")
        figures_update_all()

    def queries(path: str, n: int) -> int:
        cache.clear()  # every measure reads the organisation too, as the first visitor does
        with CaptureQueriesContext(connection) as captured:
            found = client_for(None).get(f"{path}?n={n}")  # a new address: never cached
        assert found.status_code == 200
        return len(captured)

    paths = [
        "/alpha/figures/",
        "/figures/",
        "/alpha/figures/data/kinds.csv",
        "/data/catalog.jsonld",
    ]
    grow(3)
    few = [queries(path, 1) for path in paths]
    grow(12)
    assert [queries(path, 2) for path in paths] == few
    assert max(few) <= 16


def test_every_count_of_the_overview_equals_the_list_it_links_to(
    world: World, busy: dict[str, Any]
) -> None:
    from urllib.parse import parse_qs, urlparse

    from municipium.insights.queries import overview
    from municipium.registry.queries import DocumentFilters, document_list
    from municipium.tenants.scoping import resolve_scope

    # The held letter is answered while its task stays open: it is no longer open work.
    answered = register_letter(world, busy["registry"], subject="Отговорено")
    rs.task_assign(
        organisation=world.org_a,
        actor=busy["manager"],
        instruction="Отговорете",
        due_on=timezone.localdate(),
        document=answered.document,
        assignee=world.official_a,
    )
    rs.document_set_status(document=answered.document, actor=world.registrar_a, status="answered")
    for user in (busy["manager"], world.official_a):
        scope = resolve_scope(user, "alpha")
        found = overview(scope)
        pairs = [(found.overdue_count, found.overdue_url)]
        if found.whole:
            pairs.append((found.unassigned_count, found.unassigned_url))
        for row in [*found.officials, *found.units]:
            for name in ("open", "due_week", "overdue"):
                pairs.append((row[name], row[f"{name}_url"]))
        assert len(pairs) > 3
        for count, url in pairs:
            query = {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}
            filters = DocumentFilters(
                status=query.get("status"),
                direction=query.get("direction"),
                overdue=query.get("overdue") == "on",
                due_week=query.get("due_week") == "on",
                holder=int(query["holder"]) if "holder" in query else None,
                unit=int(query["unit"]) if "unit" in query else None,
            )
            assert document_list(scope, filters).count() == count, url
