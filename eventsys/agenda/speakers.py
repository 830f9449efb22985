"""The list of speakers of a plenary, in protocol order.

Blocks, in order: statements on behalf of a group; members of the meeting's
convening body (by level, then time of request); observer States; UN system
entities and other IGOs; civil society and others. Within a block a request
keeps its time of request. The secretariat may then move entries by hand; a
speaker called while absent goes to the end of their block.

Whom a speaker speaks for is the directory's organisation the registration
(or its delegation) is linked to (`represents_id`): its kind decides the block
and, for a State, its Membership of the meeting's series decides member or
observer. Without a link the registration's category key decides, as before.
`protocol_block` is the ONE place that decides.
"""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from eventsys.agenda.models import SPEAKER_LEVELS
from eventsys.agenda.models import AgendaSession
from eventsys.agenda.models import SpeakerRequest
from eventsys.agenda.queries import speakers_list
from eventsys.audit.service import record
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import require
from eventsys.directory import matching
from eventsys.directory import queries as directory_queries
from eventsys.directory.models import Organisation
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.errors import NotFound
from eventsys.extensions import db
from eventsys.lookup import get_of_meeting
from eventsys.lookup import get_row
from eventsys.models import utcnow
from eventsys.registration.models import Delegation
from eventsys.registration.models import Registration
from eventsys.text import check_texts

GROUP, MEMBER, OBSERVER_STATE, UN_AND_IGO, OTHERS = range(5)
# On the list (and holding the delegation's turn): neither withdrawn nor done.
WAITING = ("requested", "inscribed", "called", "absent")
LISTED = (*WAITING, "spoken")
UN_AND_IGO_KEYS = frozenset(
    {"igo", "un_entity", "un_system", "international_organisation"}
)
STATE_KEYS = frozenset({"member_state", "observer_state"})
# Directory kinds (directory/models.py ORGANISATION_KINDS) of the UN and IGO block;
# every other kind but a State (civil society, private sector...) speaks last.
UN_AND_IGO_KINDS = frozenset({"un_entity", "igo", "iscm"})


def is_member(meeting, organisation: Organisation | None) -> bool:
    """Whether a State is a member of the meeting's convening body: the
    directory's Membership of the meeting's series, with status member."""
    if organisation is None or organisation.kind != "state":
        return False
    return bool(
        db.session.scalar(
            directory_queries.is_member_of(organisation.id, meeting.series_id)
        )
    )


def _state_named(text: str) -> Organisation | None:
    """An unlinked State speaker: the one State of the directory with this name."""
    found = matching.exact_match(text or "")
    return found if found is not None and found.kind == "state" else None


def protocol_block(request: SpeakerRequest) -> int:
    """The protocol block of a request (see the module's docstring)."""
    if request.on_behalf_of_group:
        return GROUP
    registration = request.registration
    organisation = request.speaking_for_organisation
    if organisation is None and request.speaking_for_id is not None:
        organisation = db.session.get(Organisation, request.speaking_for_id)
    if organisation is not None:
        return _block_of_kind(registration.meeting, organisation)
    key = registration.category.key if registration.category else ""
    if key in STATE_KEYS or registration.delegation_id is not None:
        state = _state_named(request.speaking_for)
        return MEMBER if is_member(registration.meeting, state) else OBSERVER_STATE
    if key in UN_AND_IGO_KEYS:
        return UN_AND_IGO
    return OTHERS


def _block_of_kind(meeting, organisation: Organisation) -> int:
    if organisation.kind == "state":
        return MEMBER if is_member(meeting, organisation) else OBSERVER_STATE
    if organisation.kind in UN_AND_IGO_KINDS:
        return UN_AND_IGO
    return OTHERS


def order_key(request: SpeakerRequest) -> tuple:
    """Protocol order: block, then level among members, then time of request."""
    level = SPEAKER_LEVELS.index(request.level) if request.block == MEMBER else 0
    return (request.block, level, request.requested_at, request.id or 0)


def speaking_for_id_of(registration: Registration) -> int | None:
    """The directory's organisation a speaker speaks for: their delegation's, else theirs."""
    if registration.delegation is not None:
        return registration.delegation.represents_id
    return registration.represents_id


def speaking_for_of(registration: Registration) -> str:
    """Whom a speaker speaks for: their delegation's State or organisation, else theirs."""
    if registration.delegation is not None:
        return registration.delegation.represents
    return registration.represents or registration.organisation


