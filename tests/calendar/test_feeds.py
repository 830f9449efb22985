"""The public feeds: contents, times across zones and DST, versions and 304s."""

import gzip
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from datetime import timezone
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
import sqlalchemy as sa

from eventsys.agenda import service as agenda_service
from eventsys.agenda.models import AgendaSession
from eventsys.extensions import db
from eventsys.meetings import service as meetings_service
from eventsys.meetings.service import MEETING_FIELDS
from tests import factories as f
from tests.calendar.ical import events_by_uid
from tests.calendar.ical import parse
from tests.calendar.ical import unfolded
from tests.calendar.ical import utc
from tests.calendar.ical import vevents_by_uid
from tests.calendar.ical import vutc
from tests.statements import counting


def UTC(*args):
    return datetime(*args, tzinfo=timezone.utc)


@pytest.fixture
def new_york(app):
    """IDM 2019 in New York: one day in winter, a session after the DST change."""
    meeting = f.make_meeting(
        slug="idm-ny", title={"en": "IDM New York"}, theme={"en": "Youth and migration"},
        timezone="America/New_York", starts_at=UTC(2019, 2, 28, 14), venue="UN Headquarters",
        city="New York", format="hybrid", online_url="https://meet.example/secret-ny",
        online_access_note={"en": "Webcast on UN Web TV"},
    )  # fmt: skip
    meeting.ends_at = UTC(2019, 2, 28, 23)
    room = f.make_room(meeting, name="Conference Room 4")
    opening = f.make_session(meeting, title={"en": "Opening"}, room=room,
                             starts_at=UTC(2019, 2, 28, 15), kind="opening")  # fmt: skip
    f.make_person(opening, name="Ms Chair", role="chair")
    f.make_person(opening, name="Mr Speaker", role="speaker", affiliation="UNICEF")
    # 11 March 2019 is after the US switch to daylight time (10 March).
    f.make_session(meeting, title={"en": "Follow-up"}, starts_at=UTC(2019, 3, 11, 13))
    db.session.commit()
    return meeting


@pytest.fixture
def geneva(app):
    """Two days in Geneva (Europe/Zurich), sessions on both sides of the October DST end."""
    meeting = f.make_meeting(slug="idm-ge", title={"en": "IDM Geneva"}, timezone="Europe/Zurich",
                             starts_at=UTC(2019, 10, 26, 7), city="Geneva", venue="Palais des Nations")  # fmt: skip
    meeting.ends_at = UTC(2019, 10, 28, 16)
    f.make_session(
        meeting, title={"en": "Saturday"}, starts_at=UTC(2019, 10, 26, 8)
    )  # 10:00 CEST
    f.make_session(
        meeting, title={"en": "Monday"}, starts_at=UTC(2019, 10, 28, 8)
    )  # 09:00 CET
    db.session.commit()
    return meeting


def feed(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return response


def test_meeting_feed_calendar_properties(client, new_york):
    response = feed(client, "/meetings/idm-ny/calendar.ics")
    calendar, vcal = parse(response.data)
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["NAME"] == calendar["X-WR-CALNAME"] == "IDM New York"
    assert calendar["X-WR-CALDESC"] == "Youth and migration"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in response.data
    assert b"X-PUBLISHED-TTL:PT1H" in response.data
    assert vcal.method.value == "PUBLISH"
    assert len(vcal.contents["vevent"]) == 3


def test_meeting_and_session_events(client, new_york, app):
    calendar, vcal = parse(feed(client, "/meetings/idm-ny/calendar.ics").data)
    meeting = events_by_uid(calendar)[f"meeting-{new_york.id}@events.test"]
    opening_id = min(s.id for s in db.session.scalars(sa.select(AgendaSession)))
    session = events_by_uid(calendar)[f"session-{opening_id}@events.test"]
    assert meeting["STATUS"] == session["STATUS"] == "CONFIRMED"
    assert meeting["SEQUENCE"] == 0 and "LAST-MODIFIED" in meeting
    assert meeting["URL"] == "http://events.test/meetings/idm-ny/"
    assert "Youth and migration" in meeting["DESCRIPTION"]
    assert str(meeting["ORGANIZER"]) == "mailto:secretariat@example.org"
    assert session["LOCATION"] == "Conference Room 4, UN Headquarters, New York"
    assert (
        "Ms Chair" in session["DESCRIPTION"]
        and "Mr Speaker (UNICEF)" in session["DESCRIPTION"]
    )
    assert (
        session["URL"]
        == f"http://events.test/meetings/idm-ny/agenda#session-{opening_id}"
    )
    assert "Opening" in session.categories and "ORGANIZER" in session
    assert session["DTSTART"].params["TZID"] == "America/New_York"


def test_new_york_times_in_utc_across_dst(client, new_york):
    calendar, vcal = parse(feed(client, "/meetings/idm-ny/calendar.ics").data)
    starts = sorted(utc(e) for e in calendar.walk("VEVENT"))
    assert starts == [UTC(2019, 2, 28, 14), UTC(2019, 2, 28, 15), UTC(2019, 3, 11, 13)]
    vstarts = sorted(vutc(e) for e in vcal.contents["vevent"])
    assert vstarts == starts
    local = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in calendar.walk("VEVENT")}
    assert (local["Opening"].hour, local["Follow-up"].hour) == (10, 9)  # EST, then EDT
    found = recurring_ical_events.of(calendar).between(
        date(2019, 3, 11), date(2019, 3, 12)
    )
    assert [utc(e) for e in found] == [UTC(2019, 3, 11, 13)]


