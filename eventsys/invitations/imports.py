"""Importing invitations from CSV or XLSX: preview first, store on confirmation.

The preview parses and checks every row and keeps the raw rows in a stash
file under the instance folder (a random name, tied to the meeting and the
manager); confirming reads the stash, checks every row again against the
database as it is then, and stores exactly the good ones.
"""

import csv
import io
import json
import secrets
import zipfile
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from pathlib import Path

from flask_babel import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from eventsys.audit.service import record
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import require
from eventsys.errors import InvalidInput
from eventsys.errors import NotFound
from eventsys.extensions import db
from eventsys.invitations import queries
from eventsys.invitations import service

COLUMNS = (
    "email",
    "title",
    "given_name",
    "family_name",
    "represents",
    "category",
    "language",
    "bound",
)
MAX_ROWS = 5000
_KEY_LENGTH = 32


@dataclass
class Preview:
    good: list[tuple[int, dict]] = field(default_factory=list)
    duplicates: list[tuple[int, str]] = field(default_factory=list)
    invalid: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    raw: list[tuple[int, dict]] = field(default_factory=list)
    key: str = ""


def read_file(body: bytes, filename: str) -> list[tuple[int, dict]]:
    """(line number, row) for every non-empty row of a CSV or XLSX file.

    Raises: InvalidInput (not a table we can read, a column missing, too many rows).
    """
    table = read_table(body, filename)
    if not table:
        raise _bad(_("The file is empty."))
    header = [str(h or "").strip().lower() for h in table[0]]
    missing = [c for c in ("email", "category") if c not in header]
    if missing:
        raise _bad(
            _("The file lacks the column(s): %(names)s.", names=", ".join(missing))
        )
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values = {
            h: _text(v) for h, v in zip(header, cells, strict=False) if h in COLUMNS
        }
        if any(values.values()):
            rows.append((number, values))
    if len(rows) > MAX_ROWS:
        raise _bad(_("Please import at most %(n)d rows at a time.", n=MAX_ROWS))
    return rows


def read_table(body: bytes, filename: str) -> list[list]:
    """The cells of a CSV (any of , ; tab) or XLSX file (first sheet), row by row.

    Shared with the attendance import (onsite/attendance.py).
    Raises: InvalidInput (not a table we can read).
    """
    name = (filename or "").lower()
    try:
        return _xlsx(body) if name.endswith(".xlsx") else _csv(body)
    except (
        ValueError,
        KeyError,
        OSError,
        UnicodeDecodeError,
        csv.Error,
        zipfile.BadZipFile,
        InvalidFileException,
    ):
        raise _bad(
            _("We could not read this file: please send a CSV or XLSX file.")
        ) from None


def _bad(message: str) -> InvalidInput:
    return InvalidInput(message, fields={"file": message})


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _csv(body: bytes) -> list[list]:
    text = body.decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text else csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _xlsx(body: bytes) -> list[list]:
    book = load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def check_rows(meeting, rows: list[tuple[int, dict]]) -> Preview:
    """Sort rows into good, duplicates (already invited, or twice in the file) and invalid."""
    categories = service.categories_by_key(meeting)
    seen = queries.invited_emails(meeting)
    preview = Preview(raw=rows)
    for number, row in rows:
        values, errors = service.read_invitation(row, categories)
        if errors:
            preview.invalid.append((number, errors))
        elif values["email"].lower() in seen:
            preview.duplicates.append((number, values["email"]))
        else:
            seen.add(values["email"].lower())
            preview.good.append((number, values))
    return preview


def preview_import(
    meeting, *, body: bytes, filename: str, actor, directory: Path
) -> Preview:
    """Check a file and stash its rows for confirm_import; nothing is stored.

    Raises: PermissionDenied, InvalidInput (the file as a whole).
    """
    require(can_manage_meeting(actor, meeting))
    preview = check_rows(meeting, read_file(body, filename))
    if preview.good:
        preview.key = secrets.token_hex(_KEY_LENGTH // 2)
        directory.mkdir(parents=True, exist_ok=True)
        stash = {"meeting": meeting.id, "user": actor.id, "rows": preview.raw}
        (directory / f"{preview.key}.json").write_text(json.dumps(stash))
    return preview


def confirm_import(
    meeting, key: str, *, actor, directory: Path, now: datetime
) -> Preview:
    """Store the good rows of a stashed preview as draft invitations.

    Raises: PermissionDenied, NotFound (no such stash for this meeting and user).
    """
    require(can_manage_meeting(actor, meeting))
    path = _stash_path(directory, key)
    try:
        stash = json.loads(path.read_text())
    except (OSError, ValueError):
        raise NotFound(
            _("This import has expired; please upload the file again.")
        ) from None
    if stash.get("meeting") != meeting.id or stash.get("user") != actor.id:
        raise NotFound(_("This import has expired; please upload the file again."))
    preview = check_rows(meeting, [(n, dict(r)) for n, r in stash["rows"]])
    invitations = [
        service.new_invitation(meeting, v, now=now) for _n, v in preview.good
    ]
    db.session.add_all(invitations)
    db.session.flush()
    record(
        "invitation.import",
        actor=actor,
        meeting=meeting,
        after={"created": len(invitations), "duplicates": len(preview.duplicates)},
        now=now,
    )
    path.unlink(missing_ok=True)
    return preview


def _stash_path(directory: Path, key: str) -> Path:
    if not (
        isinstance(key, str)
        and len(key) == _KEY_LENGTH
        and all(c in "0123456789abcdef" for c in key)
    ):
        raise NotFound(_("This import has expired; please upload the file again."))
    return directory / f"{key}.json"
