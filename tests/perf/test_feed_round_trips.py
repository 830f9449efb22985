"""A feed's 304 and its cached 200 cost one statement: one round trip on PostgreSQL.

Counted, not timed (issue 25). On PostgreSQL every message the client sends is
counted by a TCP proxy in front of the server, so a pre-ping, a BEGIN or a
ROLLBACK around the statement would be counted; on SQLite every statement
SQLAlchemy sends (BEGIN included): none while the database is unchanged, since
read_row remembers the fingerprint's row per connection until it changes
(tests/perf/test_sqlite_read_memo.py counts the read after a change).
"""

import contextlib
import socket
import struct
import threading
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventsys import create_app
from eventsys.config import Config
from eventsys.extensions import db
from eventsys.meetings.models import Meeting
from tests.conftest import _reset_schema
from tests.conftest import base_config
from tests.conftest import postgres_url
from tests.conftest import requires_postgres
from tests.factories import make_meeting
from tests.factories import make_person
from tests.factories import make_session
from tests.statements import counting

FEEDS = ("/meetings/feed-test/calendar.ics", "/calendar.ics")


def _meeting() -> None:
    meeting = make_meeting(slug="feed-test")
    for i in range(5):
        session = make_session(
            meeting, starts_at=meeting.starts_at + timedelta(hours=i)
        )
        make_person(session, role="speaker")
    db.session.commit()
    db.session.remove()


def _warm(client, url: str) -> str:
    first = client.get(url)
    assert first.status_code == 200 and first.headers["ETag"]
    return first.headers["ETag"]


def test_feed_304_and_cached_200_send_no_statement_on_an_unchanged_sqlite(app):
    _meeting()
    client = app.test_client()
    for url in FEEDS:
        etag = _warm(client, url)
        db.session.remove()
        with counting() as statements:
            not_modified = client.get(url, headers={"If-None-Match": etag})
        assert not_modified.status_code == 304
        assert statements == [], statements
        db.session.remove()
        with counting() as statements:
            cached = client.get(url)
        assert cached.status_code == 200 and cached.data.startswith(b"BEGIN:VCALENDAR")
        assert statements == [], statements


class CountingProxy:
    """A TCP proxy in front of PostgreSQL counting the messages that wait for it.

    After the start-up message every frontend message is a type byte and a
    length; a simple Query ('Q') or an extended query's Sync ('S') is one round
    trip. A pre-ping, BEGIN or ROLLBACK is counted like any statement.
    """

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.round_trips = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            threading.Thread(
                target=self._pipe, args=(server, client), daemon=True
            ).start()
            threading.Thread(
                target=self._count, args=(client, server), daemon=True
            ).start()

    @staticmethod
    def _pipe(source, sink):
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)

    def _count(self, source, sink):
        buffer, started = b"", False
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
                buffer += data
                while True:
                    if not started:
                        if len(buffer) < 4:
                            break
                        size = struct.unpack("!I", buffer[:4])[0]
                        if len(buffer) < size:
                            break
                        buffer, started = buffer[size:], True
                        continue
                    if len(buffer) < 5:
                        break
                    size = struct.unpack("!I", buffer[1:5])[0]
                    if len(buffer) < size + 1:
                        break
                    if buffer[:1] in (b"Q", b"S"):
                        self.round_trips += 1
                    buffer = buffer[size + 1 :]
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)

    def close(self):
        self.listener.close()


def _proxied_app(tmp_path, **engine_options):
    url = sa.engine.make_url(postgres_url())
    proxy = CountingProxy(url.host or "127.0.0.1", url.port or 5432)
    proxied = url.set(host="127.0.0.1", port=proxy.port).update_query_dict(
        {"sslmode": "disable", "gssencmode": "disable"}
    )
    options = {**Config.SQLALCHEMY_ENGINE_OPTIONS, **engine_options}
    app = create_app(
        base_config(
            tmp_path,
            SQLALCHEMY_DATABASE_URI=proxied.render_as_string(hide_password=False),
            SQLALCHEMY_ENGINE_OPTIONS=options,
        )
    )
    return app, proxy


@pytest.fixture
def proxied(tmp_path):
    made = []

    def make(**engine_options):
        app, proxy = _proxied_app(tmp_path / str(len(made)), **engine_options)
        context = app.app_context()
        context.push()
        _reset_schema()
        db.create_all()
        _meeting()
        made.append((context, proxy))
        return app, proxy

    yield make
    for context, proxy in made:
        db.session.remove()
        _reset_schema()
        db.engine.dispose()
        context.pop()
        proxy.close()


