from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventsys.agenda import service as agenda_service
from eventsys.agenda.models import AgendaSession
from eventsys.audit.models import AuditEvent
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.errors import PermissionDenied
from eventsys.meetings import service
from eventsys.meetings.models import Meeting
from eventsys.registration.models import ParticipantCategory
from eventsys.registration.rules import registration_state
from tests.factories import make_meeting
from tests.factories import make_person
from tests.factories import make_role
from tests.factories import make_room
from tests.factories import make_series
from tests.factories import make_session
from tests.factories import make_user

UTC = UTC


def _data(series, **overrides):
    data = {
        "series_id": series.id,
        "slug": "new-meeting",
        "title": {"en": "New meeting"},
        "timezone": "Europe/Zurich",
        "starts_at": datetime(2027, 3, 1, 10, 0),
        "ends_at": datetime(2027, 3, 2, 17, 0),
        "languages": ["en"],
        "main_language": "en",
        "format": "in_person",
    }
    data.update(overrides)
    return data


def test_registration_state(app, now):
    meeting = make_meeting(starts_at=now + timedelta(days=30), capacity=2)
    assert registration_state(meeting, now) == "open"
    meeting.registration_opens_at = now + timedelta(days=1)
    assert registration_state(meeting, now) == "not_open"
    meeting.registration_opens_at = None
    meeting.seats_taken = 2
    assert registration_state(meeting, now) == "full"
    meeting.seats_taken = 0
    meeting.registration_closes_at = now - timedelta(hours=1)
    assert registration_state(meeting, now) == "closed"
    meeting.registration_closes_at = None
    assert registration_state(meeting, meeting.starts_at) == "closed"
    meeting.status = "cancelled"
    assert registration_state(meeting, now) == "closed"


def test_create_meeting_converts_times_copies_categories_and_audits(app, db, now):
    admin = make_user(is_admin=True)
    series = make_series(
        default_categories=[
            {"key": "state", "name": {"en": "States"}, "requires_approval": False},
            {
                "key": "cso",
                "name": {"en": "Civil society"},
                "requires_approval": True,
                "on_public_list": False,
            },
        ]
    )
    meeting = service.create_meeting(actor=admin, data=_data(series), now=now)
    assert meeting.status == "draft"
    assert meeting.starts_at == datetime(2027, 3, 1, 9, 0, tzinfo=UTC)  # CET = UTC+1
    categories = db.session.scalars(
        sa.select(ParticipantCategory)
        .where(ParticipantCategory.meeting_id == meeting.id)
        .order_by(ParticipantCategory.position)
    ).all()
    assert [(c.key, c.requires_approval, c.on_public_list) for c in categories] == [
        ("state", False, True),
        ("cso", True, False),
    ]
    assert [c.position for c in categories] == [0, 1]
    assert any(r.user_id == admin.id and r.role == "manager" for r in meeting.roles)
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "meeting.create")
    )
    assert event.meeting_id == meeting.id and event.actor_id == admin.id


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"ends_at": datetime(2027, 3, 1, 9, 0)}, "ends_at"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"slug": "Bad Slug!"}, "slug"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"online_url": "ftp://example.org"}, "online_url"),
        ({"capacity": -1}, "capacity"),
        ({"title": {"en": ""}}, "title"),
        ({"main_language": "fr"}, "main_language"),
        ({"series_id": 999999}, "series_id"),
    ],
)
def test_create_meeting_rejects_bad_input_and_stores_nothing(app, db, overrides, field):
    admin = make_user(is_admin=True)
    series = make_series()
    with pytest.raises(InvalidInput) as error:
        service.create_meeting(actor=admin, data=_data(series, **overrides))
    assert field in error.value.fields
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 0


def test_slug_must_be_unique(app):
    admin = make_user(is_admin=True)
    existing = make_meeting()
    with pytest.raises(InvalidInput) as error:
        service.create_meeting(
            actor=admin, data=_data(existing.series, slug=existing.slug)
        )
    assert "slug" in error.value.fields


