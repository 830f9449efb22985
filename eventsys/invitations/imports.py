"""Importing invitations from CSV or XLSX: preview first, store on confirmation.

The preview parses and checks every row, records an InvitationImport (its
counts and errors, read by the page and the API) and keeps the raw rows in a
stash file under the instance folder (a random name, tied to the meeting and
the manager); confirming reads the stash, checks every row again against the
database as it is then, and stores exactly the good ones. A row of kind
`delegation` (or one without a category) invites a focal point through the
delegations service. The stash is deleted on confirmation or cancellation;
stale ones are purged daily (jobs.py).
"""

import csv
import io
import json
import secrets
import zipfile
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from flask_babel import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from eventsys import lookup
from eventsys.audit.service import record
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import require
from eventsys.directory.service import functional_address_for
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.errors import NotFound
from eventsys.extensions import db
from eventsys.invitations import queries
from eventsys.invitations import service
from eventsys.invitations.models import InvitationImport
from eventsys.registration import delegations
from eventsys.registration.models import Delegation

COLUMNS = (
    "kind",
    "email",
    "title",
    "given_name",
    "family_name",
    "represents",
    "category",
    "language",
    "bound",
    "country",
    # Which functional address, for a row naming an organisation and no person.
    "duty_station",
)
MAX_ROWS = 5000
_KEY_LENGTH = 32
# A preview not confirmed within this time is stale: its stash is purged.
STASH_LIFETIME = timedelta(days=1)


@dataclass
class Preview:
    good: list[tuple[int, dict]] = field(default_factory=list)
    duplicates: list[tuple[int, str]] = field(default_factory=list)
    invalid: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    raw: list[tuple[int, dict]] = field(default_factory=list)
    key: str = ""
    id: int | None = None

    @property
    def people(self) -> int:
        return sum(1 for _n, v in self.good if v["kind"] == "person")

    @property
    def delegations(self) -> int:
        return sum(1 for _n, v in self.good if v["kind"] == "delegation")


def stash_dir(instance_path: str) -> Path:
    """Where previews wait for confirmation (never a web-served folder)."""
    return Path(instance_path) / "invitation-imports"


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


def is_delegation_row(row: dict) -> bool:
    """A focal point's row: kind says so, or no kind and no category."""
    kind = (row.get("kind") or "").strip().lower().replace("-", "_")
    if kind:
        return kind in ("delegation", "focal_point")
    return not (row.get("category") or "").strip()


def _read_delegation_row(row: dict) -> tuple[dict, dict[str, str]]:
    name = " ".join(
        p for p in (row.get(k, "") for k in ("title", "given_name", "family_name")) if p
    )
    data = {
        "represents": row.get("represents", ""),
        "country": row.get("country", ""),
        "focal_point_email": row.get("email", ""),
        "focal_point_name": name,
    }
    if not data["focal_point_email"].strip() and not name:
        # No one named: the organisation's functional address (the directory's rule).
        data["focal_point_email"] = functional_address_for(
            data["represents"], row.get("duty_station") or ""
        )
    try:
        values = delegations.read_delegation(data)
    except InvalidInput as error:
        fields = {
            "email" if k == "focal_point_email" else k: v
            for k, v in error.fields.items()
        }
        return {}, fields
    return {"kind": "delegation", **values}, {}


def _delegated(meeting) -> set[str]:
    return {
        name.lower()
        for name in db.session.scalars(
            sa.select(Delegation.represents).where(Delegation.meeting_id == meeting.id)
        )
    }


def check_rows(meeting, rows: list[tuple[int, dict]]) -> Preview:
    """Sort rows into good, duplicates (already invited, or twice in the file) and invalid.

    Individuals are duplicates by email; delegations by what they represent.
    """
    categories = service.categories_by_key(meeting)
    seen = queries.invited_emails(meeting)
    represented = _delegated(meeting)
    preview = Preview(raw=rows)
    for number, row in rows:
        if is_delegation_row(row):
            values, errors = _read_delegation_row(row)
            key, pool, shown = "represents", represented, "represents"
        else:
            values, errors = service.read_invitation(row, categories)
            values["kind"] = "person"
            key, pool, shown = "email", seen, "email"
        if errors:
            preview.invalid.append((number, errors))
        elif values[key].lower() in pool:
            preview.duplicates.append((number, values[shown]))
        else:
            pool.add(values[key].lower())
            preview.good.append((number, values))
    return preview


def preview_import(
    meeting, *, body: bytes, filename: str, actor, directory: Path, now: datetime
) -> Preview:
    """Check a file, record its counts and stash its rows for confirm_import;
    no invitation is stored.

    Raises: PermissionDenied, InvalidInput (the file as a whole).
    """
    require(can_manage_meeting(actor, meeting))
    return preview_rows(
        meeting,
        read_file(body, filename),
        filename=filename,
        actor=actor,
        directory=directory,
        now=now,
    )


