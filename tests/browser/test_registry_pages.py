"""The registry office in a browser: registering a letter with the keyboard alone, with and
without JavaScript; the register list and its filters (htmx); correspondent suggestions;
masked personal identifiers; and axe-core on every registry page."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from municipium.registry import services
from municipium.registry.models import Document, access_code_digest

from ..conftest import World, register_letter
from .conftest import assert_no_serious_violations

pytestmark = pytest.mark.browser

LIST = "/alpha/office/registry/"
NEW = "/alpha/office/registry/new/"
BOOK = "/alpha/office/registry/book/"
VALID_EGN = "7523169263"
MASKED_EGN = "••••••9263"
# The general register's mask is {seq}/{dd}.{mm}.{yyyy}.
NUMBER = re.compile(r"^\d+/\d\d\.\d\d\.\d{4}$")
SUCCESS = re.compile(r"Registered as (\S+)\. Access code for the sender: ([A-Z2-9]{5}-[A-Z2-9]{5})")


# --- the keyboard -----------------------------------------------------------------------------


def focused_id(page: Any) -> str:
    return str(page.evaluate("document.activeElement ? document.activeElement.id : ''"))


def choose(page: Any, value: str) -> None:
    """Choose an option of the focused, closed <select> with the arrow keys, as a keyboard
    user does: Home to the first option, then down until the wanted one is selected."""
    select = page.locator(":focus")
    page.keyboard.press("Home")
    for _ in range(select.locator("option").count()):
        if select.input_value() == value:
            return
        page.keyboard.press("ArrowDown")
    assert select.input_value() == value, f"no option {value!r} in #{focused_id(page)}"


def type_on_a_bulgarian_keyboard(page: Any, text: str) -> None:
    """Type as a person at a Bulgarian keyboard does: a key down and a key up per letter.

    Playwright's `keyboard.type` only inserts letters that a US keyboard lacks (an `input`
    event without key events), so code listening to keys would not see them; the Chrome
    DevTools protocol sends the key events a real keyboard sends.
    """
    session = page.context.new_cdp_session(page)
    for letter in text:
        event = {"key": letter, "text": letter, "unmodifiedText": letter}
        session.send("Input.dispatchKeyEvent", {"type": "keyDown", **event})
        session.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": letter})
    session.detach()


def tab_through_the_form(page: Any, actions: dict[str, Callable[[], None]]) -> list[str]:
    """From the skip link, Tab through the registration form to its submit button, doing
    `actions[id]` when the field with that id has the focus. Returns the ids in focus order."""
    page.keyboard.press("Tab")
    expect(page.locator("a.skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    order: list[str] = []
    submit = page.locator("main form.registration button[type=submit]")
    for _ in range(80):  # a date field takes a Tab per part (day, month, year)
        page.keyboard.press("Tab")
        if submit.evaluate("button => button === document.activeElement"):
            return order
        current = focused_id(page)
        if not order or order[-1] != current:
            order.append(current)
            if current in actions:
                actions[current]()
    raise AssertionError(f"the submit button never got the focus; focus went {order}")


def form_field_ids(page: Any) -> list[str]:
    """The ids of the form's fields that take the focus, in the order of the page."""
    return list(
        page.locator("main form.registration").evaluate(
            """form => Array.from(form.elements)
                .filter(e => e.id && e.type !== 'hidden' && e.tabIndex >= 0 && !e.disabled
                             && e.offsetParent !== null)
                .map(e => e.id)"""
        )
    )


def select_all_and_type(page: Any, text: str) -> None:
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


# --- what the tests start from ----------------------------------------------------------------


def registered(page: Any) -> tuple[Document, str]:
    """The document the success message names, and the access code it shows."""
    message = page.get_by_role("status").filter(has_text="Registered as ")
    expect(message).to_have_count(1)
    match = SUCCESS.search(message.inner_text())
    assert match is not None, message.inner_text()
    return Document.objects.get(number=match.group(1)), match.group(2)


def expect_document_page(page: Any, document: Document) -> None:
    # (#main stays on when the form was reached through the skip link: a redirect keeps it)
    expect(page).to_have_url(
        re.compile(rf"/alpha/office/registry/documents/{document.pk}/(#main)?$")
    )
    expect(page.locator("main h1")).to_contain_text(document.number)
    expect(page.locator("main")).to_contain_text(document.subject)


@pytest.fixture
def a_letter(world: World, registry: Any) -> Document:
    """A letter to alpha from a person with an EGN, already registered."""
    petrov = services.correspondent_create(
        organisation=world.org_a,
        actor=world.registrar_a,
        kind="person",
        name="Иван Петров",
        identifier_type="egn",
        identifier=VALID_EGN,
    )
    return register_letter(
        world, registry, subject="Молба за копие от решение", correspondent=petrov
    ).document


