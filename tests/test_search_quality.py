"""Search quality on real public texts: BG and PL news of municipal associations. Inflected
forms find each other, diacritics are optional, and the query language works."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from municipium.search.queries import search
from municipium.search.services import drain_index
from municipium.tenants.scoping import resolve_scope
from tests.conftest import register_letter

NEWS = Path(__file__).parents[1] / "src/municipium/demo/samples/news"


@pytest.fixture
def news(world: Any, registry: Any) -> dict[str, Any]:
    documents = {}
    for path in sorted(NEWS.glob("*.txt")):
        text = path.read_text()
        title = text.strip().splitlines()[0]
        documents[path.stem] = register_letter(
            world, registry, subject=title[:200], description=text
        ).document
    drain_index()
    return documents


def stems(world: Any, news: dict[str, Any], text: str, **kwargs: Any) -> set[str]:
    by_id = {document.pk: stem for stem, document in news.items()}
    results = search(resolve_scope(world.official_a, "alpha"), text, **kwargs)
    return {by_id[hit.object_id] for hit in results.hits if hit.type == "document"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Bulgarian: the texts say «общините», «община», «събрание», «асоциацията».
        ("общината", {"bg-asko-24-years", "bg-naso-egov-meeting"}),
        ("събранието", {"bg-asko-24-years"}),
        ("асоциация", {"bg-asko-24-years"}),
        ("среща", {"bg-naso-egov-meeting"}),
        ("управлението", {"bg-asko-24-years", "bg-naso-egov-meeting"}),
        ("асоциациите", {"bg-asko-24-years"}),
        # Polish: «współpracy», «samorządami», «konferencja», «projektu».
        ("współpraca", {"pl-konferencja-podsumowujaca"}),
        ("samorząd", {"pl-konferencja-podsumowujaca"}),
        ("konferencji", {"pl-konferencja-podsumowujaca"}),
        ("projekty", {"pl-konferencja-podsumowujaca"}),
        # Without diacritics.
        ("urzad", {"pl-konferencja-podsumowujaca"}),
        ("wspolpraca", {"pl-konferencja-podsumowujaca"}),
        ("samorzadami", {"pl-konferencja-podsumowujaca"}),
    ],
)
def test_inflected_forms_find_each_other(
    world: Any, news: dict[str, Any], query: str, expected: set[str]
) -> None:
    assert stems(world, news, query) == expected


def test_words_are_anded_by_default_and_or_widens(world: Any, news: dict[str, Any]) -> None:
    assert stems(world, news, "среща асоциация") == set()
    assert stems(world, news, "среща OR асоциация") == {
        "bg-naso-egov-meeting",
        "bg-asko-24-years",
    }


def test_a_minus_excludes(world: Any, news: dict[str, Any]) -> None:
    assert stems(world, news, "софия -асоциация") == {"bg-naso-egov-meeting"}


def test_a_quoted_phrase_needs_its_words_in_order(world: Any, news: dict[str, Any]) -> None:
    assert stems(world, news, '"общото събрание"') == {"bg-asko-24-years"}
    assert stems(world, news, '"събрание общото"') == set()
    # The phrase matches other forms of its words too.
    assert stems(world, news, '"kompetentnego urzędu"') == {"pl-konferencja-podsumowujaca"}


def test_a_star_matches_the_beginning_of_words(world: Any, news: dict[str, Any]) -> None:
    assert stems(world, news, "podsumow*") == {"pl-konferencja-podsumowujaca"}
    assert stems(world, news, "електрон*") == {"bg-naso-egov-meeting"}


def test_snippets_mark_the_matches_and_escape_the_text(
    world: Any, registry: Any, news: dict[str, Any]
) -> None:
    register_letter(
        world, registry, subject="Сигнал", description="За общините <script>alert(1)</script>"
    )
    drain_index()
    results = search(resolve_scope(world.official_a, "alpha"), "общината")
    snippets = {str(hit.snippet) for hit in results.hits}
    assert any("<mark>общините</mark>" in s for s in snippets)
    assert all("<script>" not in s for s in snippets)
    assert any("&lt;script&gt;" in s for s in snippets)


def test_results_sort_by_date_and_page(world: Any, registry: Any) -> None:
    for n in range(25):
        register_letter(world, registry, subject=f"Молба номер {n}")
    drain_index()
    scope = resolve_scope(world.official_a, "alpha")
    first = search(scope, "молби", sort="date")
    assert first.total == 25 and first.pages == 2 and len(first.hits) == 20
    assert first.hits[0].title == "Молба номер 24"
    second = search(scope, "молби", sort="date", page=2)
    assert [hit.title for hit in second.hits][-1] == "Молба номер 0"


def test_facets_count_what_matches(world: Any, news: dict[str, Any]) -> None:
    results = search(resolve_scope(world.official_a, "alpha"), "2024 OR 2018 OR projekt")
    assert {f.value: f.count for f in results.facets["type"]} == {"document": 3}
    assert {f.value: f.count for f in results.facets["register"]} == {"general": 3}
    assert results.facets["register"][0].label  # the register's name
    narrowed = search(
        resolve_scope(world.official_a, "alpha"),
        "2024 OR 2018 OR projekt",
        filters=__import__("municipium.search.queries", fromlist=["x"]).SearchFilters(
            status="annulled"
        ),
    )
    assert narrowed.total == 0
