"""The hand-written iCalendar serialiser (calendar/ics.py) against the icalendar library.

Every feed and invitation of the demo is built twice, by the app and by the
icalendar-based builder it replaced (tests/calendar/icalendar_reference.py),
and both are read back with icalendar (an independent parser): every
component and every property, with its parameters and value, must be the same.
"""

import re

import icalendar
import pytest
import sqlalchemy as sa
import vobject

from eventsys.calendar import feeds
from eventsys.calendar import ics
from eventsys.calendar import invitations
from eventsys.extensions import db
from eventsys.meetings.models import Meeting
from eventsys.meetings.models import Series
from eventsys.registration.models import Registration
from tests import factories as f
from tests.calendar import icalendar_reference
from tests.calendar.ical import check_rules

LANGUAGES = ("en", "fr", "es")
# icalendar wrote these unescaped (a comma, a backslash as is; a newline made it
# fail) and reads the X- ones as they stand; we escape them: they are TEXT.
X_TEXT = ("NAME", "X-WR-CALNAME", "X-WR-CALDESC")


def fields(data: bytes) -> list:
    """Each component in order, as (name, sorted (property, params, value) triples)."""
    calendar = icalendar.Calendar.from_ical(data)
    check_rules(calendar, data)
    vobject.readOne(data.decode("utf-8"))  # a second parser accepts it too
    found = []
    for component in calendar.walk():
        triples = []
        for name, value in component.property_items(recursive=False, sorted=False):
            if name in ("BEGIN", "END"):
                continue
            written = value.to_ical()
            if name in X_TEXT:
                written = unescaped(str(value)).encode()
            triples.append((name, tuple(sorted(value.params.items())), written))
        found.append((component.name, sorted(triples)))
    return found


def unescaped(text: str) -> str:
    """TEXT as read (RFC 5545 3.3.11), for a value icalendar reads as it stands."""
    return re.sub(
        r"\\([\\;,nN])", lambda m: {"n": "\n", "N": "\n"}.get(m[1], m[1]), text
    )


def assert_same(built: bytes, reference: bytes) -> None:
    ours, theirs = fields(built), fields(reference)
    assert [name for name, _ in ours] == [name for name, _ in theirs]
    for (name, mine), (_, expected) in zip(ours, theirs, strict=True):
        assert mine == expected, name


@pytest.fixture
def demo(app, runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    return app


def reference(monkeypatch, build):
    """What build() gave when the icalendar library wrote the feeds."""
    with monkeypatch.context() as patch:
        patch.setattr(feeds, "ics", icalendar_reference)
        return build()


def test_every_public_feed_of_the_demo_is_what_icalendar_wrote(demo, monkeypatch):
    meetings = db.session.scalars(
        sa.select(Meeting).where(Meeting.status != "draft")
    ).all()
    series = db.session.scalars(sa.select(Series)).all()
    builds = []
    for language in LANGUAGES:  # the demo is loaded once: slow
        builds += [
            lambda m=m, lang=language: feeds.build_meeting_feed(m, lang)
            for m in meetings
        ]
        builds += [
            lambda s=s, lang=language: feeds.build_series_feed(s, lang) for s in series
        ]
        builds.append(lambda lang=language: feeds.build_all_feed(lang))
    assert len(builds) >= 18
    for build in builds:
        assert_same(build(), reference(monkeypatch, build))


def test_a_private_feed_with_alarms_and_online_links_is_what_icalendar_wrote(
    demo, monkeypatch
):
    registrations = db.session.scalars(
        sa.select(Registration).where(Registration.status == "confirmed")
    ).all()
    online = [r for r in registrations if invitations.may_see_online_link(r)]
    registration = (online or registrations)[0]
    user = f.make_user(email=registration.email, calendar_alarm_minutes=30)
    db.session.commit()
    built = feeds.build_private_feed(user)
    assert b"BEGIN:VALARM" in built
    assert_same(built, reference(monkeypatch, lambda: feeds.build_private_feed(user)))


def test_every_invitation_of_the_demo_is_what_icalendar_wrote(demo):
    registrations = db.session.scalars(
        sa.select(Registration).where(Registration.status == "confirmed")
    ).all()
    assert registrations
    seen_online = False
    by_meeting = {}
    for registration in registrations:  # a few of each meeting, online ones first
        key = (registration.meeting_id, invitations.may_see_online_link(registration))
        by_meeting.setdefault(key, registration)
    for registration in by_meeting.values():
        seen_online |= invitations.may_see_online_link(registration)
        for method in invitations.METHODS:
            options = {"uid_domain": "example.test", "base_url": "https://ex.test"}
            built = invitations.build_invitation(registration, method, **options)
            expected = icalendar_reference.build_invitation(
                registration, method, **options
            )
            assert_same(built, expected)
    assert seen_online


def test_text_is_escaped_and_folded_on_character_boundaries(app, monkeypatch):
    title = "Ταξίδι; μετανάστευση, \\ νεολαία\nκαι 移民と若者の対話 — " * 3
    meeting = f.make_meeting(slug="escapes", title={"en": title})
    f.make_session(meeting, title={"en": title}, description={"en": title})
    db.session.commit()
    built = feeds.build_meeting_feed(meeting, "en")
    assert b"DTSTART;TZID=Europe/" in built  # a zone name is never quoted (Outlook)
    for line in built.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # never a character cut in two
    calendar = icalendar.Calendar.from_ical(built)
    summaries = {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
    assert summaries == {ics.single_line(title)}
    assert_same(
        built, reference(monkeypatch, lambda: feeds.build_meeting_feed(meeting, "en"))
    )
