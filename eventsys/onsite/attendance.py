"""Attendance recorded away from the door: imported from the online platform's
attendance report, so online participants of hybrid meetings count too.

An import is previewed first: every row is sorted into matched (a confirmed
registration of the meeting, on a day of the meeting), unmatched (no confirmed
registration with that email) and invalid (no email, a date we cannot read or
outside the meeting). The preview keeps the rows in a stash file under the
instance folder, like the invitations' import; confirming checks them again
against the database as it is then and stores exactly the matched ones, as
check-ins with source `import`. A person already checked in that day (at the
door, by hand, or by an earlier import) is recorded once.
"""

import json
import secrets
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy import orm as so

from eventsys.agenda import days
from eventsys.audit.service import record
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import require
from eventsys.errors import InvalidInput
from eventsys.errors import NotFound
from eventsys.exports import Export
from eventsys.exports import write_table
from eventsys.extensions import db
from eventsys.i18n import localized
from eventsys.invitations.imports import read_table
from eventsys.onsite import queries
from eventsys.onsite import service
from eventsys.onsite.models import Checkin
from eventsys.onsite.service import check_in_manually
from eventsys.registration import lists
from eventsys.registration.models import Registration
from eventsys.registration.rules import Reader
from eventsys.registration.service import lock_meeting

# The column names of the attendance reports of the usual platforms (Zoom:
# "User Email", "Join Time"; Teams: "Email", "First Join"; Webex: "Attendee
# Email", "Join Time"), compared in lower case.
EMAIL_COLUMNS = (
    "email",
    "e-mail",
    "email address",
    "user email",
    "attendee email",
    "participant email",
)
DAY_COLUMNS = ("day", "date", "join time", "first join", "join date", "start time")
# How a report writes its dates: ISO first, then the US style of Zoom and Teams.
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%d.%m.%Y")
MAX_ROWS = 20_000
_KEY_LENGTH = 32


@dataclass
class Preview:
    # (row number, registration, day): what confirming stores (once per person and day).
    matched: list[tuple[int, Registration, date]] = field(default_factory=list)
    # Matched rows already recorded for that person and day (stored nothing new).
    already: list[tuple[int, Registration, date]] = field(default_factory=list)
    unmatched: list[tuple[int, str]] = field(default_factory=list)
    invalid: list[tuple[int, str]] = field(default_factory=list)
    raw: list[tuple[int, dict]] = field(default_factory=list)
    key: str = ""


def _bad(message: str) -> InvalidInput:
    return InvalidInput(message, fields={"file": message})


def read_report(body: bytes, filename: str) -> list[tuple[int, dict]]:
    """(row number, {"email", "day"}) for each non-empty row of the report.

    Raises: InvalidInput (unreadable, no email column, too many rows).
    """
    table = read_table(body, filename)
    if not table:
        raise _bad(_("The file is empty."))
    header = [str(h or "").strip().lower() for h in table[0]]
    email_at = next((header.index(c) for c in EMAIL_COLUMNS if c in header), None)
    day_at = next((header.index(c) for c in DAY_COLUMNS if c in header), None)
    if email_at is None:
        raise _bad(_("The file has no email column (such as “Email” or “User Email”)."))
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        cells = list(cells)
        email = _cell(cells, email_at)
        day = (
            _day_text(cells[day_at])
            if day_at is not None and day_at < len(cells)
            else ""
        )
        if email or day:
            rows.append((number, {"email": email, "day": day}))
    if len(rows) > MAX_ROWS:
        raise _bad(_("Please import at most %(n)d rows at a time.", n=MAX_ROWS))
    return rows


def _cell(cells: list, at: int) -> str:
    return str(cells[at] or "").strip() if at < len(cells) else ""


def _day_text(value) -> str:
    """A report's date cell as written (XLSX dates arrive as datetimes)."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value or "").strip()


def parse_day(text: str) -> date | None:
    """The calendar day a report's cell names ("2026-05-04 09:01", "5/4/2026 9:01 AM")."""
    head = (text or "").strip().replace("T", " ").split(" ")[0].rstrip(",")
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(head, pattern).date()
        except ValueError:
            continue
    return None


