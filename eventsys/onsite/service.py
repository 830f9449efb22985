"""Check-in rules: devices, batches of scans from the door, manual check-in.

A batch is idempotent by nonce: every scan is kept (CheckinScan) with what
became of it, so a device that resends a batch after a lost answer gets the
same answers back. A person is checked in once per day of the meeting (the
day of `at` in the meeting's zone); later scans that day are duplicates,
reported with the first check-in's time and device, never as errors.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import timedelta

from flask_babel import gettext as _

from eventsys.agenda import days
from eventsys.audit.service import record
from eventsys.auth.permissions import can_check_in
from eventsys.auth.permissions import require
from eventsys.dates import local_day
from eventsys.dates import to_zone
from eventsys.errors import InvalidInput
from eventsys.extensions import db
from eventsys.i18n import localized
from eventsys.onsite import queries
from eventsys.onsite.models import Checkin
from eventsys.onsite.models import CheckinDevice
from eventsys.onsite.models import CheckinScan
from eventsys.registration import lists
from eventsys.registration import queries as registration_queries
from eventsys.registration.service import lock_meeting

# Scans are accepted from the day before the meeting to the day after it.
MARGIN = timedelta(days=1)


def code_digest(code: str) -> str:
    """The SHA-256 of a check-in code, as the manifest carries it."""
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


def issue_device(meeting, *, actor, label: str, now: datetime) -> CheckinDevice:
    """A new device id for the door of a meeting.

    Raises: PermissionDenied.
    """
    require(can_check_in(actor, meeting))
    device = CheckinDevice(
        meeting=meeting,
        user_id=getattr(actor, "id", None),
        key=secrets.token_urlsafe(18),
        label=(label or "").strip()[:100] or _("Device"),
        issued_at=now,
    )
    db.session.add(device)
    db.session.flush()
    record("checkin.device", actor=actor, obj=device, meeting=meeting, now=now)
    return device


def manifest(meeting, *, actor, language: str) -> list[dict]:
    """What a door device keeps offline: per confirmed registration, only what
    the check-in page needs (code digest, name, represents, category, attendance).

    Raises: PermissionDenied.
    """
    require(can_check_in(actor, meeting))
    people = lists.participants(meeting, language=language, public=False)
    return [
        {
            "code_sha256": code_digest(p.checkin_code),
            "name": p.display_name,
            "represents": lists.represents(p, language),
            "category": localized(p.category.name, language, meeting.main_language),
            "attendance": p.attendance,
        }
        for p in people
        if p.checkin_code
    ]


@dataclass
class _Batch:
    meeting: object
    registrations: dict
    devices: dict
    scans: dict
    checkins: dict


def record_scans(meeting, items: list[dict], *, actor) -> list[dict]:
    """Record a batch of scans [{"nonce", "code", "at", "device"}]; one answer each.

    No clock: each scan carries its own time (`at`, from the device).

    Raises: PermissionDenied.
    """
    require(can_check_in(actor, meeting))
    lock_meeting(meeting)  # batches of one meeting one after the other
    batch = _load(meeting, items)
    return [_scan(batch, item) for item in items]


def _load(meeting, items) -> _Batch:
    registrations = {
        r.checkin_code: r
        for r in db.session.scalars(
            queries.registrations_by_code(meeting, {i["code"] for i in items})
        )
    }
    ids = {r.id for r in registrations.values()}
    return _Batch(
        meeting=meeting,
        registrations=registrations,
        devices={
            d.key: d
            for d in db.session.scalars(
                queries.devices_by_key(meeting, {i["device"] for i in items})
            )
        },
        scans={
            s.nonce: s
            for s in db.session.scalars(
                queries.scans_by_nonce({i["nonce"] for i in items})
            )
        },
        checkins={
            (c.registration_id, c.day): c
            for c in db.session.scalars(queries.checkins_of(ids))
        },
    )


def _scan(batch: _Batch, item: dict) -> dict:
    answer = {"nonce": item["nonce"]}
    registration = batch.registrations.get(item["code"])
    known = batch.scans.get(item["nonce"])
    if known is not None:
        if registration is None or known.registration_id != registration.id:
            return {**answer, **_refused("nonce_reused")}
        return {
            **answer,
            **_outcome(batch, registration, known.result, known.checkin),
            "replayed": True,
        }
    device = batch.devices.get(item["device"])
    if registration is None:
        return {**answer, **_refused("unknown_code")}
    if device is None or device.revoked_at is not None:
        return {**answer, **_refused("unknown_device")}
    at = _moment(item["at"])
    if at is None:
        return {**answer, **_refused("invalid_time")}
    day = local_day(at, batch.meeting.timezone)
    first, last = days.local_dates(batch.meeting)
    if not first - MARGIN <= day <= last + MARGIN:
        return {**answer, **_refused("outside_dates")}
    result, checkin = _check_in(
        batch, registration, day, at=at, device=device, nonce=item["nonce"]
    )
    scan = CheckinScan(
        nonce=item["nonce"],
        registration_id=registration.id,
        device_id=device.id,
        checkin=checkin,
        at=at,
        result=result,
    )
    db.session.add(scan)
    batch.scans[scan.nonce] = scan
    return {
        **answer,
        **_outcome(batch, registration, result, checkin),
        "replayed": False,
    }


def _check_in(batch, registration, day, *, at, device, nonce):
    if registration.status != "confirmed":
        return "not_confirmed", None
    existing = batch.checkins.get((registration.id, day))
    if existing is not None:
        return "already_checked_in", existing
    checkin = Checkin(
        registration_id=registration.id,
        day=day,
        source="scan",
        device=device,
        at=at,
        nonce=nonce,
    )
    db.session.add(checkin)
    db.session.flush()
    batch.checkins[(registration.id, day)] = checkin
    return "checked_in", checkin


def _moment(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else None


def _refused(reason: str) -> dict:
    messages = {
        "unknown_code": _("This code is not a registration for this meeting."),
        "unknown_device": _(
            "This device is not known for this meeting; sign it in again."
        ),
        "invalid_time": _("The time of the scan is not valid."),
        "outside_dates": _("The scan is not within the dates of the meeting."),
        "nonce_reused": _("This scan id was already used for another person."),
    }
    return {"status": "refused", "reason": reason, "message": messages[reason]}


def _outcome(batch, registration, result: str, checkin) -> dict:
    meeting = batch.meeting
    answer = {
        "status": result,
        "name": registration.display_name,
        "category": localized(registration.category.name, None, meeting.main_language),
    }
    if checkin is not None:
        answer["day"] = checkin.day.isoformat()
        answer["checked_in_at"] = to_zone(checkin.at, meeting.timezone).isoformat()
    if result == "already_checked_in":
        answer["message"] = _(
            "Already checked in at %(time)s by %(device)s.",
            time=to_zone(checkin.at, meeting.timezone).strftime("%H:%M"),
            device=_device_name(checkin),
        )
    elif result == "not_confirmed":
        answer["registration_status"] = registration.status
        answer["message"] = _(
            "This registration is not confirmed (%(status)s): do not let them in on this badge.",
            status=registration.status,
        )
    return answer


def _device_name(checkin) -> str:
    if checkin.device is not None:
        return _("device %(label)s", label=checkin.device.label)
    return _("the secretariat")


def check_in_manually(registration, *, day: date, actor, now: datetime) -> Checkin:
    """Door staff (a tap on the check-in page) or a manager records a confirmed
    registration's attendance on one day of the meeting; once per day.

    Raises: PermissionDenied, InvalidInput (a day outside the meeting, not confirmed).
    """
    meeting = registration.meeting
    require(can_check_in(actor, meeting))
    first, last = days.local_dates(meeting)
    if not first <= day <= last:
        message = _("Please choose a day of the meeting.")
        raise InvalidInput(message, {"day": message})
    if registration.status != "confirmed":
        raise InvalidInput(_("Only confirmed participants can be checked in."))
    lock_meeting(meeting)
    existing = db.session.scalars(queries.checkins_of({registration.id})).all()
    found = next((c for c in existing if c.day == day), None)
    if found is not None:
        return found
    checkin = Checkin(registration_id=registration.id, day=day, source="manual", at=now)
    db.session.add(checkin)
    db.session.flush()
    record(
        "checkin.manual",
        actor=actor,
        obj=registration,
        meeting=meeting,
        after={"day": day.isoformat()},
        now=now,
    )
    return checkin


def door_day(meeting, now: datetime) -> date:
    """The day a tap at the door counts for: today, kept within the meeting's days."""
    first, last = days.local_dates(meeting)
    return min(max(local_day(now, meeting.timezone), first), last)


def days_of(meeting) -> list[date]:
    return days.meeting_dates(meeting)


def attendance(meeting) -> dict:
    """{"days": [...], "rows": [(category, {day: count})], "totals": {day: count},
    "online": {day: count}} (online: imported, or registered to attend online)."""
    counts: dict = {}
    online: dict = {}
    for day, category_id, source, registered, count in db.session.execute(
        queries.attendance_counts(meeting)
    ):
        per_day = counts.setdefault(category_id, {})
        per_day[day] = per_day.get(day, 0) + count
        if source == "import" or registered == "online":
            online[day] = online.get(day, 0) + count
    categories = db.session.scalars(registration_queries.meeting_categories(meeting))
    dates = days_of(meeting)
    rows = [(c, counts.get(c.id, {})) for c in categories]
    totals = {d: sum(per_day.get(d, 0) for _c, per_day in rows) for d in dates}
    return {"days": dates, "rows": rows, "totals": totals, "online": online}
