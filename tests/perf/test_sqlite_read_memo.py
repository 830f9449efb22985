"""database.read_row on SQLite remembers a fingerprint's row per connection
until the database changes (issue 25: the SQLite feed's 304 and cached 200).

Counted and compared, not timed: an unchanged database answers from the memo
(no statement through SQLAlchemy, only the PRAGMA read of the database's
version on the driver connection), and every kind of change is seen at once:
a commit through the app, a commit by another connection (another process),
a change of the schema, and a write rolled back on the reading connection.
"""

import sqlite3
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventsys import create_app
from eventsys.agenda.models import AgendaSession
from eventsys.calendar.queries import meeting_fingerprint_by_slug
from eventsys.database import MEMO_SIZE
from eventsys.database import read_row
from eventsys.extensions import db
from tests.conftest import base_config
from tests.factories import make_meeting
from tests.factories import make_session
from tests.statements import counting

FEED = "/meetings/memo-test/calendar.ics"


def _meeting() -> None:
    meeting = make_meeting(slug="memo-test")
    for i in range(3):
        make_session(meeting, starts_at=meeting.starts_at + timedelta(hours=i))
    db.session.commit()
    db.session.remove()


@pytest.fixture
def file_app(tmp_path):
    """A file-backed database, as served: a pool of connections, WAL."""
    path = tmp_path / "memo.db"
    app = create_app(base_config(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}"))
    with app.app_context():
        db.create_all()
        _meeting()
        yield app, path
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def _first_session() -> AgendaSession:
    return db.session.scalars(
        sa.select(AgendaSession).order_by(AgendaSession.id)
    ).first()


def _fingerprint() -> tuple[tuple, int]:
    """The meeting's fingerprint row, and the statements SQLAlchemy sent for it."""
    with counting() as statements:
        row = tuple(read_row(meeting_fingerprint_by_slug(), {"slug": "memo-test"}))
    return row, len(statements)


def _get(client, **headers):
    with counting() as statements:
        response = client.get(FEED, headers=headers)
    db.session.remove()
    return response, len(statements)


def test_an_unchanged_database_answers_from_the_memo(file_app):
    app, _path = file_app
    client = app.test_client()
    first, _ = _get(client)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    for _ in range(3):
        again, statements = _get(client, **{"If-None-Match": etag})
        assert again.status_code == 304 and statements == 0
        cached, statements = _get(client)
        assert cached.data == first.data and statements == 0


def test_a_commit_through_the_app_is_seen_at_once(file_app):
    app, _path = file_app
    client = app.test_client()
    etag = _get(client)[0].headers["ETag"]
    remembered, statements = _fingerprint()
    assert statements == 0
    session = _first_session()
    session.title = {"en": "Renamed in the app"}
    session.sequence += 1
    db.session.commit()
    db.session.remove()
    changed, statements = _get(client, **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert b"Renamed in the app" in changed.data.replace(b"\r\n ", b"")
    assert _fingerprint() == (_fingerprint()[0], 0) and _fingerprint()[0] != remembered
    again, statements = _get(client, **{"If-None-Match": changed.headers["ETag"]})
    assert again.status_code == 304 and statements == 0  # remembered afresh


def test_a_commit_by_another_connection_is_seen_at_once(file_app):
    """As another app server's process would write: its own sqlite3 connection."""
    app, path = file_app
    client = app.test_client()
    etag = _get(client)[0].headers["ETag"]
    assert _get(client, **{"If-None-Match": etag})[0].status_code == 304
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("UPDATE agenda_session SET sequence = sequence + 1")
    finally:
        other.close()
    row, statements = _fingerprint()
    assert statements == 1  # read again: another connection committed
    assert _fingerprint() == (row, 0)
    changed, _statements = _get(client, **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_a_change_of_the_schema_is_seen_at_once(file_app):
    app, _path = file_app
    client = app.test_client()
    assert _get(client)[0].status_code == 200
    db.drop_all()  # no row is counted as changed: the schema's version moves
    db.create_all()
    assert _get(client)[0].status_code == 404


def test_a_write_rolled_back_on_the_reading_connection_is_never_remembered(app):
    """In memory the session and read_row share one connection: a read inside
    the session's transaction sees its writes and is not remembered, so the
    rollback shows."""
    _meeting()
    before, _statements = _fingerprint()
    assert _fingerprint() == (before, 0)
    _first_session().sequence += 7
    db.session.flush()
    inside, statements = _fingerprint()
    assert inside != before and statements == 1
    db.session.rollback()
    assert _fingerprint()[0] == before


def test_reads_with_a_new_parameter_each_time_leave_the_others_remembered(app, now):
    """The lists of meetings read their version with a new :now every time:
    the memo drops the least recently used, so a feed read in between stays."""
    from eventsys.calendar.queries import listing_fingerprint_at_now

    _meeting()
    _fingerprint()
    for second in range(3 * MEMO_SIZE):
        with counting() as statements:
            read_row(
                listing_fingerprint_at_now(), {"now": now + timedelta(seconds=second)}
            )
        assert len(statements) == 1  # a new :now is never remembered
        assert _fingerprint()[1] == 0, second


def test_a_driver_error_in_the_version_check_is_sqlalchemys_error(file_app):
    """The version check talks to the driver itself; its error must reach the
    app as any statement's would (wrapped by SQLAlchemy, for errors.py and
    RetryAfterDisconnect), and the pool then replaces the connection."""
    app, _path = file_app
    assert _get(app.test_client())[0].status_code == 200
    idle = list(db.engine.pool._pool.queue)  # QueuePool's idle connections
    assert idle
    for record in idle:
        record.dbapi_connection.close()  # behind the pool's back
    with pytest.raises(sa.exc.DBAPIError) as raised:
        read_row(meeting_fingerprint_by_slug(), {"slug": "memo-test"})
    assert raised.value.connection_invalidated
    row, statements = _fingerprint()
    assert row[0] == "published" and statements == 1
