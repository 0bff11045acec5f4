"""Browser tests: Playwright for Python driving the system Chromium against a live server.

The system Chromium is used (`apt-get install chromium`); no browser is ever downloaded, and
without it the tests skip. One Chromium per test module, a fresh browser context (so fresh
cookies) per test, and pytest-django's `live_server`, which gives each test a `transactional_db`.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

from municipium.accounts.models import User

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NO_CHROMIUM = "Chromium not installed: apt-get install chromium"
TIMEOUT_MS = 10_000

# The default PBKDF2 work factor costs about half a second per password, and the `world`
# fixture sets eight of them for every test. The hasher is not what these tests are about.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def chromium_path() -> str | None:
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    """Autouse, so it runs before `world` creates the personas."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium per test module.

    While Playwright's sync API is started, its asyncio event loop counts as running in the test
    thread: Django then refuses ORM calls from that thread unless DJANGO_ALLOW_ASYNC_UNSAFE is
    set, and asgiref's async_to_sync refuses to work at all. Stopping Playwright at the end of
    each module (and unsetting the variable) keeps that away from the other test files that
    xdist runs in the same worker.
    """
    executable = chromium_path()
    if executable is None:
        pytest.skip(NO_CHROMIUM)
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()


class CspViolations:
    """Every Content-Security-Policy violation in the test's browser contexts.

    Each page reports the browser's `securitypolicyviolation` events to Python through an
    exposed function (the listener is an init script, which the page's own policy does not
    govern), and Chromium's console errors about the policy are kept too. After the test, a
    test that left any violation fails (see `pytest_runtest_call`)."""

    def __init__(self) -> None:
        self.scripted: list[Any] = []  # contexts with JavaScript on
        self.found: list[str] = []

    def watch(self, context: Any, *, scripts: bool) -> None:
        if scripts:
            self.scripted.append(context)
        context.expose_function(CSP_BINDING, self._reported)
        context.add_init_script(CSP_LISTENER)
        context.on("console", self._console)

    def _reported(self, violation: dict[str, Any]) -> None:
        self.found.append(
            "{directive} blocked {blocked} at {source}:{line} on {page} ({sample})".format(
                **violation
            )
        )

    def _console(self, message: Any) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.found.append(f"console: {message.text}")

    def collect(self) -> list[str]:
        """Lets events still queued in the pages reach Python, then lists what was found."""
        for context in self.scripted:
            for page in context.pages:
                if page.is_closed():
                    continue
                try:
                    page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 50))")
                except PlaywrightError:  # left mid-navigation: its console still reported
                    continue
        return self.found

    def clear(self) -> None:
        self.found.clear()


CSP_BINDING = "municipiumCspViolation"
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.CSP_BINDING({
    directive: event.effectiveDirective || event.violatedDirective,
    blocked: event.blockedURI || "(inline)",
    source: event.sourceFile || "-",
    line: event.lineNumber || 0,
    page: document.location.href,
    sample: event.sample || "",
  });
}, true);
""".replace("CSP_BINDING", CSP_BINDING)


@pytest.fixture
def csp_violations(request: pytest.FixtureRequest) -> CspViolations:
    """The violations of this test's pages; a test that provokes one on purpose clears it."""
    violations = CspViolations()
    request.node.csp_violations = violations
    return violations


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """A browser test fails when a page broke its Content-Security-Policy."""
    result = yield
    violations: CspViolations | None = getattr(item, "csp_violations", None)
    if violations is not None and violations.collect():
        found = "\n".join(f"    {line}" for line in dict.fromkeys(violations.found))
        raise AssertionError(f"Content-Security-Policy violations in the browser:\n{found}")
    return result


@pytest.fixture
def new_context(
    browser: Any, live_server: Any, csp_violations: CspViolations
) -> Iterator[Callable[..., Any]]:
    """Makes browser contexts for the live server; all are closed after the test. Every page
    of theirs is watched for Content-Security-Policy violations.

    The live server speaks plain http on localhost. The suite runs with production settings
    (pyproject.toml sets the environment): Chromium keeps and sends `Secure` cookies on
    http://localhost, which counts as a secure origin, but a redirect to https would fail.
    """
    if django_settings.SECURE_SSL_REDIRECT:
        pytest.fail(
            "The browser tests run over plain http: set MUNICIPIUM_SSL_REDIRECT=false "
            "(the `env` of [tool.pytest.ini_options] in pyproject.toml does)."
        )
    contexts: list[Any] = []

    def make(**options: Any) -> Any:
        options = {"base_url": live_server.url, "locale": "en-US", **options}
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        csp_violations.watch(context, scripts=options.get("java_script_enabled", True))
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: Callable[..., Any]) -> Any:
    """A page in a fresh English-speaking browser context with JavaScript on."""
    return new_context().new_page()


@pytest.fixture
def sign_in(live_server: Any) -> Callable[[Any, User], None]:
    """Signs a user in by putting a real session cookie into the page's browser context."""

    def sign_in(page: Any, user: User) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [
                {
                    "name": django_settings.SESSION_COOKIE_NAME,
                    "value": cookie.value,
                    "url": live_server.url,
                    "httpOnly": True,
                    "sameSite": "Lax",
                }
            ]
        )

    return sign_in


@pytest.fixture
def fill_login_form() -> Callable[[Any, str, str], None]:
    """Fills in and submits the login form that the page shows (with or without JavaScript)."""

    def fill(page: Any, email: str, password: str) -> None:
        form = page.locator("main form")
        form.get_by_label("E-mail").fill(email)
        form.get_by_label("Password").fill(password)
        form.get_by_role("button", name="Sign in").click()

    return fill


# axe-core, as shipped by axe-playwright-python. A page passes when axe reports no violation of
# impact "serious" or "critical"; the message lists each one with the elements it concerns.
AXE = Axe()
BLOCKING = {"serious", "critical"}


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " > ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}: {summary}")
    return "\n".join(lines)


def assert_no_serious_violations(page: Any) -> None:
    violations = AXE.run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, (
        f"axe-core: {len(blocking)} serious or critical violation(s) on {page.url}:\n"
        + describe_violations(blocking)
    )
