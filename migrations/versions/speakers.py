"""speakers: a request for the floor links the organisation it speaks for; a list of speakers is published

Revision ID: speakers
Revises: programme
Create Date: 2026-12-02 06:10:00

"""

from alembic import op
import sqlalchemy as sa

import eventsys.models

# revision identifiers, used by Alembic.
revision = "speakers"
down_revision = "programme"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("agenda_session", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "speakers_published_at",
                eventsys.models.UTCDateTime(timezone=True),
                nullable=True,
            )
        )
    with op.batch_alter_table("speaker_request", schema=None) as batch_op:
        batch_op.add_column(sa.Column("speaking_for_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_speaker_request_speaking_for_id"), ["speaking_for_id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_speaker_request_speaking_for_id_organisation"),
            "organisation",
            ["speaking_for_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("speaker_request", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_speaker_request_speaking_for_id_organisation"),
            type_="foreignkey",
        )
        batch_op.drop_index(batch_op.f("ix_speaker_request_speaking_for_id"))
        batch_op.drop_column("speaking_for_id")
    with op.batch_alter_table("agenda_session", schema=None) as batch_op:
        batch_op.drop_column("speakers_published_at")
