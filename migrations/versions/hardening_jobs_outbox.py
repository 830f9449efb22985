"""hardening: the scheduler's job_run table; outbox rows erased once sent

Revision ID: hardening
Revises: settings
"""

import sqlalchemy as sa
from alembic import op

import eventsys.models

revision = "hardening"
down_revision = "settings"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "job_run",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("claimed_by", sa.String(length=100), nullable=False),
        sa.Column(
            "claimed_at", eventsys.models.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "last_started_at", eventsys.models.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "last_finished_at",
            eventsys.models.UTCDateTime(timezone=True),
            nullable=True,
        ),
        sa.Column("last_result", sa.Text(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_job_run")),
    )
    with op.batch_alter_table("outbox_email") as batch:
        batch.add_column(
            sa.Column(
                "erase_after_send",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )  # fmt: skip
        )


def downgrade():
    with op.batch_alter_table("outbox_email") as batch:
        batch.drop_column("erase_after_send")
    op.drop_table("job_run")