def test_geneva_multi_day_meeting_recurs_daily_and_sessions_timed(client, geneva):
    calendar, vcal = parse(feed(client, "/meetings/idm-ge/calendar.ics").data)
    uid = f"meeting-{geneva.id}@events.test"
    meeting = events_by_uid(calendar)[uid]
    assert meeting["DTSTART"].params["TZID"] == "Europe/Zurich"
    assert utc(meeting) == UTC(2019, 10, 26, 7)  # 09:00 CEST, when the meeting starts
    assert utc(meeting, "DTEND") == UTC(2019, 10, 26, 9)  # the day's session ends
    assert meeting["RRULE"].to_ical() == b"FREQ=DAILY;COUNT=3"
    assert meeting["TRANSP"] == "TRANSPARENT"  # the sessions are what is busy
    vmeeting = vevents_by_uid(vcal)[uid]
    assert vmeeting.rrule.value == "FREQ=DAILY;COUNT=3"
    assert vutc(vmeeting) == UTC(2019, 10, 26, 7)
    sessions = sorted(
        (e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("session-")),
        key=utc,
    )
    assert [utc(e) for e in sessions] == [UTC(2019, 10, 26, 8), UTC(2019, 10, 28, 8)]
    assert [e.decoded("DTSTART").hour for e in sessions] == [10, 9]  # CEST, then CET
    assert {e["DTSTART"].params["TZID"] for e in sessions} == {"Europe/Zurich"}
    vsessions = [
        e for uid, e in vevents_by_uid(vcal).items() if uid.startswith("session-")
    ]
    assert sorted(vutc(e) for e in vsessions) == [
        UTC(2019, 10, 26, 8),
        UTC(2019, 10, 28, 8),
    ]


def meeting_days(calendar, uid: str, start: date, end: date) -> list[tuple]:
    """The occurrences of one event, expanded, as (start, end) in UTC."""
    found = recurring_ical_events.of(calendar).between(start, end)
    return sorted((utc(e), utc(e, "DTEND")) for e in found if str(e["UID"]) == uid)


def assert_days_only(days: list[tuple], zone: str) -> None:
    """No night blocked, no day twice."""
    local = [
        (a.astimezone(ZoneInfo(zone)), b.astimezone(ZoneInfo(zone))) for a, b in days
    ]
    assert all(a.date() == b.date() or b.time() == time(0) for a, b in local), local
    assert len({a.date() for a, _b in local}) == len(local), local


def test_geneva_days_expand_without_nights_and_with_their_own_hours(client, geneva):
    calendar, _ = parse(feed(client, "/meetings/idm-ge/calendar.ics").data)
    uid = f"meeting-{geneva.id}@events.test"
    days = meeting_days(calendar, uid, date(2019, 10, 20), date(2019, 11, 5))
    assert days == [
        (UTC(2019, 10, 26, 7), UTC(2019, 10, 26, 9)),  # 09:00-11:00 CEST
        (UTC(2019, 10, 27, 8), UTC(2019, 10, 27, 16)),  # 09:00-17:00 CET, no session
        (UTC(2019, 10, 28, 8), UTC(2019, 10, 28, 16)),  # 09:00-17:00 CET
    ]
    assert_days_only(days, "Europe/Zurich")
    overrides = [e for e in calendar.walk("VEVENT") if "RECURRENCE-ID" in e]
    assert {str(e["UID"]) for e in overrides} == {uid}
    assert len(overrides) == 2
    assert {e["SEQUENCE"] for e in overrides} == {
        events_by_uid(calendar)[uid]["SEQUENCE"]
    }


