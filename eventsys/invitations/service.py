"""Invitations: add, send, resend, revoke, remind; accept or decline by link.

An invitation's link is /invitations/<token>; only a hash of the token is
stored, so sending (or resending, or reminding) writes a fresh token and the
newest email holds the working link. Accepting goes through the one
registration service, registration.service.register(invitation=...).
"""

from datetime import datetime
from datetime import timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eventsys import site
from eventsys.audit.service import record
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import require
from eventsys.comms.models import ReminderSchedule
from eventsys.directory.service import addressed_to_organisation
from eventsys.directory.service import confirm_by_designation
from eventsys.documents import queries as document_queries
from eventsys.documents.models import MeetingDocument
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.errors import NotFound
from eventsys.exports import Export
from eventsys.exports import write_table
from eventsys.extensions import db
from eventsys.i18n import localized
from eventsys.invitations import queries
from eventsys.invitations.models import LANGUAGES
from eventsys.invitations.models import OPEN_STATUSES
from eventsys.invitations.models import Invitation
from eventsys.invitations.models import invitation_document
from eventsys.labels import STATUS
from eventsys.labels import label
from eventsys.mail.service import enqueue
from eventsys.mail.service import render_email
from eventsys.meetings import queries as meetings_queries
from eventsys.meetings.models import Meeting
from eventsys.registration import rules
from eventsys.registration import service as registration_service
from eventsys.tokens import hash_token
from eventsys.tokens import new_token


class InvitationClosed(Conflict):
    """The invitation was answered, revoked or has expired."""

    status = 410


# Invitations expiring further ahead are not looked at by the reminder job.
AUTO_REMINDER_MAX_DAYS = 60


def invitation_url(base_url: str, token: str) -> str:
    return f"{base_url}/invitations/{token}"


def read_invitation(data: dict, categories: dict) -> tuple[dict, dict[str, str]]:
    """An invitation's fields from plain data, and the errors by field.

    categories: the meeting's categories by key (rules.meeting_categories).
    An organisation named without a person or an address is invited at its
    functional address (the directory owns the rule).
    """
    data = addressed_to_organisation(data)
    reader = rules.Reader(data)
    values = {
        "email": reader.email(),
        "title": reader.text("title"),
        "given_name": reader.text("given_name"),
        "family_name": reader.text("family_name"),
        "represents": reader.text("represents"),
        "language": (reader.text("language", limit=8) or "en").lower(),
        "bound": True
        if data.get("bound") in (None, "")
        else rules.as_bool(data.get("bound")),
    }
    key = reader.text("category", required=True, limit=40)
    values["category"] = categories.get(key)
    if key and values["category"] is None:
        reader.fail("category", _("Please choose a category from the list."))
    if values["language"] not in LANGUAGES:
        reader.fail("language", _("Please choose English, French or Spanish."))
    return values, reader.errors


def categories_by_key(meeting) -> dict:
    return {c.key: c for c in rules.meeting_categories(meeting)}


def new_invitation(meeting, values: dict, *, now: datetime) -> Invitation:
    """A draft invitation from read_invitation() values (added by the caller)."""
    category = values["category"]
    _opens, closes = rules.window(meeting, category)
    return Invitation(
        meeting=meeting,
        category=category,
        expires_at=closes,
        status="draft",
        created_at=now,
        updated_at=now,
        **{k: v for k, v in values.items() if k != "category"},
    )


def linkable_documents(meeting) -> list[MeetingDocument]:
    """The meeting's published documents an invitation may link to."""
    return list(
        db.session.scalars(
            document_queries.meeting_documents(meeting).where(
                MeetingDocument.status == "published"
            )
        )
    )


def read_documents(meeting, ids) -> list[MeetingDocument]:
    """The meeting's published documents of these ids (strings or ints).

    Raises: InvalidInput (an id that is not one of them).
    """
    wanted = set()
    for value in ids or ():
        if not str(value).isdigit() or len(str(value)) > 12:
            raise _bad_documents()
        wanted.add(int(value))
    if not wanted:
        return []
    found = [d for d in linkable_documents(meeting) if d.id in wanted]
    if len(found) != len(wanted):
        raise _bad_documents()
    return found


