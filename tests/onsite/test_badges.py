"""Badges: printed for managers (4 per A4 or one per A6), the e-badge behind the
participant's link; read back with pdftotext, pypdf and a QR decoder (zxing-cpp)."""

import subprocess
from io import BytesIO
from pathlib import Path

import pytest
import sqlalchemy as sa
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from eventsys.extensions import db
from eventsys.mail.models import OutboxEmail
from eventsys.registration import service
from tests.factories import PASSWORD
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_registration
from tests.factories import make_role
from tests.factories import make_user
from tests.onsite.helpers import NOW
from tests.pdf.conftest import pdf_pages
from tests.registration.helpers import form_data

LONG_FAMILY = "de la Santísima Trinidad Villalobos-Hernández y Ruiz"


@pytest.fixture
def world(app):
    meeting = make_meeting(slug="badged")
    manager = make_user(email="badge-manager@example.org")
    make_role(manager, meeting, "manager")
    states = make_category(
        meeting, key="states", name={"en": "Member States"}, position=0
    )
    ngos = make_category(meeting, key="ngos", name={"en": "Civil society"}, position=1)
    people = [
        make_registration(
            meeting,
            category=states,
            status="confirmed",
            title="H.E. Ms",
            given_name="Amina",
            family_name="Diallo",
            represents="Senegal",
            country="SN",
            function="head_of_delegation",
        ),
        make_registration(
            meeting,
            category=states,
            status="confirmed",
            given_name="María Fernanda Alejandra",
            family_name=LONG_FAMILY,
        ),
        make_registration(
            meeting, category=ngos, status="confirmed", organisation="Migrant Forum"
        ),
        make_registration(meeting, category=ngos, status="confirmed"),
        make_registration(meeting, category=ngos, status="confirmed"),
    ]
    pending = make_registration(meeting, category=ngos, status="pending")
    db.session.commit()
    return {"meeting": meeting, "people": people, "pending": pending}


def _login(client):
    client.post(
        "/login", data={"email": "badge-manager@example.org", "password": PASSWORD}
    )


def qr_codes(pdf: bytes, dpi: int = 150) -> list[str]:
    """Every QR code on every page, decoded from the rendered pixels."""
    found = []
    pages = len(PdfReader(BytesIO(pdf)).pages)
    for page in range(1, pages + 1):
        png = subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", "-"],
            input=pdf,
            capture_output=True,
            check=True,
        ).stdout
        image = Image.open(BytesIO(png))
        found += [b.text for b in zxingcpp.read_barcodes(image)]
    return found


def test_sheet_of_four_badges_with_names_categories_and_codes(client, world):
    _login(client)
    response = client.get("/manage/meetings/badged/badges.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "no-store" in response.headers["Cache-Control"].split(", ")
    pdf = response.data
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) == 2  # 5 confirmed people, 4 per sheet
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4
    pages = pdf_pages(pdf)
    assert sum(page.count("MEMBER STATES") for page in pages) == 2
    assert sum(page.count("CIVIL SOCIETY") for page in pages) == 3
    assert "H.E. Ms Amina DIALLO" in pages[0]
    assert "Senegal" in pages[0]
    assert "Head of delegation" in pages[0]
    assert "Migrant Forum" in "".join(pages)
    assert "VILLALOBOS" in "".join(pages)
    assert sorted(qr_codes(pdf)) == sorted(p.checkin_code for p in world["people"])


def test_long_names_stay_inside_their_badge(client, world):
    _login(client)
    pdf = client.get("/manage/meetings/badged/badges.pdf?layout=single").data
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) == 5
    assert all(round(float(p.mediabox[3])) == 420 for p in reader.pages)  # A6
    long_badge = next(
        p.extract_text() for p in reader.pages if "TRINIDAD" in p.extract_text()
    )
    # Wrapped, never cut: every word of the name is on the page.
    for word in LONG_FAMILY.upper().split():
        assert word in long_badge.replace("\n", " ")


def test_filters_by_category_status_and_ids(client, world):
    _login(client)
    ngos = client.get("/manage/meetings/badged/badges.pdf?category=ngos").data
    assert len(qr_codes(ngos)) == 3
    pending = client.get("/manage/meetings/badged/badges.pdf?status=pending").data
    assert qr_codes(pending) == [world["pending"].checkin_code]
    first = world["people"][0]
    one = client.get(f"/manage/meetings/badged/badges.pdf?ids={first.id}").data
    assert qr_codes(one) == [first.checkin_code]
    bad = client.get("/manage/meetings/badged/badges.pdf?category=nope&ids=x")
    assert bad.status_code == 422


def test_e_badge_for_confirmed_participants_only(client, world):
    person = world["people"][0]
    response = client.get(f"/registrations/{person.plain_token}/badge.pdf")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"].split(", ")
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert qr_codes(response.data) == [person.checkin_code]
    assert "H.E. Ms Amina DIALLO" in pdf_pages(response.data)[0]
    pending = client.get(f"/registrations/{world['pending'].plain_token}/badge.pdf")
    assert pending.status_code == 404
    assert client.get("/registrations/not-a-token/badge.pdf").status_code == 404


def test_badges_leave_the_pdf_cache_as_soon_as_a_person_changes(app, client, world):
    """Badges are rendered by a job into the cache; the next change to any of
    the meeting's people deletes them, never to be served again."""
    _login(client)
    person = world["people"][0]
    assert client.get("/manage/meetings/badged/badges.pdf").status_code == 200
    assert (
        client.get(f"/registrations/{person.plain_token}/badge.pdf").status_code == 200
    )
    cache = Path(app.config["PDF_CACHE_DIR"])
    assert len(list(cache.rglob("*.pdf"))) == 2
    person.family_name = "Touré"
    db.session.commit()
    assert list(cache.rglob("*.pdf")) == []
    again = client.get(f"/registrations/{person.plain_token}/badge.pdf")
    assert again.status_code == 200 and "TOURÉ" in pdf_pages(again.data)[0]


def test_confirmation_email_links_to_the_e_badge(app, client):
    meeting = make_meeting(slug="mailed", capacity=10)
    category = make_category(meeting, key="open")
    db.session.commit()
    registration, token = service.register(meeting, data=form_data(category), now=NOW)
    db.session.commit()
    assert registration.status == "confirmed"
    assert registration.checkin_code and registration.checkin_code != token
    mail = db.session.scalars(sa.select(OutboxEmail)).one()
    link = f"http://events.test/registrations/{token}/badge.pdf"
    assert link in mail.body_text
    assert f'href="{link}"' in mail.body_html
    response = client.get(link.removeprefix("http://events.test"))
    assert qr_codes(response.data) == [registration.checkin_code]
