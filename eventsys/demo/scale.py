"""A synthetic meeting for load tests: `demo load --scale N`.

`scale-test` gets 300×N sessions over 5 days with 2 people each and 5,000×N
registrations, and its series 200×N past meetings. Rows go in with bulk
inserts; running it again adds nothing.
"""

from datetime import UTC
from datetime import datetime
from datetime import timedelta

import sqlalchemy as sa

from eventsys.agenda.models import AgendaSession
from eventsys.agenda.models import SessionPerson
from eventsys.extensions import db
from eventsys.links import new_public_id
from eventsys.meetings.models import Meeting
from eventsys.meetings.models import Room
from eventsys.meetings.models import Series
from eventsys.models import utcnow
from eventsys.registration import seats
from eventsys.registration.models import ParticipantCategory
from eventsys.registration.models import Registration

SLUG = "scale-test"
DAYS = 5
ROOMS = 6


def load_scale(scale: int) -> str:
    if db.session.scalar(sa.select(Meeting.id).where(Meeting.slug == SLUG)):
        return f"meeting {SLUG}: already there"
    series = _series()
    meeting = _meeting(series)
    rooms = _rooms(meeting)
    _sessions(meeting, rooms, 300 * scale)
    _registrations(meeting, 5000 * scale)
    _past_meetings(series, 200 * scale)
    seats.recount(meeting)
    return f"meeting {SLUG}: created ({300 * scale} sessions, {5000 * scale} registrations, {200 * scale} past meetings)"


def _series() -> Series:
    series = db.session.scalar(sa.select(Series).where(Series.slug == "scale"))
    if series is None:
        series = Series(
            slug="scale",
            acronym="SCALE",
            name={"en": "Scale test series"},
            kind="other",
        )
        db.session.add(series)
        db.session.flush()
    return series


def _meeting(series: Series) -> Meeting:
    starts = datetime(2027, 9, 6, 7, 0, tzinfo=UTC)
    meeting = Meeting(
        slug=SLUG,
        series=series,
        title={"en": "Scale test meeting"},
        theme={"en": "Load testing"},
        starts_at=starts,
        ends_at=starts + timedelta(days=DAYS - 1, hours=10),
        timezone="Europe/Zurich",
        venue="Centre International de Conférences Genève",
        city="Geneva",
        country="CH",
        format="hybrid",
        status="published",
        languages=["en"],
        contact_email="scale@example.org",
        registration_opens_at=utcnow() - timedelta(days=1),
        registration_closes_at=starts,
    )
    db.session.add(meeting)
    db.session.flush()
    category = ParticipantCategory(
        meeting=meeting,
        key="civil_society",
        position=0,
        name={"en": "Civil society"},
        requires_approval=False,
    )
    db.session.add(category)
    db.session.flush()
    return meeting


def _rooms(meeting: Meeting) -> list[int]:
    rooms = [
        Room(meeting=meeting, name=f"Room {i + 1}", capacity=200, position=i)
        for i in range(ROOMS)
    ]
    db.session.add_all(rooms)
    db.session.flush()
    return [room.id for room in rooms]


def _sessions(meeting: Meeting, room_ids: list[int], count: int) -> None:
    per_day = -(-count // DAYS)
    slot = timedelta(minutes=max(10, 600 * ROOMS // per_day))
    rows = []
    for n in range(count):
        day, index = divmod(n, per_day)
        start = meeting.starts_at + timedelta(days=day) + slot * (index // ROOMS)
        rows.append(
            {
                "meeting_id": meeting.id,
                "title": {"en": f"Session {n + 1}"},
                "kind": "panel",
                "starts_at": start,
                "ends_at": start + slot,
                "room_id": room_ids[index % ROOMS],
                "description": {"en": "A synthetic session for load tests."},
                "status": "scheduled",
                "position": n,
                "sequence": 0,
                "created_at": utcnow(),
                "updated_at": utcnow(),
            }
        )
    db.session.execute(sa.insert(AgendaSession), rows)
    ids = db.session.scalars(
        sa.select(AgendaSession.id).where(AgendaSession.meeting_id == meeting.id)
    ).all()
    people = [
        {
            "session_id": sid,
            "name": f"Speaker {sid}-{k}",
            "affiliation": "Example Institute",
            "role": role,
            "position": k,
        }
        for sid in ids
        for k, role in enumerate(("chair", "speaker"))
    ]
    db.session.execute(sa.insert(SessionPerson), people)


def _registrations(meeting: Meeting, count: int) -> None:
    category_id = db.session.scalar(
        sa.select(ParticipantCategory.id).where(
            ParticipantCategory.meeting_id == meeting.id
        )
    )
    now = utcnow()
    rows = [
        {
            "meeting_id": meeting.id,
            "category_id": category_id,
            "email": f"scale{n}@example.org",
            "given_name": f"Given{n}",
            "family_name": f"Family{n}",
            "organisation": "Example NGO",
            "country": "CH",
            "nationality": "CH",
            "attendance": "online" if n % 3 == 0 else "in_person",
            "status": "confirmed",
            "status_changed_at": now,
            "consent_to_list": n % 2 == 0,
            "public_id": new_public_id(),
            "link_generation": 1,
            "created_at": now,
            "updated_at": now,
            "title": "",
            "represents": "",
            "position": "",
            "decision_note": "",
            "needs": "",
            "notice_version": "",
            "language": "en",
            "invite_sequence": 0,
        }
        for n in range(count)
    ]
    for start in range(0, len(rows), 2000):
        db.session.execute(sa.insert(Registration), rows[start : start + 2000])


def _past_meetings(series: Series, count: int) -> None:
    first = datetime(2000, 1, 10, 8, 0, tzinfo=UTC)
    now = utcnow()
    rows = [
        {
            "slug": f"scale-past-{n + 1}",
            "series_id": series.id,
            "title": {"en": f"Past meeting {n + 1}"},
            "theme": {},
            "description": {},
            "practical_info": {},
            "online_access_note": {},
            "starts_at": first + timedelta(days=30 * n),
            "ends_at": first + timedelta(days=30 * n, hours=8),
            "timezone": "Europe/Zurich",
            "venue": "",
            "city": "Geneva",
            "country": "CH",
            "format": "in_person",
            "contact_email": "",
            "languages": ["en"],
            "main_language": "en",
            "status": "published",
            "cancel_reason": "",
            "seats_taken": 0,
            "in_person_taken": 0,
            "online_taken": 0,
            "requires_approval": False,
            "public_participant_list": False,
            "sequence": 0,
            "created_at": now,
            "updated_at": now,
        }
        for n in range(count)
    ]
    db.session.execute(sa.insert(Meeting), rows)
