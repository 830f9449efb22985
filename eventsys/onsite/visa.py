"""Visa support letters: settings, requests, decisions, verification, purge.

Passport data is personal data of the most sensitive kind. It is kept only as
one Fernet token (eventsys/crypto.py) on VisaRequest.passport, and the letter
only as encrypted bytes in the file storage; both are read back by managers of
the meeting and the participant's own link, never by exports, logs, audit
values or the API, and erased 30 days after the meeting ends (`purge_due`,
the daily job) or on erasure (`erase_for`). A letter is revoked once its
registration is cancelled or rejected (`letter_state`: the registration's
state is the one owner of that fact; `revoke_ended` records it).

Services take the cipher and the storage as arguments from the boundary.
"""

import json
import secrets
from datetime import date
from datetime import datetime
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eventsys import links
from eventsys.audit.service import record
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import require
from eventsys.dates import local_to_utc
from eventsys.dates import to_zone
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.errors import NotFound
from eventsys.extensions import db
from eventsys.mail.service import enqueue
from eventsys.mail.service import render_email
from eventsys.meetings.models import Meeting
from eventsys.onsite.models import PASSPORT_TYPES
from eventsys.onsite.models import VISA_FUNDING
from eventsys.onsite.models import VisaRequest
from eventsys.registration import notify
from eventsys.registration import rules
from eventsys.registration.models import Registration
from eventsys.tokens import hash_token

DEADLINE_BEFORE_START = timedelta(days=42)  # Schengen visas take weeks
PURGE_AFTER_END = timedelta(days=30)
ENDED = ("cancelled", "rejected")
PASSPORT_FIELDS = (
    "surnames",
    "given_names",
    "passport_number",
    "passport_type",
    "nationality",
    "date_of_birth",
    "passport_expiry",
    "place_of_issue",
    "consulate",
    "consulate_email",
)
REQUIRED = set(PASSPORT_FIELDS) - {"consulate_email"}
NO_DATA_KEY = _l(
    "Visa letters cannot be offered yet: the system administrator must set the "
    "data key (EVENTSYS_DATA_KEY) outside instance/ (docs/deployment.md)."
)
SETTINGS_CONCERNS = {
    "visa": (
        "visa_support",
        "visa_deadline",
        "visa_signatory_name",
        "visa_signatory_title",
    ),
    "grounds_pass": ("un_premises",),
}


# --------------------------------------------------------------------- settings


def deadline(meeting: Meeting) -> datetime:
    """The last moment to ask for a letter: as set, else 42 days before the start."""
    return meeting.visa_deadline or meeting.starts_at - DEADLINE_BEFORE_START


def update_settings(
    meeting: Meeting, *, concern: str, data: dict, actor, key_problem: str, now
) -> None:
    """Write one concern of the visa and grounds-pass settings.

    key_problem: why no data key may be used here ("" if one may): visa
    support cannot be turned on without one.

    Raises: PermissionDenied, InvalidInput.
    """
    require(can_manage_meeting(actor, meeting))
    names = SETTINGS_CONCERNS.get(concern)
    if names is None:
        raise InvalidInput(_("Please check the highlighted fields."))
    values = _settings_values(meeting, names, data, key_problem)
    before = {name: getattr(meeting, name) for name in values}
    for name, value in values.items():
        setattr(meeting, name, value)
    record(
        "visa.settings",
        actor=actor,
        obj=meeting,
        meeting=meeting,
        before=before,
        after=values,
        now=now,
    )
    db.session.flush()


def _settings_values(meeting, names, data: dict, key_problem: str) -> dict:
    reader = rules.Reader(data)
    values = {}
    for name in names:
        if name in ("visa_support", "un_premises"):
            values[name] = rules.as_bool(data.get(name))
        elif name == "visa_deadline":
            values[name] = _local_moment(reader, name, meeting.timezone)
        else:
            values[name] = reader.text(name, limit=200)
    if values.get("visa_support") and key_problem:
        reader.fail("visa_support", str(NO_DATA_KEY))
    moment = values.get("visa_deadline")
    if moment is not None and moment > meeting.starts_at:
        reader.fail(
            "visa_deadline", _("The deadline must be before the meeting starts.")
        )
    rules.fail_if_errors(reader)
    return values


def _local_moment(reader, name: str, zone: str) -> datetime | None:
    raw = reader.text(name, limit=40)
    if not raw:
        return None
    try:
        return local_to_utc(datetime.fromisoformat(raw), zone)
    except ValueError:
        reader.fail(name, _("Please give a date and time."))
        return None


