"""The call for side events: proposals, their review, and the session an accepted one becomes.

The proposer has no account: a personal link (eventsys/links.py, as for
registrations and delegations) lets them follow and withdraw their proposal. Every step that
concerns them is an email through the outbox, in the caller's transaction.
"""

from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from eventsys import links
from eventsys import site
from eventsys.agenda import service as agenda
from eventsys.agenda.days import meeting_dates
from eventsys.agenda.models import PROPOSAL_FORMATS
from eventsys.agenda.models import SideEventProposal
from eventsys.audit.service import record
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import require
from eventsys.comms import notifications
from eventsys.directory import matching
from eventsys.directory import service as directory
from eventsys.directory.models import Organisation
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.errors import NotFound
from eventsys.extensions import db
from eventsys.mail.service import enqueue
from eventsys.mail.service import render_email
from eventsys.registration.rules import Reader
from eventsys.registration.rules import fail_if_errors

MAX_ORGANISERS = 10


def call_is_open(meeting, now: datetime) -> bool:
    """Proposals are taken while the call is open and its deadline not passed."""
    deadline = meeting.side_events_deadline
    return meeting.side_events_open and (deadline is None or now <= deadline)


def set_call(meeting, *, actor, open: bool, deadline: datetime | None, now) -> None:
    """Open or close the call for side events, with its deadline.

    Raises: PermissionDenied.
    """
    require(can_manage_meeting(actor, meeting))
    before = {"open": meeting.side_events_open,
              "deadline": meeting.side_events_deadline}  # fmt: skip
    meeting.side_events_open, meeting.side_events_deadline = open, deadline
    record("side_events.call", actor=actor, obj=meeting, meeting=meeting,
           before=before, after={"open": open, "deadline": deadline}, now=now)  # fmt: skip


def propose(meeting, *, data: dict, now: datetime) -> tuple[SideEventProposal, str]:
    """Take a proposal; the proposer is sent their personal link.

    Raises: Conflict (call closed), InvalidInput.
    """
    if not call_is_open(meeting, now):
        raise Conflict(_("The call for side events is closed."))
    proposal = SideEventProposal(
        meeting=meeting, created_at=now, **_read(meeting, data)
    )
    db.session.add(proposal)
    db.session.flush()
    _mail(proposal, "received", with_link=True, now=now)
    _tell_secretariat(proposal, now=now)
    return proposal, links.link_for(proposal)


def _tell_secretariat(proposal: SideEventProposal, *, now: datetime) -> None:
    """The meeting's managers hear of the proposal, now or in their digest."""
    meeting = proposal.meeting
    notifications.notify(meeting, "side_event_proposed", {
        "title": dict(proposal.title),  # shown in each reader's language
        "organisers": ", ".join(proposal.organisers),
        "path": f"/manage/meetings/{meeting.slug}/side-events/{proposal.id}",
    }, now=now)  # fmt: skip


def find_by_token(token: str) -> SideEventProposal | links.Stale | None:
    """The proposal a proposer's link opens, `links.Stale` if replaced, else None
    (a link sent before HMAC links opens by its stored hash until renewed)."""
    return links.resolve(SideEventProposal, token)


def send_link(proposal: SideEventProposal, *, now: datetime) -> None:
    """Email the proposer the proposal's current link (asked from a replaced one)."""
    _mail(proposal, "link", with_link=True, now=now)


def renew_link(proposal: SideEventProposal, *, actor, now: datetime) -> None:
    """A manager sends the proposer a new link (lost or leaked); earlier ones answer 410.

    Raises: PermissionDenied.
    """
    require(can_manage_meeting(actor, proposal.meeting))
    links.renew(proposal)
    record("side_event.link", actor=actor, obj=proposal.meeting,
           meeting=proposal.meeting, after={"title": proposal.title}, now=now)  # fmt: skip
    _mail(proposal, "link", with_link=True, now=now)


def withdraw(proposal: SideEventProposal, *, now: datetime) -> None:
    """The proposer takes a proposal back (not once it is decided).

    Raises: Conflict.
    """
    _require_submitted(proposal)
    proposal.status, proposal.decided_at = "withdrawn", now
    _mail(proposal, "withdrawn", with_link=True, now=now)


def decline(proposal: SideEventProposal, *, actor, comment: str, now) -> None:
    """Raises: PermissionDenied, Conflict, InvalidInput (comment)."""
    require(can_manage_meeting(actor, proposal.meeting))
    _require_submitted(proposal)
    proposal.comment = _comment(comment)
    proposal.status, proposal.decided_at = "declined", now
    record("side_event.decline", actor=actor, obj=proposal.meeting,
           meeting=proposal.meeting, after={"title": proposal.title}, now=now)  # fmt: skip
    _mail(proposal, "declined", now=now)


