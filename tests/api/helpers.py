"""Data for the API tests: a small world of meetings, and tokens."""

from datetime import UTC
from datetime import datetime
from datetime import timedelta

from eventsys.auth.api_tokens import create_token
from eventsys.extensions import db
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_person
from tests.factories import make_role
from tests.factories import make_room
from tests.factories import make_series
from tests.factories import make_session
from tests.factories import make_user

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
SECRET_URL = "https://meet.example.org/secret-room-4711"


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def make_world() -> dict:
    """Two series; published, cancelled and draft meetings, all with an online link."""
    idm = make_series(slug="idm", acronym="IDM", name={"en": "Dialogue"})
    csc = make_series(slug="csc", acronym="CSC", name={"en": "Civil society"})
    common = {"online_url": SECRET_URL, "format": "hybrid"}
    ny = make_meeting(
        slug="idm-ny",
        series=idm,
        starts_at=utc(2019, 2, 28, 14),
        timezone="America/New_York",
        **common,
    )
    geneva = make_meeting(
        slug="idm-geneva", series=idm, starts_at=utc(2019, 10, 15, 7), **common
    )
    cancelled = make_meeting(
        slug="csc-old",
        series=csc,
        starts_at=utc(2020, 6, 1, 7),
        status="cancelled",
        cancel_reason="Pandemic",
        **common,
    )
    # Registration rules read the real clock: keep the open meeting in the future.
    later = datetime.now(UTC).replace(hour=7, minute=0, second=0, microsecond=0)
    upcoming = make_meeting(
        slug="csc-next",
        series=csc,
        starts_at=later + timedelta(days=400),
        capacity=2,
        registration_closes_at=later + timedelta(days=370),
        **common,
    )
    draft = make_meeting(
        slug="csc-draft",
        series=csc,
        starts_at=later + timedelta(days=500),
        status="draft",
        **common,
    )
    room = make_room(ny, name="Trusteeship Council")
    opening = make_session(
        ny, title={"en": "Opening"}, room=room, starts_at=utc(2019, 2, 28, 14)
    )
    make_person(opening, name="Antonio Vitorino", affiliation="IOM", role="chair")
    make_category(upcoming, key="public", name={"en": "Public"}, position=1)
    make_category(
        upcoming,
        key="vetted",
        name={"en": "Vetted"},
        position=2,
        requires_approval=True,
    )
    return {
        "ny": ny,
        "geneva": geneva,
        "cancelled": cancelled,
        "upcoming": upcoming,
        "draft": draft,
        "room": room,
        "opening": opening,
    }


def token_for(user, name="test") -> str:
    _token, plain = create_token(user, name, now=NOW)
    db.session.flush()
    return plain


def manager_of(meeting, **overrides):
    user = make_user(**overrides)
    make_role(user, meeting, "manager")
    return user


def bearer(plain: str) -> dict:
    return {"Authorization": f"Bearer {plain}"}
