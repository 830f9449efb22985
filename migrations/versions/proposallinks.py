"""proposallinks: a side event proposer's link becomes <public id>.<HMAC>

Every proposal gets a random public id and link generation 1 (each proposal
was sent a link). The stored hash of the link sent before is kept, renamed
legacy_token_hash, so no link sent before stops working; it is cleared when
the link is renewed (eventsys/links.py).

Revision ID: proposallinks
Revises: sideorganisers
Create Date: 2026-12-02 18:50:00

"""

import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "proposallinks"
down_revision = "sideorganisers"
branch_labels = None
depends_on = None

TABLE = "side_event_proposal"


def upgrade():
    with op.batch_alter_table(TABLE) as batch:
        batch.add_column(sa.Column("public_id", sa.String(length=22), nullable=True))
        batch.add_column(sa.Column("link_generation", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("legacy_token_hash", sa.String(length=64), nullable=True)
        )
    rows = sa.table(
        TABLE,
        sa.column("id", sa.Integer),
        sa.column("token_hash", sa.String),
        sa.column("public_id", sa.String),
        sa.column("link_generation", sa.Integer),
        sa.column("legacy_token_hash", sa.String),
    )
    connection = op.get_bind()
    for row in connection.execute(sa.select(rows.c.id, rows.c.token_hash)).all():
        connection.execute(
            rows.update()
            .where(rows.c.id == row.id)
            .values(
                public_id=secrets.token_urlsafe(12),
                link_generation=1,
                legacy_token_hash=row.token_hash,
            )
        )
    with op.batch_alter_table(TABLE) as batch:
        batch.alter_column("public_id", existing_type=sa.String(22), nullable=False)
        batch.alter_column("link_generation", existing_type=sa.Integer(), nullable=False)
        batch.drop_constraint(f"uq_{TABLE}_token_hash", type_="unique")
        batch.drop_column("token_hash")
        batch.create_unique_constraint(f"uq_{TABLE}_public_id", ["public_id"])
        batch.create_unique_constraint(
            f"uq_{TABLE}_legacy_token_hash", ["legacy_token_hash"]
        )


def downgrade():
    # Links sent since the upgrade (HMAC links) stop working: only hashes come
    # back, and a proposal without one gets a random hash that opens nothing.
    with op.batch_alter_table(TABLE) as batch:
        batch.add_column(sa.Column("token_hash", sa.String(length=64), nullable=True))
    rows = sa.table(
        TABLE,
        sa.column("id", sa.Integer),
        sa.column("token_hash", sa.String),
        sa.column("legacy_token_hash", sa.String),
    )
    connection = op.get_bind()
    for row in connection.execute(
        sa.select(rows.c.id, rows.c.legacy_token_hash)
    ).all():
        connection.execute(
            rows.update()
            .where(rows.c.id == row.id)
            .values(token_hash=row.legacy_token_hash or secrets.token_hex(32))
        )
    with op.batch_alter_table(TABLE) as batch:
        batch.alter_column("token_hash", existing_type=sa.String(64), nullable=False)
        batch.drop_constraint(f"uq_{TABLE}_legacy_token_hash", type_="unique")
        batch.drop_constraint(f"uq_{TABLE}_public_id", type_="unique")
        batch.drop_column("legacy_token_hash")
        batch.drop_column("link_generation")
        batch.drop_column("public_id")
        batch.create_unique_constraint(f"uq_{TABLE}_token_hash", ["token_hash"])
