"""sideevents: a side event's wished day and time as columns; managers told of proposals

Revision ID: sideevents
Revises: programme
Create Date: 2026-12-02 06:20:00

The free-text wish (wished_slot) stays as a note beside the new columns: it
cannot be parsed reliably ("Day 1, lunchtime") and the secretariat still reads it.
"""

from alembic import op
import sqlalchemy as sa

revision = "sideevents"
down_revision = "speakers"
branch_labels = None
depends_on = None

KINDS = ("registration_pending", "delegation_nominated", "outcome_submitted",
         "outcome_returned", "outcome_published")  # fmt: skip


def _kind_check(kinds) -> str:
    return "kind IN (" + ", ".join(f"'{k}'" for k in kinds) + ")"


def upgrade():
    with op.batch_alter_table("side_event_proposal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("wished_day", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("wished_start", sa.Time(), nullable=True))
        batch_op.add_column(sa.Column("wished_minutes", sa.Integer(), nullable=True))
    with op.batch_alter_table("pending_notification", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("ck_pending_notification_kind_allowed"), type_="check"
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_pending_notification_kind_allowed"), _kind_check(KINDS + ("side_event_proposed",))
        )


def downgrade():
    op.execute("DELETE FROM pending_notification WHERE kind = 'side_event_proposed'")
    with op.batch_alter_table("pending_notification", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("ck_pending_notification_kind_allowed"), type_="check"
        )
        batch_op.create_check_constraint(batch_op.f("ck_pending_notification_kind_allowed"), _kind_check(KINDS))
    with op.batch_alter_table("side_event_proposal", schema=None) as batch_op:
        batch_op.drop_column("wished_minutes")
        batch_op.drop_column("wished_start")
        batch_op.drop_column("wished_day")