def _bad_documents() -> InvalidInput:
    message = _("Please choose documents of this meeting from the list.")
    return InvalidInput(message, fields={"documents": message})


def attach_documents(invitation: Invitation, documents) -> None:
    """Link these documents too (the ones already linked stay)."""
    for document in documents:
        if document not in invitation.documents:
            invitation.documents.append(document)


def attached_documents(invitation: Invitation) -> list[MeetingDocument]:
    """The documents linked to the invitation, with their files, in one go."""
    if invitation.id is None:
        return list(invitation.documents)
    return list(
        db.session.scalars(
            sa.select(MeetingDocument)
            .join(invitation_document)
            .where(invitation_document.c.invitation_id == invitation.id)
            .options(so.selectinload(MeetingDocument.files))
            .order_by(MeetingDocument.id)
        )
    )


def document_links(invitation: Invitation, link: str) -> list[dict]:
    """[{"document", "files": [(language, url)]}] for the documents the invitee
    may open through the invitation's link (`link`: /invitations/<token>)."""
    links = []
    for document in attached_documents(invitation):
        files = [
            (lang, f"{link}/documents/{document.id}/{lang}/{file.filename}")
            for lang in document.languages
            if (file := document.current_file(lang)) is not None
            and not file.is_withdrawn
            and file.servable
        ]
        if document.status == "published" and files:
            links.append({"document": document, "files": files})
    return links


def create_invitation(
    meeting, *, data: dict, actor, now: datetime, send: bool = False
) -> Invitation:
    """The secretariat invites one person (a draft, or sent at once).

    data["documents"]: ids of meeting documents the invitation links to.
    Raises: PermissionDenied, InvalidInput, Conflict (already invited).
    """
    require(can_manage_meeting(actor, meeting))
    values, errors = read_invitation(data, categories_by_key(meeting))
    documents = read_documents(meeting, data.get("documents"))
    if errors:
        raise InvalidInput(_("Please check the highlighted fields."), fields=errors)
    if values["email"] in queries.invited_emails(meeting):
        raise Conflict(
            _("%(email)s is already invited to this meeting.", email=values["email"]),
            fields={"email": _("Already invited to this meeting.")},
        )
    invitation = new_invitation(meeting, values, now=now)
    attach_documents(invitation, documents)
    db.session.add(invitation)
    db.session.flush()
    record(
        "invitation.create",
        actor=actor,
        obj=invitation,
        meeting=meeting,
        after={
            "email": invitation.email,
            "category": invitation.category.key,
            "documents": [d.id for d in documents],
        },
        now=now,
    )
    if send:
        send_invitation(invitation, actor=actor, now=now)
    return invitation


def send_invitation(invitation: Invitation, *, actor, now: datetime) -> str:
    """Email the invitation (again) with a fresh link; earlier links stop working.

    Raises: PermissionDenied, InvitationClosed (answered, revoked or expired).
    """
    require(can_manage_meeting(actor, invitation.meeting))
    return _send(invitation, actor=actor, now=now)


def _send(invitation: Invitation, *, actor, now: datetime) -> str:
    """The one path that emails an invitation: first send, resend, reminders (either kind)."""
    _check_usable(invitation, now)
    reminder = invitation.status == "sent"
    token = _email(invitation, now=now, reminder=reminder)
    if reminder:
        invitation.reminded_at = now
    invitation.status = "sent"
    invitation.sent_at = invitation.sent_at or now
    invitation.updated_at = now
    record(
        "invitation.send",
        actor=actor,
        obj=invitation,
        meeting=invitation.meeting,
        now=now,
    )
    return token


def send_designated(invitation: Invitation, *, now: datetime) -> str:
    """Email an invitation an organisation's designation made: the designation
    link is the permission (eventsys/directory/designations.py)."""
    return _send(invitation, actor=None, now=now)