# --------------------------------------------------------------------- requests


def request_of(registration: Registration) -> VisaRequest | None:
    return db.session.scalar(
        sa.select(VisaRequest).where(VisaRequest.registration_id == registration.id)
    )


def may_request(registration: Registration, *, now: datetime) -> str:
    """Why this registration may not ask for a letter now ("" when it may)."""
    meeting = registration.meeting
    if not meeting.visa_support:
        return _("This meeting does not offer visa support letters.")
    if registration.status != "confirmed":
        return _("Only confirmed participants can ask for a visa support letter.")
    if now > deadline(meeting):
        return _("The deadline for visa support letters has passed.")
    return ""


def request_letter(
    registration: Registration, *, data: dict, asked_by: str, cipher, now: datetime
) -> VisaRequest:
    """The participant (or their focal point) asks for a letter, or corrects a request.

    Raises: Conflict (no visa support, not confirmed, past the deadline, already
    issued), InvalidInput.
    """
    refusal = may_request(registration, now=now)
    if refusal:
        raise Conflict(refusal)
    visa = request_of(registration)
    if visa is not None and visa.status not in ("requested", "refused"):
        raise Conflict(_("A letter was already issued for this registration."))
    passport = read_passport(data, now=now)
    if visa is None:
        visa = VisaRequest(registration=registration)
        db.session.add(visa)
    visa.passport = seal(cipher, passport)
    visa.status, visa.asked_by, visa.requested_at = "requested", asked_by, now
    visa.refusal_reason, visa.decided_at, visa.decided_by_id = "", None, None
    db.session.flush()
    # The values stay out of the audit log: who asked, nothing of the passport.
    record(
        "visa.requested",
        obj=registration,
        meeting=registration.meeting,
        after={"by": asked_by},
        now=now,
    )
    return visa


def read_passport(data: dict, *, now: datetime) -> dict:
    """The passport fields, checked. Raises: InvalidInput."""
    reader = rules.Reader(data)
    values = {
        name: reader.text(name, required=name in REQUIRED, limit=200)
        for name in ("surnames", "given_names", "place_of_issue", "consulate")
    }
    values["passport_number"] = reader.text("passport_number", required=True, limit=30)
    values["passport_type"] = reader.text("passport_type", required=True, limit=20)
    if values["passport_type"] and values["passport_type"] not in PASSPORT_TYPES:
        reader.fail("passport_type", _("Not an accepted value."))
    values["nationality"] = reader.country("nationality", required=True)
    values["consulate_email"] = (
        reader.email("consulate_email") if data.get("consulate_email") else ""
    )
    birth = _date(reader, "date_of_birth")
    expiry = _date(reader, "passport_expiry")
    if birth is not None and birth >= now.date():
        reader.fail("date_of_birth", _("The date of birth must be in the past."))
    if expiry is not None and expiry < now.date():
        reader.fail("passport_expiry", _("This passport has expired."))
    rules.fail_if_errors(reader)
    values["date_of_birth"], values["passport_expiry"] = str(birth), str(expiry)
    return values


def _date(reader, name: str) -> date | None:
    raw = reader.text(name, required=True, limit=10)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        reader.fail(name, _("Please give a date (YYYY-MM-DD)."))
        return None


def seal(cipher, passport: dict) -> str:
    return cipher.encrypt(json.dumps(passport, sort_keys=True).encode()).decode()


def passport_of(visa: VisaRequest, cipher) -> dict | None:
    """The request's passport data, decrypted; None once purged."""
    if visa.passport is None:
        return None
    return json.loads(cipher.decrypt(visa.passport.encode()))


# -------------------------------------------------------------------- decisions


def issue(
    visa: VisaRequest,
    *,
    actor,
    funding: str,
    language: str,
    base_url: str,
    now: datetime,
) -> VisaRequest:
    """Issue the letter and tell the participant; the PDF is rendered by a job.

    No request renders a PDF (docs/performance.md): the caller queues the
    "visa_letter" recipe after its commit, and render_letter does the rest.

    Raises: PermissionDenied, Conflict (not a pending request), InvalidInput.
    """
    registration = visa.registration
    meeting = registration.meeting
    require(can_manage_meeting(actor, meeting))
    _check_pending(visa)
    _check_choice(funding, VISA_FUNDING, "funding")
    _check_choice(language, meeting.languages or [meeting.main_language], "language")
    visa.funding, visa.letter_language = funding, language
    visa.reference = visa.reference or reference_for(visa)
    visa.code_hash, visa.letter_key = None, None
    _decide(visa, "issued", actor=actor, now=now)
    visa.issued_at = now
    record(
        "visa.issued",
        actor=actor,
        obj=registration,
        meeting=meeting,
        after={"reference": visa.reference, "funding": funding, "language": language},
        now=now,
    )
    _tell(visa, "visa_issued", base_url=base_url, now=now)
    return visa


