"""Which organisations took part in which meetings, and each one's first meeting.

An organisation is represented at a meeting by an active registration
(pending, waiting list, confirmed) or a delegation linked to it. The
dashboards' "new or returning" compares a meeting's start with the
organisation's first meeting, kept in FirstParticipation: a session listener
recomputes the rows of the organisations a flush touches (a link set or
moved, a status changed, a registration erased, a meeting moved or deleted),
and the bulk UPDATEs of merges and name links call refresh() themselves.
"""

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.directory.models import FirstParticipation
from eventsys.directory.models import Organisation
from eventsys.meetings.models import Meeting
from eventsys.registration.models import ACTIVE_STATUSES
from eventsys.registration.models import Delegation
from eventsys.registration.models import Registration

# A change to one of these columns can change where an organisation took part.
TRACKED = ("represents_id", "status", "meeting_id")
PENDING = "first_participation_pending"


def represented_at(meeting_ids=None, organisation_ids=None):
    """(organisation_id, meeting_id) of every organisation represented at these meetings.

    None for either argument: no limit on it.
    """
    registrations = sa.select(
        Registration.represents_id.label("organisation_id"), Registration.meeting_id
    ).where(
        Registration.represents_id.is_not(None),
        Registration.status.in_(ACTIVE_STATUSES),
    )
    delegations = sa.select(Delegation.represents_id, Delegation.meeting_id).where(
        Delegation.represents_id.is_not(None)
    )
    if meeting_ids is not None:
        registrations = registrations.where(Registration.meeting_id.in_(meeting_ids))
        delegations = delegations.where(Delegation.meeting_id.in_(meeting_ids))
    if organisation_ids is not None:
        registrations = registrations.where(
            Registration.represents_id.in_(organisation_ids)
        )
        delegations = delegations.where(Delegation.represents_id.in_(organisation_ids))
    return sa.union(registrations, delegations)


def first_meetings(organisation_ids=None):
    """(organisation_id, meeting_id, first_at): each organisation's earliest meeting."""
    links = represented_at(organisation_ids=organisation_ids).subquery()
    rank = (
        sa.func.row_number()
        .over(
            partition_by=links.c.organisation_id,
            order_by=(Meeting.starts_at, Meeting.id),
        )
        .label("rank")
    )
    ranked = (
        sa.select(links.c.organisation_id, Meeting.id.label("meeting_id"),
                  Meeting.starts_at.label("first_at"), rank)
        .join(Meeting, Meeting.id == links.c.meeting_id)
    ).subquery()  # fmt: skip
    return sa.select(ranked.c.organisation_id, ranked.c.meeting_id, ranked.c.first_at).where(
        ranked.c.rank == 1
    )  # fmt: skip


def refresh(session, organisation_ids) -> None:
    """Recompute the first meeting of these organisations from their links."""
    ids = sorted({i for i in organisation_ids if i is not None})
    table = FirstParticipation.__table__
    connection = session.connection()
    for start in range(0, len(ids), 500):  # bound the IN lists
        chunk = ids[start : start + 500]
        _lock(connection, chunk)
        connection.execute(table.delete().where(table.c.organisation_id.in_(chunk)))
        connection.execute(
            table.insert().from_select(
                ["organisation_id", "meeting_id", "first_at"], first_meetings(chunk)
            )
        )


def _lock(connection, organisation_ids) -> None:
    """On PostgreSQL, one refresh of an organisation at a time, in id order.

    Two registrations for the same organisation committing together would
    otherwise both delete and re-insert its row (a duplicate key), or the
    later one would write a first meeting computed without the other's. NO
    KEY UPDATE does not wait for the key-share locks that inserting a
    registration takes on the organisation it references. SQLite has one
    writer at a time and ignores the clause.
    """
    organisation = Organisation.__table__
    connection.execute(
        sa.select(organisation.c.id)
        .where(organisation.c.id.in_(organisation_ids))
        .order_by(organisation.c.id)
        .with_for_update(key_share=True)
    )


def rebuild(session) -> None:
    """Recompute every row (after bulk inserts that bypass the session, and in tests)."""
    table = FirstParticipation.__table__
    connection = session.connection()
    connection.execute(table.delete())
    connection.execute(
        table.insert().from_select(
            ["organisation_id", "meeting_id", "first_at"], first_meetings()
        )
    )


# ------------------------------------------------------------ the listener


def _changed(obj, names) -> bool:
    state = sa.inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


def _touched_organisations(obj) -> set:
    """The organisation ids before and after a registration's or delegation's change."""
    history = sa.inspect(obj).attrs.represents_id.history
    return {obj.represents_id, *history.deleted}


def _organisations_of_meetings(session, meeting_ids) -> set:
    with session.no_autoflush:
        links = represented_at(meeting_ids=meeting_ids).subquery()
        return set(session.scalars(sa.select(links.c.organisation_id)))


def _note_changes(session, _flush_context, _instances) -> None:
    pending = session.info.setdefault(PENDING, set())
    moved_meetings = []
    for obj in (*session.new, *session.deleted):
        if isinstance(obj, (Registration, Delegation)):
            pending |= _touched_organisations(obj)
    for obj in session.deleted:
        if isinstance(obj, Meeting) and obj.id is not None:
            moved_meetings.append(obj.id)
    for obj in session.dirty:
        if isinstance(obj, (Registration, Delegation)) and _changed(obj, TRACKED):
            pending |= _touched_organisations(obj)
        elif isinstance(obj, Meeting) and _changed(obj, ("starts_at",)):
            moved_meetings.append(obj.id)
    if moved_meetings:
        pending |= _organisations_of_meetings(session, moved_meetings)


def _apply_changes(session, _flush_context) -> None:
    pending = session.info.pop(PENDING, set())
    pending.discard(None)
    if pending:
        refresh(session, pending)


def _drop_changes(session, *_args) -> None:
    session.info.pop(PENDING, None)


def init_app(app) -> None:
    if not sa.event.contains(so.Session, "before_flush", _note_changes):
        sa.event.listen(so.Session, "before_flush", _note_changes)
        sa.event.listen(so.Session, "after_flush", _apply_changes)
        sa.event.listen(so.Session, "after_rollback", _drop_changes)