def send_drafts(meeting, *, actor, now: datetime, documents=()) -> int:
    """Send every draft invitation of the meeting that has not expired, linking
    these documents too (ids, as read_documents takes them).

    Raises: PermissionDenied, InvalidInput (a document not of this meeting).
    """
    require(can_manage_meeting(actor, meeting))
    return _send_all(
        meeting,
        "draft",
        actor=actor,
        now=now,
        documents=read_documents(meeting, documents),
    )


def remind(meeting, *, actor, now: datetime) -> int:
    """Send again to everyone who has not answered a sent invitation.

    Raises: PermissionDenied.
    """
    return _send_all(meeting, "sent", actor=actor, now=now)


def send_automatic_reminders(*, now: datetime) -> int:
    """The one automatic reminder, `invitation_reminder_days` before expiry (a
    meeting's ReminderSchedule; off unless set), to invitees who have not
    answered and were not reminded since that time. Returns how many.
    """
    rows = db.session.execute(
        sa.select(Invitation, ReminderSchedule.invitation_reminder_days)
        .join(ReminderSchedule, ReminderSchedule.meeting_id == Invitation.meeting_id)
        .join(Invitation.meeting)
        .where(
            ReminderSchedule.invitation_reminder_days.is_not(None),
            Meeting.status == "published",
            Invitation.status == "sent",
            Invitation.auto_reminded_at.is_(None),
            Invitation.expires_at > now,
            Invitation.expires_at <= now + timedelta(days=AUTO_REMINDER_MAX_DAYS),
        )
        .order_by(Invitation.id)
    ).all()
    sent = 0
    for invitation, days in rows:
        due_at = invitation.expires_at - timedelta(days=days)
        latest = invitation.reminded_at or invitation.sent_at
        if now < due_at or (latest is not None and latest >= due_at):
            continue  # not yet, or sent or reminded by hand since: enough
        if not _claim_auto_reminder(invitation, now):
            continue  # another worker sends this one
        _send(invitation, actor=None, now=now)
        sent += 1
    db.session.flush()
    return sent


