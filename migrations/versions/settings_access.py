"""registration access: open or by invitation, for meetings and categories

Revision ID: settings
Revises: questions
"""

import sqlalchemy as sa
from alembic import op

revision = "settings"
down_revision = "questions"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("meeting") as batch:
        batch.add_column(
            sa.Column(
                "access", sa.String(length=20), server_default="open", nullable=False
            )
        )
        batch.create_check_constraint(
            "access_allowed", "access IN ('open', 'invitation')"
        )
    with op.batch_alter_table("participant_category") as batch:
        batch.add_column(sa.Column("access", sa.String(length=20), nullable=True))
        batch.create_check_constraint(
            "access_allowed", "access IN ('open', 'invitation')"
        )


def downgrade():
    with op.batch_alter_table("participant_category") as batch:
        batch.drop_constraint("access_allowed", type_="check")
        batch.drop_column("access")
    with op.batch_alter_table("meeting") as batch:
        batch.drop_constraint("access_allowed", type_="check")
        batch.drop_column("access")
