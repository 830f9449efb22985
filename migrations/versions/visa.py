"""visa: visa support settings and grounds-pass flag on meetings, visa requests

Revision ID: visa
Revises: documents
"""

import sqlalchemy as sa
from alembic import op

revision = "visa"
down_revision = "documents"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMNs (no batch copy of the much-referenced meeting table).
    op.add_column(
        "meeting",
        sa.Column(
            "visa_support", sa.Boolean(), server_default=sa.false(), nullable=False
        ),
    )
    op.add_column(
        "meeting", sa.Column("visa_deadline", sa.DateTime(timezone=True), nullable=True)
    )
    for name in ("visa_signatory_name", "visa_signatory_title"):
        op.add_column(
            "meeting",
            sa.Column(name, sa.String(length=200), server_default="", nullable=False),
        )
    op.add_column(
        "meeting",
        sa.Column(
            "un_premises", sa.Boolean(), server_default=sa.false(), nullable=False
        ),
    )
    op.create_table(
        "visa_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("passport", sa.Text(), nullable=True),
        sa.Column("funding", sa.String(length=30), nullable=False),
        sa.Column("letter_language", sa.String(length=8), nullable=False),
        sa.Column("reference", sa.String(length=60), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=True),
        sa.Column("letter_key", sa.String(length=64), nullable=True),
        sa.Column("refusal_reason", sa.Text(), nullable=False),
        sa.Column("asked_by", sa.String(length=20), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('requested', 'issued', 'refused', 'revoked')",
            name="ck_visa_request_status_allowed",
        ),
        sa.CheckConstraint(
            "funding IN ('none', 'travel', 'travel_and_subsistence')",
            name="ck_visa_request_funding_allowed",
        ),
        sa.CheckConstraint(
            "asked_by IN ('participant', 'focal_point')",
            name="ck_visa_request_asked_by_allowed",
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name="fk_visa_request_registration_id_registration",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user.id"],
            name="fk_visa_request_decided_by_id_user",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_visa_request"),
        sa.UniqueConstraint("registration_id", name="uq_visa_request_registration_id"),
        sa.UniqueConstraint("code_hash", name="uq_visa_request_code_hash"),
    )
    op.create_index(
        "ix_visa_request_decided_by_id", "visa_request", ["decided_by_id"], unique=False
    )


def downgrade():
    op.drop_index("ix_visa_request_decided_by_id", table_name="visa_request")
    op.drop_table("visa_request")
    with op.batch_alter_table("meeting") as batch:
        for name in (
            "un_premises",
            "visa_signatory_title",
            "visa_signatory_name",
            "visa_deadline",
            "visa_support",
        ):
            batch.drop_column(name)
