"""Delegations: a State or organisation's group at a meeting, run by a focal point.

invited -> nominated (the focal point records the nominating note) ->
accredited (the secretariat). Members are registrations with a delegation and
a function; they start pending and are accredited as a whole or one by one.
The focal point's link (/delegations/<token>) reaches only their delegation.
"""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from eventsys import links
from eventsys import site
from eventsys.audit.service import record
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import require
from eventsys.comms import notifications
from eventsys.dates import format_datetime
from eventsys.directory import service as directory
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.errors import NotFound
from eventsys.extensions import db
from eventsys.mail.service import enqueue
from eventsys.mail.service import enqueue_bulk
from eventsys.mail.service import render_email
from eventsys.registration import countries
from eventsys.registration import rules
from eventsys.registration import service
from eventsys.registration.models import ACTIVE_STATUSES
from eventsys.registration.models import FUNCTIONS
from eventsys.registration.models import Delegation
from eventsys.registration.models import Registration


def delegation_url(base_url: str, token: str) -> str:
    return f"{base_url}/delegations/{token}"


def read_delegation(data: dict) -> dict:
    """A delegation's fields from plain data.

    Raises: InvalidInput.
    """
    reader = rules.Reader(data)
    country = reader.country("country")
    values = {
        "represents": reader.text("represents"),
        "country": country,
        "focal_point_email": reader.email("focal_point_email"),
        "focal_point_name": reader.text("focal_point_name"),
    }
    if not values["represents"] and country and "country" not in reader.errors:
        values["represents"] = countries.name(country, "en")
    if not values["represents"] and "represents" not in reader.errors:
        reader.fail("represents", _("Please give the State or organization."))
    values["size_limit"] = _limit(reader, data.get("size_limit"))
    rules.fail_if_errors(reader)
    return values


def _limit(reader, raw):
    if raw in (None, ""):
        return None
    if not str(raw).isdigit() or int(raw) > 1000:
        reader.fail(
            "size_limit", _("Please give a whole number, or leave empty for no limit.")
        )
        return None
    return int(raw)


def _create(
    meeting, values: dict, *, actor, now, action, status="invited"
) -> tuple[Delegation, str | None]:
    exists = db.session.scalar(
        sa.select(Delegation.id).where(
            Delegation.meeting_id == meeting.id,
            Delegation.represents == values["represents"],
        )
    )
    if exists:
        raise Conflict(
            _(
                "%(name)s already has a delegation at this meeting.",
                name=values["represents"],
            ),
            fields={"represents": _("This delegation exists already.")},
        )
    delegation = Delegation(
        meeting=meeting,
        status=status,
        created_at=now,
        updated_at=now,
        **values,
    )
    directory.suggest_for_delegation(delegation)
    db.session.add(delegation)
    db.session.flush()
    record(
        action,
        actor=actor,
        obj=delegation,
        meeting=meeting,
        after={
            "represents": delegation.represents,
            "focal_point": delegation.focal_point_email,
            "status": status,
        },
        now=now,
    )
    token = _invite(delegation, now=now) if status == "invited" else None
    return delegation, token


def _invite(delegation: Delegation, *, now: datetime) -> str:
    if delegation.link_generation < 1:  # a request accepted: its first link
        links.renew(delegation)
    delegation.status = "invited"
    delegation.updated_at = now
    send_link(delegation, now=now)
    return links.link_for(delegation)


def invite_delegation(
    meeting, *, data: dict, actor, now: datetime
) -> tuple[Delegation, str]:
    """The secretariat invites a focal point, who gets a personal link by email.

    Raises: PermissionDenied, InvalidInput, Conflict (the delegation exists).
    """
    require(can_manage_meeting(actor, meeting))
    return _create(
        meeting,
        read_delegation(data),
        actor=actor,
        now=now,
        action="delegation.invite",
    )