def on_spoken(request: SpeakerRequest) -> int:
    """A speaker has spoken: their delegation's statement for the session may
    now be released (documents/statements.py decides whether it goes public).
    Returns how many statements were released."""
    from eventsys.documents import statements  # documents build on the agenda

    if request.delegation_id is None:
        return 0  # a statement is a delegation's: an individual has none here
    delegation = db.session.get(Delegation, request.delegation_id)
    return statements.release_statements_for(delegation, request.session, now=utcnow())


# ---------------------------------------------------------------- requests


def request_floor(
    session: AgendaSession,
    registration: Registration,
    *,
    data: dict,
    now: datetime,
    actor=None,
) -> SpeakerRequest:
    """Inscribe a participant on the session's list of speakers, in protocol order.

    Raises: NotFound (another meeting's session), InvalidInput (level, group),
    Conflict (no list, not confirmed, already inscribed, delegation's turn taken).
    """
    if session.meeting_id != registration.meeting_id:
        raise NotFound(_("No such session at this meeting."))
    values = _read(data)
    _lock(session)
    _check_may_request(session, registration)
    request = SpeakerRequest(
        session=session, registration=registration,
        delegation_id=registration.delegation_id,
        speaking_for=speaking_for_of(registration)[:200],
        speaking_for_id=speaking_for_id_of(registration), requested_at=now,
        status="inscribed", **values,
    )  # fmt: skip
    request.block = protocol_block(request)
    db.session.add(request)
    db.session.flush()
    _insert_in_order(session, request)
    _record("speaker.request", request, actor=actor, now=now)
    return request


def withdraw(request: SpeakerRequest, *, actor=None) -> None:
    """The speaker takes the request back (the secretariat: `act`).

    Raises: Conflict (already spoken or withdrawn).
    """
    _withdraw(request)
    _record("speaker.withdraw", request, actor=actor)


def _record(action: str, request: SpeakerRequest, *, actor, now=None, **extra) -> None:
    """One audit event per move on a list, told about the speaker's registration."""
    session = request.session
    record(action, actor=actor, obj=request.registration, meeting=session.meeting,
           now=now, after={"session": session.title, "session_id": session.id,
                           "speaking_for": request.speaking_for,
                           "position": request.position + 1, **extra})  # fmt: skip


def _withdraw(request: SpeakerRequest) -> None:
    _lock(request.session)
    if request.status not in WAITING:
        raise Conflict(_("This request is no longer on the list."))
    request.status = "withdrawn"
    _renumber(request.session)


def _read(data: dict) -> dict:
    level = data.get("level") or "other"
    group = (data.get("on_behalf_of_group") or "").strip()
    errors: dict[str, str] = {}
    if level not in SPEAKER_LEVELS:
        errors["level"] = _("Choose a level from the list.")
    if not isinstance(group, str) or len(group) > 200:
        errors["on_behalf_of_group"] = _("At most 200 characters.")
    else:
        check_texts({"on_behalf_of_group": group}, errors)
    if errors:
        raise InvalidInput(_("Please correct the request."), errors)
    return {"level": level, "on_behalf_of_group": group}


def _check_may_request(session: AgendaSession, registration: Registration) -> None:
    if not session.has_speakers_list or session.status != "scheduled":
        raise Conflict(_("This session keeps no list of speakers."))
    if registration.status != "confirmed":
        raise Conflict(_("Only confirmed participants can ask for the floor."))
    listed = list_of(session, statuses=WAITING)
    if any(r.registration_id == registration.id for r in listed):
        raise Conflict(_("You are already on the list of speakers."))
    if registration.delegation_id is not None:
        turns = sum(r.delegation_id == registration.delegation_id for r in listed)
        if turns >= session.speakers_per_delegation:
            raise Conflict(_("Your delegation is already on the list of speakers."))


# ---------------------------------------------------------------- the floor


def act(request: SpeakerRequest, action: str, *, actor) -> None:
    """The secretariat's moves on the list: call, spoken, absent, withdraw, up, down.

    Raises: PermissionDenied, InvalidInput (unknown action), Conflict.
    """
    require(can_manage_meeting(actor, request.session.meeting))
    steps = {"call": _call, "spoken": _spoken, "absent": _absent,
             "withdraw": _withdraw, "up": _up, "down": _down}  # fmt: skip
    if action not in steps:
        raise InvalidInput(_("Unknown action."))
    steps[action](request)
    if action in ("up", "down"):
        _record("speaker.move", request, actor=actor, direction=action)
    else:
        _record(f"speaker.{action}", request, actor=actor)


