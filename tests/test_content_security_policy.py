"""Every HTML page carries the strict Content-Security-Policy, and no page we render needs to
break it: no inline script, no style attribute or block, no event-handler attribute."""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from municipium.csp import HEADER, REPORT_ONLY_HEADER, policy
from tests.conftest import client_for, register_letter
from tests.files.fixtures import accepted, media

from .test_eservices_support import make_service

__all__ = ["media"]

SOURCE = Path(__file__).resolve().parent.parent / "src" / "municipium"
INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")", re.I
)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
LINK = re.compile(r"""(?:href|action|hx-get)="([^"#]*)""")


def _is_html(response: Any) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def _inline_code(html: str) -> list[str]:
    return [
        kind
        for kind, pattern in (
            ("inline script", INLINE_SCRIPT),
            ("inline style", INLINE_STYLE),
            ("event handler", HANDLER),
        )
        if pattern.search(html)
    ]


def test_the_policy_allows_only_this_site_and_nothing_inline() -> None:
    directives = dict(part.split(" ", 1) for part in policy().split("; "))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["form-action"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"  # as X-Frame-Options: DENY
    assert not any("unsafe" in value or "*" in value for value in directives.values())


def test_every_page_reached_from_the_back_office_carries_the_policy_and_no_inline_code(
    world: Any, registry: Any, media: Path
) -> None:
    """Follows every link and form of the back office, the public site and the account pages
    (as an admin of the organisation), up to 300 pages."""
    register_letter(world, registry)
    make_service(world, registry)
    client = client_for(world.admin_a)
    queue = deque(["/dashboard/", "/alpha/", "/alpha/office/"])
    seen: set[str] = set(queue)
    pages: dict[str, list[str]] = {}
    while queue and len(pages) < 300:
        url = queue.popleft()
        response = client.get(url)
        if not _is_html(response):
            continue
        assert response.get(HEADER) == policy(), url
        html = response.content.decode()
        pages[url] = _inline_code(html)
        for link in LINK.findall(html):
            target = urlsplit(urljoin(url, link))
            path = target.path + (f"?{target.query}" if target.query else "")
            if target.netloc or not path.startswith(("/alpha/", "/accounts/", "/dashboard/")):
                continue
            if "logout" in path or path in seen:
                continue
            seen.add(path)
            queue.append(path)
    assert len(pages) > 40, sorted(pages)
    assert {url: found for url, found in pages.items() if found} == {}


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/accounts/login/", 200),
        ("/accounts/signup/", 200),
        ("/accounts/password/reset/", 200),
        ("/alpha/track/", 200),
        ("/alpha/office/", 302),
        ("/nowhere/at/all/", 404),
        ("/beta/office/registry/", 302),
        ("/api/v1/docs", 200),
        ("/admin/login/", 200),
    ],
)
def test_anonymous_pages_and_error_pages_carry_the_policy(
    world: Any, path: str, status: int
) -> None:
    response = client_for(None).get(path)
    assert response.status_code == status
    if _is_html(response):
        assert response[HEADER] == policy()
        assert _inline_code(response.content.decode()) == []


def test_forbidden_and_csrf_failure_pages_carry_the_policy(world: Any) -> None:
    forbidden = client_for(world.official_b).get("/alpha/office/registry/")
    assert forbidden.status_code in (403, 404)
    assert forbidden[HEADER] == policy()
    csrf = Client(enforce_csrf_checks=True).post("/accounts/login/", {"email": "a@b.c"})
    assert csrf.status_code == 403
    assert csrf[HEADER] == policy()


def test_an_htmx_fragment_carries_the_policy(world: Any, registry: Any) -> None:
    response = client_for(world.admin_a).get("/alpha/office/audit/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert response[HEADER] == policy()


def test_json_keeps_no_page_policy_and_files_keep_their_sandbox(
    world: Any, registry: Any, media: Path
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from municipium.registry import services

    assert HEADER not in client_for(None).get("/api/v1/openapi.json")
    document = register_letter(world, registry).document
    attachment = services.attachment_add(
        document=document,
        upload=SimpleUploadedFile("letter.pdf", accepted("letter.pdf")),
        actor=world.registrar_a,
    )
    url = reverse(
        "registry:attachment_view",
        kwargs={"org": "alpha", "document_id": document.pk, "attachment_id": attachment.pk},
    )
    response = client_for(world.registrar_a).get(url)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert response[HEADER] == "sandbox"


def test_with_debug_on_the_policy_is_only_reported(world: Any, settings: Any) -> None:
    settings.DEBUG = True
    response = client_for(None).get("/accounts/login/")
    assert HEADER not in response
    assert response[REPORT_ONLY_HEADER] == policy()


def test_no_template_or_script_of_ours_carries_inline_code_or_eval() -> None:
    templates = [
        path
        for path in SOURCE.rglob("templates/**/*.html")
        if not path.name.endswith("_pdf.html")  # rendered to PDF by WeasyPrint, never served
    ]
    assert len(templates) > 40
    offending = {str(p.relative_to(SOURCE)): _inline_code(p.read_text()) for p in templates}
    assert {name: found for name, found in offending.items() if found} == {}
    scripts = [p for p in SOURCE.rglob("static/**/*.js") if "vendor" not in p.parts]
    assert scripts
    evaluating = re.compile(r"\beval\s*\(|new\s+Function\s*\(|set(?:Timeout|Interval)\s*\(\s*['\"]")
    assert [str(p) for p in scripts if evaluating.search(p.read_text())] == []
