"""The registry book (a register's entries for a period) as CSV, ODS and PDF, and the
registration receipt: what each file holds, who may have it, and bad requests refused."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import zlib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from municipium.audit.models import AuditEntry
from municipium.registry import exports, services
from municipium.registry.models import Document, Register, access_code_digest

from .conftest import World, client_for, register_letter

BOOK = "/alpha/office/registry/book/"
HEADER = [
    "Number",
    "Registered",
    "Direction",
    "Kind",
    "Subject",
    "Correspondent",
    "Channel",
    "Sheets",
    "Status",
    "Deadline",
]
SECRET_SUBJECT = "Поверителна преписка за Иванов"
VALID_EGN = "7523169263"


# --- reading the files back -------------------------------------------------------------------


def csv_rows(response: Any) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf"), body[:10]  # UTF-8 byte-order mark
    return list(csv.reader(io.StringIO(body[3:].decode("utf-8"), newline="")))


def ods_rows(content: bytes) -> tuple[str, list[list[tuple[str, str | None]]]]:
    """The name of the first table and its rows, each cell as (text, value type)."""
    from odf import teletype
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow

    document = load(io.BytesIO(content))
    tables = document.spreadsheet.getElementsByType(Table)
    assert len(tables) == 1
    rows = []
    for row in tables[0].getElementsByType(TableRow):
        rows.append(
            [
                (teletype.extractText(cell), cell.getAttribute("valuetype"))
                for cell in row.getElementsByType(TableCell)
            ]
        )
    return tables[0].getAttribute("name"), rows


def pdf_page_count(content: bytes) -> int:
    """Pages in a PDF, counting the page objects inside compressed object streams too."""
    pages = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
    count = len(pages.findall(content))
    for start in re.finditer(rb"stream\r?\n", content):
        try:
            count += len(pages.findall(zlib.decompressobj().decompress(content[start.end() :])))
        except zlib.error:
            continue
    return count


def pdf_text(content: bytes, html: str) -> str:
    """The text of a PDF: pypdf's or pdftotext's reading when either is installed; otherwise
    the text WeasyPrint laid out on the pages of the HTML the PDF was printed from, after
    checking that those pages are the PDF's pages."""
    try:
        from pypdf import PdfReader
    except ImportError:
        pass
    else:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    if shutil.which("pdftotext"):
        return subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
        ).stdout.decode()
    from weasyprint import HTML
    from weasyprint.formatting_structure.boxes import TextBox

    rendered = HTML(string=html).render()
    assert len(rendered.pages) == pdf_page_count(content)
    return "\n".join(
        box.text
        for page in rendered.pages
        for box in page._page_box.descendants()
        if isinstance(box, TextBox)
    )


