"""Change emails: what participants were last told, and what changed since.

Edits are not emailed one by one. A change the public can see schedules the
meeting's batched update (Meeting.invites_due_at, a short delay ahead); the
minute job (calendar/service.py, on the one scheduler) then compares the
AgendaNotice snapshot, what the last email said, with what the public sees
now (agenda/public.py) and sends one email per participant listing every
change (agenda/changes.py). On a meeting that uses releases, session edits
schedule nothing: a release does, at once, so its changes go out with it.
"""

from datetime import datetime
from datetime import timedelta

from eventsys.agenda import changes
from eventsys.agenda.models import AgendaNotice
from eventsys.agenda.public import public_snapshot
from eventsys.extensions import db

# Edits within this delay of the first one go out in the same email.
BATCH_DELAY = timedelta(minutes=5)


def ensure_baseline(meeting) -> None:
    """Remember what the public sees now, before a first change, if nothing is kept yet."""
    if meeting.id is None or meeting.status == "draft":
        return
    if db.session.get(AgendaNotice, meeting.id) is None:
        db.session.add(AgendaNotice(meeting_id=meeting.id,
                                    snapshot=public_snapshot(meeting)))  # fmt: skip
        db.session.flush()


def rebase(meeting) -> None:
    """Start afresh from what the public sees now (nothing pending is told)."""
    notice = db.session.get(AgendaNotice, meeting.id)
    if notice is not None:
        notice.snapshot = public_snapshot(meeting)
        db.session.flush()


def schedule(meeting, *, now: datetime, delay: timedelta | None = BATCH_DELAY):
    """Have the batched sender email participants; delay=None: in this round.

    A later edit within the delay moves nothing: the email goes out once.
    """
    if meeting.status == "draft":
        return
    due = now if delay is None else now + delay
    if meeting.invites_due_at is None or due < meeting.invites_due_at:
        meeting.invites_due_at = due


def session_edited(meeting, *, now: datetime) -> None:
    """A session changed: the working agenda is public at once unless releases are used."""
    if not meeting.uses_releases:
        schedule(meeting, now=now)


def pending(meeting) -> tuple[list[changes.Change] | None, dict]:
    """(changes since the last email, the snapshot to remember once they are sent).

    None instead of a list when nothing was kept to compare with.
    """
    current = public_snapshot(meeting)
    notice = db.session.get(AgendaNotice, meeting.id)
    if notice is None:
        return None, current
    return changes.compare(notice.snapshot, current), current


def mark_notified(meeting, snapshot: dict, *, now: datetime) -> None:
    notice = db.session.get(AgendaNotice, meeting.id)
    if notice is None:
        notice = AgendaNotice(meeting_id=meeting.id, snapshot=snapshot)
        db.session.add(notice)
    notice.snapshot, notice.notified_at = snapshot, now
    db.session.flush()
