"""The onsite migration gives every existing registration its own check-in code."""

from datetime import datetime

import sqlalchemy as sa
from flask_migrate import upgrade

from eventsys import create_app
from eventsys.extensions import db
from tests.conftest import base_config


def _insert(connection, table_name: str, **values) -> None:
    """A row with every required column filled, as the schema before onsite has it."""
    table = sa.Table(table_name, sa.MetaData(), autoload_with=connection)
    row = {}
    for column in table.columns:
        if (
            column.name in values
            or column.nullable
            or column.server_default is not None
        ):
            continue
        try:
            kind = column.type.python_type
        except NotImplementedError:
            kind = dict
        row[column.name] = {
            str: "x",
            int: 1,
            bool: False,
            datetime: datetime(2027, 6, 1, 7, 0),
            dict: {},
            list: [],
        }.get(kind, "x")
    row.update(values)
    connection.execute(table.insert().values(**row))


def test_existing_registrations_get_distinct_codes(tmp_path):
    app = create_app(
        base_config(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/m.db")
    )
    with app.app_context():
        upgrade(revision="settings")  # the head before onsite
        with db.engine.begin() as connection:
            _insert(connection, "series", id=1, slug="s", kind="other")
            _insert(
                connection,
                "meeting",
                id=1,
                series_id=1,
                slug="m",
                status="published",
                format="in_person",
                timezone="Europe/Zurich",
                ends_at=datetime(2027, 6, 1, 16, 0),
                seats_taken=0,
                in_person_taken=0,
                online_taken=0,
            )
            _insert(
                connection,
                "participant_category",
                id=1,
                meeting_id=1,
                key="c",
                seats_taken=0,
                in_person_taken=0,
                online_taken=0,
            )
            for n in range(1, 4):
                _insert(
                    connection,
                    "registration",
                    id=n,
                    meeting_id=1,
                    category_id=1,
                    email=f"p{n}@example.org",
                    status="confirmed",
                    attendance="in_person",
                    manage_token_hash=f"h{n}",
                )
        upgrade(revision="onsite")
        with db.engine.connect() as connection:
            codes = (
                connection.execute(sa.text("SELECT checkin_code FROM registration"))
                .scalars()
                .all()
            )
    assert len(codes) == 3
    assert len(set(codes)) == 3
    assert all(code and len(code) >= 22 for code in codes)  # 144 random bits
