"""A participant's data: export, erasure, and the retention purge."""

import json
from datetime import UTC
from datetime import datetime
from datetime import timedelta

import sqlalchemy as sa

from eventsys.audit.models import AuditEvent
from eventsys.audit.service import record
from eventsys.extensions import db
from eventsys.privacy import service
from eventsys.privacy.cli import cutoff_before
from eventsys.privacy.cli import parse_age
from eventsys.registration import seats
from eventsys.registration.models import Delegation
from eventsys.registration.models import RegistrationAnswer
from eventsys.registration.models import RegistrationQuestion
from tests.factories import make_meeting
from tests.factories import make_registration
from tests.factories import make_role
from tests.factories import make_user

PAST = datetime(2019, 2, 28, 14, 0, tzinfo=UTC)


def _full_registration(meeting, **overrides):
    delegation = Delegation(meeting=meeting, represents="Ruritania", country="RU",
                            focal_point_email="focal@example.org")  # fmt: skip
    question = RegistrationQuestion(
        meeting_id=meeting.id, label={"en": "Dietary needs"}, kind="text"
    )
    db.session.add_all([delegation, question])
    values = {
        "title": "Dr", "organisation": "Ministry of Interior", "nationality": "FR",
        "position": "Director", "needs": "Wheelchair access", "delegation": delegation,
        "function": "head_of_delegation", "consent_to_list": True, "attendance": "in_person",
    }  # fmt: skip
    values.update(overrides)
    registration = make_registration(meeting, **values)
    db.session.add(
        RegistrationAnswer(
            registration=registration, question=question, value="Vegetarian"
        )
    )
    record("registration.created", obj=registration, meeting=meeting,
           after={"email": registration.email, "status": registration.status})  # fmt: skip
    db.session.flush()
    return registration


def test_export_holds_everything_about_the_person(app, now):
    registration = _full_registration(make_meeting())
    data = service.export_registration(registration, now=now)
    person = data["registration"]
    assert person["email"] == registration.email
    assert person["family_name"] == registration.family_name
    assert person["needs"] == "Wheelchair access"
    assert data["delegation"] == {"represents": "Ruritania", "country": "RU", "status": "invited",
                                  "function": "head_of_delegation"}  # fmt: skip
    assert data["answers"] == [
        {"question": {"en": "Dietary needs"}, "kind": "text", "value": "Vegetarian"}
    ]
    assert [e["action"] for e in data["history"]] == ["registration.created"]
    json.dumps(data)  # serialisable as it is


def test_participant_downloads_their_data_as_json(app, client):
    registration = _full_registration(make_meeting())
    db.session.commit()
    response = client.get(f"/registrations/{registration.plain_token}/data.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]
    assert response.get_json()["registration"]["email"] == registration.email
    exported = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "privacy.exported")
    ).one()
    assert exported.security


def test_unknown_token_is_404(client):
    assert client.get("/registrations/nope/data.json").status_code == 404
    assert client.get("/registrations/nope/erase").status_code == 404
    assert client.post("/registrations/nope/erase").status_code == 404


def test_erasure_anonymises_but_keeps_statistics(app, now):
    meeting = make_meeting(starts_at=PAST)
    registration = _full_registration(meeting, status="confirmed")
    email = registration.email
    assert service.erase_registration(registration, now=now)
    assert registration.given_name == registration.family_name == "Erased"
    assert registration.email == f"erased-{registration.id}@invalid"
    assert (
        registration.organisation == registration.needs == registration.position == ""
    )
    assert registration.nationality == "" and registration.function is None
    assert registration.link_generation == 0 and registration.anonymised_at == now
    assert not registration.consent_to_list
    assert registration.status == "confirmed" and registration.attendance == "in_person"
    assert db.session.scalars(sa.select(RegistrationAnswer)).all() == []
    events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
    assert events[0].after == {"email": "[erased]", "status": "confirmed"}
    assert events[-1].action == "privacy.erased" and events[-1].security
    assert email not in json.dumps(
        [e.after for e in events] + [e.before for e in events]
    )
    assert not service.erase_registration(registration, now=now)  # twice is harmless


def test_erasure_releases_the_seat_of_an_upcoming_meeting(app, now):
    meeting = make_meeting(capacity=10)
    registration = make_registration(meeting, status="confirmed")
    assert seats.claim(registration)
    waiting = make_registration(
        meeting, status="waitlisted", category=registration.category
    )
    assert meeting.seats_taken == 1
    service.erase_registration(registration, now=now)
    assert registration.status == "cancelled"
    assert seats.check_invariant(meeting) == []
    # the freed seat goes to the next in line at once
    assert waiting.status == "confirmed"


def test_participant_erases_through_their_link(app, client):
    meeting = make_meeting()
    registration = _full_registration(meeting)
    token = registration.plain_token
    db.session.commit()
    page = client.get(f"/registrations/{token}/erase")
    assert page.status_code == 200 and b"cannot be undone" in page.data
    assert db.session.get(type(registration), registration.id).anonymised_at is None
    done = client.post(f"/registrations/{token}/erase")
    assert done.status_code == 200
    db.session.expire_all()
    assert db.session.get(type(registration), registration.id).family_name == "Erased"
    assert client.get(f"/registrations/{token}/data.json").status_code == 404


