"""The pages' back office: who may use it, and bad input refused with a form error and
nothing saved — script and `javascript:` stripped, an image without alt text, a slug taken
in that language, a third level, a refused file."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from municipium.audit.models import AuditEntry
from municipium.newsroom.models import Page, PageAttachment, PageImage, PageState, PageTranslation
from municipium.tenants.models import PublicFile

from .conftest import client_for
from .pages_support import _empty_cache, add_text, make_page  # noqa: F401

FILES = Path(__file__).parent / "files"
NEW = "/alpha/office/pages/new/"


def _new(client, **fields):
    data = {"language": "bg", "title": "За нас", "slug": "za-nas", "summary": "", "body": ""}
    data.update(fields)
    return client.post(NEW, data)


@pytest.mark.parametrize("persona", ["admin_a", "communications_a"])
def test_admins_and_communications_create_a_page_as_a_draft(world, persona) -> None:
    client = client_for(getattr(world, persona))
    assert client.get("/alpha/office/pages/").status_code == 200
    answer = _new(client, body="<p>Текст</p>")
    page = Page.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/alpha/office/pages/{page.pk}/"
    assert page.state == PageState.DRAFT and page.created_by == getattr(world, persona)
    assert page.translations.get().slug == "za-nas"
    assert AuditEntry.objects.filter(action="page.create", object_id=str(page.pk)).exists()


@pytest.mark.parametrize("persona", ["official_a", "citizen", "admin_b"])
def test_others_may_not_use_the_office_of_pages(world, persona) -> None:
    page = make_page(world)
    client = client_for(getattr(world, persona))
    for url in ("/alpha/office/pages/", NEW, f"/alpha/office/pages/{page.pk}/"):
        assert client.get(url).status_code == 403
    assert client.post(f"/alpha/office/pages/{page.pk}/unpublish/").status_code == 403
    assert Page.objects.get().state == PageState.PUBLISHED


def test_anonymous_visitors_are_sent_to_sign_in(world) -> None:
    answer = client_for(None).get("/alpha/office/pages/")
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


def test_another_organisations_page_is_not_found_in_the_office(world) -> None:
    page = make_page(world)
    client = client_for(world.communications_b)
    assert client.get(f"/beta/office/pages/{page.pk}/").status_code == 404
    assert client.post(f"/beta/office/pages/{page.pk}/unpublish/").status_code == 404
    assert client.get(f"/beta/office/pages/new/?parent={page.pk}").status_code == 404


def test_script_event_handlers_and_javascript_links_are_stripped_from_the_stored_text(
    world,
) -> None:
    body = (
        '<p onclick="steal()">Здравейте<script>alert(1)</script></p>'
        '<a href="javascript:alert(2)">връзка</a><img src="/x.png" alt="Герб" onerror="x()">'
        '<p style="color:red">стил</p>'
    )
    _new(client_for(world.communications_a), body=body)
    stored = PageTranslation.objects.get().body
    for bad in ("script", "alert", "onclick", "onerror", "javascript:", "style="):
        assert bad not in stored
    assert "Здравейте" in stored and 'alt="Герб"' in stored


def test_an_image_without_alt_text_is_a_form_error_and_nothing_is_saved(world) -> None:
    answer = _new(client_for(world.communications_a), body='<p><img src="/a.png"></p>')
    assert answer.status_code == 400
    assert "have no alternative text" in answer.content.decode()
    assert (
        not Page.objects.exists() and not AuditEntry.objects.filter(action="page.create").exists()
    )


def test_a_slug_taken_in_that_language_is_a_form_error_and_nothing_is_saved(world) -> None:
    make_page(world)
    answer = _new(client_for(world.communications_a), title="Друга", slug="za-nas")
    assert answer.status_code == 400
    assert "This address is taken by another page in this language" in answer.content.decode()
    assert Page.objects.count() == 1 and PageTranslation.objects.count() == 1


def test_the_same_slug_is_free_in_another_language_and_under_another_parent(world) -> None:
    about = make_page(world)
    add_text(world, about, "en", "About", "za-nas")
    make_page(world, "Контакти", "kontakti")
    make_page(world, "За нас", "za-nas", parent=about)
    assert PageTranslation.objects.filter(slug="za-nas").count() == 3


def test_a_translation_cannot_take_a_slug_of_a_sibling_in_its_language(world) -> None:
    make_page(world, "About", "about", language="en")
    other = make_page(world, "Контакти", "kontakti")
    client = client_for(world.communications_a)
    answer = client.post(
        f"/alpha/office/pages/{other.pk}/text/en/", {"title": "Contacts", "slug": "about"}
    )
    assert answer.status_code == 400 and "This address is taken" in answer.content.decode()
    assert not other.translations.filter(language="en").exists()


def test_a_third_level_is_refused_with_a_form_error(world) -> None:
    about = make_page(world)
    board = make_page(world, "Съвет", "savet", parent=about)
    client = client_for(world.communications_a)
    assert "Add a sub-page" not in client.get(f"/alpha/office/pages/{board.pk}/").content.decode()
    answer = client.post(
        f"{NEW}?parent={board.pk}",
        {"language": "bg", "title": "Член", "slug": "chlen", "parent": board.pk},
    )
    assert answer.status_code == 400
    assert "Pages have two levels" in answer.content.decode()
    assert Page.objects.count() == 2


def test_a_language_the_organisation_does_not_publish_in_is_not_offered(world) -> None:
    page = make_page(world)
    client = client_for(world.communications_a)
    assert client.get(f"/alpha/office/pages/{page.pk}/text/pl/").status_code == 404
    assert _new(client, language="pl").status_code == 400
    assert Page.objects.count() == 1


def test_publishing_unpublishing_and_moving_pages(
    world, django_capture_on_commit_callbacks
) -> None:
    first = make_page(world, "Първа", "parva", publish=False)
    second = make_page(world, "Втора", "vtora", publish=False)
    client = client_for(world.communications_a)
    client.post(f"/alpha/office/pages/{second.pk}/publish/")
    second.refresh_from_db()
    assert second.state == PageState.PUBLISHED and second.changed_by == world.communications_a
    assert client_for(None).get("/alpha/pages/vtora/").status_code == 200
    client.post(f"/alpha/office/pages/{second.pk}/up/")
    assert list(Page.objects.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]
    with django_capture_on_commit_callbacks(execute=True):  # the cached page goes stale
        client.post(f"/alpha/office/pages/{second.pk}/unpublish/")
    assert client_for(None).get("/alpha/pages/vtora/").status_code == 404
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"page.publish", "page.unpublish", "page.move"} <= actions


def test_the_office_list_runs_a_bounded_number_of_queries(
    world, django_assert_max_num_queries
) -> None:
    for number in range(4):
        top = make_page(world, f"Раздел {number}", f"razdel-{number}")
        for sub in range(3):
            make_page(world, f"Под {number}.{sub}", f"pod-{sub}", parent=top)
    client = client_for(world.communications_a)
    with django_assert_max_num_queries(16):
        answer = client.get("/alpha/office/pages/")
    assert answer.content.decode().count("sub-page:") == 12


# --- attachments and images ---------------------------------------------------------------------


def _upload(name: str, folder: str = "accepted") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (FILES / folder / name).read_bytes())


def test_a_document_is_attached_and_listed_with_its_type_and_size(
    world, django_capture_on_commit_callbacks
) -> None:
    page = make_page(world)
    client = client_for(world.communications_a)
    answer = client.post(
        f"/alpha/office/pages/{page.pk}/",
        {
            "form": "attachment",
            "attachment-title": "Устав 2024",
            "attachment-file": _upload("letter.pdf"),
        },
    )
    assert answer.status_code == 302
    attachment = PageAttachment.objects.select_related("file").get()
    assert attachment.file.kind == "document" and attachment.file.title == "Устав 2024"
    html = client_for(None, "bg").get("/alpha/pages/za-nas/").content.decode()
    assert "Устав 2024" in html and "(PDF, " in html
    assert attachment.file.get_absolute_url() in html
    with django_capture_on_commit_callbacks(execute=True):  # the cached page goes stale
        client.post(f"/alpha/office/pages/{page.pk}/attachments/{attachment.pk}/remove/")
    assert not PageAttachment.objects.exists()
    assert "Устав 2024" not in client_for(None, "bg").get("/alpha/pages/za-nas/").content.decode()


def test_a_refused_file_is_a_form_error_and_nothing_is_saved(world) -> None:
    page = make_page(world)
    answer = client_for(world.communications_a).post(
        f"/alpha/office/pages/{page.pk}/",
        {
            "form": "attachment",
            "attachment-title": "Архив",
            "attachment-file": _upload("archive.zip", "refused"),
        },
    )
    assert answer.status_code == 400
    assert 'class="error-summary"' in answer.content.decode()
    assert not PublicFile.objects.exists() and not PageAttachment.objects.exists()


def test_an_image_is_uploaded_with_its_alt_text_and_refused_without(world) -> None:
    page = make_page(world)
    client = client_for(world.communications_a)
    refused = client.post(
        f"/alpha/office/pages/{page.pk}/",
        {"form": "image", "image-alt_text": "", "image-file": _upload("scan.png")},
    )
    assert refused.status_code == 400 and not PublicFile.objects.exists()
    answer = client.post(
        f"/alpha/office/pages/{page.pk}/",
        {
            "form": "image",
            "image-alt_text": "Сградата на общината",
            "image-file": _upload("scan.png"),
        },
        follow=True,
    )
    image = PageImage.objects.select_related("file").get()
    url = image.file.get_absolute_url()
    assert f"put its address {url} in the text" in answer.content.decode()
    assert f'&lt;img src="{url}" alt="Сградата на общината"&gt;' in answer.content.decode()
    add_text(world, page, "bg", "За нас", "za-nas", f'<img src="{url}" alt="Сградата на общината">')
    assert (
        f'<img src="{url}" alt="Сградата на общината">'
        in client_for(None, "bg").get("/alpha/pages/za-nas/").content.decode()
    )