def letter_pending(visa: VisaRequest) -> bool:
    """Issued, not revoked or purged, and its PDF not rendered yet."""
    return (
        letter_state(visa)[0] == "issued"
        and visa.letter_key is None
        and visa.passport is not None
    )


def render_letter(visa: VisaRequest, *, cipher, storage, render) -> bool:
    """Render an issued letter once, keep it encrypted; True when it rendered.

    render(visa, passport, code) -> PDF bytes (onsite/letters.py). The
    verification code is made here, printed on the letter and only its hash
    stored. Two jobs for one letter are safe: the conditional UPDATE lets the
    first one keep its file, the second deletes its own.
    """
    if not letter_pending(visa):
        return False
    code = secrets.token_urlsafe(24)
    key = storage.save(cipher.encrypt(render(visa, passport_of(visa, cipher), code)))
    claimed = db.session.execute(
        sa.update(VisaRequest)
        .where(VisaRequest.id == visa.id, VisaRequest.letter_key.is_(None))
        .values(letter_key=key, code_hash=hash_token(code))
    )
    if claimed.rowcount != 1:
        storage.delete(key)
        return False
    return True


def refuse(
    visa: VisaRequest, *, actor, reason: str, base_url: str, now: datetime
) -> None:
    """Refuse the request, with a reason the participant reads.

    Raises: PermissionDenied, Conflict (not a pending request), InvalidInput.
    """
    registration = visa.registration
    require(can_manage_meeting(actor, registration.meeting))
    _check_pending(visa)
    reader = rules.Reader({"reason": reason})
    text = reader.text("reason", required=True, limit=2000, multiline=True)
    rules.fail_if_errors(reader)
    visa.refusal_reason = text
    _decide(visa, "refused", actor=actor, now=now)
    record(
        "visa.refused",
        actor=actor,
        obj=registration,
        meeting=registration.meeting,
        now=now,
    )
    _tell(visa, "visa_refused", base_url=base_url, now=now)


def _tell(visa: VisaRequest, kind: str, *, base_url: str, now: datetime) -> None:
    """The participant's email: a link to their page, never the letter itself.

    Like every registration email, it repeats the current personal link.
    """
    registration = visa.registration
    manage_url = notify.manage_url(base_url, links.link_for(registration))
    subject, text, html = render_email(
        kind,
        registration.language or "en",
        registration=registration,
        meeting=registration.meeting,
        visa=visa,
        manage_url=manage_url,
        visa_url=f"{manage_url}/visa",
        base_url=base_url,
        has_invitation=False,
    )
    enqueue(
        registration.email,
        subject,
        text,
        html,
        to_name=registration.display_name,
        reply_to=registration.meeting.contact_email or "",
        kind=kind,
        now=now,
    )


def _check_pending(visa: VisaRequest) -> None:
    if visa.status != "requested":
        raise Conflict(_("This request is already decided."))
    if visa.registration.status != "confirmed":
        raise Conflict(_("This registration is no longer confirmed."))
    if visa.passport is None:
        raise Conflict(_("The passport data of this request has been erased."))


def _check_choice(value: str, allowed, field: str) -> None:
    if value not in allowed:
        message = _("Not an accepted value.")
        raise InvalidInput(message, {field: message})


def _decide(visa: VisaRequest, status: str, *, actor, now: datetime) -> None:
    visa.status = status
    visa.decided_at = now
    visa.decided_by_id = getattr(actor, "id", None)
    db.session.flush()


def reference_for(visa: VisaRequest) -> str:
    """The letter's reference: the meeting's slug and the request's number."""
    meeting = visa.registration.meeting
    return f"{meeting.slug.upper()}/VISA/{meeting.starts_at:%Y}/{visa.id:04d}"


def letter_bytes(visa: VisaRequest, *, cipher, storage) -> bytes:
    """The issued letter, decrypted. Raises: NotFound (none, revoked, or purged)."""
    if letter_state(visa)[0] != "issued" or visa.letter_key is None:
        raise NotFound(_("There is no letter to download."))
    return cipher.decrypt(storage.read(visa.letter_key))


