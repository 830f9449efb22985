"""Gender balance: counts only, small counts suppressed, never a person's answer.

IOM tracks the balance of its panels (International Gender Champions). The
gender field is optional, asked only where the meeting asks it, and read only
here: pages, exports, feeds and the API never show it.
"""

from collections import Counter

import sqlalchemy as sa
from flask_babel import gettext as _

from eventsys.agenda.models import AgendaSession
from eventsys.agenda.models import SessionPerson
from eventsys.audit.service import record
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import require
from eventsys.errors import InvalidInput
from eventsys.extensions import db
from eventsys.registration.models import GENDERS
from eventsys.registration.models import Registration

SUPPRESS_BELOW = 5
PANEL_KINDS = ("opening", "plenary", "panel", "breakout", "side_event", "closing")


def suppressed(counts: dict) -> dict[str, str]:
    """{gender or "not_given": "12" or "<5"}: counts of 1 to 4 are not shown."""
    return {
        key: (str(n) if n >= SUPPRESS_BELOW else f"<{SUPPRESS_BELOW}")
        for key, n in counts.items()
        if n
    }


def _tally(values) -> dict[str, int]:
    counted = Counter(v if v in GENDERS else "not_given" for v in values)
    return {key: counted[key] for key in (*GENDERS, "not_given") if counted[key]}


def panel_balance(session: AgendaSession) -> dict[str, int]:
    """The people of one session by gender (managers' editor only: names are public)."""
    return _tally(p.gender for p in session.people)


def single_gender(balance: dict[str, int]) -> bool:
    """Two or more people, all of one stated gender (woman or man)."""
    stated = {k: n for k, n in balance.items() if k in ("woman", "man")}
    return sum(balance.values()) >= 2 and len(balance) == 1 and len(stated) == 1


def meeting_table(meeting) -> dict[str, dict[str, str]]:
    """The parity table of a meeting: speakers, delegation members and confirmed participants, suppressed."""
    speakers = db.session.scalars(
        sa.select(SessionPerson.gender)
        .join(AgendaSession, AgendaSession.id == SessionPerson.session_id)
        .where(AgendaSession.meeting_id == meeting.id,
               AgendaSession.status == "scheduled")
    )  # fmt: skip
    participants = db.session.scalars(
        sa.select(Registration.gender).where(
            Registration.meeting_id == meeting.id, Registration.status == "confirmed"
        )
    )
    members = db.session.scalars(
        sa.select(Registration.gender).where(
            Registration.meeting_id == meeting.id,
            Registration.status == "confirmed",
            Registration.delegation_id.is_not(None),
        )
    )
    return {
        "speakers": suppressed(_tally(speakers)),
        "delegations": suppressed(_tally(members)),
        "participants": suppressed(_tally(participants)),
    }


def notice_explains_gender(config) -> bool:
    """Whether the privacy notice in force says why a meeting may ask gender:
    its version is one the deployment lists in EVENTSYS_GENDER_NOTICE_VERSIONS."""
    versions = config.get("EVENTSYS_GENDER_NOTICE_VERSIONS") or ()
    return config.get("EVENTSYS_PRIVACY_NOTICE_VERSION") in versions


def set_asking(meeting, *, actor, asks: bool, notice_explains: bool, now) -> bool:
    """Ask (or stop asking) the optional gender question at this meeting (the
    meeting's settings page). Stopping is always possible; asking only under a
    privacy notice that says why. Returns whether the setting changed.

    Raises: PermissionDenied, InvalidInput.
    """
    require(can_manage_meeting(actor, meeting))
    before = meeting.asks_gender
    if asks == before:
        return False
    if asks and not notice_explains:
        message = _("The privacy notice does not say why the gender question is "
                    "asked: update the notice before turning it on.")  # fmt: skip
        raise InvalidInput(message, {"asks_gender": message})
    meeting.asks_gender = asks
    record("parity.setting", actor=actor, obj=meeting, meeting=meeting,
           before={"asks_gender": before}, after={"asks_gender": asks}, now=now)  # fmt: skip
    return True
