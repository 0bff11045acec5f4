"""News items: texts sanitised and checked, addresses per organisation and language, the
second person's approval, scheduled publication by the worker's job, end of display."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from municipium.audit.models import AuditEntry
from municipium.newsroom.models import NewsItem, NewsState, NewsTranslation, NewsVersion
from municipium.newsroom.services.news import (
    NewsText,
    ascii_slug,
    news_publish,
    news_publish_due,
    news_settings_update,
    news_submit,
    news_unpublish,
    news_update,
)
from municipium.newsroom.tasks import publish_due_news
from municipium.periodic import periodic_jobs

from .news_support import published, write


def test_a_new_item_is_a_draft_with_an_ascii_address_and_an_audit_entry(world) -> None:
    item = write(world, "Общинският съвет заседава", tags=("Съвет", "съвет ", "Пътища"))
    translation = item.translations.get()
    assert item.state == NewsState.DRAFT
    assert translation.slug == "obshtinskiyat-savet-zasedava"
    assert sorted(item.tags.values_list("name", flat=True)) == ["Пътища", "Съвет"]
    assert AuditEntry.objects.filter(action="news.create", organisation=world.org_a).exists()


def test_polish_letters_become_latin_in_addresses() -> None:
    assert ascii_slug("Łódź: zaproszenie na sesję") == "lodz-zaproszenie-na-sesje"


def test_script_handlers_and_javascript_links_are_stored_without_them(world) -> None:
    body = (
        '<p onclick="steal()">Текст<script>alert(1)</script></p>'
        '<a href="javascript:alert(2)">връзка</a><img src="x.png" alt="план" onerror="x()">'
        '<p style="color:red">цвят</p>'
    )
    item = write(world, body=body)
    stored = item.translations.get().body
    for bad in ("script", "onclick", "javascript:", "onerror", "style=", "alert"):
        assert bad not in stored
    assert "Текст" in stored and 'alt="план"' in stored


def test_an_image_without_alt_text_in_the_body_is_refused_and_nothing_is_saved(world) -> None:
    with pytest.raises(ValidationError) as refused:
        write(world, body='<p>Виж:</p><img src="plan.png">')
    assert "body_bg" in refused.value.message_dict
    assert not NewsItem.objects.exists()


def test_a_language_the_organisation_does_not_use_is_refused(world) -> None:
    with pytest.raises(ValidationError):
        write(world, language="pl")
    assert not NewsItem.objects.exists()


def test_an_empty_title_and_an_overlong_body_are_form_errors(world) -> None:
    with pytest.raises(ValidationError) as refused:
        write(world, title="   ", body="x", lead="lead")
    assert "title_bg" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        write(world, body="<p>" + "a" * 100_001 + "</p>")
    assert "body_bg" in refused.value.message_dict


def test_addresses_are_unique_per_organisation_and_language(world) -> None:
    first = write(world, "Ремонт на улица")
    second = write(world, "Ремонт на улица")
    english = write(world, "Ремонт", more={"en": NewsText(title="Remont na ulitsa")})
    other_org = write(
        world, "Remont na ulitsa", org=world.org_b, author=world.communications_b, language="pl"
    )
    assert first.translations.get().slug == "remont-na-ulitsa"
    assert second.translations.get().slug == "remont-na-ulitsa-2"
    assert english.translations.get(language="en").slug == "remont-na-ulitsa"
    assert other_org.translations.get().slug == "remont-na-ulitsa"
    with pytest.raises(ValidationError) as refused:
        news_update(
            item=second,
            actor=world.communications_a,
            kind="news",
            texts={"bg": NewsText(title="Ремонт на улица", slug="remont-na-ulitsa")},
        )
    assert "slug_bg" in refused.value.message_dict
    assert second.translations.get().slug == "remont-na-ulitsa-2"


def test_the_author_cannot_publish_their_own_item_when_a_second_person_must_approve(world) -> None:
    news_settings_update(organisation=world.org_a, actor=world.admin_a, require_approval=True)
    item = write(world)
    with pytest.raises(ValidationError):
        news_publish(item=item, actor=world.communications_a)
    assert NewsItem.objects.get(pk=item.pk).state == NewsState.DRAFT
    news_submit(item=item, actor=world.communications_a)
    approved = news_publish(item=item, actor=world.admin_a)
    assert approved.state == NewsState.PUBLISHED
    assert approved.approved_by == world.admin_a and approved.published_by == world.admin_a
    assert approved.versions.count() == 1


def test_without_the_setting_the_author_publishes_at_once(world) -> None:
    item = published(world)
    assert item.state == NewsState.PUBLISHED and item.approved_by is None
    assert item.published_at is not None and item.changed_at == item.published_at


def test_a_future_publication_time_schedules_and_the_worker_publishes_at_that_minute(
    world,
) -> None:
    at = timezone.now() + timedelta(hours=2)
    item = published(world, at=at)
    assert item.state == NewsState.SCHEDULED
    assert news_publish_due(now=at - timedelta(minutes=1)) == 0
    assert NewsItem.objects.get(pk=item.pk).state == NewsState.SCHEDULED
    assert news_publish_due(now=at + timedelta(seconds=5)) == 1
    item.refresh_from_db()
    assert item.state == NewsState.PUBLISHED and item.published_at == at
    assert item.versions.count() == 1
    # Run again: nothing more happens (idempotent).
    assert news_publish_due(now=at + timedelta(minutes=1)) == 0
    assert item.versions.count() == 1


def test_the_job_is_one_cheap_query_each_when_nothing_is_due(world) -> None:
    published(world)
    with CaptureQueriesContext(connection) as queries:
        assert news_publish_due() == 0
    assert len(queries) == 2


def test_the_worker_runs_the_job_periodically(world) -> None:
    at = timezone.now() - timedelta(seconds=1)
    item = write(world, publish_at=at)
    NewsItem.objects.filter(pk=item.pk).update(
        state=NewsState.SCHEDULED, published_by=world.communications_a
    )
    assert any(job.task is publish_due_news for job in periodic_jobs())
    assert publish_due_news.call() == 1
    assert NewsItem.objects.get(pk=item.pk).state == NewsState.PUBLISHED


def test_the_display_ends_after_its_end_date(world) -> None:
    end = timezone.now() + timedelta(days=3)
    item = published(world, display_until=end)
    assert news_publish_due(now=end + timedelta(seconds=1)) == 1
    item.refresh_from_db()
    assert item.state == NewsState.UNPUBLISHED
    assert item.versions.count() == 1
    assert AuditEntry.objects.filter(action="news.display_end").count() == 1


def test_an_end_of_display_before_the_publication_time_is_refused(world) -> None:
    now = timezone.now()
    with pytest.raises(ValidationError) as refused:
        write(world, publish_at=now, display_until=now - timedelta(hours=1))
    assert "display_until" in refused.value.message_dict


def test_the_author_changing_an_approved_scheduled_item_sends_it_back_to_draft(world) -> None:
    news_settings_update(organisation=world.org_a, actor=world.admin_a, require_approval=True)
    at = timezone.now() + timedelta(days=1)
    item = write(world, publish_at=at)
    item = news_publish(item=item, actor=world.admin_a)
    assert item.state == NewsState.SCHEDULED
    changed = news_update(
        item=item,
        actor=world.communications_a,
        kind="news",
        texts={"bg": NewsText(title="Друго заглавие")},
        publish_at=at,
    )
    assert changed.state == NewsState.DRAFT and changed.approved_by is None


def test_unpublishing_keeps_the_history(world) -> None:
    item = published(world)
    news_unpublish(item=item, actor=world.communications_a, reason="Грешна дата")
    item.refresh_from_db()
    assert item.state == NewsState.UNPUBLISHED
    assert NewsVersion.objects.filter(item=item).count() == 1
    assert NewsTranslation.objects.filter(item=item).exists()
    republished = news_publish(item=item, actor=world.communications_a)
    assert republished.state == NewsState.PUBLISHED
    assert republished.versions.count() == 1  # nothing changed: no new version


def test_an_item_from_the_archive_keeps_its_dates_of_creation_and_publication(world) -> None:
    then = timezone.now() - timedelta(days=3650)
    item = write(world, "Среща от архива", publish_at=then, created_at=then)
    news_publish(item=item, actor=world.communications_a, now=then)
    item.refresh_from_db()
    assert item.state == NewsState.PUBLISHED
    assert item.created_at == item.published_at == item.changed_at == then
    assert [version.created_at for version in item.versions.all()] == [then]
    # Without the keyword, an item is created now, whatever its publication time.
    fresh = write(world, "Днешна новина", publish_at=then)
    assert fresh.created_at > then + timedelta(days=3000)