def test_every_feed_and_the_invitation_agree_on_the_days(client, geneva):
    geneva_days = (date(2019, 10, 20), date(2019, 11, 5))
    uid = f"meeting-{geneva.id}@events.test"
    registration = f.make_registration(geneva, status="confirmed")
    db.session.commit()
    found = {}
    for name, url in (
        ("meeting", "/meetings/idm-ge/calendar.ics"),
        ("series", f"/series/{geneva.series.slug}/calendar.ics"),
        ("all", "/calendar.ics"),
        ("invitation", f"/registrations/{registration.plain_token}/invite.ics"),
    ):
        calendar, _ = parse(client.get(url).data)
        found[name] = meeting_days(calendar, uid, *geneva_days)
    assert len(found["meeting"]) == 3
    assert found["series"] == found["all"] == found["invitation"] == found["meeting"]


def test_a_one_day_meeting_is_one_event_that_agrees_with_the_invitation(
    client, new_york
):
    registration = f.make_registration(new_york, status="confirmed")
    db.session.commit()
    uid = f"meeting-{new_york.id}@events.test"
    span = (date(2019, 2, 1), date(2019, 4, 1))
    series, _ = parse(feed(client, f"/series/{new_york.series.slug}/calendar.ics").data)
    invitation, _ = parse(
        client.get(f"/registrations/{registration.plain_token}/invite.ics").data
    )
    assert "RRULE" not in events_by_uid(series)[uid]
    expected = [(UTC(2019, 2, 28, 14), UTC(2019, 2, 28, 23))]
    assert meeting_days(series, uid, *span) == expected
    assert meeting_days(invitation, uid, *span) == expected


def test_moving_a_session_that_changes_a_days_hours_raises_the_meetings_sequence(
    client, geneva
):
    uid = f"meeting-{geneva.id}@events.test"
    before, _ = parse(feed(client, "/meetings/idm-ge/calendar.ics").data)
    monday = db.session.scalars(
        sa.select(AgendaSession).order_by(AgendaSession.starts_at.desc())
    ).first()
    data = {"title": monday.title, "kind": monday.kind, "room_id": None,
            "starts_at": UTC(2019, 10, 28, 12), "ends_at": UTC(2019, 10, 28, 13),
            "description": monday.description, "people": []}  # fmt: skip
    agenda_service.update_session(
        monday, actor=_admin(), data=data, now=UTC(2026, 11, 30, 9)
    )
    db.session.commit()
    after, _ = parse(feed(client, "/meetings/idm-ge/calendar.ics").data)
    assert (
        events_by_uid(after)[uid]["SEQUENCE"] > events_by_uid(before)[uid]["SEQUENCE"]
    )
    days = meeting_days(after, uid, date(2019, 10, 20), date(2019, 11, 5))
    assert days[-1] == (UTC(2019, 10, 28, 12), UTC(2019, 10, 28, 16))  # 13:00-17:00


def _admin():
    return f.make_user(is_admin=True)


def _meeting_data(meeting, **changes) -> dict:
    data = {name: getattr(meeting, name) for name in MEETING_FIELDS}
    data.update(changes)
    return data


def test_uids_stable_and_sequence_rises_after_edits(client, new_york, app):
    first, _ = parse(feed(client, "/meetings/idm-ny/calendar.ics").data)
    again, _ = parse(feed(client, "/meetings/idm-ny/calendar.ics").data)
    assert first.to_ical() == again.to_ical()
    admin = _admin()
    later = UTC(2026, 11, 27, 13)
    meetings_service.update_meeting(
        new_york,
        actor=admin,
        data=_meeting_data(new_york, venue="ECOSOC Chamber"),
        now=later,
    )
    session = db.session.scalars(
        sa.select(AgendaSession).order_by(AgendaSession.id)
    ).first()
    data = {"title": session.title, "kind": session.kind, "starts_at": session.starts_at + timedelta(hours=1),
            "ends_at": session.ends_at + timedelta(hours=1), "room_id": session.room_id,
            "description": session.description, "people": []}  # fmt: skip
    agenda_service.update_session(session, actor=admin, data=data, now=later)
    db.session.commit()
    edited, vedited = parse(feed(client, "/meetings/idm-ny/calendar.ics").data)
    before, after = events_by_uid(first), events_by_uid(edited)
    assert set(before) == set(after)
    for uid in before:
        assert after[uid]["SEQUENCE"] > before[uid]["SEQUENCE"], uid
    moved = after[f"session-{session.id}@events.test"]
    assert utc(moved) == UTC(2019, 2, 28, 16)
    assert "ECOSOC Chamber" in moved["LOCATION"]
    assert moved.decoded("LAST-MODIFIED") == later


