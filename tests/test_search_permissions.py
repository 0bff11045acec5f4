"""Search never shows, counts or facets what the user may not read: the rule of
registry.queries.visible_documents, applied inside the index's SQL."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from municipium.registry.models import Correspondent
from municipium.search.queries import search
from municipium.search.services import drain_index
from municipium.tenants.scoping import resolve_scope
from tests.conftest import client_for, register_letter

WORD = "водопровод"


@pytest.fixture
def documents(world: Any, registry: Any) -> dict[str, Any]:
    from municipium.registry.services import document_register

    internal = register_letter(world, registry, subject=f"Авария на {WORD}а").document
    secret = register_letter(
        world,
        registry,
        subject=f"Поверително: ремонт на {WORD}а",
        confidentiality="confidential",
        readers=[world.official_a],
        actor=None,  # not the registrar: one who registers it reads it
    ).document
    other_org = document_register(
        organisation=world.org_b,
        actor=world.official_b,
        register=registry.rpw,
        direction="incoming",
        kind=registry.pl_letter,
        subject=f"Awaria {WORD}",
        channel="post",
    ).document
    drain_index()
    return {"internal": internal, "secret": secret, "other_org": other_org}


def titles(user: Any, org: str, text: str = WORD) -> tuple[set[str], int, dict[str, int]]:
    results = search(resolve_scope(user, org), text)
    facet = {f.value: f.count for f in results.facets.get("type", [])}
    return {hit.title for hit in results.hits}, results.total, facet


def test_a_named_reader_finds_the_confidential_document(world: Any, documents: Any) -> None:
    found, total, facet = titles(world.official_a, "alpha")
    assert found == {f"Авария на {WORD}а", f"Поверително: ремонт на {WORD}а"}
    assert total == 2 and facet == {"document": 2}


def test_a_member_not_named_neither_finds_nor_counts_it(world: Any, documents: Any) -> None:
    found, total, facet = titles(world.registrar_a, "alpha")
    assert found == {f"Авария на {WORD}а"}
    assert total == 1 and facet == {"document": 1}
    # Not even a word only the confidential document has.
    assert titles(world.registrar_a, "alpha", "ремонт") == (set(), 0, {})


def test_becoming_a_reader_is_followed_by_the_index(world: Any, documents: Any) -> None:
    documents["secret"].readers.add(world.registrar_a)
    from municipium.search.services import index_soon

    index_soon(documents["secret"])
    drain_index()
    assert titles(world.registrar_a, "alpha")[1] == 2


@pytest.mark.parametrize("persona", ["official_b", "citizen", "admin_b"])
def test_other_organisations_and_citizens_see_nothing(
    world: Any, documents: Any, persona: str
) -> None:
    assert titles(getattr(world, persona), "alpha") == (set(), 0, {})


def test_anonymous_sees_nothing(world: Any, documents: Any) -> None:
    assert titles(AnonymousUser(), "alpha") == (set(), 0, {})


def test_each_organisation_finds_only_its_own(world: Any, documents: Any) -> None:
    assert titles(world.official_b, "beta")[0] == {f"Awaria {WORD}"}


def test_correspondents_are_found_by_name_but_not_by_personal_identifier(
    world: Any, registry: Any
) -> None:
    register_letter(
        world,
        registry,
        subject="Молба",
        new_correspondent={
            "name": "Иван Петров",
            "kind": "person",
            "identifier_type": "egn",
            "identifier": "7523169263",
        },
    )
    drain_index()
    correspondent = Correspondent.objects.get(name="Иван Петров")
    found = search(resolve_scope(world.official_a, "alpha"), "петров", filters=None)
    assert ("correspondent", correspondent.pk) in {(h.type, h.object_id) for h in found.hits}
    assert search(resolve_scope(world.official_a, "alpha"), "7523169263").total == 0


def test_the_page_and_the_api_refuse_outsiders(world: Any, documents: Any) -> None:
    page = client_for(world.official_b).get("/alpha/office/search/", {"q": WORD})
    assert page.status_code == 403
    api = client_for(world.citizen).get("/api/v1/orgs/alpha/search", {"q": WORD})
    assert api.status_code == 403 and api.json()["code"] == "permission_denied"
    anonymous = client_for(None).get("/api/v1/orgs/alpha/search", {"q": WORD})
    assert anonymous.status_code == 401
    assert client_for(None).get("/alpha/office/search/", {"q": WORD}).status_code == 302


def test_the_register_list_filter_uses_the_index_with_its_permissions(
    world: Any, documents: Any
) -> None:
    named = client_for(world.official_a).get("/alpha/office/registry/", {"q": "водопроводи"})
    assert named.status_code == 200
    assert documents["secret"].number in named.content.decode()
    other = client_for(world.registrar_a).get("/alpha/office/registry/", {"q": "водопроводи"})
    assert documents["internal"].number in other.content.decode()
    assert documents["secret"].number not in other.content.decode()
