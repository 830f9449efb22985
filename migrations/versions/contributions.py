"""contributions: statements and outcome documents link to organisations

Revision ID: contributions
Revises: programme
Create Date: 2026-12-02 06:35:00

"""

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "contributions"
down_revision = "participation"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("meeting_document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_meeting_document_organisation_id"),
            ["organisation_id"],
            unique=False,
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_meeting_document_organisation_id_organisation"),
            "organisation",
            ["organisation_id"],
            ["id"],
            ondelete="SET NULL",
        )
    # Statements already sent carry their delegation's organisation.
    op.execute(
        "UPDATE meeting_document SET organisation_id = (SELECT represents_id FROM "
        "delegation WHERE delegation.id = meeting_document.delegation_id) "
        "WHERE delegation_id IS NOT NULL"
    )
    op.create_table(
        "outcome_document_contributor",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["outcome_document.id"],
            name=op.f("fk_outcome_document_contributor_document_id_outcome_document"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_outcome_document_contributor_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "document_id", "organisation_id", name=op.f("pk_outcome_document_contributor")
        ),
    )
    with op.batch_alter_table("outcome_document_contributor", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outcome_document_contributor_organisation_id"),
            ["organisation_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("outcome_document_contributor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outcome_document_contributor_organisation_id"))
    op.drop_table("outcome_document_contributor")
    with op.batch_alter_table("meeting_document", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_meeting_document_organisation_id_organisation"),
            type_="foreignkey",
        )
        batch_op.drop_index(batch_op.f("ix_meeting_document_organisation_id"))
        batch_op.drop_column("organisation_id")
