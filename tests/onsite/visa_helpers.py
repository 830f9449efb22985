"""A meeting with visa support, a confirmed participant, a delegation and a manager."""

import re
from datetime import UTC
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from eventsys.extensions import db
from eventsys.onsite.models import VisaRequest
from eventsys.registration import delegations
from tests.factories import PASSWORD
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_registration
from tests.factories import make_role
from tests.factories import make_user

START = datetime(2027, 6, 1, 7, 0, tzinfo=UTC)
PASSPORT_NUMBER = "X7Q4J2K9P"
PASSPORT = {
    "surnames": "Nakamura-Okafor",
    "given_names": "Chidinma Aiko",
    "passport_number": PASSPORT_NUMBER,
    "passport_type": "ordinary",
    "nationality": "NG",
    "date_of_birth": "1994-03-17",
    "passport_expiry": "2031-08-30",
    "place_of_issue": "Abuja",
    "consulate": "Embassy of Switzerland in Abuja",
    "consulate_email": "abuja.visa@example.org",
}


def visa_world(**meeting_values) -> dict:
    values = {
        "slug": "visa-meeting",
        "title": {"en": "Civil society consultations", "fr": "Consultations"},
        "theme": {"en": "Youth and migration"},
        "starts_at": START,
        "languages": ["en", "fr"],
        "venue": "Palais des Nations",
        "visa_support": True,
        "visa_signatory_name": "Amina Diallo",
        "visa_signatory_title": "Secretary of the Consultations",
    }
    values.update(meeting_values)
    meeting = make_meeting(**values)
    category = make_category(meeting, key="csos", name={"en": "Civil society"})
    manager = make_user(email="visa-manager@example.org")
    make_role(manager, meeting, "manager")
    registration = make_registration(
        meeting,
        category=category,
        status="confirmed",
        given_name="Chidi",
        family_name="Okafor",
        email="chidi@example.org",
        attendance="in_person",
    )
    other = make_registration(
        meeting,
        category=category,
        status="confirmed",
        given_name="Lena",
        family_name="Weber",
        nationality="DE",
        attendance="in_person",
    )
    delegation, delegation_token = delegations.invite_delegation(
        meeting,
        data={"represents": "Ghana", "focal_point_email": "focal@example.org"},
        actor=manager,
        now=START.replace(year=2026),
    )
    member = make_registration(
        meeting,
        category=category,
        delegation=delegation,
        function="member",
        status="confirmed",
    )
    db.session.commit()
    return {
        "meeting": meeting,
        "manager": manager,
        "registration": registration,
        "other": other,
        "member": member,
        "delegation_token": delegation_token,
    }


def sign_in(client, user) -> None:
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def ask(client, token: str, **changes):
    return client.post(f"/registrations/{token}/visa", data={**PASSPORT, **changes})


def the_request(registration) -> VisaRequest:
    return db.session.scalar(
        sa.select(VisaRequest).where(VisaRequest.registration_id == registration.id)
    )


def issue(client, meeting, visa, *, funding="travel", language="en"):
    return client.post(
        f"/manage/meetings/{meeting.slug}/visa/{visa.id}/issue",
        data={"funding": funding, "language": language},
    )


def every_value_in_database() -> list[tuple[str, str]]:
    """(table, text of the row) for every row of every table, outbox included."""
    found = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(sa.select(table)):
            found.append((table.name, " ".join(str(v) for v in row)))
    return found


def files_under(*roots) -> dict[Path, bytes]:
    files = {}
    for root in roots:
        root = Path(root)
        if root.is_dir():
            files.update({p: p.read_bytes() for p in root.rglob("*") if p.is_file()})
    return files


def places_holding(text: str) -> list[str]:
    """Where the plain text appears: database rows, the PDF cache, instance/."""
    config = current_app.config
    needle = text.encode()
    rows = [t for t, row in every_value_in_database() if text in row]
    files = files_under(
        config["PDF_CACHE_DIR"], config["INSTANCE_PATH"], config["DOCUMENTS_DIR"]
    )
    return rows + [str(p) for p, body in files.items() if needle in body]


def verification_code(pdf_text: str) -> str:
    return re.search(r"/letters/([A-Za-z0-9_\-]+)", pdf_text).group(1)
