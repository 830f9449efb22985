"""A meeting to register into under load, and its seat accounting afterwards.

    DATABASE_URL=... python benchmarks/bench_meeting.py create SLUG --capacity N
    DATABASE_URL=... python benchmarks/bench_meeting.py check SLUG

`create` adds an open, published, hybrid meeting with one public category that
confirms at once (idempotent). `check` prints JSON: the counters of the meeting
and its category, the confirmed count, and every registration's email and
status in arrival order. Used by benchmarks/run.py and tests/pg/test_scale_out.py.
"""

import argparse
import json
import sys
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eventsys import create_app
from eventsys.extensions import db
from eventsys.meetings.models import Meeting
from eventsys.meetings.models import Series
from eventsys.registration.models import ParticipantCategory
from eventsys.registration.models import Registration


def create(slug: str, capacity: int | None) -> None:
    if db.session.scalar(sa.select(Meeting.id).where(Meeting.slug == slug)):
        return
    series = db.session.scalar(sa.select(Series).where(Series.slug == "bench"))
    if series is None:
        series = Series(
            slug="bench", acronym="BENCH", name={"en": "Load tests"}, kind="other"
        )
        db.session.add(series)
    now = datetime.now(UTC)
    starts = now.replace(microsecond=0) + timedelta(days=60)
    meeting = Meeting(
        slug=slug,
        series=series,
        title={"en": f"Load test {slug}"},
        starts_at=starts,
        ends_at=starts + timedelta(hours=8),
        timezone="Europe/Zurich",
        city="Geneva",
        country="CH",
        format="hybrid",
        status="published",
        languages=["en"],
        contact_email="bench@example.org",
        registration_opens_at=now - timedelta(days=1),
        registration_closes_at=starts,
        capacity=capacity,
    )
    db.session.add(meeting)
    db.session.add(
        ParticipantCategory(
            meeting=meeting,
            key="public",
            position=0,
            name={"en": "Public"},
            requires_approval=False,
        )
    )
    db.session.commit()


def check(slug: str) -> dict:
    meeting = db.session.scalar(sa.select(Meeting).where(Meeting.slug == slug))
    category = db.session.scalar(
        sa.select(ParticipantCategory).where(
            ParticipantCategory.meeting_id == meeting.id
        )
    )
    rows = db.session.execute(
        sa.select(Registration.email, Registration.status, Registration.attendance)
        .where(Registration.meeting_id == meeting.id)
        .order_by(Registration.created_at, Registration.id)
    ).all()
    confirmed = [r for r in rows if r.status == "confirmed"]
    return {
        "capacity": meeting.capacity,
        "meeting_seats_taken": meeting.seats_taken,
        "meeting_online_taken": meeting.online_taken,
        "meeting_in_person_taken": meeting.in_person_taken,
        "category_seats_taken": category.seats_taken,
        "confirmed": len(confirmed),
        "confirmed_online": sum(r.attendance == "online" for r in confirmed),
        "confirmed_in_person": sum(r.attendance == "in_person" for r in confirmed),
        "registrations": [[r.email, r.status] for r in rows],
    }


def accounting_ok(result: dict) -> bool:
    """Every counter equals the confirmed registrations it counts."""
    return (
        result["meeting_seats_taken"]
        == result["confirmed"]
        == result["category_seats_taken"]
        and result["meeting_online_taken"] == result["confirmed_online"]
        and result["meeting_in_person_taken"] == result["confirmed_in_person"]
        and (result["capacity"] is None or result["confirmed"] <= result["capacity"])
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("action", choices=["create", "check"])
    parser.add_argument("slug")
    parser.add_argument("--capacity", type=int, default=None)
    args = parser.parse_args()
    app = create_app()
    with app.app_context():
        if args.action == "create":
            create(args.slug, args.capacity)
        else:
            result = check(args.slug)
            result["accounting_ok"] = accounting_ok(result)
            print(json.dumps(result))


if __name__ == "__main__":
    main()