def _claim_auto_reminder(invitation: Invitation, now: datetime) -> bool:
    """Mark the invitation's one automatic reminder as ours (a conditional UPDATE,
    so two workers never both send it)."""
    claimed = db.session.execute(
        sa.update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.auto_reminded_at.is_(None))
        .values(auto_reminded_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return False
    invitation.auto_reminded_at = now
    return True


def _send_all(meeting, status: str, *, actor, now: datetime, documents=()) -> int:
    require(can_manage_meeting(actor, meeting))
    invitations = db.session.scalars(
        queries.meeting_invitations(meeting).where(Invitation.status == status)
    ).all()
    sent = 0
    for invitation in invitations:
        if invitation.usable(now):
            attach_documents(invitation, documents)
            send_invitation(invitation, actor=actor, now=now)
            sent += 1
    return sent


def revoke(invitation: Invitation, *, actor, now: datetime) -> None:
    """The link stops working; an accepted registration is not touched.

    Raises: PermissionDenied, InvitationClosed (already answered or revoked).
    """
    require(can_manage_meeting(actor, invitation.meeting))
    if invitation.status not in OPEN_STATUSES:
        raise InvitationClosed(
            _("This invitation has already been answered or revoked.")
        )
    _revoke(invitation, actor=actor, now=now)


def revoke_designated(invitation: Invitation, *, actor, now: datetime) -> None:
    """Revoke an open invitation with the designation that made it (the caller
    checked who may revoke that: eventsys/directory/designations.py)."""
    if invitation.status in OPEN_STATUSES:
        _revoke(invitation, actor=actor, now=now)


def _revoke(invitation: Invitation, *, actor, now: datetime) -> None:
    before = invitation.status
    invitation.status = "revoked"
    invitation.updated_at = now
    record(
        "invitation.revoke",
        actor=actor,
        obj=invitation,
        meeting=invitation.meeting,
        before={"status": before},
        after={"status": "revoked"},
        now=now,
    )


def _check_usable(invitation: Invitation, now: datetime) -> None:
    if not invitation.usable(now):
        raise InvitationClosed(
            registration_service.invitation_closed_message(invitation.meeting)
        )


def _email(invitation: Invitation, *, now: datetime, reminder: bool) -> str:
    token, digest = new_token()
    invitation.token_hash = digest
    meeting = invitation.meeting
    link = invitation_url(site.base_url(), token)
    subject, text, html = render_email(
        "invitation",
        invitation.language or "en",
        invitation=invitation,
        meeting=meeting,
        link=link,
        documents=document_links(invitation, link),
        reminder=reminder,
    )
    enqueue(
        invitation.email,
        subject,
        text,
        html,
        to_name=invitation.display_name,
        reply_to=meeting.contact_email or "",
        kind="invitation",
        now=now,
    )
    return token


def attached_document(invitation: Invitation, document_id) -> MeetingDocument:
    """A document linked to the invitation, for its holder (a revoked one has none).

    Raises: NotFound.
    """
    if invitation.status != "revoked":
        for document in invitation.documents:
            if document.id == document_id and document.status == "published":
                return document
    raise NotFound(_("No such document."))


def find_by_token(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalar(
        sa.select(Invitation).where(Invitation.token_hash == hash_token(token))
    )


# --- the invitee's answer ----------------------------------------------------


def accept_data(invitation: Invitation, data: dict) -> dict:
    """The registration data with what the invitation fixes: category, represents,
    and the email of a bound invitation.

    Raises: InvalidInput (another email on a bound invitation).
    """
    data = dict(data)
    data["category"] = invitation.category.key
    if invitation.represents:
        data["represents"] = invitation.represents
        if not (data.get("organisation") or "").strip():
            data["organisation"] = invitation.represents
    if invitation.bound:
        given = (data.get("email") or "").strip().lower()
        if given and given != invitation.email.lower():
            raise InvalidInput(
                _("This invitation is personal: please register with its address."),
                fields={
                    "email": _(
                        "This invitation is for %(email)s.", email=invitation.email
                    )
                },
            )
        data["email"] = invitation.email
    return data


def accept(
    invitation: Invitation,
    *,
    data: dict,
    user=None,
    now: datetime,
    language: str = "en",
):
    """The invitee registers through the invitation; one registration per invitation.

    Returns (registration, manage token). Raises: InvitationClosed, InvalidInput,
    DuplicateRegistration, RegistrationClosed.
    """
    meeting = invitation.meeting
    registration_service.lock_meeting(meeting)
    db.session.refresh(invitation)  # a concurrent answer may have used it
    _check_usable(invitation, now)
    registration, token = registration_service.register(
        meeting,
        data=accept_data(invitation, data),
        user=user,
        now=now,
        language=language,
        invitation=invitation,
    )
    invitation.status = "accepted"
    invitation.registration = registration
    invitation.answered_at = now
    invitation.updated_at = now
    invitation.used_by_email = registration.email
    invitation.used_by_user_id = getattr(user, "id", None)
    if invitation.designation is not None:
        confirm_by_designation(registration, invitation.designation, now=now)
    record(
        "invitation.accept",
        actor=user,
        obj=invitation,
        meeting=meeting,
        after={"status": "accepted", "registration": registration.status},
        now=now,
    )
    _tell_secretariat(invitation, now=now)
    return registration, token


def decline(invitation: Invitation, *, reason: str = "", now: datetime) -> None:
    """The invitee declines, optionally saying why; they get a confirmation.

    Raises: InvitationClosed, InvalidInput (reason too long).
    """
    registration_service.lock_meeting(invitation.meeting)
    db.session.refresh(invitation)
    _check_usable(invitation, now)
    reader = rules.Reader({"reason": reason})
    reason = reader.text("reason", limit=2000, multiline=True)
    rules.fail_if_errors(reader)
    invitation.status = "declined"
    invitation.decline_reason = reason
    invitation.answered_at = now
    invitation.updated_at = now
    record(
        "invitation.decline",
        obj=invitation,
        meeting=invitation.meeting,
        after={"status": "declined"},
        now=now,
    )
    _confirm_decline(invitation, now=now)
    _tell_secretariat(invitation, now=now)


def _confirm_decline(invitation: Invitation, *, now: datetime) -> None:
    meeting = invitation.meeting
    subject, text, html = render_email(
        "invitation_declined",
        invitation.language or "en",
        invitation=invitation,
        meeting=meeting,
    )
    enqueue(
        invitation.email,
        subject,
        text,
        html,
        to_name=invitation.display_name,
        reply_to=meeting.contact_email or "",
        kind="invitation_declined",
        now=now,
    )


def _tell_secretariat(invitation: Invitation, *, now: datetime) -> None:
    meeting = invitation.meeting
    if not meeting.contact_email:
        return
    subject, text, html = render_email(
        "invitation_answered",
        meeting.main_language or "en",
        invitation=invitation,
        meeting=meeting,
        base_url=site.base_url(),
    )
    enqueue(
        meeting.contact_email, subject, text, html, kind="invitation_answered", now=now
    )


EXPORT_HEADER = [
    _l("Kind"),
    _l("Represents"),
    _l("Name"),
    _l("Email"),
    _l("Category"),
    _l("Status"),
    _l("Sent"),
    _l("Answered"),
]


def export_invitations(
    meeting, *, actor, now: datetime, language: str = "en", format: str = "csv"
) -> Export:
    """Invitations and delegations as on the invitations page, as CSV or XLSX.

    Raises: PermissionDenied.
    """
    require(can_manage_meeting(actor, meeting))
    rows = db.session.execute(queries.filtered_rows(meeting)).all()
    names = {
        c.key: localized(c.name, language, meeting.main_language)
        for c in rules.meeting_categories(meeting)
    }
    record(
        "invitation.export",
        actor=actor,
        meeting=meeting,
        after={"rows": len(rows)},
        now=now,
    )
    with force_locale(language):
        kinds = {"person": _("Individual"), "delegation": _("Delegation")}
        body = [
            [
                kinds[r.kind],
                r.represents,
                r.name,
                r.email,
                names.get(r.category_key, "") if r.category_key else kinds[r.kind],
                label(STATUS, r.status),
                _iso(r.sent_at),
                _iso(r.answered_at),
            ]
            for r in rows
        ]
        return write_table(
            EXPORT_HEADER, body, format, name=f"{meeting.slug}-invitations"
        )


def _iso(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else ""


def other_editions(meeting) -> list:
    """The series' other public meetings, newest first: where invitations may come from."""
    return [
        m
        for m in db.session.scalars(meetings_queries.series_meetings(meeting.series_id))
        if m.id != meeting.id
    ]


def copy_invitations(source, target, *, actor, now: datetime) -> dict[str, int]:
    """Invite the same people as another edition: drafts in the categories of the
    same key; revoked invitations, addresses already invited and categories the
    new edition lacks are left out.

    Raises: PermissionDenied.
    """
    require(can_manage_meeting(actor, target) and can_manage_meeting(actor, source))
    categories = categories_by_key(target)
    seen = queries.invited_emails(target)
    copied = skipped = 0
    for old in db.session.scalars(
        queries.meeting_invitations(source)
        .where(Invitation.status != "revoked")
        .options(so.joinedload(Invitation.category))
    ):
        category = categories.get(old.category.key)
        if category is None or old.email.lower() in seen:
            skipped += 1
            continue
        seen.add(old.email.lower())
        values = {name: getattr(old, name) for name in COPIED}
        db.session.add(
            new_invitation(target, {**values, "category": category}, now=now)
        )
        copied += 1
    db.session.flush()
    record(
        "invitation.copy",
        actor=actor,
        meeting=target,
        after={"from": source.slug, "copied": copied, "skipped": skipped},
        now=now,
    )
    return {"copied": copied, "skipped": skipped}


COPIED = (
    "email",
    "title",
    "given_name",
    "family_name",
    "represents",
    "language",
    "bound",
)
