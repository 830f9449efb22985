"""The one writer of the tables the secretariat downloads: CSV or XLSX, formula-safe.

Registrations, delegations (and the invitations and directory to come) build a
header and rows in the export's language and hand them to write_table(); the
view returns download() (or as_response() for a table it builds itself). CSV is UTF-8 with a BOM so that Excel reads it.
"""

import csv
import io
from dataclasses import dataclass

from flask import Response
from flask_login import current_user
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from eventsys.extensions import db
from eventsys.i18n import current_language
from eventsys.models import utcnow

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Export:
    body: bytes
    content_type: str
    filename: str


def safe_cell(value) -> str:
    """OWASP CSV injection: text a spreadsheet would run as a formula starts with '."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_table(header, rows, format: str, *, name: str, sheet: str = "") -> Export:
    """Header and rows as a CSV or XLSX file called <name>.<format>.

    Raises: ValueError for a format not in FORMATS (views offer only those).
    """
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}")
    writer = _csv if format == "csv" else _xlsx
    return Export(
        writer(header, rows, sheet or name), CONTENT_TYPES[format], f"{name}.{format}"
    )


def _csv(header, rows, _sheet: str) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def _xlsx(header, rows, sheet: str) -> bytes:
    book = Workbook(write_only=True)
    table = book.create_sheet(_sheet_title(sheet))
    table.append([_xlsx_cell(table, h) for h in header])
    for row in rows:
        table.append([_xlsx_cell(table, cell) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(table, value) -> WriteOnlyCell:
    # Always a string cell: openpyxl would store "=..." as a formula otherwise.
    text = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
    cell = WriteOnlyCell(table, value=safe_cell(text))
    cell.data_type = "s"
    return cell


def _sheet_title(text: str) -> str:
    # Excel: at most 31 characters, none of []:*?/\
    cleaned = "".join(c for c in text if c not in "[]:*?/\\")
    return cleaned[:31] or "Sheet"


def as_response(export: Export) -> Response:
    """A download that no cache keeps (exports hold personal data)."""
    return Response(
        export.body,
        content_type=export.content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{export.filename}"',
            "Cache-Control": "no-store",
        },
    )


def download(meeting, export_of, format: str, **options) -> Response:
    """The export views' one pattern: export_of(meeting, actor, now, language,
    format) builds the table and audits it; the entry commits, the file goes."""
    export = export_of(
        meeting,
        actor=current_user,
        now=utcnow(),
        language=current_language(),
        format=format,
        **options,
    )
    db.session.commit()
    return as_response(export)
