"""Counting the SQL statements a piece of code sends: the one helper the
query-count tests share (tests/perf and the pages' own tests)."""

from contextlib import contextmanager

import sqlalchemy as sa

from eventsys.extensions import db


@contextmanager
def counting():
    """The statements sent to the app's engine inside the block, BEGIN included."""
    statements = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", before)
