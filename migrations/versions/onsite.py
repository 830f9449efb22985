"""onsite: check-in codes on registrations, check-in devices, check-ins, scans

Revision ID: onsite
Revises: comms
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "onsite"
down_revision = "comms"
branch_labels = None
depends_on = None

registration = sa.table(
    "registration", sa.column("id", sa.Integer), sa.column("checkin_code", sa.String)
)


def upgrade():
    # A plain ADD COLUMN (no batch copy of the referenced registration table).
    op.add_column(
        "registration", sa.Column("checkin_code", sa.String(length=32), nullable=True)
    )
    bind = op.get_bind()
    ids = bind.execute(sa.select(registration.c.id)).scalars().all()
    for registration_id in ids:
        bind.execute(
            registration.update()
            .where(registration.c.id == registration_id)
            .values(checkin_code=secrets.token_urlsafe(18))
        )
    op.create_index(
        "uq_registration_checkin_code", "registration", ["checkin_code"], unique=True
    )
    op.create_table(
        "checkin_device",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name="fk_checkin_device_meeting_id_meeting",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name="fk_checkin_device_user_id_user",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_checkin_device"),
        sa.UniqueConstraint("key", name="uq_checkin_device_key"),
    )
    op.create_index(
        "ix_checkin_device_meeting_id", "checkin_device", ["meeting_id"], unique=False
    )
    op.create_index(
        "ix_checkin_device_user_id", "checkin_device", ["user_id"], unique=False
    )
    op.create_table(
        "checkin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("device_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=True),
        sa.CheckConstraint(
            "source IN ('scan', 'manual', 'import')", name="ck_checkin_source_allowed"
        ),
        sa.ForeignKeyConstraint(
            ["device_id"],
            ["checkin_device.id"],
            name="fk_checkin_device_id_checkin_device",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name="fk_checkin_registration_id_registration",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_checkin"),
        sa.UniqueConstraint("nonce", name="uq_checkin_nonce"),
        sa.UniqueConstraint(
            "registration_id", "day", name="uq_checkin_registration_id_day"
        ),
    )
    op.create_index("ix_checkin_device_id", "checkin", ["device_id"], unique=False)
    op.create_table(
        "checkin_scan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.Integer(), nullable=True),
        sa.Column("checkin_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("result", sa.String(length=20), nullable=False),
        sa.CheckConstraint(
            "result IN ('checked_in', 'already_checked_in', 'not_confirmed')",
            name="ck_checkin_scan_result_allowed",
        ),
        sa.ForeignKeyConstraint(
            ["checkin_id"],
            ["checkin.id"],
            name="fk_checkin_scan_checkin_id_checkin",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["device_id"],
            ["checkin_device.id"],
            name="fk_checkin_scan_device_id_checkin_device",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name="fk_checkin_scan_registration_id_registration",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_checkin_scan"),
        sa.UniqueConstraint("nonce", name="uq_checkin_scan_nonce"),
    )
    for column in ("registration_id", "device_id", "checkin_id"):
        op.create_index(
            f"ix_checkin_scan_{column}", "checkin_scan", [column], unique=False
        )


def downgrade():
    op.drop_table("checkin_scan")
    op.drop_table("checkin")
    op.drop_table("checkin_device")
    op.drop_index("uq_registration_checkin_code", table_name="registration")
    op.drop_column("registration", "checkin_code")
