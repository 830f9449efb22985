"""comms: messages to participants, opt-outs of messages, outbox headers and message link

Revision ID: comms
Revises: invitations
Create Date: 2026-12-01 22:50:00

"""

import sqlalchemy as sa
from alembic import op

import eventsys.models

# revision identifiers, used by Alembic.
revision = "comms"
down_revision = "invitations"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("audience", sa.JSON(), nullable=False),
        sa.Column("subject", eventsys.models.I18nText, nullable=False),
        sa.Column("body", eventsys.models.I18nText, nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", eventsys.models.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user.id"],
            name=op.f("fk_message_author_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_message_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message")),
    )
    op.create_index(
        op.f("ix_message_meeting_id"), "message", ["meeting_id"], unique=False
    )
    op.create_table(
        "message_opt_out",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column(
            "created_at", eventsys.models.UTCDateTime(timezone=True), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_opt_out")),
        sa.UniqueConstraint("email", name=op.f("uq_message_opt_out_email")),
    )
    op.add_column(
        "outbox_email",
        sa.Column("headers", sa.JSON(), nullable=True),
    )
    op.add_column(
        "outbox_email", sa.Column("comms_message_id", sa.Integer(), nullable=True)
    )
    op.create_index(
        "ix_outbox_comms_message",
        "outbox_email",
        ["comms_message_id", "status"],
        unique=False,
    )


def downgrade():
    op.drop_index("ix_outbox_comms_message", table_name="outbox_email")
    op.drop_column("outbox_email", "comms_message_id")
    op.drop_column("outbox_email", "headers")
    op.drop_table("message_opt_out")
    op.drop_index(op.f("ix_message_meeting_id"), table_name="message")
    op.drop_table("message")
