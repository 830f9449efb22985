"""Registration rules: register, decide, cancel, promote; one set for every interface.

Seats follow docs/seats.md: a confirmed registration
holds a seat in each of its pools (seats.claim); whatever frees a seat
releases it and promotes the first waitlisted registration that fits, in the
same transaction.
"""

from contextlib import contextmanager
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from eventsys import links
from eventsys.agenda import signups
from eventsys.audit.service import record
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import require
from eventsys.comms import notifications
from eventsys.directory import service as directory
from eventsys.directory import vetting
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.errors import NotFound
from eventsys.extensions import db
from eventsys.mail.service import enqueue
from eventsys.meetings.models import Meeting
from eventsys.registration import notify
from eventsys.registration import questions
from eventsys.registration import rules
from eventsys.registration import seats
from eventsys.registration.models import ACTIVE_STATUSES
from eventsys.registration.models import Registration
from eventsys.registration.models import RegistrationAnswer


class DuplicateRegistration(Conflict):
    """This email already has an active registration for the meeting."""


class RegistrationClosed(Conflict):
    """The meeting or category takes no registrations now."""


class InvitationOnly(RegistrationClosed):
    """The category takes only invited people; the public form does not offer it."""

    status = 403


# Fields a participant may change on their own page.
PARTICIPANT_FIELDS = (
    "title",
    "given_name",
    "family_name",
    "organisation",
    "represents",
    "nationality",
    "country",
    "position",
    "attendance",
    "needs",
    "consent_to_list",
    "gender",
)


def closed_message(state: str) -> str:
    messages = {
        "not_open": _("Registration for this meeting is not open yet."),
        "closed": _("Registration for this meeting is closed."),
        "cancelled": _("This meeting has been cancelled and takes no registrations."),
    }
    return messages.get(state, messages["closed"])


def check_open(meeting: Meeting, category, *, now: datetime) -> None:
    """Raises: RegistrationClosed unless the meeting (and category) take registrations."""
    state = rules.window_state(meeting, category, now)
    if state != "open":
        raise RegistrationClosed(closed_message(state))


def open_categories(meeting: Meeting, *, now: datetime) -> list:
    """The categories the public form offers: open now, and open to anybody."""
    return [
        c
        for c in rules.meeting_categories(meeting)
        if rules.window_state(meeting, c, now) == "open" and rules.access(c) == "open"
    ]


def invitation_message(meeting: Meeting) -> str:
    if meeting.contact_email:
        return _(
            "Registration for this meeting is by invitation only. To ask for an "
            "invitation, write to the secretariat at %(email)s.",
            email=meeting.contact_email,
        )
    return _("Registration for this meeting is by invitation only.")


def check_public_access(category) -> None:
    """Raises: InvitationOnly when the category takes only invited people."""
    if rules.access(category) == "invitation":
        raise InvitationOnly(
            invitation_message(category.meeting),
            fields={"category": _("This category is by invitation only.")},
        )