def test_only_creators_may_create(app):
    with pytest.raises(PermissionDenied):
        service.create_meeting(actor=make_user(), data=_data(make_series()))


def test_update_bumps_sequence_audits_and_schedules_invites(app, db, now):
    meeting = make_meeting(sequence=3, venue="Room A")
    manager = make_user()
    make_role(manager, meeting)
    data = _snapshot(meeting)
    data["theme"] = {"en": "A new theme"}
    changed = service.update_meeting(meeting, actor=manager, data=data, now=now)
    assert list(changed) == ["theme"]
    assert meeting.sequence == 4 and meeting.updated_at == now
    assert meeting.invites_due_at is None  # the theme does not reach invitations
    data["venue"] = "Room B"
    service.update_meeting(
        meeting, actor=manager, data=data, now=now, invite_delay=timedelta(minutes=10)
    )
    assert meeting.sequence == 5
    assert meeting.invites_due_at == now + timedelta(minutes=10)
    events = db.session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.action == "meeting.update")
        .order_by(AuditEvent.id)
    ).all()
    assert events[0].before == {"theme": {}} and events[0].after == {
        "theme": {"en": "A new theme"}
    }
    assert events[1].before == {"venue": "Room A"} and events[1].after == {
        "venue": "Room B"
    }


def test_capacity_cannot_drop_below_seats_taken(app):
    meeting = make_meeting(capacity=10, seats_taken=6)
    admin = make_user(is_admin=True)
    with pytest.raises(InvalidInput) as error:
        service.update_meeting(
            meeting, actor=admin, data={**_snapshot(meeting), "capacity": 5}
        )
    assert "capacity" in error.value.fields


def test_unchanged_save_changes_nothing(app, now):
    meeting = make_meeting(sequence=1)
    admin = make_user(is_admin=True)
    assert (
        service.update_meeting(meeting, actor=admin, data=_snapshot(meeting), now=now)
        == {}
    )
    assert meeting.sequence == 1


def test_cancel_sets_reason_and_immediate_invites(app, now):
    meeting = make_meeting(sequence=0)
    admin = make_user(is_admin=True)
    with pytest.raises(InvalidInput):
        service.cancel_meeting(meeting, actor=admin, reason="  ", now=now)
    service.cancel_meeting(meeting, actor=admin, reason="Venue closed.", now=now)
    assert (meeting.status, meeting.cancel_reason, meeting.sequence) == (
        "cancelled",
        "Venue closed.",
        1,
    )
    assert meeting.invites_due_at == now
    with pytest.raises(Conflict):
        service.cancel_meeting(meeting, actor=admin, reason="again", now=now)


def test_delete_only_drafts(app, db):
    admin = make_user(is_admin=True)
    published = make_meeting()
    with pytest.raises(Conflict):
        service.delete_meeting(published, actor=admin)
    draft = make_meeting(status="draft")
    make_session(draft)
    service.delete_meeting(draft, actor=admin)
    assert db.session.get(Meeting, draft.id) is None


def test_publish(app, now):
    meeting = make_meeting(status="draft")
    admin = make_user(is_admin=True)
    service.publish_meeting(meeting, actor=admin, now=now)
    assert meeting.status == "published" and meeting.sequence == 1
    assert meeting.invites_due_at is not None
    with pytest.raises(Conflict):
        service.publish_meeting(meeting, actor=admin, now=now)


