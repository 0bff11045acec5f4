"""The catalogue and the form builder: versions, field rules, who may edit; the demo."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from municipium.eservices import services
from municipium.eservices.models import Application, FormVersion, Service
from municipium.registry.models import FilePlanItem

from .conftest import client_for
from .test_eservices_support import answers, make_service


@pytest.fixture
def service(world: Any, registry: Any) -> Any:
    return make_service(world, registry)


def test_publishing_freezes_a_version_and_editing_starts_a_new_draft(
    world: Any, service: Any
) -> None:
    client_for(world.citizen).post(
        reverse("eservices:apply", kwargs={"org": "alpha", "service": service.slug}), answers()
    )
    filed = Application.objects.get()
    assert filed.form_version.number == 1
    services.form_field_add(
        service=service,
        actor=world.admin_a,
        spec={"key": "note", "type": "text", "label": {"bg": "Бележка", "en": "Note"}},
    )
    draft = services.draft_version(service)
    assert draft is not None and draft.number == 2 and len(draft.fields) == 7
    v1 = FormVersion.objects.get(service=service, number=1)
    assert len(v1.fields) == 6  # the published version did not change
    services.form_publish(service=service, actor=world.admin_a)
    filed.refresh_from_db()
    assert filed.form_version.number == 1  # the application keeps its version


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ({"key": "Bad Key", "type": "text"}, "key"),
        ({"key": "deceased", "type": "text"}, "key"),
        ({"key": "x", "type": "text", "label": {"bg": "Х"}}, "label"),
        (
            {"key": "x", "type": "choice", "choices": [{"value": "a", "label": {"bg": "A"}}]},
            "choices",
        ),
        ({"key": "x", "type": "identifier", "identifier_type": "ssn"}, "identifier_type"),
        ({"key": "x", "type": "file", "max_mb": 100000}, "max_mb"),
        ({"key": "x", "type": "text", "show_if": {"field": "nothing"}}, "show_if"),
        ({"key": "x", "type": "slider"}, "type"),
    ],
)
def test_a_bad_field_is_refused_with_the_reason_and_changes_nothing(
    world: Any, service: Any, spec: dict[str, Any], field: str
) -> None:
    spec = {"label": {"bg": "Поле", "en": "Field"}, **spec}
    with pytest.raises(ValidationError) as error:
        services.form_field_add(service=service, actor=world.admin_a, spec=spec)
    assert field in error.value.message_dict
    draft = services.draft_version(service)
    assert draft is None or len(draft.fields) == 6


def test_a_field_others_depend_on_cannot_be_deleted_or_moved_below_them(
    world: Any, service: Any
) -> None:
    with pytest.raises(ValidationError):
        services.form_field_delete(service=service, actor=world.admin_a, key="delivery")
    with pytest.raises(ValidationError):
        services.form_field_move(service=service, actor=world.admin_a, key="delivery", offset=1)
    services.form_field_move(service=service, actor=world.admin_a, key="consent", offset=-1)
    keys = [f["key"] for f in services.draft_version(service).fields]  # type: ignore[union-attr]
    assert keys[-2:] == ["consent", "proof"]


def test_the_admin_builds_a_form_in_the_browserless_pages(world: Any, registry: Any) -> None:
    client = client_for(world.admin_a)
    new = reverse("eservices:service_new", kwargs={"org": "alpha"})
    blank = client.get(new).content.decode()
    # The form asks for the title in each of the organisation's languages and for the rule.
    for name in ("slug", "title_bg", "title_en", "deadline_rule", "register", "file_class"):
        assert f'name="{name}"' in blank, name
    data = {
        "slug": "permit",
        "title_bg": "Разрешение",
        "title_en": "Permit",
        "legal_basis": "ЗУТ",
        "deadline_rule": services.DeadlineRule.objects.get(code="bg-apk-57-individual-act").pk,
        "register": registry.general.pk,
        "file_class": FilePlanItem.objects.get(organisation=world.org_a, code="03-01").pk,
        "unit": world.unit_a.pk,
        "is_published": "on",
    }
    refused = client.post(new, data)
    assert refused.status_code == 400
    assert "Publish the form before opening the service." in refused.content.decode()
    assert not Service.objects.filter(slug="permit").exists()
    response = client.post(new, {k: v for k, v in data.items() if k != "is_published"})
    assert response.status_code == 302
    service = Service.objects.get(slug="permit")
    builder = response["Location"]
    field = {
        "type": "text",
        "key": "plot",
        "label_bg": "Имот",
        "label_en": "Plot",
        "required": "on",
    }
    assert client.post(builder, field).status_code == 302
    assert client.post(builder, {**field, "key": "plot"}).status_code == 400  # same key
    choice = {
        "type": "multichoice",
        "key": "works",
        "label_bg": "Дейности",
        "label_en": "Works",
        "choices": "Строеж | Building\nРемонт | Repair = repair",
    }
    assert client.post(builder, choice).status_code == 302
    fields = services.draft_version(service).fields  # type: ignore[union-attr]
    assert fields[1]["choices"][1] == {"value": "repair", "label": {"bg": "Ремонт", "en": "Repair"}}
    publish = reverse("eservices:publish", kwargs={"org": "alpha", "service_id": service.pk})
    assert client.post(publish).status_code == 302
    assert services.published_version(service) is not None
    assert client_for(world.official_a).get(builder).status_code == 403
    assert client_for(world.admin_b).get(builder).status_code == 403


def test_public_pages_list_and_search_services_with_bounded_queries(
    world: Any, registry: Any, django_assert_max_num_queries: Any
) -> None:
    for slug in ("heirs", "heirs-2", "heirs-3"):
        make_service(world, registry, slug=slug)
    url = reverse("eservices:services", kwargs={"org": "alpha"})
    with django_assert_max_num_queries(4):  # whatever the number of services
        page = client_for(None).get(url)
    assert page.content.decode().count("Certificate of heirs") == 3
    assert "Certificate of heirs" not in client_for(None).get(url + "?q=zzz").content.decode()
    bg = client_for(None, "bg").get(url + "?q=наследници").content.decode()
    assert "Удостоверение за наследници" in bg
    assert (
        client_for(None)
        .get(reverse("eservices:services", kwargs={"org": "beta"}))
        .context["services"]
        == []
    )


def test_the_demo_has_five_published_services_per_municipality(db: Any) -> None:
    from municipium.demo.data import load_demo

    load_demo()
    for slug in ("primerovo", "przykladowo"):
        rows = Service.objects.filter(organisation__slug=slug, is_published=True)
        assert rows.count() >= 5
        for row in rows:
            assert services.published_version(row) is not None
            assert row.legal_basis
            assert row.kind.deadline_rule_id == row.deadline_rule_id
    load_demo()  # again: nothing new
    assert Service.objects.filter(organisation__slug="primerovo").count() == 5


def test_the_catalogue_page_runs_a_bounded_number_of_queries(
    world: Any, registry: Any, django_assert_max_num_queries: Any
) -> None:
    for slug in ("a1", "a2", "a3", "a4"):
        make_service(world, registry, slug=slug)
    url = reverse("eservices:catalogue", kwargs={"org": "alpha"})
    client = client_for(world.admin_a)
    with django_assert_max_num_queries(8):
        page = client.get(url)
    assert len(page.context["services"]) == 4


def test_publishing_is_a_post_for_the_admin_only(world: Any, service: Any) -> None:
    url = reverse("eservices:publish", kwargs={"org": "alpha", "service_id": service.pk})
    assert client_for(None).get(url).status_code == 302  # to sign in
    assert client_for(world.official_a).post(url).status_code == 403
    assert client_for(world.admin_a).get(url).status_code == 405


def test_two_versions_are_compared_field_by_field(world: Any, service: Any) -> None:
    from municipium.eservices.versions import ADDED, CHANGED, REMOVED, compare

    before = FormVersion.objects.get(service=service, number=1).fields
    after = [dict(spec) for spec in before if spec["key"] != "address"]
    after[0] = {**after[0], "required": False, "label": {"bg": "Починал", "en": "The deceased"}}
    after.append({"key": "note", "type": "text", "label": {"en": "Note"}})
    after[1], after[2] = after[2], after[1]
    changes = {c.key: c for c in compare(before, after, language="en", languages=["bg", "en"])}
    assert changes["note"].change == ADDED and changes["address"].change == REMOVED
    deceased = changes["deceased"]
    assert deceased.change == CHANGED and deceased.label == "The deceased"
    assert [(d.what, d.before, d.after) for d in deceased.differences] == [
        ("Label", "bg: Починал / en: Deceased", "bg: Починал / en: The deceased"),
        ("Required", "yes", "no"),
    ]
    assert [d.what for d in changes["egn"].differences] == ["Position"]
    assert "consent" not in changes  # unchanged fields are not listed
    assert compare(before, before, language="en", languages=["bg", "en"]) == []


def test_the_versions_page_lists_versions_and_shows_what_changed(world: Any, service: Any) -> None:
    services.form_field_add(
        service=service,
        actor=world.admin_a,
        spec={"key": "note", "type": "text", "label": {"bg": "Бележка", "en": "Note"}},
    )
    url = reverse("eservices:versions", kwargs={"org": "alpha", "service_id": service.pk})
    page = client_for(world.admin_a).get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "draft, not published" in html and "From version 1 to version 2" in html
    assert "Note" in html and "added" in html
    same = client_for(world.admin_a).get(url, {"a": 1, "b": 1}).content.decode()
    assert "The two versions have the same fields." in same
    wrong = client_for(world.admin_a).get(url, {"a": 1, "b": 99})
    assert (
        wrong.status_code == 400 and "Choose two versions of this form." in wrong.content.decode()
    )
    assert "From version" not in wrong.content.decode()
    # Only the organisation's admins: an official and another organisation's admin are refused.
    assert client_for(world.official_a).get(url).status_code == 403
    assert client_for(world.admin_b).get(url).status_code == 403
