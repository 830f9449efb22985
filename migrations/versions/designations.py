"""designations: an approved organisation designates its representatives

Revision ID: designations
Revises: proposallinks
Create Date: 2026-12-02 18:40:00

"""

from alembic import op
import sqlalchemy as sa

import eventsys.models

# revision identifiers, used by Alembic.
revision = "designations"
down_revision = "proposallinks"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "designation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("sent_to", sa.String(length=254), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("sent_at", eventsys.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", eventsys.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("public_id", sa.String(length=22), nullable=False),
        sa.Column("link_generation", sa.Integer(), nullable=False),
        sa.Column("legacy_token_hash", sa.String(length=64), nullable=True),
        sa.Column("created_at", eventsys.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", eventsys.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["participant_category.id"],
            name=op.f("fk_designation_category_id_participant_category"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_designation_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_designation_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sent_by_id"],
            ["user.id"],
            name=op.f("fk_designation_sent_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_designation")),
        sa.UniqueConstraint(
            "meeting_id",
            "organisation_id",
            name=op.f("uq_designation_meeting_id_organisation_id"),
        ),
        sa.UniqueConstraint("public_id", name=op.f("uq_designation_public_id")),
        sa.UniqueConstraint(
            "legacy_token_hash", name=op.f("uq_designation_legacy_token_hash")
        ),
    )
    with op.batch_alter_table("designation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_designation_meeting_id"), ["meeting_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_designation_organisation_id"),
            ["organisation_id"],
            unique=False,
        )
    for table, column in (
        ("invitation", "designation_id"),
        ("registration", "represents_designation_id"),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_{column}_designation"),
                "designation",
                [column],
                ["id"],
                ondelete="SET NULL",
            )


def downgrade():
    for table, column in (
        ("registration", "represents_designation_id"),
        ("invitation", "designation_id"),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(
                batch_op.f(f"fk_{table}_{column}_designation"), type_="foreignkey"
            )
            batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
            batch_op.drop_column(column)
    with op.batch_alter_table("designation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_designation_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_designation_meeting_id"))
    op.drop_table("designation")
