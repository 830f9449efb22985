import os
from datetime import UTC
from datetime import datetime

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from eventsys import create_app
from eventsys.extensions import db as _db
from eventsys.pdf import jobs as pdf_jobs


def _own_services_per_worker() -> None:
    """Under pytest-xdist (`make test` runs two workers) each worker gets its
    own PostgreSQL database and Redis db, so tests that drop tables or flush a
    db never meet another worker's. Set in the environment, so servers the
    tests start (gunicorn, the mail worker) inherit them."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return
    number = int(worker[2:])
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        from eventsys.config import normalise_database_url

        base = sa.engine.make_url(normalise_database_url(url))
        name = f"{base.database}_{worker}"
        admin = sa.create_engine(
            base.set(database="postgres"), isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as connection:
            exists = connection.scalar(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                {"name": name},
            )
            if not exists:
                connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        os.environ["TEST_DATABASE_URL"] = base.set(database=name).render_as_string(
            hide_password=False
        )
    redis_url = os.environ.get("TEST_REDIS_URL")
    if redis_url:
        head, _slash, _db = redis_url.rpartition("/")
        os.environ["TEST_REDIS_URL"] = f"{head}/{1 + number}"


_own_services_per_worker()
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")


class PdfWaitingClient(FlaskClient):
    """The test client, waiting for a PDF being prepared as a browser does.

    No request renders a PDF (eventsys/pdf/delivery.py): it answers 202 with a
    page that reloads itself after Retry-After, or the previous version marked
    X-PDF-Status: updating. This client lets the queued render finish and asks
    again, like that reload. Tests of the 202 itself use a plain FlaskClient.
    """

    def open(self, *args, **kwargs):
        from eventsys.pdf import jobs

        response = super().open(*args, **kwargs)
        for _attempt in range(3):
            waiting = (
                response.status_code == 202 and "Retry-After" in response.headers
            ) or response.headers.get("X-PDF-Status") == "updating"
            if not waiting:
                break
            jobs.wait_for_threads()
            _see_what_jobs_committed()
            response = super().open(*args, **kwargs)
        return response


def _see_what_jobs_committed() -> None:
    """A test's app context is shared by its requests (one session): reload the
    rows a job committed from another session, as a browser's next request would."""
    from flask import has_app_context

    if has_app_context():
        _db.session.expire_all()


Flask.test_client_class = PdfWaitingClient


def pytest_configure(config):
    if hasattr(config, "workerinput"):
        return  # an xdist worker: the controller compiled them before starting it
    # git keeps no compiled catalogues (*.mo): build them so a plain `pytest` works.
    from eventsys.i18n import compile_catalogues

    compile_catalogues()


def base_config(tmp_path, **overrides) -> dict:
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": "test-secret",
        "EVENTSYS_UID_DOMAIN": "events.test",
        "EVENTSYS_BASE_URL": "http://events.test",
        "RATELIMIT_ENABLED": False,
        "PDF_CACHE_DIR": str(tmp_path / "pdf-cache"),
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SERVER_NAME": None,
    }
    config.update(overrides)
    return config


def postgres_url() -> str:
    from eventsys.config import normalise_database_url

    return normalise_database_url(TEST_DATABASE_URL) if TEST_DATABASE_URL else ""


def postgres_available() -> bool:
    if not TEST_DATABASE_URL:
        return False
    try:
        engine = sa.create_engine(postgres_url())
        with engine.connect():
            pass
        engine.dispose()
        return True
    except sa.exc.OperationalError:
        return False


requires_postgres = pytest.mark.skipif(
    not postgres_available(),
    reason="PostgreSQL tests need TEST_DATABASE_URL pointing at a running server",
)


@pytest.fixture
def app(tmp_path):
    app = create_app(base_config(tmp_path))
    with app.app_context():
        _db.create_all()
        yield app
        _db.session.remove()
        _db.drop_all()
    # What the test queued and never waited for dies with its in-memory database.
    pdf_jobs.discard_deferred(app)


@pytest.fixture
def pg_app(tmp_path):
    if not postgres_available():
        pytest.skip(
            "PostgreSQL tests need TEST_DATABASE_URL pointing at a running server"
        )
    app = create_app(base_config(tmp_path, SQLALCHEMY_DATABASE_URI=postgres_url()))
    with app.app_context():
        _reset_schema()
        _db.create_all()
        yield app
        _db.session.remove()
        _reset_schema()
        _db.engine.dispose()


def _reset_schema() -> None:
    with _db.engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email="admin@example.org", password="correct horse battery"):
        return self._client.post("/login", data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def now():
    return datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) on a free local port; see tests/smtp.py."""
    from tests.smtp import SmtpServer

    server = SmtpServer().start()
    yield server
    server.stop()
