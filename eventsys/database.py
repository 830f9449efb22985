"""Engine set-up that keeps SQLite honest about transactions.

pysqlite's own transaction handling defers BEGIN and so defeats locking: we
take control (SQLAlchemy's documented recipe) and emit BEGIN ourselves. Writes
(any request but GET/HEAD/OPTIONS, and all CLI and job work) start with BEGIN
IMMEDIATE, so two seat claims can never interleave; reads stay deferred and
never block each other under WAL.
"""

import sqlalchemy as sa
from flask import has_request_context
from flask import request

READ_METHODS = {"GET", "HEAD", "OPTIONS"}
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
    if has_request_context() and request.method in READ_METHODS:
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
