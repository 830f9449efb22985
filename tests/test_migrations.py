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


def test_proposal_links_keep_the_links_sent_before(tmp_path):
    """The proposallinks migration copies each proposal's token hash into
    legacy_token_hash: the link the proposer holds still opens the proposal, a
    link of the new kind opens it too; downgrade brings the hash back."""
    from eventsys import links
    from eventsys.agenda.models import SideEventProposal
    from eventsys.tokens import hash_token
    from tests.factories import make_meeting

    app = create_app(
        base_config(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/p.db")
    )
    old_token = "old-proposal-token-1234567890abcdef"
    with app.app_context():
        upgrade(revision="sideorganisers")
        meeting_id = make_meeting(slug="idm").id  # the meeting table is unchanged
        db.session.commit()
        with db.engine.begin() as connection:
            for n, token in enumerate((old_token, "another-token-0987654321")):
                connection.execute(
                    sa.text(
                        "INSERT INTO side_event_proposal (meeting_id, organisers,"
                        " contact_name, contact_email, title, description, language,"
                        " format, wished_slot, status, comment, token_hash, created_at)"
                        " VALUES (:meeting, '[\"MFA\"]', 'Ana', 'ana@example.org',"
                        " :title, '{}', 'en', 'in_person', '', 'submitted', '',"
                        " :hash, CURRENT_TIMESTAMP)"
                    ),
                    {
                        "meeting": meeting_id,
                        "title": f'{{"en": "Old {n}"}}',
                        "hash": hash_token(token),
                    },  # fmt: skip
                )
        upgrade(revision="proposallinks")
        db.session.remove()
        with app.test_request_context():
            found = links.resolve(SideEventProposal, old_token)
            assert found.title == {"en": "Old 0"}
            assert found.legacy_token_hash == hash_token(old_token)
            assert found.link_generation == 1 and len(found.public_id) == 16
            other = links.resolve(SideEventProposal, "another-token-0987654321")
            assert other.public_id != found.public_id
            assert links.resolve(SideEventProposal, links.link_for(found)) is found
        client = app.test_client()
        assert client.get(f"/side-events/{old_token}").status_code == 200
        downgrade(revision="sideorganisers")
        with db.engine.connect() as connection:
            hashes = connection.execute(
                sa.text("SELECT token_hash FROM side_event_proposal ORDER BY id")
            ).scalars().all()  # fmt: skip
        assert hashes == [hash_token(old_token), hash_token("another-token-0987654321")]