def test_new_edition_copies_rooms_sessions_and_people_shifted(app, db, now):
    source = make_meeting(
        starts_at=datetime(2026, 10, 23, 7, 0, tzinfo=UTC),  # 09:00 Geneva, summer time
        timezone="Europe/Zurich",
    )
    source.ends_at = datetime(2026, 10, 24, 16, 0, tzinfo=UTC)
    room = make_room(source, name="Room XVII")
    session = make_session(
        source, room=room, starts_at=datetime(2026, 10, 24, 8, 0, tzinfo=UTC)
    )
    make_person(session, name="Amina Diallo", role="chair")
    make_session(source, status="cancelled")
    admin = make_user(is_admin=True)
    edition = service.create_edition(
        source,
        actor=admin,
        now=now,
        data={
            "slug": "next-year",
            "title": "Next year",
            "start_date": date(2026, 11, 6),
        },
    )
    assert edition.status == "draft" and edition.title == {"en": "Next year"}
    # 14 days later, after the switch to winter time: same wall-clock hours.
    assert edition.starts_at == datetime(2026, 11, 6, 8, 0, tzinfo=UTC)
    assert [r.name for r in edition.rooms] == ["Room XVII"]
    copies = db.session.scalars(
        sa.select(AgendaSession).where(AgendaSession.meeting_id == edition.id)
    ).all()
    assert len(copies) == 1  # the cancelled session is not carried over
    copy = copies[0]
    assert copy.starts_at == datetime(2026, 11, 7, 9, 0, tzinfo=UTC)  # 10:00 in Geneva
    assert copy.room.meeting_id == edition.id and copy.room.name == "Room XVII"
    assert [(p.name, p.role) for p in copy.people] == [("Amina Diallo", "chair")]
    assert copy.title == session.title
    assert db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "meeting.edition")
    )


def test_roles_by_email(app, db):
    meeting = make_meeting()
    admin = make_user(is_admin=True)
    colleague = make_user(email="Colleague@example.org")
    make_role(admin, meeting)
    role = service.add_role(
        meeting, actor=admin, email="colleague@EXAMPLE.org", role="rapporteur"
    )
    assert role.user_id == colleague.id
    with pytest.raises(Conflict):
        service.add_role(
            meeting, actor=admin, email="colleague@example.org", role="rapporteur"
        )
    with pytest.raises(InvalidInput):
        service.add_role(
            meeting, actor=admin, email="nobody@example.org", role="manager"
        )
    service.remove_role(meeting, role.id, actor=admin)
    db.session.refresh(meeting)
    only_manager = next(r for r in meeting.roles if r.role == "manager")
    with pytest.raises(Conflict):
        service.remove_role(meeting, only_manager.id, actor=admin)


def test_deleting_a_room_keeps_sessions(app, db, now):
    meeting = make_meeting()
    room = make_room(meeting)
    session = make_session(meeting, room=room)
    admin = make_user(is_admin=True)
    service.delete_room(meeting, room, actor=admin, now=now)
    db.session.refresh(session)
    assert session.room_id is None and session.sequence == 1


def _snapshot(meeting) -> dict:
    return {name: getattr(meeting, name) for name in service.MEETING_FIELDS}


def test_session_changes_bump_sequence_and_audit(app, db, now):
    meeting = make_meeting()
    admin = make_user(is_admin=True)
    session = agenda_service.create_session(
        meeting,
        actor=admin,
        now=now,
        data={
            "title": {"en": "Opening"},
            "kind": "opening",
            "starts_at": datetime(2027, 6, 1, 9, 0),
            "ends_at": datetime(2027, 6, 1, 10, 0),
            "people": [{"name": "A. Chair", "affiliation": "IOM", "role": "chair"}],
        },
    )
    assert session.sequence == 0
    agenda_service.update_session(
        session,
        actor=admin,
        now=now,
        data={
            "title": {"en": "Opening session"},
            "kind": "opening",
            "starts_at": datetime(2027, 6, 1, 9, 0),
            "ends_at": datetime(2027, 6, 1, 10, 0),
            "people": [{"name": "A. Chair", "affiliation": "IOM", "role": "chair"}],
        },
    )
    assert session.sequence == 1
    agenda_service.set_session_status(session, "cancelled", actor=admin, now=now)
    assert session.sequence == 2 and session.status == "cancelled"
    actions = db.session.scalars(
        sa.select(AuditEvent.action)
        .where(AuditEvent.object_type == "AgendaSession")
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["session.create", "session.update", "session.cancel"]
    update = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "session.update")
    )
    assert update.before == {"title": {"en": "Opening"}}
    assert update.after == {"title": {"en": "Opening session"}}
