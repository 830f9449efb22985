"""Erasure reaches the PDFs: the cache key changes and the rebuilt PDFs no longer name the person."""

import subprocess
from datetime import UTC
from datetime import datetime

from eventsys.extensions import db
from tests.factories import PASSWORD
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_registration
from tests.factories import make_role
from tests.factories import make_user

NAME = "Quixotica"


def pdf_text(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/pdf"
    done = subprocess.run(
        ["pdftotext", "-", "-"], input=response.data, capture_output=True, check=True
    )
    return done.stdout.decode().lower()


def world(**meeting_values):
    meeting = make_meeting(
        slug="listed", public_participant_list=True, **meeting_values
    )
    category = make_category(meeting)
    registration = make_registration(
        meeting,
        category=category,
        status="confirmed",
        consent_to_list=True,
        given_name="Zenobia",
        family_name=NAME,
        organisation="Ruritanian Mission",
    )
    make_registration(
        meeting,
        category=category,
        status="confirmed",
        consent_to_list=True,
        given_name="Other",
        family_name="Keeper",
    )
    manager = make_user(email="manager@example.org")
    make_role(manager, meeting, "manager")
    db.session.commit()
    return meeting, registration


PATHS = (
    "/meetings/listed/participants.pdf",
    "/meetings/listed/proceedings.pdf",
    "/manage/meetings/listed/participants.pdf",
)


def fetch_all(client) -> dict:
    return {path: client.get(path) for path in PATHS}


def test_participant_erasure_rebuilds_the_pdfs(app, client):
    meeting, registration = world()
    client.post("/login", data={"email": "manager@example.org", "password": PASSWORD})
    before = fetch_all(client)
    for path, response in before.items():
        text = pdf_text(response)
        assert NAME.lower() in text and "keeper" in text, path

    assert (
        client.post(f"/registrations/{registration.plain_token}/erase").status_code
        == 200
    )

    after = fetch_all(client)
    for path, response in after.items():
        text = pdf_text(response)
        assert NAME.lower() not in text and "ruritanian" not in text, path
        assert response.headers["ETag"] != before[path].headers["ETag"], (
            f"{path}: same cache key"
        )
    assert "keeper" in pdf_text(after["/meetings/listed/participants.pdf"])


def test_erasure_after_the_meeting_rebuilds_the_pdfs(app, client):
    """The secretariat erases from the manage pages; a past meeting keeps the (anonymised)
    confirmed row for its statistics; the name goes."""
    meeting, registration = world(starts_at=datetime(2019, 10, 15, 7, 0, tzinfo=UTC))
    client.post("/login", data={"email": "manager@example.org", "password": PASSWORD})
    before = fetch_all(client)
    assert NAME.lower() in pdf_text(before["/meetings/listed/proceedings.pdf"])

    page = client.get(f"/manage/meetings/listed/registrations/{registration.id}/erase")
    assert (
        page.status_code == 200 and NAME.lower() in page.get_data(as_text=True).lower()
    )
    response = client.post(
        f"/manage/meetings/listed/registrations/{registration.id}/erase"
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert (
        registration.anonymised_at is not None and registration.status == "confirmed"
    )  # counts stay
    assert (
        client.get(
            f"/manage/meetings/listed/registrations/{registration.id}/erase"
        ).status_code
        == 404
    )

    for path, response in fetch_all(client).items():
        assert NAME.lower() not in pdf_text(response), path
        assert response.headers["ETag"] != before[path].headers["ETag"], path
