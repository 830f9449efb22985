"""accounts: session generation, series and global roles, door staff, identities,
invitations, second factor

Revision ID: accounts
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "accounts"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user") as batch:
        batch.add_column(
            sa.Column(
                "session_generation", sa.Integer(), nullable=False, server_default="0"
            )
        )


def downgrade():
    with op.batch_alter_table("user") as batch:
        batch.drop_column("session_generation")
