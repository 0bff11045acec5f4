"""The demo organisations' public sites, loaded from ``demo/public_content.py``: logo and
accent colour, accessibility statement, privacy notice, pages (about, statute or council,
board, contacts with the contact points and their opening hours), news (the three real texts
of ``demo/samples/news/`` on their real dates, and the items written for the demo) and the
menu in the order the content gives.

Everything goes through the apps' own services, each in its own short transaction (files are
stored and texts sanitised before theirs); nothing wraps the whole load. What exists is left
as it is — a page by its address in the main language, a news item by its address, a contact
point by its name, the statement and the notice once there — so a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from typing import Any

from django.utils import timezone

from municipium.accounts.models import User
from municipium.newsroom.models import ContactPoint, NewsTranslation, Page, PageTranslation
from municipium.newsroom.services.news import NewsText, news_create, news_publish
from municipium.newsroom.services.pages import (
    PageText,
    contact_point_save,
    page_create,
    page_publish,
    page_text_save,
)
from municipium.tenants.models import AccessibilityStatement, Organisation, PrivacyNotice, Role
from municipium.tenants.public import menu_links
from municipium.tenants.site_services import (
    LogoUpload,
    accessibility_statement_set,
    menu_order_set,
    organisation_identity_set,
    privacy_notice_set,
)

from . import public_content as content
from .data import demo_email

STATUS = {
    "fully_compliant": "full",
    "partially_compliant": "partial",
    "not_compliant": "none",
}
METHOD = {"self_assessment": "self", "third_party": "third_party"}
# What the statements' own feedback texts promise: 14 days in Bulgaria, 7 in Poland (the law).
RESPONSE_DAYS = {"BG": 14, "PL": 7}
TAG = re.compile(r"<[^>]*>")
GDPR_POINT = re.compile(r"\(([a-f])\)")


def plain(html: str) -> str:
    """Inline HTML of the content (links to e-mail and phone) as the plain text the
    statement and notice hold: the links' text stays."""
    return " ".join(unescape(TAG.sub("", html)).split())


def public_sites_load() -> list[str]:
    """Load what the six demo organisations' public sites lack; returns what was created."""
    created: list[str] = []
    for slug in content.SLUGS:
        organisation = Organisation.objects.get(slug=slug)
        admin = User.objects.get(email=demo_email(Role.ADMIN, slug))
        editor = User.objects.get(email=demo_email(Role.COMMUNICATIONS, slug))
        created += identity_load(organisation, admin)
        created += statement_load(organisation, admin)
        created += privacy_load(organisation, admin)
        pages, made = pages_load(organisation, editor)
        created += made
        created += news_load(organisation, editor)
        created += menu_load(organisation, admin, pages)
    return created


def identity_load(organisation: Organisation, actor: Any) -> list[str]:
    """The logo and the accent colour, once: an organisation with a logo keeps its identity."""
    if organisation.logo_id is not None:
        return []
    identity = content.IDENTITY[organisation.slug]
    with identity.logo.open("rb") as fileobj:
        organisation_identity_set(
            organisation=organisation,
            actor=actor,
            accent_colour=identity.accent,
            logo=LogoUpload(name=identity.logo.name, fileobj=fileobj, alt_text=identity.logo_alt),
        )
    return [f"{organisation.slug}: logo and colour"]


def _item(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].upper() + text[1:]


def statement_answers(slug: str, language: str) -> dict[str, Any]:
    """The accessibility statement's answers, in the organisation's main language (the
    statement's free text is in the language its author writes; the page's own sentences,
    the feedback and enforcement paragraphs included, are in the visitor's)."""
    answers = content.ACCESSIBILITY[slug]
    texts = answers.texts[language]
    return {
        "status": STATUS[answers.status],
        "method": METHOD[answers.method],
        "non_compliant": "\n".join(
            f"{plain(what)} – {plain(why)}" for what, why in texts.non_accessible
        ),
        "out_of_scope": "\n".join(
            _item(part) + "." for part in plain(texts.out_of_scope).split(";") if part.strip()
        ),
        "prepared_on": answers.prepared_on,
        "reviewed_on": answers.reviewed_on,
        "site_published_on": answers.site_published_on,
        "site_updated_on": answers.site_updated_on,
        "contact_name": answers.contact_name,
        "contact_email": answers.contact_email,
        "contact_phone": answers.contact_phone,
        "response_days": RESPONSE_DAYS[content.COUNTRY_OF[slug]],
        "architecture": plain(texts.architecture),
        "sign_language": plain(texts.sign_language),
    }


def statement_load(organisation: Organisation, actor: Any) -> list[str]:
    if AccessibilityStatement.objects.filter(organisation=organisation).exists():
        return []
    accessibility_statement_set(
        organisation=organisation,
        actor=actor,
        answers=statement_answers(organisation.slug, organisation.main_language),
    )
    return [f"{organisation.slug}: accessibility statement"]