def request_delegation(meeting, *, data: dict, now: datetime) -> Delegation:
    """A State or organisation asks to send a delegation; the secretariat decides.

    The delegation starts as `requested`; the focal point hears that the request
    arrived, the secretariat that it waits.

    Raises: RegistrationClosed, InvalidInput, Conflict (the delegation exists).
    """
    service.check_open(meeting, None, now=now)
    reader = rules.Reader(data)
    extra = {
        "mission": reader.text("mission"),
        "note_reference": reader.text("note_reference"),
    }
    rules.fail_if_errors(reader)
    values = {**read_delegation({**data, "size_limit": None}), **extra}
    delegation, _token = _create(
        meeting,
        values,
        actor=None,
        now=now,
        action="delegation.request",
        status="requested",
    )
    _mail(delegation, "delegation_requested", now=now)
    if meeting.contact_email:
        _mail(
            delegation,
            "delegation_request_received",
            now=now,
            to=meeting.contact_email,
        )
    return delegation


def accept_request(delegation: Delegation, *, actor, now: datetime) -> str:
    """The secretariat accepts a request: the focal point gets their link.

    Raises: PermissionDenied, Conflict (not a pending request).
    """
    require(can_manage_meeting(actor, delegation.meeting))
    _check_requested(delegation)
    token = _invite(delegation, now=now)
    record(
        "delegation.accept",
        actor=actor,
        obj=delegation,
        meeting=delegation.meeting,
        before={"status": "requested"},
        after={"status": "invited"},
        now=now,
    )
    return token


def decline_request(delegation: Delegation, *, actor, now: datetime) -> None:
    """The secretariat declines a request; the focal point is told.

    Raises: PermissionDenied, Conflict (not a pending request).
    """
    require(can_manage_meeting(actor, delegation.meeting))
    _check_requested(delegation)
    delegation.status = "declined"
    delegation.updated_at = now
    record(
        "delegation.decline",
        actor=actor,
        obj=delegation,
        meeting=delegation.meeting,
        before={"status": "requested"},
        after={"status": "declined"},
        now=now,
    )
    _mail(delegation, "delegation_declined", now=now)


def _check_requested(delegation: Delegation) -> None:
    if delegation.status != "requested":
        raise Conflict(_("This request has already been answered."))


def _mail(delegation: Delegation, name: str, *, now: datetime, to: str = "") -> None:
    meeting = delegation.meeting
    subject, text, html = render_email(
        name,
        meeting.main_language or "en",
        delegation=delegation,
        meeting=meeting,
        base_url=site.base_url(),
    )
    enqueue(
        to or delegation.focal_point_email,
        subject,
        text,
        html,
        to_name="" if to else delegation.focal_point_name,
        reply_to="" if to else meeting.contact_email or "",
        kind=name,
        now=now,
    )


def send_link(delegation: Delegation, *, now: datetime) -> None:
    """Email the focal point the delegation's current link."""
    base_url = site.base_url()
    meeting = delegation.meeting
    subject, text, html = render_email(
        "delegation_invited",
        meeting.main_language or "en",
        delegation=delegation,
        meeting=meeting,
        link=delegation_url(base_url, links.link_for(delegation)),
    )
    enqueue(
        delegation.focal_point_email,
        subject,
        text,
        html,
        to_name=delegation.focal_point_name,
        reply_to=meeting.contact_email or "",
        kind="delegation_invited",
        now=now,
    )


def send_nomination_reminder(delegation: Delegation, *, now: datetime) -> None:
    """Remind the focal point to nominate members, with their current link."""
    if not delegation.link_generation:  # never had one: the reminder must open
        links.renew(delegation)
    meeting = delegation.meeting
    rendered = render_email(
        "delegation_reminder",
        meeting.main_language or "en",
        delegation=delegation,
        meeting=meeting,
        link=delegation_url(site.base_url(), links.link_for(delegation)),
        deadline=nomination_deadline(delegation),
    )
    enqueue_bulk(
        delegation.focal_point_email,
        rendered,
        to_name=delegation.focal_point_name,
        reply_to=meeting.contact_email or "",
        kind="delegation_reminder",
        now=now,
    )


def find_by_token(token: str) -> Delegation | links.Stale | None:
    """The delegation a focal point's link opens, `links.Stale` if replaced, else None."""
    return links.resolve(Delegation, token)


def get_by_token(token: str) -> Delegation:
    """Raises: NotFound for an unknown or replaced link."""
    delegation = links.resolve_current(Delegation, token)
    if delegation is None:
        raise NotFound(_("This link is not valid any more."))
    return delegation