def has_number(text: str, number: str) -> bool:
    """True when the registry number stands in the text whole (so 3/… is not found in 13/…)."""
    return re.search(r"(?<![\d/])" + re.escape(number) + r"(?!\d)", text) is not None


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The HTML of every PDF the app prints during the test (WeasyPrint still prints it)."""
    html: list[str] = []
    real = exports._pdf

    def spy(source: str) -> bytes:
        html.append(source)
        return real(source)

    monkeypatch.setattr(exports, "_pdf", spy)
    return html


# --- the book that the tests export -----------------------------------------------------------


@dataclass
class Book:
    visible: list[Document]  # what every member of alpha sees, in number order
    secret: Document  # confidential, official_a is its only named reader
    everything: list[Document]  # what official_a sees, in number order
    left_out: list[Document]  # registered, but not in this register or period
    date_from: date
    date_to: date

    def params(self, fmt: str, **extra: Any) -> dict[str, str]:
        return {
            "register": "general",
            "date_from": self.date_from.isoformat(),
            "date_to": self.date_to.isoformat(),
            "format": fmt,
            **extra,
        }


@pytest.fixture
def book(world: World, registry: Any) -> Book:
    """Alpha's general register this week: eleven entries (so 2/… sorts before 10/…), one of
    them confidential, one annulled, one an application with its deadline; and entries that
    belong to other books: an older one, one in the orders register and one of beta's."""
    today = timezone.localdate()
    old = register_letter(world, registry, subject="Миналогодишно писмо").document
    Document.objects.filter(pk=old.pk).update(registered_at=timezone.now() - timedelta(days=30))
    petrov = services.correspondent_create(
        organisation=world.org_a,
        actor=world.registrar_a,
        kind="person",
        name="Иван Петров",
        identifier_type="egn",
        identifier=VALID_EGN,
    )
    documents = [
        register_letter(
            world, registry, subject="Искане за информация", correspondent=petrov, sheets=3
        ).document,
        register_letter(
            world, registry, kind=registry.application, subject="Заявление за удостоверение"
        ).document,
        register_letter(
            world,
            registry,
            subject=SECRET_SUBJECT,
            confidentiality="confidential",
            readers=[world.official_a],
            actor=None,  # not the registrar: one who registers it reads it
        ).document,
    ]
    documents += [
        register_letter(world, registry, subject=f"Писмо № {index}").document
        for index in range(4, 12)
    ]
    services.document_annul(
        document=documents[4], actor=world.registrar_a, reason="Грешно заведено"
    )
    orders = Register.objects.get(organisation=world.org_a, code="orders")
    order = register_letter(
        world, registry, register=orders, direction="internal", subject="Заповед за отпуск"
    ).document
    beta = register_letter(
        world,
        registry,
        organisation=world.org_b,
        actor=None,
        register=registry.rpw,
        kind=registry.pl_letter,
        subject="Pismo z Gminy Beta",
    ).document
    everything = list(Document.objects.filter(pk__in=[d.pk for d in documents]).order_by("seq"))
    return Book(
        visible=[d for d in everything if d.subject != SECRET_SUBJECT],
        secret=documents[2],
        everything=everything,
        left_out=[old, order, beta],
        date_from=today - timedelta(days=7),
        date_to=today,
    )


def export(user: Any, params: dict[str, str]) -> Any:
    return client_for(user).get(BOOK, params, HTTP_ACCEPT_LANGUAGE="en")


# --- CSV --------------------------------------------------------------------------------------