def register(
    meeting: Meeting,
    *,
    data: dict,
    user=None,
    now: datetime,
    language: str = "en",
    delegation=None,
    function: str | None = None,
    invitation=None,
    questions_shown=None,
) -> tuple[Registration, str]:
    """Register one person; confirmed, pending or waitlisted as the rules say.

    invitation: the Invitation being accepted (eventsys.invitations.service
    passes it); while it is usable it opens its category whatever the public
    window and access, and approval applies only if the category sets
    approval_for_invited.
    questions_shown: the meeting's questions (every category) as the form
    loaded them, so they are not read again; None reads them.

    Raises: InvalidInput (per form field), RegistrationClosed, DuplicateRegistration.
    """
    if meeting.status != "published":
        raise RegistrationClosed(closed_message(rules.window_state(meeting, None, now)))
    registration, answers = _new_registration(
        meeting,
        data,
        now=now,
        language=language,
        member=delegation is not None,
        invitation=invitation,
        questions_shown=questions_shown,
    )
    registration.user_id = getattr(user, "id", None)
    registration.delegation_id = getattr(delegation, "id", None)
    registration.function = function
    if delegation is None:
        if invitation is None:
            check_public_access(registration.category)
        ensure_not_registered(meeting, registration.email)
    directory.suggest_for_registration(registration)  # a read: before the lock
    pending = (
        delegation is not None
        or _needs_approval(registration.category, invitation)
        or registration.category.requires_approved_organisation
    )
    expected = "pending" if pending else "confirmed"
    # what the insert would give it, for the email rendered before the insert
    _fill_defaults(
        registration, "status", "invite_sequence", registration.__link__.generation
    )
    sequence = registration.invite_sequence
    email = _prepare_ahead(registration, expected)
    lock_meeting(meeting)  # from here to the commit: SQL only
    # The seat is claimed before the insert, so the row is written once with
    # its final status; a duplicate gives the seat back with the row.
    with _duplicate_refused():
        kind = "pending" if pending else _claim_seat(registration)
        _set_status(registration, kind, now)
        if kind != expected:
            registration.invite_sequence = sequence  # the unsent invitation's version
        _add(registration, answers)
    if delegation is not None:
        registration.delegation = delegation  # keeps delegation.members current
    record(
        "registration.create",
        actor=user,
        obj=registration,
        meeting=meeting,
        after={"status": registration.status, "category": registration.category.key},
        now=now,
    )
    if kind == expected:
        enqueue(**email, now=now)  # in this transaction: commits with the registration
    else:
        _send(registration, kind, now=now)  # the waitlist position needs the lock
    if kind == "pending" and delegation is None:
        notifications.notify(
            meeting,
            "registration_pending",
            {
                "name": registration.display_name,
                "path": f"/manage/meetings/{meeting.slug}/registrations/{registration.id}",
            },
            actor=user,
            now=now,
        )
    return registration, links.link_for(registration)


def _prepare_ahead(registration: Registration, kind: str) -> dict:
    """The email a new registration most likely gets, rendered before the lock.

    Rendering (the email, the calendar invitation) is most of a registration's
    CPU; done here, the meeting's lock is held only for the inserts and the seat
    claims. A confirmed email is rendered as for a confirmed registration (the
    invitation's online link depends on it). Returns enqueue()'s arguments.
    """
    status, registration.status = registration.status, kind
    try:
        return notify.prepare(registration, kind)
    finally:
        registration.status = status


def _fill_defaults(row, *names) -> None:
    """Give a row not yet inserted its columns' defaults, as the insert would."""
    columns = sa.inspect(type(row)).columns
    for name in names:
        if getattr(row, name) is None:
            setattr(row, name, columns[name].default.arg)


def _needs_approval(category, invitation) -> bool:
    if invitation is not None:
        return bool(category.approval_for_invited)
    return rules.requires_approval(category)


def invitation_closed_message(meeting: Meeting) -> str:
    if meeting.contact_email:
        return _(
            "This invitation can no longer be used. Please write to the "
            "secretariat at %(email)s.",
            email=meeting.contact_email,
        )
    return _("This invitation can no longer be used.")


def _new_registration(
    meeting,
    data,
    *,
    now,
    language,
    member=False,
    invitation=None,
    questions_shown=None,
):
    reader = rules.Reader(data)
    category = rules.find_category(meeting, reader.data.get("category"))
    if category is None:
        reader.fail("category", _("Please choose a category from the list."))
    values = rules.read_person(reader, meeting, category)
    answers = (
        questions.read_answers(
            reader, _asked(meeting, category, member, questions_shown)
        )
        if category
        else {}
    )
    if not rules.as_bool(reader.data.get("privacy_accepted")):
        reader.fail(
            "privacy_accepted", _("Please accept the privacy notice to register.")
        )
    rules.fail_if_errors(reader)
    if invitation is None:
        check_open(meeting, category, now=now)
    elif not invitation.usable(now) or invitation.category_id != category.id:
        raise RegistrationClosed(invitation_closed_message(meeting))
    registration = Registration(
        meeting=meeting,
        category=category,
        created_at=now,
        updated_at=now,
        consent_at=now,
        status_changed_at=now,
        language=(language or "en")[:8],
        notice_version=current_app.config["EVENTSYS_PRIVACY_NOTICE_VERSION"],
        **values,
    )
    return registration, answers