# ----------------------------------------------------------------- verification


def find_by_code(code: str) -> VisaRequest | None:
    if not code or len(code) > 100:
        return None
    return db.session.scalar(
        sa.select(VisaRequest).where(VisaRequest.code_hash == hash_token(code))
    )


def letter_state(visa: VisaRequest) -> tuple[str, datetime | None]:
    """(status, revoked_at): an issued letter is revoked once its registration ended."""
    registration = visa.registration
    if visa.status == "issued" and registration.status in ENDED:
        return "revoked", visa.revoked_at or registration.status_changed_at
    return visa.status, visa.revoked_at


def verification(visa: VisaRequest, cipher) -> dict:
    """What /letters/<code> shows: name, meeting, dates, status; no more after the purge."""
    passport = passport_of(visa, cipher) if visa.purged_at is None else None
    registration = visa.registration
    if passport:
        name = f"{passport['given_names']} {passport['surnames'].upper()}".strip()
    else:
        name = registration.display_name
    status, revoked_at = letter_state(visa)
    return {
        "name": name,
        "meeting": registration.meeting,
        "reference": visa.reference if visa.purged_at is None else "",
        "dates": visa.purged_at is None,
        "status": status,
        "revoked_at": revoked_at,
        "purged": visa.purged_at is not None,
    }


# ------------------------------------------------------------- revoke and purge


def revoke_ended(*, now: datetime) -> int:
    """Record the revocation of letters whose registration was cancelled or rejected."""
    query = (
        sa.select(VisaRequest)
        .join(Registration, VisaRequest.registration_id == Registration.id)
        .where(VisaRequest.status == "issued", Registration.status.in_(ENDED))
    )
    count = 0
    for visa in db.session.scalars(query).all():
        visa.status = "revoked"
        visa.revoked_at = visa.registration.status_changed_at or now
        record(
            "visa.revoked",
            obj=visa.registration,
            meeting=visa.registration.meeting,
            now=now,
        )
        count += 1
    db.session.flush()
    return count


def purge_due(*, storage, now: datetime) -> int:
    """Erase the passport data and letters of meetings that ended 30 days ago."""
    query = (
        sa.select(VisaRequest)
        .join(Registration, VisaRequest.registration_id == Registration.id)
        .join(Meeting, Registration.meeting_id == Meeting.id)
        .where(
            Meeting.ends_at < now - PURGE_AFTER_END,
            sa.or_(
                VisaRequest.passport.is_not(None), VisaRequest.letter_key.is_not(None)
            ),
        )
    )
    visas = db.session.scalars(query).all()
    for visa in visas:
        _erase(visa, storage=storage, now=now)
    for meeting in {v.registration.meeting for v in visas}:
        record("visa.purged", obj=meeting, meeting=meeting, security=True, now=now)
    db.session.flush()
    return len(visas)


def erase_for(registration: Registration, *, storage, now: datetime) -> bool:
    """Erasure of a registration: its passport data and letter go too."""
    visa = request_of(registration)
    if visa is None:
        return False
    _erase(visa, storage=storage, now=now)
    return True


def _erase(visa: VisaRequest, *, storage, now: datetime) -> None:
    # Every caller in the app passes the storage; a bare service call (tests)
    # without one leaves only an encrypted file behind.
    if visa.letter_key is not None and storage is not None:
        storage.delete(visa.letter_key)
    visa.passport = None
    visa.letter_key = None
    visa.refusal_reason = ""
    visa.purged_at = now


def rotate_key(cipher, storage) -> tuple[int, list[str]]:
    """Re-encrypt every passport and letter under the first key.

    Returns (how many, the storage keys of the old letters): the caller deletes
    those after its commit, so a failed commit loses nothing.
    """
    count, replaced = 0, []
    for visa in db.session.scalars(sa.select(VisaRequest)).all():
        if visa.passport is not None:
            visa.passport = cipher.rotate(visa.passport.encode()).decode()
            count += 1
        if visa.letter_key is not None:
            replaced.append(visa.letter_key)
            visa.letter_key = storage.save(cipher.rotate(storage.read(visa.letter_key)))
            count += 1
    db.session.flush()
    return count, replaced


def local_deadline(meeting: Meeting) -> datetime:
    """The deadline as the meeting's local, naive time (for the settings form)."""
    return to_zone(deadline(meeting), meeting.timezone).replace(tzinfo=None)
