"""The metryczka and the change history of published items (the Polish BIP rule): who and
when, a version with its reason for each published change, and what changed between two
versions, field by field, shown to anyone."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from municipium.newsroom.models import NewsVersion
from municipium.newsroom.queries.news import DIFF_MAX_LINES, compare, diff_lines, html_text
from municipium.newsroom.services.news import NewsText, news_unpublish, news_update

from .conftest import client_for
from .news_support import published


def _change(world, item, *, body, reason="Поправка на часа", title=None):
    text = item.translations.get(language="bg")
    return news_update(
        item=item,
        actor=world.admin_a,
        kind=item.kind,
        texts={"bg": NewsText(title=title or text.title, lead=text.lead, body=body)},
        responsible="Отдел „Връзки с обществеността“",
        reason=reason,
    )


def test_a_change_of_a_published_item_needs_its_reason(world) -> None:
    item = published(world)
    with pytest.raises(ValidationError) as refused:
        _change(world, item, body="<p>Нов текст</p>", reason="  ")
    assert "reason" in refused.value.message_dict
    assert item.versions.count() == 1
    assert "Паркът" in item.translations.get().body


def test_each_published_change_keeps_a_version_with_who_when_and_why(world) -> None:
    item = published(world)
    _change(world, item, body="<p>Паркът в центъра отваря врати в неделя.</p>")
    versions = list(NewsVersion.objects.filter(item=item).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].created_by == world.admin_a
    assert versions[1].reason == "Поправка на часа"
    assert "неделя" in versions[1].snapshot["translations"]["bg"]["body"]
    assert "събота" in versions[0].snapshot["translations"]["bg"]["body"]
    item.refresh_from_db()
    assert item.changed_at == versions[1].created_at


def test_the_public_sees_the_metryczka_the_versions_and_the_differences(world) -> None:
    item = published(world)
    _change(world, item, body="<p>Паркът в центъра отваря врати в неделя.</p>")
    slug = item.translations.get().slug
    anonymous = client_for(None)
    page = anonymous.get(f"/alpha/news/{slug}/").content.decode()
    for shown in (
        "Created by",
        "press-a",
        "Responsible for the content",
        "Връзки с обществеността",
        "Published by",
        "Last changed",
    ):
        assert shown in page
    versions = anonymous.get(f"/alpha/news/{slug}/versions/").content.decode()
    assert "Поправка на часа" in versions and "First publication" in versions
    diff = anonymous.get(f"/alpha/news/{slug}/versions/compare/?from=1&to=2")
    assert diff.status_code == 200
    text = diff.content.decode()
    assert "<del>Паркът в центъра отваря врати в събота.</del>" in text
    assert "<ins>Паркът в центъра отваря врати в неделя.</ins>" in text
    assert "Responsible for the content" in text
    assert anonymous.get(f"/alpha/news/{slug}/versions/compare/?to=9").status_code == 404
    assert anonymous.get(f"/alpha/news/{slug}/versions/compare/?to=x").status_code == 404


def test_the_history_is_kept_after_unpublishing_but_not_shown(world) -> None:
    item = published(world)
    slug = item.translations.get().slug
    news_unpublish(item=item, actor=world.admin_a, reason="Отменено")
    assert NewsVersion.objects.filter(item=item).count() == 1
    assert client_for(None).get(f"/alpha/news/{slug}/versions/").status_code == 404


def test_the_body_is_compared_as_text_one_line_per_paragraph() -> None:
    assert html_text("<h2>Час</h2><p>Първи <b>ред</b></p><ul><li>а</li><li>б</li></ul>") == (
        "Час\nПърви ред\nа\nб"
    )
    old = {"translations": {"bg": {"title": "А", "body": "<p>едно</p><p>две</p>"}}}
    new = {"translations": {"bg": {"title": "А", "body": "<p>едно</p><p>три</p>"}}}
    [change] = compare(old, new)
    assert change.field == "body" and change.language == "bg"
    assert [(line.op, line.text) for line in change.lines] == [
        ("same", "едно"),
        ("removed", "две"),
        ("added", "три"),
    ]


def test_a_long_text_is_compared_at_bounded_cost() -> None:
    old = "\n".join(f"ред {i}" for i in range(DIFF_MAX_LINES))
    new = "\n".join(f"друг {i}" for i in range(DIFF_MAX_LINES))
    lines = diff_lines(old, new)
    assert len(lines) == 2 * DIFF_MAX_LINES
    assert lines[0].op == "removed" and lines[-1].op == "added"


def test_long_unchanged_runs_are_cut_to_their_context() -> None:
    old = "\n".join(str(i) for i in range(100))
    new = old.replace("\n50\n", "\nпетдесет\n")
    ops = [line.op for line in diff_lines(old, new)]
    assert ops.count("gap") == 2 and ops.count("removed") == 1 and ops.count("added") == 1
    assert len(ops) < 15