def accept(proposal: SideEventProposal, *, actor, slot: dict, comment: str, now):
    """Make the proposal a session of kind side_event at the given room and times.

    slot: day/starts_at/ends_at as the agenda editor gives them (naive, the
    meeting's zone) and room_id. Returns the session.
    Raises: PermissionDenied, Conflict, InvalidInput.
    """
    require(can_manage_meeting(actor, proposal.meeting))
    _require_submitted(proposal)
    proposal.comment = _comment(comment)
    session = agenda.create_session(
        proposal.meeting, actor=actor, now=now,
        data={"title": dict(proposal.title), "kind": "side_event",
              "description": dict(proposal.description),
              "floor_language": proposal.language, **slot},
    )  # fmt: skip
    session.organisers = list(proposal.organisers)
    session.organisations = matching.organisations_named(proposal.organisers)
    proposal.status, proposal.decided_at, proposal.session = "accepted", now, session
    db.session.flush()
    record("side_event.accept", actor=actor, obj=proposal.meeting,
           meeting=proposal.meeting, after={"title": proposal.title}, now=now)  # fmt: skip
    _mail(proposal, "accepted", now=now)
    return session


# ------------------------------------------- the directory's organisations, by hand

SUGGESTIONS_PER_NAME = 3


def link_organisation(session, organisation_id, *, actor, now) -> Organisation:
    """A manager links a side event to one more of the directory's organisations.

    The organisers as typed stay what the agenda shows; the link puts the side
    event in the organisation's history and makes it take part in the meeting.
    Raises: PermissionDenied, InvalidInput (unknown or merged organisation),
    Conflict (not a side event, or already linked).
    """
    require(can_manage_meeting(actor, session.meeting))
    organisation = _organisation(organisation_id)
    if organisation.merged_into_id:
        raise InvalidInput(_("This organisation was merged into another."), {
            "organisation_id": _("Organisation %(number)d was merged into number "
                                 "%(target)d: link that one.", number=organisation.id,
                                 target=organisation.merged_into_id)})  # fmt: skip
    if session.kind != "side_event":
        raise Conflict(_("Only side events are linked to their organisers."))
    if organisation in session.organisations:
        raise Conflict(_("This organisation is already linked."), {
            "organisation_id": _("This organisation is already linked.")})  # fmt: skip
    session.organisations.append(organisation)
    db.session.flush()
    record("session.organisation_link", actor=actor, obj=session, meeting=session.meeting,
           after={"organisation_id": organisation.id,
                  "name": organisation.display_name()}, now=now)  # fmt: skip
    return organisation


def unlink_organisation(session, organisation_id, *, actor, now) -> Organisation:
    """A manager takes a linked organisation off a side event (its typed name stays).

    Raises: PermissionDenied, InvalidInput (not one of its organisations).
    """
    require(can_manage_meeting(actor, session.meeting))
    linked = {o.id: o for o in session.organisations}
    organisation = (
        linked.get(organisation_id) if isinstance(organisation_id, int) else None
    )
    if organisation is None:
        raise InvalidInput(_("This organisation is not linked to the side event."), {
            "organisation_id": _("This organisation is not linked to the side event.")})  # fmt: skip
    session.organisations.remove(organisation)
    db.session.flush()
    record("session.organisation_unlink", actor=actor, obj=session,
           meeting=session.meeting, now=now,
           before={"organisation_id": organisation.id,
                   "name": organisation.display_name()})  # fmt: skip
    return organisation


def _organisation(organisation_id) -> Organisation:
    """The directory's organisation of this number. Raises: InvalidInput."""
    if organisation_id is None:
        message = _("Give the number of an organisation in the directory.")
        raise InvalidInput(message, {"organisation_id": message})
    try:
        return directory.get_organisation(organisation_id)
    except NotFound:
        message = _("No organisation in the directory has this number.")
        raise InvalidInput(message, {"organisation_id": message}) from None


def suggested_organisations(session) -> list[Organisation]:
    """The directory's likely matches for the organisers' names, not linked yet, best first."""
    names = [name for name in session.organisers or [] if name.strip()]
    if not names:
        return []
    choices = matching.load_choices()
    linked = {o.id for o in session.organisations}
    ids: list[int] = []
    for name in names:
        for match in matching.likely_matches(name, limit=SUGGESTIONS_PER_NAME,
                                             choices=choices):  # fmt: skip
            if match.organisation_id not in linked and match.organisation_id not in ids:
                ids.append(match.organisation_id)
    if not ids:
        return []
    found = {o.id: o for o in db.session.scalars(
        sa.select(Organisation).where(Organisation.id.in_(ids)))}  # fmt: skip
    return [found[i] for i in ids if i in found]


def _require_submitted(proposal: SideEventProposal) -> None:
    if proposal.status != "submitted":
        raise Conflict(_("This proposal is already decided or withdrawn."))


def _comment(value) -> str:
    reader = Reader({"comment": value})
    text = reader.text("comment", limit=4000, multiline=True)
    fail_if_errors(reader)
    return text