def _asked(meeting, category, members: bool, questions_shown) -> list:
    if questions_shown is None:
        return questions.questions_for(meeting, category, members=members)
    return questions.asked_of(questions_shown, category, members=members)


def registration_errors(meeting: Meeting, data: dict, *, now: datetime) -> dict:
    """What register() would refuse in data, field by field; nothing is written."""
    try:
        _new_registration(meeting, data, now=now, language="en")
    except InvalidInput as error:
        return dict(error.fields)
    return {}


def ensure_not_registered(meeting: Meeting, email: str) -> None:
    """Raises: DuplicateRegistration when the email holds an active registration."""
    exists = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Registration)
        .where(
            Registration.meeting_id == meeting.id,
            Registration.email == email,
            Registration.delegation_id.is_(None),
            Registration.status.in_(ACTIVE_STATUSES),
        )
    )
    if exists:
        raise DuplicateRegistration(
            _(
                "This email address is already registered for this meeting. "
                "We can send a new link to manage that registration to the address."
            ),
            fields={"email": _("Already registered for this meeting.")},
        )


def lock_meeting(meeting: Meeting) -> None:
    """Serialise the writes of one meeting, so arrival order is seat order.

    SQLite already holds the database lock (BEGIN IMMEDIATE); on PostgreSQL
    this takes the meeting row's lock that the seat claim would take anyway.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(
            sa.select(Meeting.id).where(Meeting.id == meeting.id).with_for_update()
        )


def _insert(registration: Registration, answers: dict[int, str]) -> None:
    with _duplicate_refused():
        _add(registration, answers)


def _add(registration: Registration, answers: dict[int, str]) -> None:
    for question_id, value in answers.items():
        registration.answers.append(
            RegistrationAnswer(question_id=question_id, value=value)
        )
    db.session.add(registration)
    db.session.flush()


@contextmanager
def _duplicate_refused():
    """A savepoint: when the partial unique index refuses a second active
    registration, all that was done in it is undone and DuplicateRegistration
    (a form error) is raised, the transaction still usable."""
    try:
        with db.session.begin_nested():
            yield
    except IntegrityError:
        raise DuplicateRegistration(
            _("This email address is already registered for this meeting."),
            fields={"email": _("Already registered for this meeting.")},
        ) from None


def _claim_seat(registration: Registration) -> str:
    """Claim the seats of a registration not yet inserted: "confirmed" or "waitlisted"."""
    # The pools are found by id; the flush would set these same ids.
    registration.meeting_id = registration.meeting.id
    registration.category_id = registration.category.id
    return "confirmed" if seats.claim(registration) else "waitlisted"


def _set_status(registration: Registration, status: str, now: datetime) -> None:
    status = {"approved": "confirmed", "promoted": "confirmed"}.get(status, status)
    registration.status = status
    registration.status_changed_at = now
    registration.updated_at = now


def _send(registration, kind, *, now, **context):
    if kind == "waitlisted":
        context["position"] = waitlist_position(registration)
        context["reason"] = waiting_reason(registration)
        context["online_open"] = online_seat_free(
            registration.meeting, registration.category
        )
    return notify.send(registration, kind, now=now, **context)


def waiting_reason(registration: Registration) -> str:
    """Which pool keeps a registration waiting: "meeting", "category", "in_person" or "online"."""
    for owner, reason in (
        (registration.meeting, "meeting"),
        (registration.category, "category"),
    ):
        if not seats.has_room(owner, "seats_taken"):
            return reason
    return registration.attendance


def online_seat_free(meeting: Meeting, category=None) -> bool:
    """A hybrid meeting still has an online seat (in the category too, if given)."""
    if meeting.format != "hybrid":
        return False
    owners = (meeting,) if category is None else (meeting, category)
    return all(
        seats.has_room(owner, counter)
        for owner in owners
        for counter in ("seats_taken", "online_taken")
    )


def in_person_full(meeting: Meeting) -> bool:
    """The in-person seats are taken while the meeting as a whole is not full."""
    return seats.has_room(meeting, "seats_taken") and not seats.has_room(
        meeting, "in_person_taken"
    )


def waitlist_message(registration: Registration) -> str:
    """What a waitlisted person is told: which seats are full, and the way out if any."""
    position = waitlist_position(registration)
    reason = waiting_reason(registration)
    if reason == "in_person":
        message = _(
            "The in-person seats are full: you are on the waiting list for an "
            "in-person seat, at position %(n)s.",
            n=position,
        )
        if online_seat_free(registration.meeting, registration.category):
            message += " " + _(
                "Seats remain online: you can change to online attendance on your "
                "registration page and take one of them."
            )
        return message
    if reason == "online":
        return _(
            "The online seats are full: you are on the waiting list, at position %(n)s.",
            n=position,
        )
    if reason == "category":
        return _(
            "The seats for your category are full: you are on the waiting list, at "
            "position %(n)s.",
            n=position,
        )
    return _(
        "The meeting is full: you are on the waiting list, at position %(n)s.",
        n=position,
    )


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first person waiting at the meeting, None when not waitlisted."""
    if registration.status != "waitlisted":
        return None
    db.session.flush()
    ahead = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Registration)
        .where(
            Registration.meeting_id == registration.meeting_id,
            Registration.status == "waitlisted",
            sa.or_(
                Registration.created_at < registration.created_at,
                sa.and_(
                    Registration.created_at == registration.created_at,
                    Registration.id < registration.id,
                ),
            ),
        )
    )
    return ahead + 1


