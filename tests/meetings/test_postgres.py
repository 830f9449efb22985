"""The meeting pages' queries on PostgreSQL (JSONB, EXTRACT, the outcomes join)."""

from datetime import UTC
from datetime import datetime

from eventsys.meetings import service
from tests.factories import make_meeting
from tests.factories import make_person
from tests.factories import make_series
from tests.factories import make_session
from tests.factories import make_user

UTC = UTC


def test_public_pages_and_create_on_postgres(pg_app):
    from eventsys.extensions import db

    series = make_series(slug="idm")
    meeting = make_meeting(
        slug="idm-2019", series=series, starts_at=datetime(2019, 10, 15, 7, tzinfo=UTC)
    )
    make_person(make_session(meeting, title={"en": "Opening"}), name="A. Chair")
    admin = make_user(is_admin=True)
    created = service.create_meeting(
        actor=admin,
        data={
            "series_id": series.id,
            "slug": "idm-2027",
            "title": {"en": "IDM 2027"},
            "timezone": "Europe/Zurich",
            "starts_at": datetime(2027, 3, 1, 10),
            "ends_at": datetime(2027, 3, 1, 17),
            "languages": ["en"],
            "main_language": "en",
            "format": "in_person",
        },
    )
    service.update_meeting(
        created,
        actor=admin,
        data={
            **{name: getattr(created, name) for name in service.MEETING_FIELDS},
            "venue": "CICG",
        },
    )
    db.session.commit()
    client = pg_app.test_client()
    assert "IDM 2019" not in client.get("/meetings/?year=2027").get_data(as_text=True)
    page = client.get("/meetings/?series=idm&year=2019").get_data(as_text=True)
    assert "1 meeting" in page and 'value="2019" selected' in page
    assert client.get("/meetings/idm-2019/").status_code == 200
    assert "A. Chair" in client.get("/meetings/idm-2019/agenda").get_data(as_text=True)
    assert client.get("/meetings/idm-2027/").status_code == 404  # still a draft