def preview_rows(
    meeting, rows, *, filename: str, actor, directory: Path, now: datetime
) -> Preview:
    """preview_import for rows already read: [(line number, {column: text})].

    Raises: PermissionDenied, InvalidInput (too many rows).
    """
    require(can_manage_meeting(actor, meeting))
    if len(rows) > MAX_ROWS:
        raise _bad(_("Please import at most %(n)d rows at a time.", n=MAX_ROWS))
    preview = check_rows(meeting, rows)
    preview.key = secrets.token_hex(_KEY_LENGTH // 2)
    job = InvitationImport(
        meeting=meeting,
        user_id=actor.id,
        key=preview.key,
        filename=(filename or "")[:200],
        status="previewed",
        created_at=now,
        **counts(preview),
    )
    db.session.add(job)
    db.session.flush()
    preview.id = job.id
    if preview.good:
        directory.mkdir(parents=True, exist_ok=True)
        stash = {"meeting": meeting.id, "user": actor.id, "rows": preview.raw}
        (directory / f"{preview.key}.json").write_text(json.dumps(stash))
    return preview


def counts(preview: Preview) -> dict:
    """The columns of an InvitationImport that a preview fills."""
    return {
        "rows": len(preview.raw),
        "good": len(preview.good),
        "duplicates": len(preview.duplicates),
        "invalid": len(preview.invalid),
        "errors": [{"line": n, "fields": e} for n, e in preview.invalid],
        "duplicate_rows": [{"line": n, "value": v} for n, v in preview.duplicates],
    }


def get_import(meeting, *, key: str | None = None, import_id=None, actor):
    """The manager's own import of this meeting, by stash key or id.

    Raises: PermissionDenied, NotFound.
    """
    require(can_manage_meeting(actor, meeting))
    expired = NotFound(_("This import has expired; please upload the file again."))
    if key is not None:
        _check_key(key)
        where = InvitationImport.key == key
    elif lookup.plausible_id(import_id):
        where = InvitationImport.id == import_id
    else:
        raise expired
    job = db.session.scalar(sa.select(InvitationImport).where(where))
    if job is None or job.meeting_id != meeting.id or job.user_id != actor.id:
        raise expired
    return job


def confirm_import(job: InvitationImport, *, actor, directory: Path, now: datetime):
    """Store the good rows of a previewed import: invitations as drafts, focal
    points invited (their link is emailed).

    Raises: PermissionDenied, Conflict (already confirmed or cancelled), NotFound
    (the stash is gone).
    """
    meeting = job.meeting
    require(can_manage_meeting(actor, meeting))
    _check_previewed(job)
    path = directory / f"{job.key}.json"
    try:
        stash = json.loads(path.read_text())
    except (OSError, ValueError):
        raise NotFound(
            _("This import has expired; please upload the file again.")
        ) from None
    preview = check_rows(meeting, [(n, dict(r)) for n, r in stash["rows"]])
    people = [v for _n, v in preview.good if v["kind"] == "person"]
    invitations = [
        service.new_invitation(meeting, _without_kind(v), now=now) for v in people
    ]
    db.session.add_all(invitations)
    db.session.flush()
    for _n, values in preview.good:
        if values["kind"] == "delegation":
            delegations.invite_delegation(
                meeting, data=_without_kind(values), actor=actor, now=now
            )
    job.status = "confirmed"
    job.finished_at = now
    job.created = len(preview.good)
    record(
        "invitation.import",
        actor=actor,
        meeting=meeting,
        after={
            "created": len(invitations),
            "delegations": len(preview.good) - len(invitations),
            "duplicates": len(preview.duplicates),
        },
        now=now,
    )
    path.unlink(missing_ok=True)
    preview.id, preview.key = job.id, job.key
    return preview


def _without_kind(values: dict) -> dict:
    return {k: v for k, v in values.items() if k != "kind"}


def cancel_import(job: InvitationImport, *, actor, directory: Path, now: datetime):
    """Drop a previewed import and its stash; nothing is stored.

    Raises: PermissionDenied, Conflict (already confirmed or cancelled).
    """
    require(can_manage_meeting(actor, job.meeting))
    _check_previewed(job)
    job.status = "cancelled"
    job.finished_at = now
    (directory / f"{job.key}.json").unlink(missing_ok=True)


def _check_previewed(job: InvitationImport) -> None:
    if job.status != "previewed":
        raise Conflict(_("This import is already finished; upload the file again."))


def purge_stale(directory: Path, *, now: datetime) -> int:
    """Delete stash files older than STASH_LIFETIME and mark their imports expired;
    also files no import knows (left by a crash). Returns how many files went."""
    cutoff = now - STASH_LIFETIME
    stale = db.session.scalars(
        sa.select(InvitationImport).where(
            InvitationImport.status == "previewed",
            InvitationImport.created_at < cutoff,
        )
    ).all()
    for job in stale:
        job.status = "expired"
        job.finished_at = now
    removed = 0
    if directory.is_dir():
        for path in directory.glob("*.json"):
            if path.stat().st_mtime < cutoff.timestamp():
                path.unlink(missing_ok=True)
                removed += 1
    return removed


def _check_key(key) -> None:
    if not (
        isinstance(key, str)
        and len(key) == _KEY_LENGTH
        and all(c in "0123456789abcdef" for c in key)
    ):
        raise NotFound(_("This import has expired; please upload the file again."))
