"""Shared set-up for the meetings and agenda tests."""

from tests.factories import PASSWORD
from tests.factories import make_role
from tests.factories import make_user


def login_manager(client, meeting=None, **user):
    """A user (manager of `meeting` if given) signed in on the client."""
    user = make_user(**user)
    if meeting is not None:
        make_role(user, meeting, "manager")
    from eventsys.extensions import db

    db.session.commit()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return user


def meeting_form(series, **overrides) -> dict:
    data = {
        "series_id": str(series.id),
        "slug": "idm-2027-geneva",
        "title": "IDM 2027 Geneva",
        "title_fr": "DIM 2027 Genève",
        "theme": "Climate and mobility",
        "description": "About.",
        "practical_info": "Bring a badge.",
        "timezone": "Europe/Zurich",
        "starts_at": "2027-10-12T10:00",
        "ends_at": "2027-10-13T18:00",
        "format": "hybrid",
        "venue": "Palais des Nations",
        "city": "Geneva",
        "country": "CH",
        "online_url": "https://meet.example.org/idm",
        "online_access_note": "Webcast live.",
        "contact_email": "idm@example.org",
        "languages": ["en", "fr"],
        "main_language": "en",
        "capacity": "300",
        "in_person_capacity": "200",
        "online_capacity": "",
        "registration_opens_at": "2027-09-01T09:00",
        "registration_closes_at": "2027-10-05T18:00",
        "requires_approval": "y",
    }
    data.update(overrides)
    return data
