"""The registry book (a register's entries for a period) as PDF, CSV and ODS, and the
registration receipt as PDF. Every entry of the register is in the book, so its numbering
has no gaps; of a confidential document, those not named among its readers see only its number,
its registration time and the word "Confidential" (`registered_documents`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from municipium.tenants.scoping import Scope

from .models import Document, Register
from .queries import registered_documents

MAX_PDF_ROWS = 20000  # a book longer than this is exported as CSV or ODS


@dataclass(frozen=True)
class BookRequest:
    register: Register
    date_from: date
    date_to: date


def book_rows(scope: Scope, book: BookRequest) -> QuerySet[Document]:
    start = timezone.make_aware(datetime.combine(book.date_from, time.min))
    end = timezone.make_aware(datetime.combine(book.date_to + timedelta(days=1), time.min))
    return (
        registered_documents(scope)
        .filter(register=book.register, registered_at__gte=start, registered_at__lt=end)
        .select_related("kind", "correspondent")
        .order_by("period", "seq")
    )


def _columns() -> list[str]:
    return [
        _("Number"),
        _("Registered"),
        _("Direction"),
        _("Kind"),
        _("Subject"),
        _("Correspondent"),
        _("Channel"),
        _("Sheets"),
        _("Status"),
        _("Deadline"),
    ]


def _cells(document: Document) -> list[Any]:
    if not getattr(document, "readable", True):
        # The number stays in the book; nothing that tells what the document is about.
        return [
            document.number,
            formats.date_format(
                timezone.localtime(document.registered_at), "SHORT_DATETIME_FORMAT"
            ),
            "",
            "",
            _("Confidential"),
            "",
            "",
            "",
            "",
            "",
        ]
    return [
        document.number,
        formats.date_format(timezone.localtime(document.registered_at), "SHORT_DATETIME_FORMAT"),
        document.get_direction_display(),
        document.kind.name,
        document.subject,
        document.correspondent.name if document.correspondent else "",
        document.get_channel_display(),
        document.sheets,
        document.get_status_display(),
        formats.date_format(document.deadline, "SHORT_DATE_FORMAT") if document.deadline else "",
    ]


class _Echo:
    def write(self, value: str) -> str:
        return value


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe_cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula (=, +, -, @) is quoted with an apostrophe:
    subjects and names come from the public and must stay text."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def book_csv(rows: QuerySet[Document]) -> Iterator[str]:
    """Streamed, UTF-8 with a byte-order mark so spreadsheet programs read Cyrillic right."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow(_columns())
    for document in rows.iterator(chunk_size=2000):
        yield writer.writerow([_safe_cell(cell) for cell in _cells(document)])


def book_ods(rows: QuerySet[Document], title: str) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    spreadsheet = OpenDocumentSpreadsheet()
    table = Table(name=title[:31] or "Register")

    def add_row(values: list[Any]) -> None:
        row = TableRow()
        for value in values:
            if isinstance(value, int):
                cell = TableCell(valuetype="float", value=value)
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            row.addElement(cell)
        table.addElement(row)

    add_row(_columns())
    for document in rows.iterator(chunk_size=2000):
        add_row(_cells(document))
    spreadsheet.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    spreadsheet.write(buffer)
    return buffer.getvalue()


class PdfUnavailable(Exception):
    """This server cannot make PDFs: WeasyPrint cannot load Pango, a system library. The
    message is for the page; CSV and ODS still work."""


def _weasyprint_html() -> Any:
    # WeasyPrint opens Pango when it is imported: on a machine without it the import fails
    # (OSError from the loader), and only the PDFs are lost, not the platform.
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(
            _(
                "PDFs cannot be made on this server at the moment (the Pango library is "
                "missing). Please tell the administrator."
            )
        ) from exc
    return HTML


def pdf_check() -> None:
    """PdfUnavailable when this server cannot make PDFs; called before anything is changed
    for one (a receipt's new access code)."""
    _weasyprint_html()


def _pdf(html: str) -> bytes:
    return bytes(_weasyprint_html()(string=html).write_pdf())


def book_pdf(scope: Scope, book: BookRequest, rows: QuerySet[Document]) -> bytes:
    documents = list(rows[: MAX_PDF_ROWS + 1])
    html = render_to_string(
        "registry/book_pdf.html",
        {
            "organisation": scope.organisation,
            "book": book,
            "columns": _columns(),
            "rows": [_cells(d) for d in documents[:MAX_PDF_ROWS]],
            "truncated": len(documents) > MAX_PDF_ROWS,
            "printed_at": timezone.localtime(),
            "language": get_language(),
        },
    )
    return _pdf(html)


def receipt_pdf(document: Document, access_code: str) -> bytes:
    html = render_to_string(
        "registry/receipt_pdf.html",
        {
            "document": document,
            "organisation": document.organisation,
            "access_code": access_code,
            "language": get_language(),
        },
    )
    return _pdf(html)


def file_plan_csv(items: QuerySet[Any]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow(["code", "title", "retention", "parent"])
    for item in items:
        yield writer.writerow(
            [
                _safe_cell(value)
                for value in (
                    item.code,
                    item.title,
                    item.retention,
                    item.parent.code if item.parent else "",
                )
            ]
        )


def read_csv(upload: Any) -> tuple[list[dict[str, str]], str]:
    """The rows of an uploaded UTF-8 CSV as dicts, or ([], the problem)."""
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], _("The file is not UTF-8 text.")
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    if not reader.fieldnames or "code" not in reader.fieldnames:
        return [], _("The first row must name the columns: code, title, retention, parent.")
    return [dict(row) for row in reader], ""