def nomination_deadline(delegation: Delegation) -> datetime:
    """When nominations close: the delegation's own deadline, else registration's close."""
    return delegation.nomination_deadline or rules.closes_at(delegation.meeting)


def uses_delegations(meeting) -> bool:
    """The meeting works with delegations: it has some, or a category limits them."""
    if any(
        c.delegation_size_limit is not None for c in rules.meeting_categories(meeting)
    ):
        return True
    found = sa.select(Delegation.id).where(Delegation.meeting_id == meeting.id)
    return bool(db.session.scalar(sa.select(found.exists())))


class NominationClosed(Conflict):
    """The delegation's nomination deadline has passed."""


def check_nominations_open(delegation: Delegation, *, now: datetime) -> None:
    """Raises: NominationClosed after the delegation's nomination deadline."""
    deadline = nomination_deadline(delegation)
    if now >= deadline:
        meeting = delegation.meeting
        raise NominationClosed(
            _(
                "The nomination deadline, %(deadline)s, has passed: nominations are "
                "no longer accepted here. Please write to the secretariat at "
                "%(email)s.",
                deadline=format_datetime(
                    deadline,
                    meeting.timezone,
                    meeting.main_language or "en",
                    "long",
                    named=True,
                ),
                email=meeting.contact_email or "—",
            )
        )


def record_note(delegation: Delegation, *, note_reference: str, now: datetime) -> None:
    """The focal point records the nominating note: invited -> nominated.

    Raises: InvalidInput, NominationClosed.
    """
    check_nominations_open(delegation, now=now)
    reader = rules.Reader({"note_reference": note_reference})
    value = reader.text("note_reference", required=True, limit=100)
    rules.fail_if_errors(reader)
    before = {"note_reference": delegation.note_reference, "status": delegation.status}
    delegation.note_reference = value
    nominated = delegation.status == "invited"
    if nominated:
        delegation.status = "nominated"
    delegation.updated_at = now
    record(
        "delegation.nominate",
        obj=delegation,
        meeting=delegation.meeting,
        before=before,
        after={"note_reference": value, "status": delegation.status},
        now=now,
    )
    if nominated:  # the secretariat hears of the nomination once, not of each edit
        notifications.notify(
            delegation.meeting,
            "delegation_nominated",
            {
                "delegation": delegation.represents,
                "note": value,
                "path": f"/manage/meetings/{delegation.meeting.slug}/delegations",
            },
            now=now,
        )


def active_members(delegation: Delegation) -> list[Registration]:
    """Read from the database, so limits hold however the session's collections look."""
    db.session.flush()
    return list(
        db.session.scalars(
            sa.select(Registration)
            .where(
                Registration.delegation_id == delegation.id,
                Registration.status.in_(ACTIVE_STATUSES),
            )
            .order_by(Registration.id)
        )
    )


def member_ref(registration: Registration) -> str:
    """A member's reference in the focal point's pages: its public id, never its
    sequential id (and no link: the focal point's own link guards the page)."""
    return registration.public_id or ""


def find_member(delegation: Delegation, ref: str) -> Registration:
    """Raises: NotFound unless the member belongs to this delegation."""
    for member in delegation.members:
        if ref and member_ref(member) == ref:
            return member
    raise NotFound(_("No such member in this delegation."))


def _member_data(delegation: Delegation, data: dict) -> dict:
    data = dict((data or {}).items())
    data["represents"] = delegation.represents
    data["email"] = (data.get("email") or "").strip() or delegation.focal_point_email
    if not data.get("country"):
        data["country"] = delegation.country
    if not data.get("organisation"):
        data["organisation"] = delegation.represents
    return data


def _function(reader_errors: dict, value) -> str:
    if value not in FUNCTIONS:
        reader_errors["function"] = _("Please choose a function from the list.")
    return value


def add_member(
    delegation: Delegation, *, data: dict, now: datetime, language="en"
) -> tuple[Registration, str]:
    """The focal point registers a member (pending until accredited).

    Raises: InvalidInput, RegistrationClosed, NominationClosed, Conflict (size
    limits, a second head).
    """
    meeting = delegation.meeting
    check_nominations_open(delegation, now=now)
    errors: dict[str, str] = {}
    function = _function(errors, data.get("function"))
    if not rules.as_bool(data.get("privacy_accepted")):
        errors["privacy_accepted"] = _(
            "Please confirm that the members know the privacy notice."
        )
    if errors:
        raise InvalidInput(_("Please check the highlighted fields."), fields=errors)
    service.lock_meeting(meeting)
    category = rules.find_category(meeting, data.get("category"))
    _check_limits(delegation, category, function)
    registration, token = service.register(
        meeting,
        data=_member_data(delegation, data),
        now=now,
        language=language,
        delegation=delegation,
        function=function,
    )
    return registration, token