def find_by_token(token: str) -> Registration | links.Stale | None:
    """The registration a manage link opens, `links.Stale` if replaced, else None."""
    return links.resolve(Registration, token)


# --- decisions -------------------------------------------------------------


def _require_manager(actor, registration) -> None:
    require(can_manage_meeting(actor, registration.meeting))


def _require_status(registration, allowed, message) -> None:
    if registration.status not in allowed:
        raise Conflict(message)


def _lock_and_check(registration, allowed, message) -> None:
    """Take the meeting's lock, then re-read the registration: another
    transaction may have decided it while this one waited."""
    lock_meeting(registration.meeting)
    if sa.inspect(registration).persistent:
        db.session.refresh(registration)
    _require_status(registration, allowed, message)


def held_reason(registration: Registration, now: datetime) -> str | None:
    """Why a category that requires an approved organisation holds this one (vetting.HOLD_REASONS)."""
    organisation = directory.linked_organisation(registration)
    return vetting.hold_reason(registration, organisation, now.date())


def approve(
    registration: Registration, *, actor, now: datetime, override_reason: str = ""
) -> str:
    """Confirm a pending registration if seats remain, else waitlist it; returns the new status.

    override_reason: a manager approves a registration that its category's
    vetting rule holds (audited with the reason).

    Raises: PermissionDenied, Conflict (not pending, or held by vetting).
    """
    _require_manager(actor, registration)
    _lock_and_check(
        registration, ("pending",), _("Only pending registrations can be approved.")
    )
    held = held_reason(registration, now)
    override_reason = (override_reason or "").strip()[:500]
    if held and not override_reason:
        raise Conflict(str(vetting.HOLD_REASONS[held]))
    kind = "approved" if seats.claim(registration) else "waitlisted"
    _set_status(registration, kind, now)
    after = {"status": registration.status}
    if held:
        after.update(held=held, reason=override_reason)
    record(
        "registration.approve",
        actor=actor,
        obj=registration,
        meeting=registration.meeting,
        before={"status": "pending"},
        after=after,
        now=now,
    )
    _send(registration, kind, now=now)
    return registration.status


def bulk_approve(meeting: Meeting, ids, *, actor, now: datetime) -> dict[str, int]:
    """Approve pending registrations in arrival order; the overflow is waitlisted.

    Raises: PermissionDenied.
    """
    require(can_manage_meeting(actor, meeting))
    lock_meeting(meeting)
    result = {"confirmed": 0, "waitlisted": 0}
    for registration in _pending_in_order(meeting, ids):
        if held_reason(registration, now):
            continue  # vetting holds it: one by one, with a reason, if at all
        result[approve(registration, actor=actor, now=now)] += 1
    return result


