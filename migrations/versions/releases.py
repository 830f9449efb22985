"""agenda releases: frozen agendas, the agenda visibility setting, change-email baselines

Revision ID: releases
Revises: documents
"""

import sqlalchemy as sa
from alembic import op

import eventsys.models

revision = "releases"
down_revision = "invites"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("meeting") as batch:
        batch.add_column(
            sa.Column(
                "agenda_visibility",
                sa.String(length=20),
                server_default="always",
                nullable=False,
            )
        )
        batch.create_check_constraint(
            "agenda_visibility_allowed", "agenda_visibility IN ('always', 'released')"
        )
    op.create_table(
        "agenda_release",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column(
            "released_at", eventsys.models.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("released_by_id", sa.Integer(), nullable=True),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "number > 0", name=op.f("ck_agenda_release_number_positive")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_agenda_release_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["released_by_id"],
            ["user.id"],
            name=op.f("fk_agenda_release_released_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_release")),
        sa.UniqueConstraint(
            "meeting_id", "number", name=op.f("uq_agenda_release_meeting_id_number")
        ),
    )
    with op.batch_alter_table("agenda_release") as batch:
        batch.create_index(
            batch.f("ix_agenda_release_meeting_id"), ["meeting_id"], unique=False
        )
        batch.create_index(
            batch.f("ix_agenda_release_released_by_id"),
            ["released_by_id"],
            unique=False,
        )
    op.create_table(
        "agenda_notice",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column(
            "notified_at", eventsys.models.UTCDateTime(timezone=True), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_agenda_notice_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("meeting_id", name=op.f("pk_agenda_notice")),
    )


def downgrade():
    op.drop_table("agenda_notice")
    with op.batch_alter_table("agenda_release") as batch:
        batch.drop_index(batch.f("ix_agenda_release_released_by_id"))
        batch.drop_index(batch.f("ix_agenda_release_meeting_id"))
    op.drop_table("agenda_release")
    with op.batch_alter_table("meeting") as batch:
        batch.drop_constraint("agenda_visibility_allowed", type_="check")
        batch.drop_column("agenda_visibility")