def proposal_languages(meeting) -> list[str]:
    """The languages a proposer may write in: the meeting's, its main one first."""
    main = meeting.main_language
    return [main] + [code for code in meeting.languages or [] if code != main]


def _read(meeting, data: dict) -> dict:
    reader = Reader(data)
    main = meeting.main_language
    organisers = [line.strip() for line in reader.text(
        "organisers", required=True, limit=2000, multiline=True).splitlines()
        if line.strip()]  # fmt: skip
    if len(organisers) > MAX_ORGANISERS or any(len(o) > 200 for o in organisers):
        reader.fail("organisers", _("At most 10 organisations of 200 characters."))
    values = {
        "organisers": organisers,
        "contact_name": reader.text("contact_name", required=True),
        "contact_email": reader.email("contact_email"),
        **_texts(reader, proposal_languages(meeting)),
        "language": reader.text("language", limit=8) or main,
        "format": reader.text("format", limit=20) or "in_person",
        **_wish(reader, meeting),
        "expected_attendance": _attendance(reader),
    }  # fmt: skip
    if values["format"] not in PROPOSAL_FORMATS:
        reader.fail("format", _("Choose a format from the list."))
    if values["language"] not in proposal_languages(meeting):
        reader.fail("language", _("Choose one of the meeting's languages."))
    fail_if_errors(reader)
    return values


def _texts(reader: Reader, languages: list[str]) -> dict:
    """Title and description in the languages the proposer chose (at least one title).

    A language counts when its title is given; a description without its
    title is refused, so each language shown has both.
    """
    title, description = {}, {}
    for code in languages:
        heading = reader.text(f"title_{code}", limit=300)
        text = reader.text(f"description_{code}", limit=5000, multiline=True)
        if heading:
            title[code] = heading
            if text:
                description[code] = text
        elif text:
            reader.fail(f"title_{code}", _("Give the title in this language too."))
    first = f"title_{languages[0]}"
    if not title and first not in reader.errors:
        reader.fail(first, _("Give the title in at least one language."))
    if title and not description:
        code = next(iter(title))
        reader.fail(f"description_{code}", _("Describe the side event."))
    return {"title": title, "description": description}


MAX_WISHED_MINUTES = 600


def _wish(reader: Reader, meeting) -> dict:
    """The wished day (one of the meeting's), start time and length; all optional."""
    day = _wished_day(reader, meeting)
    start = _wished_start(reader)
    minutes = None
    raw = reader.text("wished_minutes", limit=4)
    if raw:
        if raw.isdigit() and 15 <= int(raw) <= MAX_WISHED_MINUTES:
            minutes = int(raw)
        else:
            reader.fail("wished_minutes", _("Give a length from 15 to 600 minutes."))
    return {"wished_day": day, "wished_start": start, "wished_minutes": minutes,
            "wished_slot": reader.text("wished_slot")}  # fmt: skip


def _wished_day(reader: Reader, meeting) -> date | None:
    raw = reader.data.get("wished_day")
    if raw in (None, ""):
        return None
    try:
        day = raw if isinstance(raw, date) else date.fromisoformat(str(raw)[:10])
    except ValueError:
        day = None
    if day not in meeting_dates(meeting):
        reader.fail("wished_day", _("Choose one of the meeting's days."))
        return None
    return day


def _wished_start(reader: Reader) -> time | None:
    raw = reader.data.get("wished_start")
    if raw in (None, "") or isinstance(raw, time):
        return raw or None
    try:
        return time.fromisoformat(str(raw)[:8])
    except ValueError:
        reader.fail("wished_start", _("Give the time as hours and minutes."))
        return None


def wished_slot(proposal: SideEventProposal) -> dict:
    """The review form's day and times from the proposer's wish (empty where none)."""
    slot = {"day": proposal.wished_day, "starts_at": proposal.wished_start}
    if proposal.wished_start and proposal.wished_minutes:
        begins = datetime.combine(date.min, proposal.wished_start)
        ends = begins + timedelta(minutes=proposal.wished_minutes)
        slot["ends_at"] = ends.time() if ends.date() == begins.date() else None
    return slot


def _attendance(reader: Reader) -> int | None:
    raw = reader.text("expected_attendance", limit=6)
    if not raw:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= 100000:
        reader.fail("expected_attendance", _("Give a number of people."))
        return None
    return int(raw)


def _mail(proposal: SideEventProposal, kind: str, *, now, with_link=False) -> None:
    base_url = site.base_url()
    meeting = proposal.meeting
    link = links.link_for(proposal) if with_link else ""
    subject, text, html = render_email(
        "side_event", proposal.language or meeting.main_language, kind=kind,
        proposal=proposal, meeting=meeting, base_url=base_url,
        link=f"{base_url}/side-events/{link}" if link else "",
    )  # fmt: skip
    enqueue(proposal.contact_email, subject, text, html, to_name=proposal.contact_name,
            reply_to=meeting.contact_email or "", kind=f"side_event_{kind}", now=now)  # fmt: skip