def test_the_csv_book_has_a_bom_a_header_and_one_row_per_visible_entry_in_number_order(
    world: World, book: Book
) -> None:
    response = export(world.official_a, book.params("csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and disposition.endswith('.csv"')
    assert f"alpha-general-{book.date_from}-{book.date_to}" in disposition
    rows = csv_rows(response)
    assert rows[0] == HEADER
    assert [row[0] for row in rows[1:]] == [d.number for d in book.everything]
    assert all(len(row) == len(HEADER) for row in rows)


def test_the_csv_book_keeps_cyrillic_and_shows_each_column(world: World, book: Book) -> None:
    rows = csv_rows(export(world.official_a, book.params("csv")))
    by_number = {row[0]: dict(zip(HEADER, row, strict=True)) for row in rows[1:]}

    first = by_number[book.visible[0].number]
    assert first["Subject"] == "Искане за информация"
    assert first["Correspondent"] == "Иван Петров"
    assert first["Kind"] == "Писмо"
    assert first["Direction"] == "Incoming"
    assert first["Channel"] == "Post"
    assert first["Sheets"] == "3"
    assert first["Status"] == "Registered"
    assert first["Deadline"] == ""
    assert VALID_EGN not in "".join(",".join(row) for row in rows)  # no identifiers in a book

    application = by_number[book.visible[1].number]
    assert application["Kind"] == "Заявление"
    assert application["Deadline"] != ""  # the statutory deadline of an application

    annulled = [row for row in by_number.values() if row["Subject"] == "Писмо № 5"]
    assert annulled and annulled[0]["Status"] == "Annulled"  # its number stays in the book


def test_the_book_leaves_out_other_periods_registers_and_organisations(
    world: World, book: Book
) -> None:
    body = b"".join(export(world.registrar_a, book.params("csv")).streaming_content).decode()
    for document in book.left_out:
        assert document.subject not in body


# --- confidentiality in every format ----------------------------------------------------------


def _export_text(user: Any, book: Book, fmt: str, printed: list[str]) -> str:
    response = export(user, book.params(fmt))
    assert response.status_code == 200, response.status_code
    if fmt == "csv":
        return "\n".join(",".join(row) for row in csv_rows(response))
    if fmt == "ods":
        _, rows = ods_rows(response.content)
        return "\n".join(" | ".join(text for text, _ in row) for row in rows)
    assert response.content.startswith(b"%PDF-")
    return pdf_text(response.content, printed[-1])


@pytest.mark.parametrize("fmt", ["csv", "ods", "pdf"])
def test_a_confidential_entry_shows_its_subject_to_its_named_reader_only(
    world: World, book: Book, printed: list[str], fmt: str
) -> None:
    reader = _export_text(world.official_a, book, fmt, printed)
    assert SECRET_SUBJECT in reader
    assert has_number(reader, book.secret.number)

    for other in (world.registrar_a, world.admin_a):
        text = _export_text(other, book, fmt, printed)
        assert SECRET_SUBJECT not in text
        # The number stays, so the printed numbering has no gaps (issue 16).
        assert has_number(text, book.secret.number)
        assert "Confidential" in text
        assert has_number(text, book.visible[-1].number)  # the rest of the book is there


# --- ODS --------------------------------------------------------------------------------------


def test_the_ods_book_opens_as_a_spreadsheet_with_the_same_cells(world: World, book: Book) -> None:
    response = export(world.official_a, book.params("ods"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert response["Content-Disposition"].endswith('.ods"')
    name, rows = ods_rows(response.content)
    assert name == "Общ деловоден регистър"
    assert [text for text, _ in rows[0]] == HEADER
    assert [row[0][0] for row in rows[1:]] == [d.number for d in book.everything]
    first = dict(zip(HEADER, rows[1], strict=True))
    assert first["Subject"] == ("Искане за информация", "string")
    assert first["Correspondent"] == ("Иван Петров", "string")
    assert first["Sheets"] == ("3", "float")  # a number a spreadsheet can add up


# --- PDF --------------------------------------------------------------------------------------


def test_the_pdf_book_is_a_pdf_holding_every_number_the_reader_may_see(
    world: World, book: Book, printed: list[str]
) -> None:
    response = export(world.official_a, book.params("pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('.pdf"')
    assert response.content.startswith(b"%PDF-")
    assert pdf_page_count(response.content) >= 1
    text = pdf_text(response.content, printed[-1])
    assert "Общ деловоден регистър" in text
    for document in book.everything:
        assert has_number(text, document.number), document.number
    assert "Искане за информация" in text


def test_an_empty_period_prints_a_book_that_says_so(world: World, book: Book, printed) -> None:
    long_ago = date(2001, 1, 1)
    params = book.params("pdf", date_from=long_ago.isoformat(), date_to="2001-12-31")
    response = export(world.registrar_a, params)
    assert response.status_code == 200
    assert "No entries in this period." in pdf_text(response.content, printed[-1])


# --- bad requests -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"date_from": "2026-03-02", "date_to": "2026-03-01"}, "__all__", "after the end date"),
        ({"date_from": "2020-01-01", "date_to": "2025-12-31"}, "__all__", "at most five years"),
        ({"register": "no-such-register"}, "register", "Select a valid choice"),
        ({"register": "rpw"}, "register", "Select a valid choice"),  # beta's register
        ({"format": "xlsx"}, "format", "Select a valid choice"),
        ({"date_from": "1 March"}, "date_from", "Enter a valid date"),
        ({"date_to": ""}, "date_to", "This field is required"),
    ],
    ids=[
        "start-after-end",
        "over-five-years",
        "unknown-register",
        "another-organisations-register",
        "unknown-format",
        "not-a-date",
        "no-end",
    ],
)
def test_a_bad_book_request_is_a_form_error_and_no_file(
    world: World, book: Book, change: dict[str, str], field: str, message: str
) -> None:
    response = export(world.registrar_a, book.params("csv", **change))

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert not response.has_header("Content-Disposition")
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    page = response.content.decode()
    assert message in page  # shown to the user, in the error summary
    assert 'role="alert"' in page


def test_a_book_of_five_whole_years_is_allowed(world: World, book: Book) -> None:
    five_years_ago = book.date_to - timedelta(days=5 * 365)
    response = export(world.official_a, book.params("csv", date_from=five_years_ago.isoformat()))

    assert response.status_code == 200
    assert len(csv_rows(response)) == 1 + len(book.everything) + 1  # and last month's letter


def test_another_organisations_register_leaks_nothing(world: World, book: Book) -> None:
    response = export(world.registrar_a, book.params("csv", register="rpw"))

    page = response.content.decode()
    assert response.status_code == 400
    assert "Rejestr" not in page  # not even the name of beta's register
    assert "Pismo z Gminy Beta" not in page
    choices = [code for code, _ in response.context["form"].fields["register"].choices if code]
    assert {str(code) for code in choices} == {"general", "orders"}


def test_the_book_form_offers_only_the_organisations_own_registers(world: World, book) -> None:
    response = client_for(world.official_a).get(BOOK, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Общ деловоден регистър" in page and "Регистър на заповедите" in page
    assert "Rejestr" not in page
    form = response.context["form"]
    assert form["date_to"].value() == timezone.localdate()
    assert form["date_from"].value() == timezone.localdate().replace(month=1, day=1)


def test_anonymous_visitors_are_sent_to_sign_in_for_the_book(book: Book) -> None:
    response = client_for(None).get(BOOK, book.params("csv"))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert not response.has_header("Content-Disposition")


@pytest.mark.parametrize("persona", ["citizen", "official_b", "admin_b"])
def test_people_outside_the_organisation_get_403_for_the_book(
    world: World, book: Book, persona: str
) -> None:
    response = export(getattr(world, persona), book.params("csv"))

    assert response.status_code == 403
    assert not response.has_header("Content-Disposition")
    assert "Искане за информация" not in response.content.decode()


# --- the receipt ------------------------------------------------------------------------------


def receipt_url(document: Document, org: str = "alpha") -> str:
    return f"/{org}/office/registry/documents/{document.pk}/receipt/"


@pytest.fixture
def issued_codes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every access code the services make during the test, in order."""
    codes: list[str] = []
    real = services.new_access_code

    def spy() -> str:
        codes.append(real())
        return codes[-1]

    monkeypatch.setattr(services, "new_access_code", spy)
    return codes


def test_a_receipt_is_a_pdf_with_the_number_and_a_new_access_code_the_old_one_stops_working(
    world: World, registry: Any, printed: list[str], issued_codes: list[str]
) -> None:
    registration = register_letter(world, registry, subject="Заявление за справка")
    document, old_code = registration.document, registration.access_code
    assert document.access_code_digest == access_code_digest(old_code)

    response = client_for(world.registrar_a).post(receipt_url(document))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="receipt-{document.pk}.pdf"'
    assert response.content.startswith(b"%PDF-")
    new_code = issued_codes[-1]
    assert new_code != old_code
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", new_code)
    text = pdf_text(response.content, printed[-1])
    flat = re.sub(r"\s+", "", text)  # letter-spaced codes may come out with spaces
    assert document.number in flat
    assert new_code in flat
    assert old_code not in flat
    assert "Заявление за справка" in text

    document.refresh_from_db()
    assert document.access_code_digest == access_code_digest(new_code)
    assert document.access_code_digest != access_code_digest(old_code)
    assert document.access_code_digest == access_code_digest(f" {new_code.lower()} ")

    entry = AuditEntry.objects.get(action="document.receipt", object_id=str(document.pk))
    assert entry.actor == world.registrar_a
    assert entry.organisation == world.org_a
    assert entry.object_type == "registry.document"
    assert new_code not in str(entry.changes)  # the code itself is never journaled


def test_each_receipt_replaces_the_code_of_the_one_before(
    world: World, registry: Any, issued_codes: list[str]
) -> None:
    document = register_letter(world, registry).document
    client = client_for(world.registrar_a)
    client.post(receipt_url(document))
    client.post(receipt_url(document))

    document.refresh_from_db()
    first, second = issued_codes[-2:]
    assert document.access_code_digest == access_code_digest(second) != access_code_digest(first)
    assert AuditEntry.objects.filter(action="document.receipt").count() == 2


@pytest.mark.parametrize("persona", ["official_a", "citizen", "official_b"])
def test_only_registrars_print_receipts(world: World, registry: Any, persona: str) -> None:
    document = register_letter(world, registry).document
    before = document.access_code_digest

    response = client_for(getattr(world, persona)).post(receipt_url(document))

    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    document.refresh_from_db()
    assert document.access_code_digest == before
    assert not AuditEntry.objects.filter(action="document.receipt").exists()


def test_a_receipt_is_only_printed_on_post(world: World, registry: Any) -> None:
    document = register_letter(world, registry).document
    before = document.access_code_digest

    response = client_for(world.registrar_a).get(receipt_url(document))

    assert response.status_code == 405
    document.refresh_from_db()
    assert document.access_code_digest == before
    assert not AuditEntry.objects.filter(action="document.receipt").exists()


def test_anonymous_visitors_are_sent_to_sign_in_for_a_receipt(world: World, registry) -> None:
    document = register_letter(world, registry).document

    response = client_for(None).post(receipt_url(document))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_no_receipt_for_a_document_the_registrar_may_not_read(world: World, registry) -> None:
    secret = register_letter(
        world,
        registry,
        confidentiality="confidential",
        readers=[world.official_a],
        actor=None,  # not the registrar: one who registers it reads it
    ).document
    beta = register_letter(
        world,
        registry,
        organisation=world.org_b,
        actor=None,
        register=registry.rpw,
        kind=registry.pl_letter,
    ).document
    client = client_for(world.registrar_a)

    for url, document in [
        (receipt_url(secret), secret),  # confidential, the registrar is not a named reader
        (receipt_url(beta), beta),  # beta's document through alpha's office
    ]:
        before = document.access_code_digest
        response = client.post(url)
        assert response.status_code == 404, url
        document.refresh_from_db()
        assert document.access_code_digest == before
    assert not AuditEntry.objects.filter(action="document.receipt").exists()


# --- queries ----------------------------------------------------------------------------------


def _grow(world: World, registry: Any, count: int) -> None:
    for index in range(count):
        correspondent = services.correspondent_create(
            organisation=world.org_a,
            actor=None,
            kind="person",
            name=f"Кореспондент {index}",
        )
        register_letter(world, registry, subject=f"Писмо {index}", correspondent=correspondent)
        register_letter(
            world,
            registry,
            kind=registry.application,
            subject=f"Поверително {index}",
            confidentiality="confidential",
            readers=[world.official_a, world.registrar_a],
        )


def _count_queries(user: Any, fmt: str) -> tuple[int, int]:
    today = timezone.localdate().isoformat()
    params = {"register": "general", "date_from": today, "date_to": today, "format": fmt}
    client = client_for(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(BOOK, params)
        body = b"".join(response.streaming_content) if response.streaming else b""
    assert response.status_code == 200
    return len(captured), body.count(b"\n") - 1  # CSV rows, after the header


@pytest.mark.parametrize("fmt", ["csv", "ods", "pdf"])
def test_the_book_export_runs_as_many_queries_for_many_rows_as_for_few(
    world: World, registry: Any, fmt: str
) -> None:
    _grow(world, registry, 2)
    small, small_rows = _count_queries(world.registrar_a, fmt)
    _grow(world, registry, 10)
    large, large_rows = _count_queries(world.registrar_a, fmt)

    if fmt == "csv":
        assert (small_rows, large_rows) == (4, 24)
    assert large == small, f"{fmt}: {small} queries for 4 rows, {large} for 24"
    assert small <= 10, f"{fmt}: {small} queries"


def test_text_a_spreadsheet_would_run_as_a_formula_is_exported_as_text(world, registry):
    from .conftest import client_for, register_letter

    register_letter(world, registry, subject='=HYPERLINK("http://evil.example/","Open")')
    from django.utils import timezone

    today = timezone.localdate().isoformat()
    response = client_for(world.official_a).get(
        "/alpha/office/registry/book/",
        {"register": "general", "date_from": today, "date_to": today, "format": "csv"},
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in body
    assert ',"=HYPERLINK' not in body and ",=HYPERLINK" not in body


def test_an_official_cannot_look_up_whose_personal_number_it_is(world, registry):
    from municipium.registry.services import correspondent_create

    from .conftest import client_for

    correspondent_create(
        organisation=world.org_a,
        actor=None,
        name="Иван Петров",
        kind="person",
        identifier_type="egn",
        identifier="7523169263",
    )
    url = "/alpha/office/registry/correspondents/?q=7523169263"
    assert "Иван Петров" not in client_for(world.official_a).get(url).content.decode()
    assert "Иван Петров" in client_for(world.registrar_a).get(url).content.decode()