# --- registering a document -------------------------------------------------------------------


def test_a_registrar_registers_a_letter_with_the_keyboard_alone(
    page: Any, world: World, registry: Any, sign_in: Any
) -> None:
    sign_in(page, world.registrar_a)
    page.goto(LIST)
    page.locator("main").get_by_role("link", name="Register a document").click()
    expect(page).to_have_url(re.compile(re.escape(NEW) + "$"))
    expect(page.locator("main h1")).to_have_text("Register a document")

    keys = page.keyboard
    order = tab_through_the_form(
        page,
        {
            "id_direction": lambda: choose(page, "incoming"),
            "id_register": lambda: choose(page, "general"),
            "id_kind": lambda: choose(page, "application"),
            "id_subject": lambda: keys.type("Искане за достъп до информация"),
            "id_correspondent_name": lambda: keys.type("Мария Иванова"),
            "id_correspondent_kind": lambda: choose(page, "person"),
            "id_identifier_type": lambda: choose(page, "egn"),
            "id_identifier": lambda: keys.type(VALID_EGN),
            "id_channel": lambda: choose(page, "counter"),
            "id_sheets": lambda: select_all_and_type(page, "3"),
            "id_confidentiality": lambda: choose(page, "internal"),
        },
    )
    # The focus went through every field once, in the order they are read on the page.
    assert order == form_field_ids(page)
    for field in ("id_direction", "id_register", "id_kind", "id_subject", "id_channel"):
        assert field in order
    keys.press("Enter")  # on the focused "Register" button

    document, code = registered(page)
    expect_document_page(page, document)
    assert NUMBER.match(document.number), document.number
    assert document.subject == "Искане за достъп до информация"
    assert document.kind.code == "application" and document.channel == "counter"
    assert document.sheets == 3
    assert document.correspondent is not None
    assert document.correspondent.name == "Мария Иванова"
    assert document.correspondent.identifier == VALID_EGN
    assert document.registered_by == world.registrar_a
    assert document.access_code_digest == access_code_digest(code)
    expect(page.locator("main h1")).to_contain_text("Registered")  # the status

    # The register lists it, newest first.
    page.goto(LIST)
    first_row = page.locator("#document-rows tbody tr").first
    expect(first_row.get_by_role("link", name=document.number)).to_be_visible()
    expect(first_row).to_contain_text("Искане за достъп до информация")
    expect(first_row).to_contain_text("Мария Иванова")


def test_a_registration_with_errors_keeps_what_was_typed_and_says_what_is_wrong(
    page: Any, world: World, registry: Any, sign_in: Any
) -> None:
    sign_in(page, world.registrar_a)
    page.goto(NEW)
    form = page.locator("main form.registration")
    form.get_by_label("Subject").fill("Жалба срещу шум")
    form.get_by_label("Identifier", exact=True).fill("1234567890")
    form.get_by_role("button", name="Register").click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()  # announced by screen readers
    expect(summary).to_contain_text("Register")
    expect(form.get_by_label("Subject")).to_have_value("Жалба срещу шум")
    expect(form.get_by_role("combobox", name="Register", exact=True)).to_have_attribute(
        "aria-invalid", "true"
    )
    assert not Document.objects.exists()


def test_without_javascript_a_registrar_registers_a_letter_and_filters_the_register(
    new_context: Any, world: World, registry: Any, sign_in: Any
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, world.registrar_a)
    register_letter(world, registry, subject="По-старо писмо")
    page.goto(NEW)
    form = page.locator("main form.registration")
    form.get_by_label("Direction").select_option("incoming")
    form.get_by_role("combobox", name="Register", exact=True).select_option("general")
    form.get_by_label("Kind").select_option("application")
    form.get_by_label("Subject").fill("Заявление за удостоверение")
    form.get_by_label("Correspondent", exact=True).fill("Георги Георгиев")
    form.get_by_label("Delivery channel").select_option("post")
    form.get_by_role("button", name="Register").click()

    document, code = registered(page)
    expect_document_page(page, document)
    assert document.access_code_digest == access_code_digest(code)
    assert document.correspondent is not None
    assert document.correspondent.name == "Георги Георгиев"

    page.goto(LIST)
    expect(page.locator("#document-rows tbody tr")).to_have_count(2)
    filters = page.get_by_role("search", name="Filter the register")
    filters.get_by_label("Kind").select_option("application")
    filters.get_by_role("button", name="Filter").click()

    expect(page).to_have_url(re.compile(r"[?&]kind=application(&|$)"))
    rows = page.locator("#document-rows tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Заявление за удостоверение")