def _pending_in_order(meeting, ids) -> list[Registration]:
    ids = [int(i) for i in ids if str(i).isdigit()]
    return list(
        db.session.scalars(
            sa.select(Registration)
            .where(
                Registration.meeting_id == meeting.id,
                Registration.id.in_(ids),
                Registration.status == "pending",
            )
            .order_by(Registration.created_at, Registration.id)
            .execution_options(populate_existing=True)
        )
    )


def waitlist(registration: Registration, *, actor, now: datetime) -> None:
    """Put a pending registration on the waiting list.

    Raises: PermissionDenied, Conflict (not pending).
    """
    _require_manager(actor, registration)
    _lock_and_check(
        registration, ("pending",), _("Only pending registrations can be waitlisted.")
    )
    _set_status(registration, "waitlisted", now)
    record(
        "registration.waitlist",
        actor=actor,
        obj=registration,
        meeting=registration.meeting,
        before={"status": "pending"},
        after={"status": "waitlisted"},
        now=now,
    )
    _send(registration, "waitlisted", now=now)


def reject(
    registration: Registration,
    *,
    actor,
    now: datetime,
    message: str = "",
) -> None:
    """Reject a registration (with an optional message); frees its seat if it had one.

    Raises: PermissionDenied, Conflict (already rejected or cancelled), InvalidInput.
    """
    _require_manager(actor, registration)
    message = rules.Reader({"message": message})
    note = message.text("message", limit=2000, multiline=True)
    rules.fail_if_errors(message)
    _end(registration, "rejected", actor=actor, now=now, note=note)


def cancel(
    registration: Registration,
    *,
    actor=None,
    by_participant: bool = False,
    now: datetime,
) -> None:
    """Cancel a registration; its seat goes to the first person waiting who fits.

    Raises: PermissionDenied, Conflict (already rejected or cancelled).
    """
    if not by_participant:
        _require_manager(actor, registration)
    _end(registration, "cancelled", actor=actor, now=now)


def _end(registration, status, *, actor, now, note="") -> None:
    _lock_and_check(
        registration,
        ACTIVE_STATUSES,
        _("This registration is already rejected or cancelled."),
    )
    before = registration.status
    if before == "confirmed":
        seats.release(registration)
        signups.cancel_all_of(registration, now=now)  # their places go to others
    _set_status(registration, status, now)
    if note:
        registration.decision_note = note
    record(
        f"registration.{'reject' if status == 'rejected' else 'cancel'}",
        actor=actor,
        obj=registration,
        meeting=registration.meeting,
        before={"status": before},
        after={"status": status},
        now=now,
    )
    _send(
        registration,
        status,
        now=now,
        was_confirmed=before == "confirmed",
        message=note,
    )
    promote(registration.meeting, now=now)


def promote(meeting: Meeting, *, now: datetime) -> list[Registration]:
    """Seat waitlisted registrations in arrival order while their pools have room."""
    promoted = []
    for registration in _waitlisted_in_order(meeting):
        if not seats.has_room(meeting, "seats_taken"):
            break
        if not _could_fit(registration):
            continue
        if seats.claim(registration):
            _set_status(registration, "promoted", now)
            record(
                "registration.promote",
                obj=registration,
                meeting=meeting,
                before={"status": "waitlisted"},
                after={"status": "confirmed"},
                now=now,
            )
            _send(registration, "promoted", now=now)
            promoted.append(registration)
    return promoted


def _waitlisted_in_order(meeting) -> list[Registration]:
    db.session.flush()
    return list(
        db.session.scalars(
            sa.select(Registration)
            .where(
                Registration.meeting_id == meeting.id,
                Registration.status == "waitlisted",
            )
            .order_by(Registration.created_at, Registration.id)
            .execution_options(populate_existing=True)
        )
    )


def _could_fit(registration) -> bool:
    column = seats.attendance_column(registration.attendance)
    return all(
        seats.has_room(owner, counter)
        for owner in (registration.meeting, registration.category)
        for counter in ("seats_taken", column)
    )


# --- changes ---------------------------------------------------------------


