"""Designation links: an approved organisation names its own representatives.

Typing an accredited NGO's name is not accreditation (eventsys/directory/
vetting.py): a manager or the partnerships officer confirms each person's
link to the organisation. A designation link is the other way to confirm it:
the secretariat sends it to the organisation's functional address for the
meeting (or a contact it names), and whoever reads that mailbox designates
the representatives. Each one either gets an invitation to register, in the
designation's category, or, already registered, has the link confirmed.

A designation confirms links, never registrations: a category that requires
an approved organisation still waits for a manager's approval, which vetting
no longer holds. Only an organisation approved and in force designates; the
link stops working when it is revoked or the approval lapses.

Plain functions: flush, never commit; raise the ServiceError tree.
"""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy import orm as so

from eventsys import links
from eventsys import site
from eventsys.audit.service import record
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import can_use_directory
from eventsys.auth.permissions import require
from eventsys.directory import service as directory
from eventsys.directory.models import Designation
from eventsys.directory.models import Organisation
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.errors import NotFound
from eventsys.extensions import db
from eventsys.invitations import queries as invitation_queries
from eventsys.invitations import service as invitations
from eventsys.invitations.models import LANGUAGES
from eventsys.invitations.models import OPEN_STATUSES
from eventsys.invitations.models import Invitation
from eventsys.mail.service import enqueue
from eventsys.mail.service import render_email
from eventsys.registration import rules
from eventsys.registration.models import ACTIVE_STATUSES
from eventsys.registration.models import Registration


def can_send(actor, meeting) -> bool:
    """The meeting's managers and the partnerships officer send designation links."""
    return can_use_directory(actor) or can_manage_meeting(actor, meeting)


def designation_url(base_url: str, meeting, link: str) -> str:
    return f"{base_url}/meetings/{meeting.slug}/designate/{link}"


def designations_of(meeting):
    """The meeting's designations with their organisations, oldest first."""
    return (
        sa.select(Designation)
        .where(Designation.meeting_id == meeting.id)
        .options(so.joinedload(Designation.organisation))
        .order_by(Designation.created_at, Designation.id)
    )


def approved_organisations(today):
    """The organisations that may designate: approved, in force, not merged."""
    return (
        sa.select(Organisation)
        .where(
            Organisation.vetting_status == "approved",
            Organisation.merged_into_id.is_(None),
            sa.or_(
                Organisation.vetting_expires_on.is_(None),
                Organisation.vetting_expires_on >= today,
            ),
        )
        .order_by(Organisation.id)
    )


def _approved(organisation: Organisation, today) -> bool:
    return (
        organisation.merged_into_id is None
        and organisation.vetting_in_force(today) == "approved"
    )


def send(
    meeting,
    organisation: Organisation | None,
    *,
    data: dict,
    actor,
    now: datetime,
) -> Designation:
    """Send (or send again) the organisation's designation link for the meeting.

    data: "category" (key), "email" (else the functional address at
    "duty_station", else its first one), "language".
    Raises: PermissionDenied, Conflict (not approved), InvalidInput.
    """
    require(can_send(actor, meeting))
    if organisation is None:
        message = _("Please choose an organisation from the list.")
        raise InvalidInput(message, fields={"organisation_id": message})
    if not _approved(organisation, now.date()):
        raise Conflict(
            _(
                "Only an organisation whose vetting is approved and in force designates its representatives."
            )
        )
    values = _read_send(meeting, organisation, data)
    designation = db.session.scalar(
        sa.select(Designation).where(
            Designation.meeting_id == meeting.id,
            Designation.organisation_id == organisation.id,
        )
    )
    before = None
    if designation is None:
        designation = Designation(meeting=meeting, organisation=organisation,
                                  created_at=now)  # fmt: skip
        db.session.add(designation)
    else:
        before = {
            "sent_to": designation.sent_to,
            "revoked": bool(designation.revoked_at),
        }
    designation.category = values["category"]
    designation.sent_to = values["email"]
    designation.language = values["language"]
    designation.sent_by_id = getattr(actor, "id", None)
    designation.sent_at = now
    designation.updated_at = now
    if designation.revoked_at is not None or not designation.link_generation:
        designation.revoked_at = None
        links.renew(designation)  # after a revocation, a link none of the old ones is
    db.session.flush()
    _email_link(designation, now=now)
    record("designation.send", actor=actor, obj=designation, meeting=meeting,
           before=before, now=now,
           after={"organisation": organisation.id, "email": designation.sent_to,
                  "category": designation.category.key})  # fmt: skip
    return designation


