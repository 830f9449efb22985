"""Statements run by the API's JSON export of a meeting, on the bench database.

`python benchmarks/export_queries.py <slug>` with DATABASE_URL set (run.py
does it): prints one RESULT line. The test that holds the limit at any size is
tests/perf/test_export_queries.py; this is the figure on the demo's data.
"""

import json
import sys
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eventsys import create_app
from eventsys.extensions import db

TRANSACTION = {"BEGIN", "COMMIT", "ROLLBACK"}


def main() -> None:
    slug = sys.argv[1]
    app = create_app({"RATELIMIT_ENABLED": False})
    with app.app_context():
        client = app.test_client()
        client.get(f"/api/v1/meetings/{slug}")  # warm: imports, compiled statements
        statements = []

        def count(conn, cursor, statement, *args):
            if statement.strip().upper() not in TRANSACTION:
                statements.append(statement)

        sa.event.listen(db.engine, "before_cursor_execute", count)
        response = client.get(f"/api/v1/meetings/{slug}")
        sa.event.remove(db.engine, "before_cursor_execute", count)
        body = response.get_json() or {}
    print(
        "RESULT "
        + json.dumps(
            {
                "status": response.status_code,
                "queries": len(statements),
                "sessions": len(body.get("sessions", [])),
            }
        )
    )


if __name__ == "__main__":
    main()