def check_rows(meeting, rows, *, default_day: date | None) -> Preview:
    """Sort a report's rows; reads the database, writes nothing."""
    first, last = days.local_dates(meeting)
    people = _confirmed_by_email(meeting, {r["email"].lower() for _n, r in rows})
    recorded = {
        (c.registration_id, c.day)
        for c in db.session.scalars(
            queries.checkins_of({p.id for p in people.values()})
        )
    }
    preview = Preview(raw=rows)
    seen: set = set()
    for number, row in rows:
        reader = Reader({"email": row["email"]})
        email = reader.email()
        if reader.errors:
            preview.invalid.append((number, _("No valid email address.")))
            continue
        day = parse_day(row["day"]) if row["day"] else default_day
        if day is None:
            preview.invalid.append(
                (
                    number,
                    _(
                        "The date is missing or cannot be read: %(value)s",
                        value=row["day"] or "—",
                    ),
                )
            )
            continue
        if not first <= day <= last:
            preview.invalid.append(
                (
                    number,
                    _(
                        "The date is not a day of the meeting: %(value)s",
                        value=row["day"] or day.isoformat(),
                    ),
                )
            )
            continue
        registration = people.get(email)
        if registration is None:
            preview.unmatched.append((number, email))
            continue
        if (registration.id, day) in seen:
            continue  # platforms list every join: one row per person and day counts
        seen.add((registration.id, day))
        target = (
            preview.already if (registration.id, day) in recorded else preview.matched
        )
        target.append((number, registration, day))
    return preview


def _confirmed_by_email(meeting, emails: set[str]) -> dict[str, Registration]:
    rows = db.session.scalars(
        sa.select(Registration).where(
            Registration.meeting_id == meeting.id,
            Registration.status == "confirmed",
            sa.func.lower(Registration.email).in_(emails),
        )
    )
    return {r.email.lower(): r for r in rows}


def _default_day(meeting, value) -> date | None:
    """The day for rows without a date (a report of one session), if it is one of the meeting's."""
    if not value:
        return None
    day = value if isinstance(value, date) else parse_day(str(value))
    first, last = days.local_dates(meeting)
    if day is None or not first <= day <= last:
        message = _("Please choose a day of the meeting.")
        raise InvalidInput(message, {"day": message})
    return day