def update_registration(
    registration: Registration,
    *,
    data: dict,
    actor=None,
    by_participant: bool = False,
    now: datetime,
    answers: dict | None = None,
) -> Registration:
    """Change a registration's own fields (not its email or category), and its answers if given.

    answers: {"q_<id>": value} for the questions of its category; None keeps them.

    Raises: PermissionDenied, Conflict (ended registration, no seat for a new attendance), InvalidInput.
    """
    if not by_participant:
        _require_manager(actor, registration)
    _require_status(
        registration,
        ACTIVE_STATUSES,
        _("A cancelled or rejected registration cannot be changed."),
    )
    reader = rules.Reader(
        {**{k: data.get(k) for k in PARTICIPANT_FIELDS}, **(answers or {})}
    )
    values = rules.read_person(
        reader, registration.meeting, registration.category, with_email=False
    )
    asked = questions.questions_for(
        registration.meeting,
        registration.category,
        members=registration.delegation_id is not None,
    )
    current = {a.question_id: a.value for a in registration.answers}
    new_answers = (
        questions.read_answers(reader, asked, current) if answers is not None else None
    )
    rules.fail_if_errors(reader)
    if "gender" not in data:  # a form or API body without the question keeps it
        values["gender"] = registration.gender
    if new_answers is not None:
        _replace_answers(registration, asked, new_answers)
    before, after = _changes(registration, values)
    # Gender is for anonymous parity counts only: never in the audit log.
    before.pop("gender", None)
    after.pop("gender", None)
    attendance = values.pop("attendance")
    if values["consent_to_list"] and not registration.consent_to_list:
        registration.consent_at = now
    for name, value in values.items():
        setattr(registration, name, value)
    if attendance != registration.attendance:
        change_attendance(
            registration,
            attendance,
            actor=actor,
            now=now,
            audit=False,
        )
    registration.updated_at = now
    if after:
        record(
            "registration.update",
            actor=actor,
            obj=registration,
            meeting=registration.meeting,
            before=before,
            after=after,
            now=now,
        )
    return registration


def _replace_answers(registration, asked_questions, answers: dict[int, str]) -> None:
    asked = {q.id for q in asked_questions}
    for answer in list(registration.answers):
        if answer.question_id in asked and answer.question_id not in answers:
            registration.answers.remove(answer)
    existing = {a.question_id: a for a in registration.answers}
    for question_id, value in answers.items():
        if question_id in existing:
            existing[question_id].value = value
        else:
            registration.answers.append(
                RegistrationAnswer(question_id=question_id, value=value)
            )


def _changes(registration, values) -> tuple[dict, dict]:
    before, after = {}, {}
    for name, value in values.items():
        if getattr(registration, name) != value:
            before[name], after[name] = getattr(registration, name), value
    return before, after


def change_attendance(
    registration, attendance: str, *, actor=None, now, audit=True
) -> None:
    """Move a registration to the other attendance pool, keeping its seat only if one is free.

    Raises: InvalidInput (unknown attendance), Conflict (confirmed and no seat in the new pool).
    """
    if attendance not in ("in_person", "online"):
        raise InvalidInput(
            _("Please choose in person or online."),
            fields={"attendance": _("Please choose in person or online.")},
        )
    old = registration.attendance
    _move(
        registration,
        now=now,
        attendance=attendance,
        full_message=_("There is no seat left for this kind of attendance."),
    )
    if audit:
        record(
            "registration.attendance",
            actor=actor,
            obj=registration,
            meeting=registration.meeting,
            before={"attendance": old},
            after={"attendance": attendance},
            now=now,
        )


def change_category(registration, category, *, actor, now: datetime) -> str:
    """Move a registration to another category of its meeting; returns its status.

    A confirmed registration keeps confirmed only if the new category has a
    seat; otherwise it goes to the waiting list (and the old seat is freed).

    Raises: PermissionDenied, InvalidInput (foreign category), Conflict (ended).
    """
    _require_manager(actor, registration)
    _require_status(
        registration, ACTIVE_STATUSES, _("This registration is already ended.")
    )
    if category is None or category.meeting_id != registration.meeting_id:
        raise InvalidInput(
            _("Please choose a category of this meeting."),
            fields={"category": _("Please choose a category of this meeting.")},
        )
    old = registration.category.key
    _move(registration, now=now, category=category)
    record(
        "registration.category",
        actor=actor,
        obj=registration,
        meeting=registration.meeting,
        before={"category": old},
        after={"category": category.key},
        now=now,
    )
    return registration.status


