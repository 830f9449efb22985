"""Agenda releases: the secretariat freezes the agenda, the public sees the release.

A meeting whose `agenda_visibility` is "released" shows the public (agenda
page, PDF, feeds, API) its latest release only, and nothing before the first;
managers keep editing the working agenda and see what the next release would
change. A release is never changed (the model refuses updates), so
`/meetings/<slug>/agenda/v<n>` and its PDF stay as they were released.
Change emails follow releases on such meetings (agenda/notices.py).
"""

from datetime import datetime

from flask_babel import gettext as _

from eventsys.agenda import changes
from eventsys.agenda import notices
from eventsys.agenda import snapshots
from eventsys.agenda.models import AgendaRelease
from eventsys.agenda.public import latest_release
from eventsys.agenda.public import releases_of
from eventsys.audit.service import record
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import require
from eventsys.errors import InvalidInput
from eventsys.extensions import db
from eventsys.meetings.models import AGENDA_VISIBILITIES
from eventsys.models import utcnow
from eventsys.text import check_texts

MAX_LABEL = 200
MAX_NOTE = 5000


# ---------------------------------------------------------------- comparing


def preview(meeting) -> list[changes.Change]:
    """What releasing now would change, compared with the latest release."""
    release = latest_release(meeting)
    before = release.snapshot if release else {"sessions": []}
    return changes.compare(before, snapshots.working_snapshot(meeting),
                           sessions=True)  # fmt: skip


def changelog(meeting) -> list[tuple[AgendaRelease, list[changes.Change]]]:
    """Each release (newest first) with what it changed from the one before.

    The first release changes nothing: it is where the record starts.
    """
    ordered = sorted(releases_of(meeting), key=lambda r: r.number)
    entries, previous = [], None
    for release in ordered:
        found = changes.compare(previous.snapshot, release.snapshot) if previous else []
        entries.append((release, found))
        previous = release
    return list(reversed(entries))


# ---------------------------------------------------------------- writing


def release_agenda(
    meeting, *, actor, label: str, note: str = "", now: datetime | None = None
) -> AgendaRelease:
    """Freeze the working agenda as the next release.

    On a meeting that uses releases, participants are emailed this release's
    changes at once (the batched sender, calendar/service.py).
    Raises: PermissionDenied, InvalidInput.
    """
    require(can_manage_meeting(actor, meeting))
    now = now or utcnow()
    values = _clean_release(label, note)
    if meeting.uses_releases:
        notices.ensure_baseline(meeting)
    previous = latest_release(meeting)
    release = AgendaRelease(
        meeting_id=meeting.id,
        number=(previous.number + 1) if previous else 1,
        label=values["label"],
        note=values["note"],
        released_at=now,
        released_by_id=getattr(actor, "id", None),
        snapshot=snapshots.working_snapshot(meeting),
    )
    db.session.add(release)
    # The public agenda, its PDF and the feeds change with the release.
    meeting.bump_sequence(now)
    db.session.flush()
    if meeting.uses_releases:
        notices.schedule(meeting, now=now, delay=None)
    record("agenda.release", actor=actor, obj=meeting, meeting=meeting,
           after={"number": release.number, "label": release.label}, now=now)  # fmt: skip
    return release


def _clean_release(label, note) -> dict:
    values = {
        "label": (label or "").strip() if isinstance(label, str) else "",
        "note": (note or "").strip() if isinstance(note, str) else "",
    }
    errors: dict[str, str] = {}
    if not values["label"]:
        errors["label"] = _("Give the release a label, e.g. Provisional programme.")
    elif len(values["label"]) > MAX_LABEL:
        errors["label"] = _("At most %(n)s characters.", n=MAX_LABEL)
    if len(values["note"]) > MAX_NOTE:
        errors["note"] = _("At most %(n)s characters.", n=MAX_NOTE)
    check_texts(values, errors, multiline={"note"})
    if errors:
        raise InvalidInput(_("Please correct the release."), errors)
    return values


def set_visibility(meeting, value, *, actor, now: datetime | None = None) -> bool:
    """Choose who sees which agenda; returns whether it changed.

    Switching starts the change emails afresh from what the public sees under
    the new setting, so nobody is told of a "change" that is only the switch.
    Raises: PermissionDenied, InvalidInput.
    """
    require(can_manage_meeting(actor, meeting))
    if value not in AGENDA_VISIBILITIES:
        raise InvalidInput(
            _("Please correct the setting."),
            {"agenda_visibility": _("Please choose from the list.")},
        )
    if value == meeting.agenda_visibility:
        return False
    now = now or utcnow()
    before = meeting.agenda_visibility
    meeting.agenda_visibility = value
    meeting.bump_sequence(now)
    db.session.flush()
    notices.rebase(meeting)
    record("agenda.visibility", actor=actor, obj=meeting, meeting=meeting,
           before={"agenda_visibility": before},
           after={"agenda_visibility": value}, now=now)  # fmt: skip
    return True