def _read_send(meeting, organisation, data: dict) -> dict:
    reader = rules.Reader(data)
    email = reader.email() if (data.get("email") or "").strip() else ""
    if not email and "email" not in reader.errors:
        email = directory.functional_address(
            organisation, str(data.get("duty_station") or "")
        )
        if not email:
            reader.fail(
                "email",
                _("The organisation has no functional address: please enter one."),
            )
    key = reader.text("category", required=True, limit=40)
    category = invitations.categories_by_key(meeting).get(key)
    if key and category is None:
        reader.fail("category", _("Please choose a category from the list."))
    language = (
        reader.text("language", limit=8) or meeting.main_language or "en"
    ).lower()
    if language not in LANGUAGES:
        reader.fail("language", _("Please choose English, French or Spanish."))
    rules.fail_if_errors(reader)
    return {"email": email, "category": category, "language": language}


def _email_link(designation: Designation, *, now: datetime) -> None:
    meeting = designation.meeting
    link = designation_url(site.base_url(), meeting, links.link_for(designation))
    subject, text, html = render_email(
        "designation_link", designation.language, designation=designation,
        organisation=designation.organisation, meeting=meeting, link=link,
    )  # fmt: skip
    enqueue(designation.sent_to, subject, text, html,
            reply_to=meeting.contact_email or "", kind="designation_link", now=now)  # fmt: skip


def resend(designation: Designation, *, now: datetime) -> None:
    """From a replaced link's page: the current link, to the address it was sent to."""
    if designation.revoked_at is None and designation.link_generation:
        _email_link(designation, now=now)


def revoke(designation: Designation, *, actor, now: datetime) -> None:
    """The link stops working (404, also once sent again: that sends a new one);
    representatives already designated stay.

    Raises: PermissionDenied, Conflict (already revoked).
    """
    require(can_send(actor, designation.meeting))
    if designation.revoked_at is not None:
        raise Conflict(_("This designation link is already revoked."))
    designation.revoked_at = now
    designation.updated_at = now
    links.renew(designation)  # no link sent so far opens it again, even once re-sent
    # Invitations it sent and nobody answered go with it: a link that had to be
    # revoked may have been in the wrong hands.
    unanswered = db.session.scalars(
        sa.select(Invitation).where(Invitation.designation_id == designation.id,
                                    Invitation.status.in_(OPEN_STATUSES))
    ).all()  # fmt: skip
    for invitation in unanswered:
        invitations.revoke_designated(invitation, actor=actor, now=now)
    record("designation.revoke", actor=actor, obj=designation,
           meeting=designation.meeting, now=now)  # fmt: skip


def open_designation(meeting, presented: str) -> Designation:
    """The designation of a current link for this meeting; else 410 (replaced) or 404
    (revoked, another meeting's, or no link of ours)."""
    found = links.resolve(Designation, presented)
    designation = links.owner(found)
    if (
        designation is None
        or designation.meeting_id != meeting.id
        or designation.revoked_at
    ):
        raise NotFound(_("No such designation."))
    if isinstance(found, links.Stale):
        links.open_link(Designation, presented)  # the 410 page, with "send it again"
    return designation


def usable(designation: Designation, now: datetime) -> bool:
    """The link still designates: not revoked, and the organisation still approved."""
    return designation.revoked_at is None and _approved(
        designation.organisation, now.date()
    )


