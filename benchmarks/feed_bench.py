"""Time to build a calendar feed of 1,000 sessions, and the 304 path's time.

Run: .venv/bin/python benchmarks/feed_bench.py [--sessions N] [--runs N]
A temporary file-backed SQLite database holds one meeting with N sessions
(a room and three people each). Each figure is the median of several runs,
measured through the Flask test client (routing, the version query, loading,
building, serialising) and, for the build, also without HTTP. Target: a full
build of 1,000 sessions under 200 ms. Nothing here asserts.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eventsys import caching  # noqa: E402
from eventsys import create_app  # noqa: E402
from eventsys.agenda.models import AgendaSession  # noqa: E402
from eventsys.agenda.models import SessionPerson  # noqa: E402
from eventsys.calendar import feeds  # noqa: E402
from eventsys.extensions import db  # noqa: E402
from eventsys.meetings.models import Meeting  # noqa: E402
from eventsys.meetings.models import Room  # noqa: E402
from eventsys.meetings.models import Series  # noqa: E402

ROLES = ("chair", "speaker", "panelist")


def make_app(tmp: Path):
    return create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'feed.db'}",
        "SECRET_KEY": "bench",
        "EVENTSYS_UID_DOMAIN": "bench.test",
        "EVENTSYS_BASE_URL": "http://bench.test",
        "RATELIMIT_ENABLED": False,
        "INSTANCE_PATH": str(tmp / "instance"),
    })  # fmt: skip


def seed(sessions: int) -> Meeting:
    series = Series(
        slug="bench", acronym="BENCH", name={"en": "Benchmark series"}, kind="dialogue"
    )
    start = datetime(2027, 3, 1, 8, tzinfo=UTC)
    days = max(1, sessions // 20)
    meeting = Meeting(
        slug="bench", series=series, title={"en": "Benchmark meeting"}, theme={"en": "Feeds at scale"},
        starts_at=start, ends_at=start + timedelta(days=days, hours=9), timezone="Europe/Zurich",
        venue="Palais des Nations", city="Geneva", status="published", format="hybrid",
        online_access_note={"en": "Webcast on UN Web TV"}, contact_email="bench@example.org",
    )  # fmt: skip
    rooms = [Room(meeting=meeting, name=f"Room {n}", position=n) for n in range(1, 11)]
    db.session.add_all([series, meeting, *rooms])
    for n in range(sessions):
        begins = start + timedelta(days=n // 20, minutes=30 * (n % 20))
        session = AgendaSession(
            meeting=meeting, title={"en": f"Session {n}: migration, youth and the labour market"},
            description={"en": "Discussion of good practices and lessons learned."},
            kind="panel", starts_at=begins, ends_at=begins + timedelta(minutes=90), room=rooms[n % 10],
        )  # fmt: skip
        session.people = [
            SessionPerson(
                name=f"Person {n}-{i}", affiliation="IOM", role=ROLES[i], position=i
            )
            for i in range(3)
        ]
        db.session.add(session)
    db.session.commit()
    return meeting


def median_ms(call, runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds (CPU time is steadier on a busy machine)."""
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        call()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        db.session.remove()
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="eventsys-feed-") as tmp:
        app = make_app(Path(tmp))
        with app.app_context():
            db.create_all()
            seed(args.sessions)
            client = app.test_client()
            url = "/meetings/bench/calendar.ics"
            first = client.get(url)
            assert first.status_code == 200, first.status_code
            etag, since = first.headers["ETag"], first.headers["Last-Modified"]

            def build_only():
                meeting = db.session.scalars(
                    db.select(Meeting).where(Meeting.slug == "bench")
                ).one()
                return feeds.build_meeting_feed(meeting, "en")

            cache = caching.lru("calendar_feeds")

            def uncached():
                cache.clear()
                return client.get(url)

            full_http = median_ms(uncached, args.runs)
            cached = median_ms(lambda: client.get(url), args.runs * 5)
            build = median_ms(build_only, args.runs)
            etag_304 = median_ms(
                lambda: client.get(url, headers={"If-None-Match": etag}), args.runs * 5
            )
            since_304 = median_ms(
                lambda: client.get(url, headers={"If-Modified-Since": since}),
                args.runs * 5,
            )
            db.drop_all()
    print(
        f"feed of {args.sessions} sessions: {len(first.data) / 1024:.0f} KiB; median of {args.runs} runs"
    )
    print("                                      wall ms    cpu ms")
    for label, (wall, cpu) in (
        ("full request (200, built)", full_http),
        ("build only (load + serialise)", build),
        ("200 again (bytes cached by ETag)", cached),
        ("304 by If-None-Match", etag_304),
        ("304 by If-Modified-Since", since_304),
    ):
        print(f"  {label:<33} {wall:9.1f} {cpu:9.1f}")
    print("  target: full build of 1,000 sessions under 200 ms")
    # read by benchmarks/run.py for its table of targets
    print("RESULT " + json.dumps({"sessions": args.sessions, "build_cpu_ms": build[1]}))


if __name__ == "__main__":
    main()
