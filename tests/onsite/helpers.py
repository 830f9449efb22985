"""A meeting at the door: two days in Geneva, twenty confirmed people, two devices."""

import random
import secrets
from datetime import UTC
from datetime import datetime
from datetime import timedelta

import sqlalchemy as sa

from eventsys.auth.api_tokens import create_token
from eventsys.extensions import db
from eventsys.onsite import service
from eventsys.onsite.models import Checkin
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_registration
from tests.factories import make_role
from tests.factories import make_user

NOW = datetime(2027, 6, 1, 6, 0, tzinfo=UTC)
START = datetime(2027, 6, 1, 7, 0, tzinfo=UTC)  # 09:00 in Geneva


def door_world(people: int = 20) -> dict:
    meeting = make_meeting(
        slug="door", starts_at=START, ends_at=START + timedelta(days=1, hours=9)
    )
    manager = make_user(email="door-manager@example.org")
    make_role(manager, meeting, "manager")
    delegates = make_category(meeting, key="delegates", name={"en": "Delegates"})
    registrations = [
        make_registration(meeting, category=delegates, status="confirmed")
        for _ in range(people)
    ]
    cancelled = make_registration(meeting, category=delegates, status="cancelled")
    devices = [
        service.issue_device(meeting, actor=manager, label=label, now=NOW)
        for label in ("A", "B")
    ]
    _row, token = create_token(manager, "door", now=NOW)
    db.session.commit()
    return {
        "meeting": meeting,
        "manager": manager,
        "registrations": registrations,
        "cancelled": cancelled,
        "devices": [d.key for d in devices],
        "token": token,
    }


def fifty_scans(world, *, seed: int = 7) -> list[dict]:
    """50 scans of the 20 people on the first day, each by one of the two devices."""
    rng = random.Random(seed)
    codes = [r.checkin_code for r in world["registrations"]]
    scanned = codes + [rng.choice(codes) for _ in range(30)]
    scans = []
    for n, code in enumerate(scanned):
        at = START + timedelta(minutes=n)
        scans.append(
            {
                "nonce": secrets.token_hex(8),
                "code": code,
                "at": at.isoformat(),
                "device": rng.choice(world["devices"]),
            }
        )
    rng.shuffle(scans)
    return scans


def batches(scans: list, rng: random.Random) -> list[list]:
    out, i = [], 0
    while i < len(scans):
        size = rng.randint(1, 12)
        out.append(scans[i : i + size])
        i += size
    return out


def checkins_per_day() -> dict:
    rows = db.session.execute(
        sa.select(Checkin.day, sa.func.count()).group_by(Checkin.day)
    ).all()
    return {day.isoformat(): count for day, count in rows}