def designate(
    designation: Designation, *, data: dict, now: datetime
) -> Registration | Invitation:
    """The organisation names one representative.

    Already registered for the meeting under that address: the registration's
    link to the organisation is confirmed (its status is not touched). Else an
    invitation in the designation's category is sent (an open one to that
    address is reused). Returns the registration or the invitation.

    Raises: Conflict (link no longer usable; the person belongs to a
    delegation), InvalidInput.
    """
    if not usable(designation, now):
        raise Conflict(
            _(
                "This designation link can no longer be used. Please write to the secretariat."
            )
        )
    meeting = designation.meeting
    values, errors = invitations.read_invitation(
        {**data, "category": designation.category.key,
         "represents": designation.organisation.display_name(designation.language),
         "bound": "true"},
        {designation.category.key: designation.category},
    )  # fmt: skip
    if not (data.get("email") or "").strip():
        errors["email"] = _("Please enter the representative's email address.")
    if errors:
        raise InvalidInput(_("Please check the highlighted fields."), fields=errors)
    registration = _registered(meeting, values["email"])
    if registration is not None:
        directory.confirm_by_designation(registration, designation, now=now)
        return registration
    invitation = _open_invitation(meeting, values["email"])
    if invitation is None:
        invitation = invitations.new_invitation(meeting, values, now=now)
        db.session.add(invitation)
    invitation.designation = designation
    invitation.represents = values["represents"]
    db.session.flush()
    record("invitation.create", obj=invitation, meeting=meeting, now=now,
           after={"email": invitation.email, "category": invitation.category.key,
                  "designation": designation.id})  # fmt: skip
    invitations.send_designated(invitation, now=now)
    return invitation


def _registered(meeting, email: str) -> Registration | None:
    return db.session.scalar(
        sa.select(Registration).where(
            Registration.meeting_id == meeting.id,
            Registration.email == email,
            Registration.delegation_id.is_(None),
            Registration.status.in_(ACTIVE_STATUSES),
        )
    )


def _open_invitation(meeting, email: str) -> Invitation | None:
    return db.session.scalar(
        invitation_queries.meeting_invitations(meeting).where(
            Invitation.email == email, Invitation.status.in_(OPEN_STATUSES)
        )
    )


def representative_counts(meeting) -> dict[int, dict[str, int]]:
    """Per designation of the meeting: {"registered": n, "invited": n} (two statements)."""
    counts: dict[int, dict[str, int]] = {}
    registered = db.session.execute(
        sa.select(Registration.represents_designation_id, sa.func.count())
        .join(Designation, Designation.id == Registration.represents_designation_id)
        .where(Designation.meeting_id == meeting.id)
        .group_by(Registration.represents_designation_id)
    )
    for designation_id, count in registered:
        counts.setdefault(designation_id, {"registered": 0, "invited": 0})[
            "registered"
        ] = count
    invited = db.session.execute(
        sa.select(Invitation.designation_id, sa.func.count())
        .where(Invitation.meeting_id == meeting.id,
               Invitation.designation_id.is_not(None),
               Invitation.status.in_(OPEN_STATUSES))
        .group_by(Invitation.designation_id)
    )  # fmt: skip
    for designation_id, count in invited:
        counts.setdefault(designation_id, {"registered": 0, "invited": 0})[
            "invited"
        ] = count
    return counts


def representatives(designation: Designation) -> dict:
    """Whom the organisation designated: {"registrations": [...], "invitations": [...]}.

    Registrations whose link it confirmed, and the invitations it caused that
    are not yet answered (an accepted one shows as its registration).
    """
    registrations = db.session.scalars(
        sa.select(Registration)
        .where(Registration.represents_designation_id == designation.id)
        .order_by(Registration.family_name, Registration.given_name, Registration.id)
    ).all()
    invited = db.session.scalars(
        sa.select(Invitation)
        .where(Invitation.designation_id == designation.id,
               Invitation.status != "accepted")
        .order_by(Invitation.created_at, Invitation.id)
    ).all()  # fmt: skip
    return {"registrations": registrations, "invitations": invited}