def preview_import(
    meeting, *, body: bytes, filename: str, day, actor, directory: Path
) -> Preview:
    """Check a report and stash its rows for confirm_import; nothing is stored.

    Raises: PermissionDenied, InvalidInput (the file as a whole, or the day).
    """
    require(can_manage_meeting(actor, meeting))
    default_day = _default_day(meeting, day)
    preview = check_rows(meeting, read_report(body, filename), default_day=default_day)
    if preview.matched:
        preview.key = secrets.token_hex(_KEY_LENGTH // 2)
        directory.mkdir(parents=True, exist_ok=True)
        stash = {
            "meeting": meeting.id,
            "user": actor.id,
            "day": default_day.isoformat() if default_day else "",
            "rows": preview.raw,
        }
        (directory / f"{preview.key}.json").write_text(json.dumps(stash))
    return preview


def confirm_import(
    meeting, key: str, *, actor, directory: Path, now: datetime
) -> Preview:
    """Store the matched rows of a stashed preview as check-ins from `import`.

    Raises: PermissionDenied, NotFound (no such stash for this meeting and user).
    """
    require(can_manage_meeting(actor, meeting))
    expired = NotFound(_("This import has expired; please upload the file again."))
    path = _stash_path(directory, key, expired)
    try:
        stash = json.loads(path.read_text())
    except (OSError, ValueError):
        raise expired from None
    if stash.get("meeting") != meeting.id or stash.get("user") != actor.id:
        raise expired
    lock_meeting(meeting)  # the door may be checking the same people in
    preview = check_rows(
        meeting,
        [(n, dict(r)) for n, r in stash["rows"]],
        default_day=parse_day(stash.get("day") or ""),
    )
    for _number, registration, day in preview.matched:
        db.session.add(
            Checkin(registration_id=registration.id, day=day, source="import", at=now)
        )
    db.session.flush()
    record(
        "attendance.import",
        actor=actor,
        meeting=meeting,
        after={
            "recorded": len(preview.matched),
            "unmatched": len(preview.unmatched),
            "invalid": len(preview.invalid),
        },
        now=now,
    )
    path.unlink(missing_ok=True)
    return preview


def _stash_path(directory: Path, key: str, expired: NotFound) -> Path:
    if not (
        isinstance(key, str)
        and len(key) == _KEY_LENGTH
        and all(c in "0123456789abcdef" for c in key)
    ):
        raise expired
    return directory / f"{key}.json"


def record_by_hand(meeting, *, email: str, day, actor, now: datetime) -> Checkin:
    """A manager records a confirmed participant's attendance on a day of the
    meeting (in person or online, as registered): source `manual`.

    Raises: PermissionDenied, InvalidInput (unknown email, a day outside the meeting).
    """
    require(can_manage_meeting(actor, meeting))
    reader = Reader({"email": email})
    address = reader.email()
    registration = (
        None if reader.errors else _confirmed_by_email(meeting, {address}).get(address)
    )
    if registration is None:
        message = _("No confirmed participant of this meeting has this email address.")
        raise InvalidInput(message, {"email": message})
    chosen = day if isinstance(day, date) else parse_day(str(day or ""))
    if chosen is None:
        message = _("Please choose a day of the meeting.")
        raise InvalidInput(message, {"day": message})
    return check_in_manually(registration, day=chosen, actor=actor, now=now)


def how(checkin) -> str:
    """ "online" for imported attendance or an online registration, else "in_person"."""
    if checkin.source == "import" or checkin.registration.attendance == "online":
        return "online"
    return "in_person"


def export_rows(meeting, language: str) -> tuple[list, list]:
    """The attendance list for download: one row per person and day."""
    checkins = db.session.scalars(
        queries.meeting_checkins(meeting).options(
            so.joinedload(Checkin.registration).joinedload(Registration.category)
        )
    ).all()
    header = [
        _("Day"),
        _("Name"),
        _("Email"),
        _("Represents"),
        _("Category"),
        _("Attended"),
        _("Recorded by"),
    ]
    words = {"online": _("online"), "in_person": _("in person")}
    sources = {
        "scan": _("scan at the door"),
        "manual": _("by hand"),
        "import": _("import"),
    }
    rows = [
        [
            c.day.isoformat(),
            c.registration.display_name,
            c.registration.email,
            lists.represents(c.registration, language),
            localized(c.registration.category.name, language, meeting.main_language),
            words[how(c)],
            sources[c.source],
        ]
        for c in checkins
    ]
    return header, rows


def counts_rows(meeting, language: str) -> tuple[list, list]:
    """The overview's table (check-ins by category and day) for download."""
    table = service.attendance(meeting)
    header = [_("Category"), *[d.isoformat() for d in table["days"]]]
    rows = [
        [localized(category.name, language, meeting.main_language)]
        + [per_day.get(d, 0) for d in table["days"]]
        for category, per_day in table["rows"]
    ]
    rows.append([_("Total"), *[table["totals"][d] for d in table["days"]]])
    rows.append(
        [_("of whom online"), *[table["online"].get(d, 0) for d in table["days"]]]
    )
    return header, rows


def export_attendance(
    meeting, *, table: str, actor, now: datetime, language: str, format: str
) -> Export:
    """The attendance list (table "people", audited: it names people) or the
    counts by category and day (table "counts").

    Raises: PermissionDenied.
    """
    require(can_manage_meeting(actor, meeting))
    if table == "people":
        header, rows = export_rows(meeting, language)
        record(
            "attendance.export",
            actor=actor,
            meeting=meeting,
            after={"rows": len(rows)},
            now=now,
        )
        name = f"{meeting.slug}-attendance"
    else:
        header, rows = counts_rows(meeting, language)
        name = f"{meeting.slug}-attendance-counts"
    return write_table(header, rows, format, name=name, sheet=_("Attendance"))