def test_cancelled_session_stays_marked(client, new_york):
    session = db.session.scalars(
        sa.select(AgendaSession).order_by(AgendaSession.id)
    ).first()
    agenda_service.set_session_status(session, "cancelled", actor=_admin())
    db.session.commit()
    calendar, vcal = parse(feed(client, "/meetings/idm-ny/calendar.ics").data)
    event = events_by_uid(calendar)[f"session-{session.id}@events.test"]
    assert event["STATUS"] == "CANCELLED" and event["SUMMARY"] == "Cancelled: Opening"
    assert event["SEQUENCE"] == 1
    assert (
        vevents_by_uid(vcal)[f"session-{session.id}@events.test"].status.value
        == "CANCELLED"
    )
    assert len(calendar.walk("VEVENT")) == 3


def test_cancelled_meeting_cancels_every_event(client, new_york):
    meetings_service.cancel_meeting(new_york, actor=_admin(), reason="Postponed")
    db.session.commit()
    calendar, _ = parse(feed(client, "/meetings/idm-ny/calendar.ics").data)
    assert {e["STATUS"] for e in calendar.walk("VEVENT")} == {"CANCELLED"}
    assert all(e["SUMMARY"].startswith("Cancelled: ") for e in calendar.walk("VEVENT"))
    assert all(e["SEQUENCE"] >= 1 for e in calendar.walk("VEVENT"))


def test_drafts_never_appear(client, new_york):
    draft = f.make_meeting(
        slug="secret-draft",
        status="draft",
        series=new_york.series,
        title={"en": "Draft one"},
    )
    f.make_session(draft)
    db.session.commit()
    assert client.get("/meetings/secret-draft/calendar.ics").status_code == 404
    assert client.get("/meetings/nope/calendar.ics").status_code == 404
    for url in ("/calendar.ics", f"/series/{new_york.series.slug}/calendar.ics"):
        raw = feed(client, url).data
        parse(raw)
        body = unfolded(raw)
        assert b"Draft one" not in body and f"meeting-{draft.id}@".encode() not in body


def test_series_and_all_feeds(client, new_york, geneva):
    series_body = feed(client, f"/series/{new_york.series.slug}/calendar.ics").data
    calendar, _ = parse(series_body)
    assert f"meeting-{new_york.id}@events.test" in events_by_uid(calendar)
    assert len(calendar.walk("VEVENT")) == 3  # geneva is in another series
    everything, _ = parse(feed(client, "/calendar.ics").data)
    assert set(events_by_uid(everything)) == {
        f"meeting-{new_york.id}@events.test",
        f"meeting-{geneva.id}@events.test",
    }
    assert client.get("/series/none/calendar.ics").status_code == 404


def test_public_feeds_never_carry_the_online_link(client, new_york):
    for url in (
        "/meetings/idm-ny/calendar.ics",
        "/calendar.ics",
        f"/series/{new_york.series.slug}/calendar.ics",
    ):
        body = unfolded(feed(client, url).data)
        assert b"secret-ny" not in body and b"CONFERENCE" not in body
    assert b"Webcast on UN Web TV" in unfolded(
        feed(client, "/meetings/idm-ny/calendar.ics").data
    )


def _count_queries(call):
    with counting() as statements:
        result = call()
    return result, len(statements)


# The fingerprint's one statement, or none: on SQLite database.read_row
# remembers its row until the database changes, outside a transaction
# (tests/perf/test_sqlite_read_memo.py).
AT_MOST_ONE = (0, 1)