def _round_trips(proxy, request) -> tuple[int, object]:
    time.sleep(0.05)  # the proxy's threads have counted what went before
    before = proxy.round_trips
    response = request()
    time.sleep(0.05)
    return proxy.round_trips - before, response


@requires_postgres
def test_feed_304_and_cached_200_are_one_round_trip_on_postgresql(proxied):
    app, proxy = proxied()
    client = app.test_client()
    for url in FEEDS:
        etag = _warm(client, url)
        db.session.remove()
        trips, not_modified = _round_trips(
            proxy,
            lambda url=url, etag=etag: client.get(url, headers={"If-None-Match": etag}),
        )
        assert not_modified.status_code == 304
        assert trips == 1, url
        trips, cached = _round_trips(proxy, lambda url=url: client.get(url))
        assert cached.status_code == 200
        assert trips == 1, url


@requires_postgres
def test_the_proxy_counts_a_pre_ping(proxied):
    """The count above would notice a pre-ping (the old set-up): here it is on."""
    app, proxy = proxied(pool_pre_ping=True)
    client = app.test_client()
    etag = _warm(client, FEEDS[0])
    for _used in range(3):  # a connection is pinged from its second checkout on
        client.get(FEEDS[0], headers={"If-None-Match": etag})
    trips, response = _round_trips(
        proxy, lambda: client.get(FEEDS[0], headers={"If-None-Match": etag})
    )
    assert response.status_code == 304
    assert trips == 2


def test_a_single_read_leaves_sqlite_connections_to_our_begin(app):
    """read_row must not hand SQLite back to pysqlite's own transactions
    (database.py: BEGIN IMMEDIATE for writes depends on isolation_level None)."""
    _meeting()
    client = app.test_client()
    etag = _warm(client, FEEDS[0])
    assert client.get(FEEDS[0], headers={"If-None-Match": etag}).status_code == 304
    with db.engine.connect() as connection:
        assert connection.connection.dbapi_connection.isolation_level is None


AGENDA_PDF = "/meetings/feed-test/agenda.pdf"


def _warm_pdf(client) -> str:
    first = client.get(AGENDA_PDF)  # rendered (in the test set-up) and remembered
    again = client.get(AGENDA_PDF)
    assert again.status_code == 200 and again.data.startswith(b"%PDF")
    assert again.headers["ETag"] == first.headers["ETag"]
    return again.headers["ETag"]


def test_a_cached_agenda_pdf_sends_no_statement_on_an_unchanged_sqlite(app):
    _meeting()
    client = app.test_client()
    etag = _warm_pdf(client)
    db.session.remove()
    with counting() as statements:
        cached = client.get(AGENDA_PDF)
    assert cached.status_code == 200 and cached.headers["ETag"] == etag
    assert statements == [], statements  # the version row remembered (read_row)
    db.session.remove()
    with counting() as statements:
        not_modified = client.get(AGENDA_PDF, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and statements == []


@requires_postgres
def test_a_cached_agenda_pdf_is_one_round_trip_on_postgresql(proxied):
    app, proxy = proxied()
    client = app.test_client()
    etag = _warm_pdf(client)
    db.session.remove()
    trips, cached = _round_trips(proxy, lambda: client.get(AGENDA_PDF))
    assert cached.status_code == 200 and cached.headers["ETag"] == etag
    assert trips == 1
    trips, not_modified = _round_trips(
        proxy, lambda: client.get(AGENDA_PDF, headers={"If-None-Match": etag})
    )
    assert not_modified.status_code == 304 and trips == 1


def test_a_draft_agenda_pdf_is_still_hidden_and_a_change_is_never_stale(app, now):
    _meeting()
    client = app.test_client()
    etag = _warm_pdf(client)
    meeting = db.session.scalar(sa.select(Meeting).where(Meeting.slug == "feed-test"))
    meeting.languages, meeting.main_language = ["fr"], "fr"  # printed in French now
    meeting.updated_at = now + timedelta(seconds=5)
    db.session.commit()
    french = client.get(AGENDA_PDF)
    assert french.status_code == 200 and french.headers["ETag"] != etag
    meeting.status = "draft"
    db.session.commit()
    assert client.get(AGENDA_PDF).status_code == 404
    assert client.get("/meetings/no-such-meeting/agenda.pdf").status_code == 404
    assert client.get("/meetings/" + "x" * 200 + "/agenda.pdf").status_code == 404
