"""Engine set-up that keeps SQLite honest about transactions.

pysqlite's own transaction handling defers BEGIN and so defeats locking: we
take control (SQLAlchemy's documented recipe) and emit BEGIN ourselves. Writes
(any request but GET/HEAD/OPTIONS, and all CLI and job work) start with BEGIN
IMMEDIATE, so two seat claims can never interleave; reads stay deferred and
never block each other under WAL.

Also: read_row (one statement outside the session's transaction: a single
round trip on PostgreSQL) and RetryAfterDisconnect (no pre-ping per request).
"""

import sqlite3
from collections import OrderedDict

import sqlalchemy as sa
from flask import has_request_context
from flask import request

from eventsys.extensions import db

READ_METHODS = {"GET", "HEAD", "OPTIONS"}
SINGLE_READ = "eventsys_single_read"  # an execution option: see read_row
BUSY_TIMEOUT_MS = 15000


def configure_engine(engine: sa.Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    sa.event.listen(engine, "connect", _on_sqlite_connect)
    sa.event.listen(engine, "begin", _on_sqlite_begin)


def _on_sqlite_connect(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    if _is_file_database(dbapi_connection):
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _is_file_database(dbapi_connection) -> bool:
    rows = dbapi_connection.execute("PRAGMA database_list").fetchall()
    return any(row[1] == "main" and row[2] for row in rows)


def _on_sqlite_begin(connection) -> None:
    if connection.get_execution_options().get(SINGLE_READ):
        return  # read_row: one statement, no transaction around it
    if has_request_context() and request.method in READ_METHODS:
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def read_row(statement, parameters: dict | None = None) -> sa.Row:
    """The one row of a single read, outside the session's transaction.

    In autocommit there is no BEGIN and no ROLLBACK around the statement: on
    PostgreSQL the read is one round trip, and a request that needs nothing
    else (a feed's 304, a cached feed) never starts the session's transaction.
    Only for a statement that is consistent on its own (one SELECT) and whose
    row depends on nothing but the database and its parameters (no clock in
    the SQL: pass the time as a parameter). On SQLite the row is remembered
    per connection until the database changes (_sqlite_read_row).
    """
    parameters = parameters or {}
    if db.engine.dialect.name != "sqlite":
        options = {SINGLE_READ: True, "isolation_level": "AUTOCOMMIT"}
        with db.engine.connect().execution_options(**options) as conn:
            return conn.execute(statement, parameters).one()
    # SQLite's connections are in autocommit already (isolation_level None,
    # _on_sqlite_connect); its dialect would reset them to pysqlite's own
    # transaction handling after an AUTOCOMMIT checkout, so only our BEGIN is
    # left out there.
    with db.engine.connect().execution_options(**{SINGLE_READ: True}) as conn:
        return _sqlite_read_row(conn, statement, parameters)


# What changes whenever the database a SQLite connection sees may have changed:
# data_version moves with every commit of any other connection (other
# processes included), schema_version with any change of the schema, and the
# connection's own total_changes with each row it inserts, updates or deletes.
SQLITE_VERSION = (
    "SELECT (SELECT data_version FROM pragma_data_version()),"
    " (SELECT schema_version FROM pragma_schema_version())"
)
MEMO_INFO_KEY, MEMO_SIZE = "eventsys.read_row", 64


def _sqlite_read_row(conn: sa.Connection, statement, parameters: dict) -> sa.Row:
    """The row, from this connection's memo when the database has not changed
    since it was read (checked with one PRAGMA read, a few µs against a feed
    fingerprint's ~0.5 ms through SQLAlchemy: issue 25, the SQLite feed).

    Not inside a transaction: its writes are counted but could still be rolled
    back, and a memo taken then would outlive them.
    """
    pooled = conn.connection
    driver = pooled.dbapi_connection
    try:
        if driver.in_transaction:
            return conn.execute(statement, parameters).one()
        version = (*driver.execute(SQLITE_VERSION).fetchone(), driver.total_changes)
    except sqlite3.Error:
        # Past SQLAlchemy, so unwrapped: let the statement meet the same
        # problem through it (a disconnect is then retried, a database gone
        # is a 503: errors.py), and remember nothing.
        return conn.execute(statement, parameters).one()
    memo = pooled.info.get(MEMO_INFO_KEY)
    if memo is None:
        memo = pooled.info[MEMO_INFO_KEY] = OrderedDict()
    key = (statement, tuple(sorted(parameters.items())))
    try:
        found = memo.get(key)
    except TypeError:  # a parameter that cannot be a key (a list): read it
        return conn.execute(statement, parameters).one()
    if found is not None and found[0] == version:
        memo.move_to_end(key)
        return found[1]
    row = conn.execute(statement, parameters).one()
    memo[key] = (version, row)
    memo.move_to_end(key)
    if len(memo) > MEMO_SIZE:
        # The least recently used out first: the lists of meetings read with a
        # new :now each time must not push the feeds' rows out all at once.
        memo.popitem(last=False)
    return row


RETRY_KEY = "eventsys.retry_after_disconnect"


def ask_retry(error: Exception) -> bool:
    """Ask RetryAfterDisconnect to run this read again; False if it may not."""
    if not (
        has_request_context()
        and getattr(error, "connection_invalidated", False)
        and request.method in READ_METHODS
        and request.environ.get(RETRY_KEY) is None
    ):
        return False
    request.environ[RETRY_KEY] = "asked"
    return True


class RetryAfterDisconnect:
    """WSGI middleware: a read that met a dropped connection runs once more.

    Without a pre-ping per checkout a pooled connection can be dead (the
    database restarted, an idle timeout). The first statement on it fails as a
    disconnect and SQLAlchemy invalidates the whole pool, so the same request
    run again gets a fresh connection. Only reads (GET/HEAD/OPTIONS: they
    change nothing) and only once: a second failure is the database really
    being down, answered 503 by errors._handle_database_down.
    """

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") not in READ_METHODS:
            return self.wsgi_app(environ, start_response)
        held = []

        def hold(status, headers, exc_info=None):
            held[:] = [status, headers, exc_info]
            return _no_write

        body = self.wsgi_app(environ, hold)
        if environ.get(RETRY_KEY) != "asked":
            start_response(*held)
            return body
        if hasattr(body, "close"):
            body.close()
        environ[RETRY_KEY] = "done"
        return self.wsgi_app(environ, start_response)


def _no_write(_data) -> None:
    raise RuntimeError("eventsys responses return their body; write() is not used")
