"""links: manage, focal point and calendar feed links become <public id>.<HMAC>

Every registration, delegation and user gets a random public id and a link
generation. The stored hashes of links sent before are kept (renamed
legacy_token_hash) so that no link sent before stops working; they are
cleared when the participant asks for a new link (eventsys/links.py).

Revision ID: links
Revises: documents
Create Date: 2026-12-02 01:10:00

"""

import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "links"
down_revision = "reminders"
branch_labels = None
depends_on = None

# (table, prefix of the new columns, the old hash column).
TABLES = (
    ("registration", "", "manage_token_hash"),
    ("delegation", "", "token_hash"),
    ("user", "calendar_", "calendar_token_hash"),
)


def upgrade():
    for table, prefix, old in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column(f"{prefix}public_id", sa.String(length=22), nullable=True)
            )
            batch.add_column(
                sa.Column(f"{prefix}link_generation", sa.Integer(), nullable=True)
            )
        _fill(table, prefix, old)
        legacy = f"{prefix}legacy_token_hash"
        with op.batch_alter_table(table) as batch:
            batch.alter_column(f"{prefix}public_id", nullable=False)
            batch.alter_column(f"{prefix}link_generation", nullable=False)
            batch.drop_constraint(f"uq_{table}_{old}", type_="unique")
            batch.alter_column(old, new_column_name=legacy)
        # A second pass: SQLite's copy of the table loses a constraint on a
        # column renamed in the same pass.
        with op.batch_alter_table(table) as batch:
            batch.create_unique_constraint(f"uq_{table}_{legacy}", [legacy])
            batch.create_unique_constraint(
                f"uq_{table}_{prefix}public_id", [f"{prefix}public_id"]
            )


def _fill(table: str, prefix: str, old: str) -> None:
    """A random public id for every row; generation 1 where a link was sent.

    Registrations have a link unless erased; delegations and users only where a
    token was issued (a delegation request not yet accepted, a user without a feed).
    """
    rows = sa.table(
        table,
        sa.column("id", sa.Integer),
        sa.column(old, sa.String),
        sa.column(f"{prefix}public_id", sa.String),
        sa.column(f"{prefix}link_generation", sa.Integer),
        *([sa.column("anonymised_at")] if table == "registration" else []),
    )
    connection = op.get_bind()
    for row in connection.execute(sa.select(*rows.c)).mappings().all():
        if table == "registration":
            has_link = row["anonymised_at"] is None
        else:
            has_link = row[old] is not None
        connection.execute(
            rows.update()
            .where(rows.c.id == row["id"])
            .values(
                {
                    f"{prefix}public_id": secrets.token_urlsafe(12),
                    f"{prefix}link_generation": 1 if has_link else 0,
                }
            )
        )


def downgrade():
    # Links sent since the upgrade (HMAC links) stop working: only hashes come back.
    for table, prefix, old in TABLES:
        legacy = f"{prefix}legacy_token_hash"
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"uq_{table}_{prefix}public_id", type_="unique")
            batch.drop_constraint(f"uq_{table}_{legacy}", type_="unique")
            batch.alter_column(legacy, new_column_name=old)
        with op.batch_alter_table(table) as batch:
            batch.create_unique_constraint(f"uq_{table}_{old}", [old])
            batch.drop_column(f"{prefix}link_generation")
            batch.drop_column(f"{prefix}public_id")
