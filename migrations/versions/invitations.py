"""invitations: invitation-only registration by personal link

Revision ID: invitations
Revises: accounts
"""

import sqlalchemy as sa
from alembic import op

import eventsys.models

revision = "invitations"
down_revision = "accounts"
branch_labels = None
depends_on = None

STATUSES = "status IN ('draft', 'sent', 'accepted', 'declined', 'revoked')"
DELEGATION_OLD = "status IN ('invited', 'nominated', 'accredited')"
DELEGATION_NEW = (
    "status IN ('requested', 'invited', 'nominated', 'accredited', 'declined', "
    "'withdrawn')"
)


def upgrade():
    op.add_column(
        "participant_category",
        sa.Column(
            "approval_for_invited",
            sa.Boolean(),
            server_default=sa.false(),
            nullable=False,
        ),
    )
    op.add_column(
        "delegation",
        sa.Column("mission", sa.String(length=200), server_default="", nullable=False),
    )
    # SQLite cannot alter a CHECK: the batch copies the table (env.py turns
    # foreign keys off while migrating, so nothing cascades).
    with op.batch_alter_table("delegation") as batch:
        batch.drop_constraint("status_allowed", type_="check")
        batch.create_check_constraint("status_allowed", DELEGATION_NEW)
    when = eventsys.models.UTCDateTime(timezone=True)
    op.create_table(
        "invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("title", sa.String(length=40), nullable=False),
        sa.Column("given_name", sa.String(length=100), nullable=False),
        sa.Column("family_name", sa.String(length=100), nullable=False),
        sa.Column("represents", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("bound", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("expires_at", when, nullable=True),
        sa.Column("sent_at", when, nullable=True),
        sa.Column("reminded_at", when, nullable=True),
        sa.Column("answered_at", when, nullable=True),
        sa.Column("decline_reason", sa.Text(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=True),
        sa.Column("used_by_email", sa.String(length=254), nullable=False),
        sa.Column("used_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", when, nullable=False),
        sa.Column("updated_at", when, nullable=False),
        sa.CheckConstraint(STATUSES, name=op.f("ck_invitation_status_allowed")),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_invitation_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["participant_category.id"],
            name=op.f("fk_invitation_category_id_participant_category"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name=op.f("fk_invitation_registration_id_registration"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["used_by_user_id"],
            ["user.id"],
            name=op.f("fk_invitation_used_by_user_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_invitation_token_hash")),
    )
    op.create_index(
        "ix_invitation_meeting_status", "invitation", ["meeting_id", "status"]
    )
    op.create_index(
        "ix_invitation_meeting_email", "invitation", ["meeting_id", "email"]
    )
    op.create_index(op.f("ix_invitation_category_id"), "invitation", ["category_id"])
    op.create_index(
        op.f("ix_invitation_registration_id"), "invitation", ["registration_id"]
    )


def downgrade():
    op.drop_table("invitation")
    with op.batch_alter_table("delegation") as batch:
        batch.drop_constraint("status_allowed", type_="check")
        batch.create_check_constraint("status_allowed", DELEGATION_OLD)
        batch.drop_column("mission")
    with op.batch_alter_table("participant_category") as batch:
        batch.drop_column("approval_for_invited")
