"""The Content-Security-Policy holds in a real browser: a violation is caught (and fails any
browser test, see conftest.py), htmx evaluates no code, and the pages we do not write ourselves
(Django's admin, the API docs) keep the policy too."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


def test_a_page_that_breaks_the_policy_is_caught(
    page: Any, world: Any, csp_violations: Any
) -> None:
    page.goto("/accounts/login/")
    page.evaluate(
        """() => {
            document.body.insertAdjacentHTML("beforeend", '<p style="color: red">inline</p>');
            const image = document.createElement("img");
            image.src = "https://elsewhere.example/pixel.png";
            document.body.append(image);
            // A string handed to setTimeout is evaluated by the page itself, later.
            setTimeout("document.title = 'evaluated'", 0);
        }"""
    )
    page.wait_for_timeout(100)
    assert page.title() != "evaluated"
    found = "\n".join(csp_violations.collect())
    assert "style-src" in found
    assert "img-src blocked https://elsewhere.example/pixel.png" in found
    assert "script-src blocked eval" in found
    csp_violations.clear()  # caught as it should be; the test itself passes


def test_inline_script_never_runs(page: Any, world: Any, csp_violations: Any) -> None:
    page.goto("/accounts/login/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "document.title = 'pwned'";
            document.body.append(script);
        }"""
    )
    assert page.title() != "pwned"
    assert any("script-src" in line for line in csp_violations.collect())
    csp_violations.clear()


def test_htmx_is_configured_to_evaluate_nothing(
    page: Any, world: Any, sign_in: Any, csp_violations: Any
) -> None:
    sign_in(page, world.admin_a)
    page.goto("/alpha/office/audit/")
    config = page.evaluate(
        "() => [htmx.config.allowEval, htmx.config.allowScriptTags, "
        "htmx.config.includeIndicatorStyles, document.querySelectorAll('style').length]"
    )
    assert config == [False, False, False, 0]
    refused = page.evaluate(
        """() => new Promise((resolve) => {
            document.body.addEventListener("htmx:evalDisallowedError", () => resolve(true));
            const button = document.createElement("button");
            button.setAttribute("hx-on:click", "document.title = 'pwned'");
            document.body.append(button);
            htmx.process(button);
            button.click();
            setTimeout(() => resolve(false), 500);
        })"""
    )
    assert refused is True
    assert page.title() != "pwned"


def test_the_filter_of_the_journal_swaps_its_rows_within_the_policy(
    page: Any, world: Any, sign_in: Any
) -> None:
    sign_in(page, world.admin_a)
    page.goto("/alpha/office/audit/")
    with page.expect_response(lambda response: "/office/audit/" in response.url):
        page.locator("main form").get_by_role("button").first.click()
    page.wait_for_load_state("networkidle")


def test_the_api_docs_render_from_this_site_within_the_policy(page: Any, world: Any) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/api/v1/docs")
    page.locator("#swagger-ui .information-container").wait_for()
    assert page.locator("#swagger-ui").get_by_text("Municipium API").first.is_visible()
    live = page.url.split("/api/")[0]
    assert all(url.startswith((live, "data:")) for url in requests), requests


def test_the_admin_keeps_the_policy(page: Any, world: Any, sign_in: Any) -> None:
    sign_in(page, world.platform_admin)
    page.goto("/admin/")
    page.goto("/admin/accounts/user/")
    page.get_by_role("link", name=world.admin_a.email).click()
    page.locator("#user_form").wait_for()
