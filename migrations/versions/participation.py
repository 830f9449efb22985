"""participation: each organisation's first meeting; covering indexes for the search and dashboards

Revision ID: participation
Revises: programme
Create Date: 2026-12-02 06:30:00

"""

from alembic import op
import sqlalchemy as sa

import eventsys.models

# revision identifiers, used by Alembic.
revision = "participation"
down_revision = "sideevents"
branch_labels = None
depends_on = None

# The same rule as eventsys/directory/participation.py first_meetings(), in SQL
# so the migration does not depend on the application's code of the day.
FILL = """
INSERT INTO first_participation (organisation_id, meeting_id, first_at)
SELECT organisation_id, meeting_id, first_at FROM (
    SELECT links.organisation_id, meeting.id AS meeting_id, meeting.starts_at AS first_at,
           row_number() OVER (PARTITION BY links.organisation_id
                              ORDER BY meeting.starts_at, meeting.id) AS rank
    FROM (
        SELECT represents_id AS organisation_id, meeting_id FROM registration
        WHERE represents_id IS NOT NULL
          AND status IN ('pending', 'waitlisted', 'confirmed')
        UNION
        SELECT represents_id, meeting_id FROM delegation WHERE represents_id IS NOT NULL
    ) AS links JOIN meeting ON meeting.id = links.meeting_id
) AS ranked WHERE rank = 1
"""


def upgrade():
    op.create_table(
        "first_participation",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column(
            "first_at", eventsys.models.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_first_participation_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_first_participation_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "organisation_id", name=op.f("pk_first_participation")
        ),
    )
    with op.batch_alter_table("first_participation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_first_participation_meeting_id"),
            ["meeting_id"],
            unique=False,
        )
    with op.batch_alter_table("organisation_name", schema=None) as batch_op:
        batch_op.drop_index("ix_organisation_name_key")
        batch_op.create_index(
            "ix_organisation_name_key", ["key", "organisation_id"], unique=False
        )
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.create_index(
            "ix_registration_dashboard",
            ["meeting_id", "status", "attendance", "category_id", "country",
             "represents_id", "created_at"],
            unique=False,
        )  # fmt: skip
    op.execute(FILL)


def downgrade():
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.drop_index("ix_registration_dashboard")
    with op.batch_alter_table("organisation_name", schema=None) as batch_op:
        batch_op.drop_index("ix_organisation_name_key")
        batch_op.create_index("ix_organisation_name_key", ["key"], unique=False)
    with op.batch_alter_table("first_participation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_first_participation_meeting_id"))
    op.drop_table("first_participation")