def test_a_manager_of_another_meeting_may_not_erase(app, now):
    import pytest

    from eventsys.errors import PermissionDenied

    registration = make_registration(make_meeting())
    outsider = make_user()
    make_role(outsider, make_meeting())
    with pytest.raises(PermissionDenied):
        service.erase_registration(registration, actor=outsider, now=now)
    manager = make_user()
    make_role(manager, registration.meeting)
    assert service.erase_registration(registration, actor=manager, now=now)


def test_purge_anonymises_only_meetings_that_ended_before_the_cutoff(app, now):
    old = make_meeting(starts_at=PAST)
    recent = make_meeting(starts_at=now - timedelta(days=30))
    old_regs = [
        make_registration(old, status=s)
        for s in ("confirmed", "confirmed", "cancelled")
    ]
    recent_reg = make_registration(recent, status="confirmed")
    count = service.purge_older_than(now - timedelta(days=730), now=now)
    assert count == 3
    assert all(r.anonymised_at == now and r.family_name == "Erased" for r in old_regs)
    assert [r.status for r in old_regs] == ["confirmed", "confirmed", "cancelled"]
    assert recent_reg.anonymised_at is None
    purged = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "privacy.purged")
    ).one()
    assert purged.after["anonymised"] == 3 and purged.meeting_id == old.id
    assert service.purge_older_than(now - timedelta(days=730), now=now) == 0


def test_purge_command(app, runner):
    old = make_meeting(starts_at=PAST)
    registration = make_registration(old, status="confirmed")
    db.session.commit()
    dry = runner.invoke(
        args=["privacy", "purge", "--older-than", "24months", "--dry-run"]
    )
    assert dry.exit_code == 0 and "Would anonymise 1 " in dry.output
    db.session.expire_all()
    assert db.session.get(type(registration), registration.id).anonymised_at is None
    result = runner.invoke(args=["privacy", "purge", "--older-than", "24months"])
    assert result.exit_code == 0, result.output
    assert "Anonymised 1 registration(s)" in result.output
    db.session.expire_all()
    assert db.session.get(type(registration), registration.id).anonymised_at is not None
    bad = runner.invoke(args=["privacy", "purge", "--older-than", "soon"])
    assert bad.exit_code != 0 and "days, months or years" in bad.output


def test_age_parsing_and_calendar_arithmetic():
    assert parse_age("24months") == (24, "months")
    assert parse_age("1 year") == (1, "years")
    assert parse_age("90days") == (90, "days")
    start = datetime(2026, 3, 31, 12, tzinfo=UTC)
    assert cutoff_before(start, 1, "months") == datetime(2026, 2, 28, 12, tzinfo=UTC)
    assert cutoff_before(start, 2, "years") == datetime(2024, 3, 31, 12, tzinfo=UTC)
    assert cutoff_before(start, 24, "months") == cutoff_before(start, 2, "years")
    assert cutoff_before(start, 10, "days") == datetime(2026, 3, 21, 12, tzinfo=UTC)


def test_privacy_notice_is_configurable(app, client, tmp_path):
    app.config["EVENTSYS_PRIVACY_CONTROLLER"] = "the IDM Secretariat"
    app.config["EVENTSYS_PRIVACY_NOTICE_VERSION"] = "2027-02"
    page = client.get("/privacy")
    assert page.status_code == 200
    assert b"the IDM Secretariat" in page.data and b"2027-02" in page.data
    notice = tmp_path / "instance" / "privacy_notice.md"
    notice.parent.mkdir(parents=True, exist_ok=True)
    notice.write_text("# Our notice\n\nWe keep **little**. <script>alert(1)</script>\n")
    page = client.get("/privacy").get_data(as_text=True)
    assert "<strong>little</strong>" in page and "Our notice" in page
    assert "<script>alert" not in page
    assert 'href="/privacy"' in client.get("/").get_data(as_text=True)


def test_privacy_notice_names_the_controller_in_the_pages_language(app, client):
    french = client.get("/privacy?lang=fr").get_data(as_text=True)
    assert "le secrétariat de la réunion" in french
    assert "the meeting secretariat" not in french
    spanish = client.get("/privacy?lang=es").get_data(as_text=True)
    assert "la secretaría de la reunión" in spanish
    app.config["EVENTSYS_PRIVACY_CONTROLLER"] = {
        "en": "the IDM Secretariat",
        "fr": "le Secrétariat du DIM",
        "es": "la Secretaría del DIM",
    }
    assert "le Secrétariat du DIM" in client.get("/privacy?lang=fr").get_data(
        as_text=True
    )
    assert "la Secretaría del DIM" in client.get("/privacy?lang=es").get_data(
        as_text=True
    )
    assert "the IDM Secretariat" in client.get("/privacy?lang=en").get_data(
        as_text=True
    )