def publish(session: AgendaSession, *, published: bool, actor, now: datetime) -> None:
    """Show the list on the public page (and the API), or take it back.

    Raises: PermissionDenied, Conflict (no list).
    """
    require(can_manage_meeting(actor, session.meeting))
    if not session.has_speakers_list:
        raise Conflict(_("This session keeps no list of speakers."))
    session.speakers_published_at = now if published else None
    record("speaker.publish" if published else "speaker.unpublish", actor=actor,
           obj=session, meeting=session.meeting, now=now)  # fmt: skip


def listed_session(meeting, session_id) -> AgendaSession:
    """A session of the meeting that keeps a list of speakers (the public page, the API).

    Raises: NotFound (no such session, or one without a list).
    """
    session = get_of_meeting(AgendaSession, session_id, meeting,
                             _("No such session at this meeting."))  # fmt: skip
    if not session.has_speakers_list:
        raise NotFound(_("This session keeps no list of speakers."))
    return session


def published_list(session: AgendaSession) -> list[SpeakerRequest]:
    """What the public sees of a list of speakers: nothing until it is published,
    then every listed entry in order (the public page and the API)."""
    if session.speakers_published_at is None:
        return []
    return list(db.session.scalars(speakers_list(session.id, LISTED)))


def shows_name(request: SpeakerRequest) -> bool:
    """A speaker's name is public only where their registration consents to the list."""
    registration = request.registration
    return registration.consent_to_list and registration.anonymised_at is None


def _call(request: SpeakerRequest) -> None:
    _require_waiting(request)
    request.status = "called"


def _spoken(request: SpeakerRequest) -> None:
    _require_waiting(request)
    request.status = "spoken"
    db.session.flush()
    on_spoken(request)


def _absent(request: SpeakerRequest) -> None:
    """Not in the room when called: to the end of their block, to be called again."""
    _require_waiting(request)
    _lock(request.session)
    request.status = "absent"
    entries = [
        r for r in list_of(request.session, statuses=WAITING) if r is not request
    ]
    last_of_block = max(
        (i for i, r in enumerate(entries) if r.block == request.block), default=None
    )
    if last_of_block is None:
        last_of_block = max(
            (i for i, r in enumerate(entries) if r.block < request.block), default=-1
        )
    entries.insert(last_of_block + 1, request)
    _number(request.session, entries)


def _up(request: SpeakerRequest) -> None:
    _swap(request, -1)


def _down(request: SpeakerRequest) -> None:
    _swap(request, +1)


def _swap(request: SpeakerRequest, step: int) -> None:
    _require_waiting(request)
    _lock(request.session)
    entries = list_of(request.session, statuses=WAITING)
    index = entries.index(request)
    other = index + step
    if not 0 <= other < len(entries):
        raise Conflict(_("This speaker cannot move further."))
    entries[index], entries[other] = entries[other], entries[index]
    _number(request.session, entries)


def _require_waiting(request: SpeakerRequest) -> None:
    if request.status not in WAITING:
        raise Conflict(_("This request is no longer on the list."))


# ---------------------------------------------------------------- order


def list_of(session: AgendaSession, *, statuses=LISTED) -> list[SpeakerRequest]:
    """The session's requests in list order."""
    db.session.flush()
    return list(
        db.session.scalars(
            sa.select(SpeakerRequest)
            .where(
                SpeakerRequest.session_id == session.id,
                SpeakerRequest.status.in_(statuses),
            )
            .order_by(SpeakerRequest.position, SpeakerRequest.id)
        )
    )


def _insert_in_order(session: AgendaSession, request: SpeakerRequest) -> None:
    """After the last waiting entry that comes before it in protocol order."""
    entries = [r for r in list_of(session, statuses=WAITING) if r is not request]
    key = order_key(request)
    after = max((i for i, r in enumerate(entries) if order_key(r) <= key), default=-1)
    entries.insert(after + 1, request)
    _number(session, entries)


def _renumber(session: AgendaSession) -> None:
    _number(session, list_of(session, statuses=WAITING))


def _number(session: AgendaSession, waiting: list[SpeakerRequest]) -> None:
    """Spoken entries first (they happened), then the waiting list as given."""
    done = list_of(session, statuses=("spoken",))
    for position, request in enumerate([*done, *waiting]):
        request.position = position
    db.session.flush()


def _lock(session: AgendaSession) -> None:
    """One change to a list at a time (PostgreSQL; SQLite holds its write lock)."""
    db.session.flush()
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(
            sa.select(AgendaSession.id)
            .where(AgendaSession.id == session.id)
            .with_for_update()
        )


def get_request(session: AgendaSession, request_id: int) -> SpeakerRequest:
    """Raises: NotFound (also another session's request)."""
    message = _("No such request for the floor.")
    return get_row(SpeakerRequest, request_id, message, session_id=session.id)