def test_etag_304_with_one_query(client, new_york):
    first = feed(client, "/meetings/idm-ny/calendar.ics")
    etag = first.headers["ETag"]
    assert first.headers["Last-Modified"]
    response, queries = _count_queries(
        lambda: client.get(
            "/meetings/idm-ny/calendar.ics", headers={"If-None-Match": etag}
        )
    )
    assert response.status_code == 304 and response.data == b""
    assert response.headers["ETag"] == etag
    assert queries in AT_MOST_ONE
    assert (
        client.get(
            "/meetings/idm-ny/calendar.ics", headers={"If-None-Match": '"other"'}
        ).status_code
        == 200
    )


def test_if_modified_since_304_and_change_gives_200(client, new_york):
    first = feed(client, "/meetings/idm-ny/calendar.ics")
    since = first.headers["Last-Modified"]
    response, queries = _count_queries(
        lambda: client.get(
            "/meetings/idm-ny/calendar.ics", headers={"If-Modified-Since": since}
        )
    )
    assert response.status_code == 304 and queries in AT_MOST_ONE
    meetings_service.update_meeting(new_york, actor=_admin(), data=_meeting_data(new_york, city="Manhattan"),
                                    now=datetime.now(timezone.utc) + timedelta(seconds=5))  # fmt: skip
    db.session.commit()
    assert (
        client.get(
            "/meetings/idm-ny/calendar.ics", headers={"If-Modified-Since": since}
        ).status_code
        == 200
    )
    changed = client.get(
        "/meetings/idm-ny/calendar.ics",
        headers={"If-None-Match": first.headers["ETag"]},
    )
    assert (
        changed.status_code == 200 and changed.headers["ETag"] != first.headers["ETag"]
    )


def test_room_rename_and_session_delete_change_the_etag(client, new_york):
    etag = feed(client, "/meetings/idm-ny/calendar.ics").headers["ETag"]
    room = new_york.rooms[0]
    room.name = "Trusteeship Council"
    db.session.commit()
    renamed = feed(client, "/meetings/idm-ny/calendar.ics")
    assert renamed.headers["ETag"] != etag and b"Trusteeship Council" in renamed.data
    session = db.session.scalars(
        sa.select(AgendaSession).order_by(AgendaSession.id.desc())
    ).first()
    agenda_service.delete_session(session, actor=_admin())
    db.session.commit()
    assert (
        feed(client, "/meetings/idm-ny/calendar.ics").headers["ETag"]
        != renamed.headers["ETag"]
    )


def test_feed_language(client, new_york):
    new_york.title = {"en": "IDM New York", "fr": "DIM New York"}
    db.session.commit()
    body = feed(client, "/meetings/idm-ny/calendar.ics?lang=fr").data
    assert b"SUMMARY:DIM New York" in body
    assert (
        b"SUMMARY:IDM New York"
        in feed(client, "/meetings/idm-ny/calendar.ics?lang=en").data
    )


GZIP = {"Accept-Encoding": "gzip, deflate"}


def test_a_client_that_accepts_gzip_gets_the_same_feed_gzipped(client, new_york):
    plain = feed(client, "/meetings/idm-ny/calendar.ics")
    zipped = feed(client, "/meetings/idm-ny/calendar.ics", **GZIP)
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain.headers
    assert gzip.decompress(zipped.data) == plain.data
    assert {"Accept-Encoding", "Accept-Language"} <= set(
        zipped.headers["Vary"].split(", ")
    )
    # Each coding has its own ETag, and each revalidates with one query at most.
    assert zipped.headers["ETag"] != plain.headers["ETag"]
    for response, headers in ((zipped, GZIP), (plain, {})):
        again, queries = _count_queries(
            lambda r=response, h=headers: client.get(
                "/meetings/idm-ny/calendar.ics",
                headers={**h, "If-None-Match": r.headers["ETag"]},
            )
        )
        assert again.status_code == 304 and queries in AT_MOST_ONE
        assert again.headers["ETag"] == response.headers["ETag"]


def test_the_gzipped_feed_is_never_stale(client, new_york):
    before = feed(client, "/meetings/idm-ny/calendar.ics", **GZIP)
    new_york.rooms[0].name = "Trusteeship Council"
    db.session.commit()
    after = client.get(
        "/meetings/idm-ny/calendar.ics",
        headers={**GZIP, "If-None-Match": before.headers["ETag"]},
    )
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
    assert b"Trusteeship Council" in unfolded(gzip.decompress(after.data))
    assert b"Trusteeship Council" in unfolded(
        feed(client, "/meetings/idm-ny/calendar.ics").data
    )