# --- the register list ------------------------------------------------------------------------


def test_filtering_the_register_by_kind_swaps_only_the_rows_and_updates_the_url(
    page: Any, world: World, registry: Any, sign_in: Any
) -> None:
    register_letter(world, registry, subject="Писмо от министерството")
    register_letter(world, registry, kind=registry.application, subject="Заявление за скица")
    register_letter(world, registry, subject="Писмо от областта")
    sign_in(page, world.official_a)
    page.goto(LIST)
    rows = page.locator("#document-rows tbody tr")
    expect(rows).to_have_count(3)
    page.wait_for_function("typeof window.htmx === 'object'")
    # Marks that a full page load would wipe out.
    page.evaluate("window.__sameDocument = true")
    page.locator("main h1").evaluate("h1 => h1.dataset.kept = 'yes'")

    filters = page.get_by_role("search", name="Filter the register")
    filters.get_by_label("Kind").select_option("application")
    with page.expect_response(lambda r: "kind=application" in r.url) as answer:
        filters.get_by_role("button", name="Filter").click()

    response = answer.value
    assert response.request.headers.get("hx-request") == "true"
    body = response.text()
    assert "<table" in body and "<form" not in body and "<html" not in body  # only the rows
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Заявление за скица")
    expect(page).to_have_url(re.compile(r"/alpha/office/registry/\?.*kind=application"))
    assert page.evaluate("window.__sameDocument") is True
    expect(page.locator("main h1")).to_have_attribute("data-kept", "yes")
    expect(filters.get_by_label("Kind")).to_have_value("application")

    # The pushed URL is a real page: opened afresh, it shows the same filtered rows.
    page.goto(page.url)
    expect(rows).to_have_count(1)
    expect(page.get_by_role("search").get_by_label("Kind")).to_have_value("application")


# --- correspondent suggestions ----------------------------------------------------------------


def _correspondents(world: World) -> None:
    for name, identifier in [
        ("Иван Петров", VALID_EGN),
        ("Иванка Георгиева", ""),
        ("Петър Стоянов", ""),
    ]:
        services.correspondent_create(
            organisation=world.org_a,
            actor=None,
            kind="person",
            name=name,
            identifier_type="egn" if identifier else "",
            identifier=identifier,
        )


def test_typing_two_letters_of_a_name_shows_matching_correspondents_in_a_live_region(
    page: Any, world: World, registry: Any, sign_in: Any
) -> None:
    _correspondents(world)
    services.correspondent_create(
        organisation=world.org_b, actor=None, kind="person", name="Иван Kowalski"
    )
    sign_in(page, world.registrar_a)
    page.goto(NEW)
    page.wait_for_function("typeof window.htmx === 'object'")
    region = page.locator("#correspondent-suggestions")
    expect(region).to_have_attribute("aria-live", "polite")
    field = page.locator("main form.registration").get_by_label("Correspondent", exact=True)
    field.focus()

    type_on_a_bulgarian_keyboard(page, "И")
    page.wait_for_timeout(600)  # past the 300 ms pause: one letter asks for nothing
    expect(region).to_be_empty()

    type_on_a_bulgarian_keyboard(page, "в")
    expect(region).to_contain_text("2 existing correspondents match")
    items = region.locator("li")
    expect(items).to_have_count(2)
    # A registrar sees the identifier whole, to tell two people of the same name apart.
    expect(items.nth(0)).to_contain_text(f"Иван Петров · EGN (BG personal number) {VALID_EGN}")
    expect(items.nth(1)).to_contain_text("Иванка Георгиева")
    expect(region).not_to_contain_text("Петър Стоянов")
    expect(region).not_to_contain_text("Kowalski")  # beta's correspondent
    expect(field).to_be_focused()  # typing goes on undisturbed
    expect(field).to_have_value("Ив")

    type_on_a_bulgarian_keyboard(page, "анк")
    expect(items).to_have_count(1)
    expect(region).to_contain_text("1 existing correspondent matches")

    type_on_a_bulgarian_keyboard(page, "ъ")
    expect(region).to_contain_text("No existing correspondent matches")


def test_suggestions_show_an_official_masked_personal_identifiers(
    page: Any, world: World, registry: Any, sign_in: Any
) -> None:
    """The suggestions are a page of their own too (the htmx fragment without htmx)."""
    _correspondents(world)
    sign_in(page, world.official_a)
    page.goto("/alpha/office/registry/correspondents/?q=Иван")
    expect(page.locator("li").first).to_contain_text(MASKED_EGN)
    expect(page.locator("body")).not_to_contain_text(VALID_EGN)


