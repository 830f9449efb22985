"""registration questions: asked of delegation members; keyed, multilingual choices

Revision ID: questions
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "questions"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("registration_question", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "asked_of_members",
                sa.Boolean(),
                server_default=sa.true(),
                nullable=False,
            )
        )


def downgrade():
    with op.batch_alter_table("registration_question", schema=None) as batch_op:
        batch_op.drop_column("asked_of_members")