def _move(registration, *, now, full_message=None, **changes) -> None:
    """Apply attendance/category changes, moving a confirmed seat between pools."""
    lock_meeting(registration.meeting)
    db.session.refresh(registration, ["status"])
    _require_status(
        registration, ACTIVE_STATUSES, _("This registration is already ended.")
    )
    if registration.status != "confirmed":
        for name, value in changes.items():
            setattr(registration, name, value)
        db.session.flush()
        promote(registration.meeting, now=now)
        return
    seats.release(registration)
    previous = {name: getattr(registration, name) for name in changes}
    for name, value in changes.items():
        setattr(registration, name, value)
    if seats.claim(registration):
        promote(registration.meeting, now=now)
        return
    if full_message:
        for name, value in previous.items():
            setattr(registration, name, value)
        seats.claim(registration)  # the seat it just gave back
        raise Conflict(full_message)
    _set_status(registration, "waitlisted", now)
    _send(registration, "waitlisted", now=now)
    promote(registration.meeting, now=now)


def resend_manage_link(meeting: Meeting, email: str, *, now: datetime) -> int:
    """ "Send me a new link": new manage links for an email's active registrations.

    Earlier links answer 410, whose page sends the current one (send_current_link).

    Returns how many were sent; callers must not reveal it to the requester.
    """
    reader = rules.Reader({"email": email})
    email = reader.email()
    if reader.errors:
        return 0
    found = list(
        db.session.scalars(
            sa.select(Registration)
            .where(
                Registration.meeting_id == meeting.id,
                Registration.email == email,
                Registration.status.in_(ACTIVE_STATUSES),
            )
            .order_by(Registration.id)
        )
    )
    for registration in found:
        links.renew(registration)
        _send(registration, "link", now=now)
    return len(found)


def send_current_link(registration: Registration, *, now: datetime) -> None:
    """Email the current manage link to the registered address (from a replaced link)."""
    _send(registration, "link", now=now, current_only=True)


def get_by_token(token: str) -> Registration:
    """Raises: NotFound for an unknown or replaced link."""
    registration = links.resolve_current(Registration, token)
    if registration is None:
        raise NotFound(
            _(
                "This link is not valid any more. Ask for a new one from the meeting's registration page."
            )
        )
    return registration


def cancel_for_meeting(meeting: Meeting, *, actor, now: datetime) -> int:
    """The meeting is cancelled: cancel every active registration, nobody is promoted.

    Confirmed participants get a calendar CANCEL with their email. Returns how
    many were cancelled.

    Raises: PermissionDenied.
    """
    require(can_manage_meeting(actor, meeting))
    lock_meeting(meeting)
    active = list(
        db.session.scalars(
            sa.select(Registration)
            .where(
                Registration.meeting_id == meeting.id,
                Registration.status.in_(ACTIVE_STATUSES),
            )
            .order_by(Registration.created_at, Registration.id)
        )
    )
    for registration in active:
        was_confirmed = registration.status == "confirmed"
        if was_confirmed:
            seats.release(registration)
        _set_status(registration, "cancelled", now)
        record(
            "registration.cancel",
            actor=actor,
            obj=registration,
            meeting=meeting,
            after={"status": "cancelled", "reason": "meeting cancelled"},
            now=now,
        )
        _send(
            registration,
            "cancelled",
            now=now,
            was_confirmed=was_confirmed,
            meeting_cancelled=True,
        )
    return len(active)


def send_new_link(registration: Registration, *, actor, now: datetime) -> None:
    """The secretariat sends a participant a new manage link (earlier ones answer 410).

    Raises: PermissionDenied.
    """
    _require_manager(actor, registration)
    record(
        "registration.link",
        actor=actor,
        obj=registration,
        meeting=registration.meeting,
        now=now,
    )
    links.renew(registration)
    _send(registration, "link", now=now)