def privacy_answers(slug: str, language: str) -> dict[str, Any]:
    """The privacy notice's answers in the main language; the legal bases are the points of
    Article 6(1) GDPR the English texts name ("Article 6(1)(c) and (e) GDPR")."""
    answers = content.PRIVACY[slug]
    texts = answers.texts[language]
    bases = {
        point
        for _purpose, basis in answers.texts["en"].purposes
        for point in GDPR_POINT.findall(basis)
    }
    return {
        "dpo_name": answers.dpo_name,
        "dpo_email": answers.dpo_email,
        "dpo_phone": answers.dpo_phone,
        "dpo_address": answers.controller_address,
        "purposes": "\n".join(plain(purpose) for purpose, _basis in texts.purposes),
        "legal_bases": sorted(bases),
        "legal_basis_details": "\n".join(
            f"{plain(purpose)}: {plain(basis)}" for purpose, basis in texts.purposes
        ),
        "retention": plain(texts.retention),
        "recipients": plain(texts.recipients),
        "transfers": "",
        # The content gives no date of its own: the notice dates from the site's last update.
        "updated_on": content.ACCESSIBILITY[slug].site_updated_on,
    }


def privacy_load(organisation: Organisation, actor: Any) -> list[str]:
    if PrivacyNotice.objects.filter(organisation=organisation).exists():
        return []
    privacy_notice_set(
        organisation=organisation,
        actor=actor,
        answers=privacy_answers(organisation.slug, organisation.main_language),
    )
    return [f"{organisation.slug}: privacy notice"]


def _hours(hours: dict[int, tuple[str, str]]) -> list[tuple[int, dt.time, dt.time]]:
    return [
        (day, dt.time.fromisoformat(opens), dt.time.fromisoformat(closes))
        for day, (opens, closes) in sorted(hours.items())
    ]


def contact_points_load(
    organisation: Organisation, actor: Any, departments: tuple[content.Department, ...]
) -> list[str]:
    created = []
    main = organisation.main_language
    for department in departments:
        name = department.name[main]
        known = ContactPoint.objects.filter(organisation=organisation, **{f"names__{main}": name})
        if known.exists():
            continue
        contact_point_save(
            organisation=organisation,
            actor=actor,
            names=dict(department.name),
            address=department.address,
            phone=department.phone,
            email=department.email,
            hours=_hours(department.hours),
        )
        created.append(f"{organisation.slug}: contact point {name}")
    return created


def _page_body(slug: str, page: content.Page, language: str) -> str:
    if page.key == "contacts":
        return content.contacts_intro(slug, language)
    return page.versions[language].body


def pages_load(organisation: Organisation, actor: Any) -> tuple[dict[str, Page], list[str]]:
    """The pages in the content's order, each with its text in every language, published;
    returns them by key, with what was created."""
    slug, main = organisation.slug, organisation.main_language
    pages: dict[str, Page] = {}
    created: list[str] = []
    for spec in content.PAGES[slug]:
        if spec.departments:
            created += contact_points_load(organisation, actor, spec.departments)
        parent = pages[spec.parent] if spec.parent else None
        version = spec.versions[main]
        found = (
            PageTranslation.objects.filter(
                organisation=organisation, language=main, slug=version.slug, parent=parent
            )
            .select_related("page")
            .first()
        )
        if found is not None:
            pages[spec.key] = found.page
            continue
        page = page_create(
            organisation=organisation,
            actor=actor,
            text=PageText(
                language=main,
                title=version.title,
                slug=version.slug,
                body=_page_body(slug, spec, main),
            ),
            parent=parent,
            is_contacts=spec.key == "contacts",
        )
        for language, other in spec.versions.items():
            if language != main:
                page_text_save(
                    page=page,
                    actor=actor,
                    text=PageText(
                        language=language,
                        title=other.title,
                        slug=other.slug,
                        body=_page_body(slug, spec, language),
                    ),
                )
        page_publish(page=page, actor=actor)
        pages[spec.key] = page
        created.append(f"{slug}: page {spec.key}")
    return pages, created


def news_load(organisation: Organisation, actor: Any) -> list[str]:
    """Each item published on its own date: created and published then (its metryczka and
    its first version say so), its address in the main language its key. An item dated in
    the future would be scheduled for its minute, as an editor's would."""
    slug, main = organisation.slug, organisation.main_language
    known = set(
        NewsTranslation.objects.filter(organisation=organisation, language=main).values_list(
            "slug", flat=True
        )
    )
    created = []
    for spec in content.NEWS[slug]:
        if spec.key in known:
            continue
        texts = {
            language: NewsText(
                title=version.title,
                slug=spec.key if language == main else "",
                lead=version.lead,
                body=version.body,
            )
            for language, version in spec.versions.items()
        }
        item = news_create(
            organisation=organisation,
            actor=actor,
            kind=spec.kind,
            texts=texts,
            tags=spec.tags.get(main, ()),
            publish_at=spec.published_at,
            responsible=spec.author,
            created_at=min(spec.published_at, timezone.now()),
        )
        news_publish(item=item, actor=actor, now=min(spec.published_at, timezone.now()))
        created.append(f"{slug}: news {spec.key}")
    return created


def menu_load(organisation: Organisation, actor: Any, pages: dict[str, Page]) -> list[str]:
    """The menu in the content's order ("page:<key>" becomes the page's own link), of the
    links the site offers now."""
    offered = {link.key for link in menu_links(organisation, organisation.main_language)}
    refs = []
    for key in content.IDENTITY[organisation.slug].menu:
        ref = f"page:{pages[key.removeprefix('page:')].pk}" if key.startswith("page:") else key
        if ref in offered:
            refs.append(ref)
    if menu_order_set(organisation=organisation, actor=actor, refs=refs):
        return [f"{organisation.slug}: menu order"]
    return []
