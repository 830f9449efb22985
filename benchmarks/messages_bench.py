"""A message to 5,000 recipients: time to compose (count, preview) and to be fully in the outbox.

Run: .venv/bin/python benchmarks/messages_bench.py [--recipients N]
A temporary file-backed SQLite database holds one meeting in three languages
with N confirmed registrations. Prints the figures; nothing here asserts.
Targets (issue 18): composed under 2 s, fully in the outbox under 30 s.
Sending is the outbox's job and follows MAIL_RATE_PER_MINUTE (tests/comms).
"""

import argparse
import sys
import tempfile
import time
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eventsys import create_app  # noqa: E402
from eventsys.auth.models import User  # noqa: E402
from eventsys.comms import service  # noqa: E402
from eventsys.comms.queries import Audience  # noqa: E402
from eventsys.extensions import db  # noqa: E402
from eventsys.mail.models import OutboxEmail  # noqa: E402
from eventsys.meetings.models import Meeting  # noqa: E402
from eventsys.meetings.models import Series  # noqa: E402
from eventsys.registration.models import ParticipantCategory  # noqa: E402
from eventsys.registration.models import Registration  # noqa: E402

SUBJECT = {"en": "News for {given_name}", "fr": "Nouvelles", "es": "Noticias"}
BODY = {
    "en": "Dear {title} {given_name} {family_name},\n\n**{meeting}**, {dates}.\n\n{manage_link}",
    "fr": "Bonjour {given_name},\n\n**{meeting}**, {dates}.\n\n{manage_link}",
    "es": "Estimado/a {given_name},\n\n**{meeting}**, {dates}.\n\n{manage_link}",
}


def seed(n: int):
    start = datetime(2027, 3, 1, 8, tzinfo=UTC)
    series = Series(slug="bench", acronym="B", name={"en": "Bench"}, kind="dialogue")
    meeting = Meeting(
        slug="bench", series=series, title={"en": "Bench", "fr": "Banc", "es": "Banco"},
        starts_at=start, ends_at=start + timedelta(days=2), timezone="Europe/Zurich",
        city="Geneva", status="published", languages=["en", "fr", "es"],
        main_language="en", contact_email="bench@example.org",
    )  # fmt: skip
    category = ParticipantCategory(meeting=meeting, key="p", name={"en": "P"})
    author = User(email="author@example.org", name="Author", password_hash="x")
    db.session.add_all([meeting, category, author])
    db.session.flush()
    db.session.execute(
        sa.insert(Registration),
        [
            {
                "meeting_id": meeting.id,
                "category_id": category.id,
                "email": f"p{i}@example.org",
                "given_name": f"G{i}",
                "family_name": f"F{i}",
                "status": "confirmed",
                "language": ("en", "fr", "es")[i % 3],
            }  # fmt: skip
            for i in range(n)
        ],
    )
    db.session.commit()
    return meeting, author


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.db'}",
            "SECRET_KEY": "bench", "EVENTSYS_UID_DOMAIN": "bench.test",
            "EVENTSYS_BASE_URL": "http://bench.test", "RATELIMIT_ENABLED": False,
            "INSTANCE_PATH": str(Path(tmp) / "instance"),
        })  # fmt: skip
        with app.app_context(), app.test_request_context():
            db.create_all()
            meeting, author = seed(args.recipients)
            audience = Audience(statuses=("confirmed",))
            started = time.perf_counter()
            reach = service.count(meeting, audience)
            first = next(service.recipients(meeting, audience))
            service.preview(meeting, SUBJECT, BODY, first, audience=audience)
            composed = time.perf_counter() - started
            started = time.perf_counter()
            message = service.send(
                meeting, SUBJECT, BODY, audience=audience, actor=author,
                now=datetime.now(UTC),
            )  # fmt: skip
            db.session.commit()
            queued = time.perf_counter() - started
            rows = db.session.scalar(
                sa.select(sa.func.count(OutboxEmail.id)).where(
                    OutboxEmail.comms_message_id == message.id
                )
            )
    print(f"recipients (audience count): {reach}")
    print(f"composed (count + preview):  {composed:.3f} s (target < 2 s)")
    print(
        f"fully in the outbox:         {queued:.3f} s for {rows} rows (target < 30 s)"
    )
    print(f"per recipient:               {queued / max(rows, 1) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