def _check_limits(delegation, category, function, *, ignore=None) -> None:
    members = [m for m in active_members(delegation) if m is not ignore]
    if delegation.size_limit is not None and len(members) >= delegation.size_limit:
        raise Conflict(
            _(
                "This delegation has reached its size limit of %(n)d.",
                n=delegation.size_limit,
            )
        )
    if category is not None and category.delegation_size_limit is not None:
        in_category = [m for m in members if m.category_id == category.id]
        if len(in_category) >= category.delegation_size_limit:
            raise Conflict(
                _(
                    "A delegation may register at most %(n)d members in this category.",
                    n=category.delegation_size_limit,
                )
            )
    if function == "head_of_delegation" and any(
        m.function == function for m in members
    ):
        raise Conflict(
            _("This delegation already has a head of delegation."),
            fields={"function": _("There is already a head of delegation.")},
        )


def update_member(
    delegation: Delegation,
    member: Registration,
    *,
    data: dict,
    now: datetime,
    answers: dict | None = None,
) -> None:
    """The focal point changes a member's details, answers or function until registration closes.

    answers: {"q_<id>": value} for the questions asked of members; None keeps them.

    Raises: RegistrationClosed, InvalidInput, Conflict.
    """
    service.check_open(delegation.meeting, member.category, now=now)
    errors: dict[str, str] = {}
    function = _function(errors, data.get("function"))
    if errors:
        raise InvalidInput(_("Please check the highlighted fields."), fields=errors)
    if function == "head_of_delegation" and member.function != function:
        _check_limits(delegation, None, function, ignore=member)
    service.update_registration(
        member,
        data=_member_data(delegation, data),
        answers=answers,
        by_participant=True,
        now=now,
    )
    member.function = function


def withdraw_member(
    delegation: Delegation, member: Registration, *, now: datetime
) -> None:
    """The focal point withdraws a member; their seat goes to the waiting list.

    Raises: RegistrationClosed, Conflict (already ended).
    """
    service.check_open(delegation.meeting, member.category, now=now)
    service.cancel(member, by_participant=True, now=now)


def accredit(delegation: Delegation, *, actor, now: datetime) -> dict[str, int]:
    """The secretariat accredits a delegation and approves its pending members.

    Raises: PermissionDenied.
    """
    require(can_manage_meeting(actor, delegation.meeting))
    pending = [m.id for m in active_members(delegation) if m.status == "pending"]
    result = service.bulk_approve(delegation.meeting, pending, actor=actor, now=now)
    before = delegation.status
    delegation.status = "accredited"
    delegation.updated_at = now
    record(
        "delegation.accredit",
        actor=actor,
        obj=delegation,
        meeting=delegation.meeting,
        before={"status": before},
        after={"status": "accredited", **result},
        now=now,
    )
    return result


def accredit_member(
    delegation: Delegation, member: Registration, *, actor, now: datetime
) -> str:
    """Accredit one member (approve their registration).

    Raises: PermissionDenied, Conflict.
    """
    if member.delegation_id != delegation.id:
        raise NotFound(_("No such member in this delegation."))
    return service.approve(member, actor=actor, now=now)


def resend_link(delegation: Delegation, *, actor, now: datetime) -> None:
    """Send the focal point a new link; earlier ones answer 410.

    Raises: PermissionDenied, Conflict (a request not accepted has no link).
    """
    require(can_manage_meeting(actor, delegation.meeting))
    if delegation.status in ("requested", "declined", "withdrawn"):
        raise Conflict(_("This delegation has no focal point's link."))
    links.renew(delegation)
    delegation.updated_at = now
    record(
        "delegation.link",
        actor=actor,
        obj=delegation,
        meeting=delegation.meeting,
        now=now,
    )
    send_link(delegation, now=now)
