"""The search page, the API endpoint and the command: what they show, their bad-input
answers (which change nothing), and their bounded number of queries."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from municipium.search import queries
from municipium.search.models import IndexState, SearchEntry
from municipium.search.services import drain_index
from tests.conftest import client_for, process_environ, register_letter


@pytest.fixture
def letters(world: Any, registry: Any) -> list[Any]:
    documents = [
        register_letter(
            world, registry, subject=f"Жалба за улица {n}", description="Дупки"
        ).document
        for n in range(30)
    ]
    register_letter(world, registry, subject="Покана за събрание")
    drain_index()
    return documents


def test_the_page_shows_results_snippets_facets_and_the_count(
    world: Any, letters: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(world.official_a)
    with django_assert_max_num_queries(12):
        response = client.get("/alpha/office/search/", {"q": "жалби улици"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-live="polite"' in html and "30 results" in html
    assert "<mark>Жалба</mark>" in html or "<mark>улица</mark>" in html
    assert html.count('class="snippet"') == 20
    assert f"/alpha/office/registry/documents/{letters[-1].pk}/" in html
    assert "?q=" in html and "page=2" in html  # the next page
    assert "General register" in html or "general" in html  # the register facet
    # Page 2 holds the rest, with the same bounded number of queries.
    with django_assert_max_num_queries(12):
        second = client.get("/alpha/office/search/", {"q": "жалби улици", "page": "2"})
    assert second.content.decode().count('class="snippet"') == 10


def test_a_facet_link_narrows_and_can_be_removed(world: Any, letters: Any) -> None:
    client = client_for(world.official_a)
    narrowed = client.get("/alpha/office/search/", {"q": "жалба", "status": "annulled"})
    assert "0 results" in narrowed.content.decode()
    selected = client.get("/alpha/office/search/", {"q": "жалба", "type": "document"})
    html = selected.content.decode()
    assert "selected; follow to remove" in html
    assert 'href="?q=%D0%B6%D0%B0%D0%BB%D0%B1%D0%B0&amp;sort=relevance"' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"незатворени кавички', "quotation mark is not closed"),
        ("OR жалба", "OR needs a term on each side"),
        ("жалба OR", "OR needs a term on each side"),
        ("-жалба", "not only terms to exclude"),
        ("a*", "at least two letters"),
        ("жалба OR -улица", "cannot be part of OR"),
    ],
)
def test_a_malformed_query_gets_a_form_error_and_a_400(
    world: Any, letters: Any, query: str, message: str
) -> None:
    client = client_for(world.official_a)
    page = client.get("/alpha/office/search/", {"q": query})
    assert page.status_code == 400
    assert message in page.content.decode()
    api = client.get("/api/v1/orgs/alpha/search", {"q": query})
    assert api.status_code == 400
    body = api.json()
    assert body["code"] == "invalid" and message in body["detail"]


def test_the_api_returns_ranked_items_facets_and_pages(
    world: Any, letters: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(world.official_a)
    with django_assert_max_num_queries(10):
        response = client.get("/api/v1/orgs/alpha/search", {"q": "жалба", "sort": "date"})
    body = response.json()
    assert response.status_code == 200
    assert body["total"] == 30 and body["pages"] == 2 and len(body["items"]) == 20
    assert body["items"][0]["title"] == "Жалба за улица 29"
    assert "<mark>Жалба</mark>" in body["items"][0]["snippet"]
    assert {f["value"]: f["count"] for f in body["facets"]["type"]} == {"document": 30}
    assert (
        client.get("/api/v1/orgs/alpha/search", {"q": "жалба", "sort": "random"}).status_code == 422
    )


def test_counting_stops_at_the_limit_and_says_so(
    world: Any, letters: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queries, "COUNT_LIMIT", 12)
    client = client_for(world.official_a)
    body = client.get("/api/v1/orgs/alpha/search", {"q": "жалба"}).json()
    assert body["total"] == 12 and body["total_exact"] is False and body["pages"] == 1
    assert sum(f["count"] for f in body["facets"]["type"]) == 12
    # By relevance, the 12 most recently indexed matches are ranked (the letters were
    # registered in the order of their street numbers).
    titles = {item["title"] for item in body["items"]}
    assert titles == {f"Жалба за улица {n}" for n in range(18, 30)}
    by_date = client.get("/api/v1/orgs/alpha/search", {"q": "жалба", "sort": "date"}).json()
    assert by_date["total"] == 12 and by_date["total_exact"] is False
    # By date, the window is the 12 newest by date (with the real limit every page offered
    # lies in it: MAX_PAGE pages of PAGE_SIZE).
    assert len(by_date["items"]) == 12
    assert by_date["items"][0]["title"] == "Жалба за улица 29"
    html = client.get("/alpha/office/search/", {"q": "жалба"}).content.decode()
    assert "More than 12 results" in html
    assert "Counted among the 12 most recently registered or changed results" in html
    monkeypatch.setattr(queries, "COUNT_LIMIT", 30)
    body = client.get("/api/v1/orgs/alpha/search", {"q": "жалба", "sort": "date"}).json()
    assert body["total"] == 30 and body["total_exact"] is True
    assert "30 results" in client.get("/alpha/office/search/", {"q": "жалба"}).content.decode()


def test_reindex_rebuilds_and_swaps_the_generation(world: Any, letters: Any) -> None:
    before = IndexState.objects.get(organisation=world.org_a).generation
    SearchEntry.objects.filter(organisation=world.org_a).update(title="stale")
    out = io.StringIO()
    call_command("search", "reindex", "--org", "alpha", stdout=out)
    assert "alpha: " in out.getvalue()
    state = IndexState.objects.get(organisation=world.org_a)
    assert state.generation == before + 1 and state.building is None
    entries = SearchEntry.objects.filter(organisation=world.org_a)
    assert not entries.filter(title="stale").exists()
    assert set(entries.values_list("generation", flat=True)) == {state.generation}
    response = client_for(world.official_a).get("/api/v1/orgs/alpha/search", {"q": "жалба"})
    assert response.json()["total"] == 30


def test_reindex_refuses_an_unknown_organisation_and_changes_nothing(
    world: Any, letters: Any
) -> None:
    before = list(SearchEntry.objects.values_list("id", flat=True))
    with pytest.raises(CommandError) as raised:
        call_command("search", "reindex", "--org", "nowhere")
    assert raised.value.returncode == 2 and "nowhere" in str(raised.value)
    assert list(SearchEntry.objects.values_list("id", flat=True)) == before


def test_the_command_run_by_hand_exits_2_with_one_line(tmp_path: Path) -> None:
    environ = process_environ(tmp_path)
    municipium = str(Path(sys.executable).with_name("municipium"))
    subprocess.run([municipium, "migrate", "-v", "0"], env=environ, check=True, capture_output=True)
    result = subprocess.run(
        [municipium, "search", "reindex", "--org", "nowhere"],
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "nowhere" in result.stderr
    result = subprocess.run(
        [municipium, "search", "rebuild"], env=environ, capture_output=True, text=True, check=False
    )
    assert result.returncode == 2 and result.stderr.strip().count("\n") == 0


def test_an_unknown_type_gets_a_400_naming_the_known_ones(world: Any, letters: Any) -> None:
    client = client_for(world.official_a)
    api = client.get("/api/v1/orgs/alpha/search", {"q": "жалба", "type": "documents"})
    assert api.status_code == 400
    body = api.json()
    assert "Unknown type 'documents'" in body["detail"] and "document" in body["detail"]
    known = client.get("/api/v1/orgs/alpha/search", {"q": "жалба", "type": "document"})
    assert known.json()["total"] == 30