def test_a_pasted_name_shows_suggestions_too(
    page: Any, world: World, registry: Any, sign_in: Any
) -> None:
    _correspondents(world)
    sign_in(page, world.registrar_a)
    page.goto(NEW)
    page.wait_for_function("typeof window.htmx === 'object'")
    page.locator("main form.registration").get_by_label("Correspondent", exact=True).focus()
    page.keyboard.insert_text("Иван")  # what a paste or dictation does: input, no keys
    expect(page.locator("#correspondent-suggestions")).to_contain_text(
        "existing correspondent", timeout=2_000
    )


# --- masked identifiers -----------------------------------------------------------------------


def test_an_official_sees_the_egn_masked_and_a_registrar_sees_it_whole(
    new_context: Any, world: World, a_letter: Document, sign_in: Any
) -> None:
    url = f"/alpha/office/registry/documents/{a_letter.pk}/"
    official = new_context().new_page()
    sign_in(official, world.official_a)
    official.goto(url)
    expect_document_page(official, a_letter)
    main = official.locator("main")
    expect(main).to_contain_text(f"Иван Петров · EGN (BG personal number) {MASKED_EGN}")
    expect(main).not_to_contain_text(VALID_EGN)

    registrar = new_context().new_page()
    sign_in(registrar, world.registrar_a)
    registrar.goto(url)
    expect_document_page(registrar, a_letter)
    expect(registrar.locator("main")).to_contain_text(
        f"Иван Петров · EGN (BG personal number) {VALID_EGN}"
    )


# --- accessibility ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "persona"),
    [
        (LIST, "registrar_a"),
        (LIST + "?kind=letter", "official_a"),
        (NEW, "registrar_a"),
        ("document", "registrar_a"),
        ("document", "official_a"),
        (BOOK, "official_a"),
    ],
    ids=[
        "register-list",
        "register-list-filtered",
        "registration-form",
        "document-as-registrar",
        "document-as-official",
        "registry-book-form",
    ],
)
def test_registry_page_has_no_serious_or_critical_accessibility_violation(
    page: Any, world: World, a_letter: Document, sign_in: Any, path: str, persona: str
) -> None:
    if path == "document":
        path = f"/alpha/office/registry/documents/{a_letter.pk}/"
    sign_in(page, getattr(world, persona))
    response = page.goto(path)
    assert response is not None and response.status == 200, (
        f"{path}: {response and response.status}"
    )
    expect(page.locator("main h1")).to_be_visible()
    assert_no_serious_violations(page)


def test_the_registration_form_showing_errors_has_no_serious_or_critical_violation(
    page: Any, world: World, registry: Any, sign_in: Any
) -> None:
    sign_in(page, world.registrar_a)
    page.goto(NEW)
    page.locator("main form.registration").get_by_role("button", name="Register").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_no_serious_violations(page)


def test_the_book_form_showing_errors_has_no_serious_or_critical_violation(
    page: Any, world: World, registry: Any, sign_in: Any
) -> None:
    sign_in(page, world.official_a)
    page.goto(BOOK + "?register=general&date_from=2026-03-02&date_to=2026-03-01&format=csv")
    expect(page.get_by_role("alert")).to_contain_text("The start date is after the end date.")
    assert_no_serious_violations(page)


def test_the_register_list_after_an_htmx_filter_has_no_serious_or_critical_violation(
    page: Any, world: World, a_letter: Document, sign_in: Any
) -> None:
    sign_in(page, world.official_a)
    page.goto(LIST)
    page.wait_for_function("typeof window.htmx === 'object'")
    filters = page.get_by_role("search", name="Filter the register")
    filters.get_by_label("Kind").select_option("application")
    filters.get_by_role("button", name="Filter").click()
    expect(page.locator("#document-rows tbody tr")).to_contain_text("No documents match.")
    assert_no_serious_violations(page)


def test_the_suggestions_shown_have_no_serious_or_critical_violation(
    page: Any, world: World, registry: Any, sign_in: Any
) -> None:
    _correspondents(world)
    sign_in(page, world.registrar_a)
    page.goto(NEW)
    page.wait_for_function("typeof window.htmx === 'object'")
    page.locator("main form.registration").get_by_label("Correspondent", exact=True).focus()
    type_on_a_bulgarian_keyboard(page, "Ива")
    expect(page.locator("#correspondent-suggestions li")).to_have_count(2)
    assert_no_serious_violations(page)
