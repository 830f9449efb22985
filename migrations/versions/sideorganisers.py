"""sideorganisers: side events link their organisers to directory organisations

Revision ID: sideorganisers
Revises: contributions
Create Date: 2026-12-02 12:25:00

"""

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "sideorganisers"
down_revision = "contributions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "agenda_session_organisation",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["agenda_session.id"],
            name=op.f("fk_agenda_session_organisation_session_id_agenda_session"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_agenda_session_organisation_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "session_id", "organisation_id", name=op.f("pk_agenda_session_organisation")
        ),
    )
    with op.batch_alter_table("agenda_session_organisation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agenda_session_organisation_organisation_id"),
            ["organisation_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("agenda_session_organisation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_session_organisation_organisation_id"))
    op.drop_table("agenda_session_organisation")
