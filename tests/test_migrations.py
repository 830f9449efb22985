"""The migrations build exactly the schema the models describe."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade
from flask_migrate import upgrade

from eventsys import create_app
from eventsys.extensions import db
from tests.conftest import base_config
from tests.conftest import postgres_url
from tests.conftest import requires_postgres


def _diff_after_upgrade(app):
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True}
            )
            return compare_metadata(context, db.metadata)


def test_migrations_match_models_on_sqlite(tmp_path):
    app = create_app(
        base_config(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/m.db")
    )
    assert _diff_after_upgrade(app) == []


@requires_postgres
def test_migrations_match_models_on_postgresql(tmp_path):
    app = create_app(base_config(tmp_path, SQLALCHEMY_DATABASE_URI=postgres_url()))
    with app.app_context(), db.engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    try:
        assert _diff_after_upgrade(app) == []
    finally:
        with app.app_context():
            with db.engine.begin() as connection:
                connection.exec_driver_sql(
                    "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"
                )
            db.engine.dispose()


def test_team_invitation_audit_rows_are_renamed(tmp_path):
    """The invites migration moves team invitations' audit rows to team_invitation.*
    and leaves invitations to register (same action names) alone; downgrade undoes it."""
    app = create_app(
        base_config(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/a.db")
    )
    rows = [
        ("invitation.sent", "AccountInvitation"),
        ("invitation.accepted", "AccountInvitation"),
        ("invitation.send", "Invitation"),
        ("invitation.accept", "Invitation"),
    ]
    with app.app_context():
        upgrade(revision="documents")
        with db.engine.begin() as connection:
            for action, kind in rows:
                connection.execute(
                    sa.text(
                        "INSERT INTO audit_event (at, actor_label, action, object_type,"
                        " security, before, after, ip) VALUES (CURRENT_TIMESTAMP, '',"
                        " :action, :kind, 0, '{}', '{}', '')"
                    ),
                    {"action": action, "kind": kind},
                )
        upgrade(revision="invites")
        query = sa.text("SELECT action FROM audit_event ORDER BY id")
        with db.engine.connect() as connection:
            assert [r[0] for r in connection.execute(query)] == [
                "team_invitation.sent",
                "team_invitation.accepted",
                "invitation.send",
                "invitation.accept",
            ]
        downgrade(revision="documents")
        with db.engine.connect() as connection:
            assert [r[0] for r in connection.execute(query)] == [a for a, _k in rows]
