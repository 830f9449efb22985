"""Faults the app must survive: Redis, the database and SMTP break while it serves.

Each test starts and stops its own server (tests/servers.py, tests/smtp.py).
"""

import logging
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventsys import create_app
from eventsys import faults
from eventsys.extensions import db
from eventsys.mail import sender
from eventsys.mail.models import OutboxEmail
from eventsys.mail.service import enqueue
from tests.conftest import base_config
from tests.conftest import postgres_url
from tests.factories import make_meeting
from tests.servers import PostgresServer
from tests.servers import RedisServer
from tests.servers import postgres_bin
from tests.smtp import SmtpServer


@pytest.fixture(autouse=True)
def _fresh_faults():
    # Alembic's fileConfig (tests/test_migrations.py) disables existing loggers.
    for name in ("flask-limiter", "eventsys.faults"):
        logging.getLogger(name).disabled = False
    faults.clear()
    sender._paused.clear()
    yield
    faults.clear()
    sender._paused.clear()


@pytest.fixture
def redis_server():
    server = RedisServer().start()
    yield server
    server.stop()


def test_rate_limits_fail_open_without_redis_logged_once_and_shown_on_healthz(
    tmp_path, redis_server, caplog
):
    app = create_app(base_config(tmp_path, RATELIMIT_ENABLED=True,
                                 RATELIMIT_STORAGE_URI=redis_server.url))  # fmt: skip
    with app.app_context():
        db.create_all()
    client = app.test_client()
    login = {"email": "nobody@example.org", "password": "wrong"}
    assert client.post("/login", data=login).status_code in (200, 401, 422)
    redis_server.stop()
    caplog.set_level(logging.WARNING)
    statuses = {client.post("/login", data=login).status_code for _ in range(5)}
    assert statuses and max(statuses) < 429  # no 500, no 429: the limits fail open
    warnings = [r for r in caplog.records if "rate_limits degraded" in r.getMessage()]
    assert len(warnings) == 1  # once a minute, not once a request
    assert not [r for r in caplog.records if "Swallowing error" in r.getMessage()]
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.get_json()["status"] == "degraded"
    assert "fail open" in health.get_json()["reasons"]["rate_limits"]


def test_healthz_reports_redis_down_as_degraded_with_200(tmp_path, redis_server):
    app = create_app(base_config(tmp_path, REDIS_URL=redis_server.url))
    with app.app_context():
        db.create_all()
    client = app.test_client()
    assert client.get("/healthz").get_json() == {"status": "ok"}
    redis_server.stop()
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.get_json()["status"] == "degraded"
    assert "redis" in health.get_json()["reasons"]


# --- the database down: 503 with Retry-After


def _assert_503(client) -> None:
    page = client.get("/meetings/")
    assert page.status_code == 503 and page.headers["Retry-After"].isdigit()
    api = client.get("/api/v1/meetings")
    assert api.status_code == 503 and api.headers["Retry-After"].isdigit()
    assert api.mimetype == "application/problem+json"
    assert api.get_json()["status"] == 503
    assert client.get("/healthz").status_code == 503


def test_sqlite_database_gone_answers_503_with_retry_after(tmp_path):
    folder = tmp_path / "db"
    folder.mkdir()
    app = create_app(
        base_config(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/app.db")
    )
    with app.app_context():
        db.create_all()
        make_meeting(slug="up")
        db.session.commit()
        db.engine.dispose()
    client = app.test_client()
    assert client.get("/meetings/").status_code == 200
    with app.app_context():
        db.engine.dispose()
    folder.rename(tmp_path / "db-away")  # new connections cannot open the file
    _assert_503(client)
    (tmp_path / "db-away").rename(folder)
    assert client.get("/meetings/").status_code == 200


@pytest.mark.skipif(postgres_bin() is None, reason="PostgreSQL binaries not installed")
def test_postgresql_stopped_answers_503_with_retry_after(tmp_path):
    server = PostgresServer().init().start()
    try:
        app = create_app(base_config(tmp_path, SQLALCHEMY_DATABASE_URI=server.url))
        with app.app_context():
            db.create_all()
            make_meeting(slug="up")
            db.session.commit()
        client = app.test_client()
        assert client.get("/meetings/").status_code == 200
        server.stop()
        _assert_503(client)
        server.start()
        assert client.get("/meetings/").status_code == 200  # the pool recovers
    finally:
        server.remove()
        with app.app_context():
            db.engine.dispose()


# --- a slow SMTP server


def test_slow_smtp_costs_one_timeout_then_pauses_and_keeps_message_ids(app):
    server = SmtpServer().start()
    try:
        server.configure(app)
        app.config.update(MAIL_TIMEOUT=1, MAIL_RATE_PER_MINUTE=100)
        now = make_meeting().starts_at
        rows = [
            enqueue(f"p{i}@example.org", f"Hello {i}", "Text", now=now)
            for i in range(3)
        ]
        db.session.commit()
        ids = {row.id: row.message_id for row in rows}
        server.delay = 2.5  # answers DATA after the client's timeout
        report = sender.send_due(now=now)
        errors = list(db.session.scalars(sa.select(OutboxEmail.last_error)))
        assert report.sent == 0 and report.retrying == 1 and report.paused_until, errors
        assert report.paused_until == now + sender.SLOW_PAUSE
        attempts = sorted(db.session.scalars(sa.select(OutboxEmail.attempts)))
        assert attempts == [0, 0, 1]  # the others were given back untouched
        # Paused: a second round right away does not wait for the server again.
        again = sender.send_due(now=now + timedelta(seconds=5))
        assert again.paused_until and again.sent == 0
        assert "slow" in str(again)
        server.delay = 0
        later = now + timedelta(minutes=10)
        assert sender.send_due(now=later).sent == 3
        db.session.expire_all()
        for row in db.session.scalars(sa.select(OutboxEmail)):
            assert row.status == "sent" and row.message_id == ids[row.id]
        delivered = {}
        for message in server.messages:
            delivered.setdefault(message["Message-ID"], 0)
            delivered[message["Message-ID"]] += 1
        # The slow server took the first message after the timeout: the same
        # Message-ID lets the receiver drop the copy; the others came once.
        assert set(delivered) == set(ids.values())
        assert sorted(delivered.values())[:2] == [1, 1]
        assert "smtp" in faults.recent()
    finally:
        server.stop()


# --- no pre-ping: a dropped pooled connection costs one retry, not a 503


def _drop_other_connections() -> None:
    """The server ends every other connection to this database (as a restart does)."""
    engine = sa.create_engine(postgres_url())
    with engine.connect() as connection:
        connection.execute(
            sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    engine.dispose()


def test_a_read_on_a_dropped_connection_is_run_again(pg_app):
    make_meeting(slug="up")
    db.session.commit()
    db.session.remove()
    client = pg_app.test_client()
    assert client.get("/meetings/").status_code == 200  # a connection in the pool
    _drop_other_connections()
    assert client.get("/meetings/").status_code == 200  # retried on a fresh one
    _drop_other_connections()
    form = client.post("/login", data={"email": "x@example.org", "password": "x"})
    assert form.status_code == 503  # a write is never run twice
    assert client.get("/meetings/").status_code == 200
