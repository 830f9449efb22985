"""The list order (lists.py) on every surface: page, CSV, XLSX, PDF and API."""

import csv
import io
import re

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from eventsys.exports import FORMULA_STARTS
from eventsys.exports import write_table
from eventsys.extensions import db
from eventsys.registration.models import Delegation
from eventsys.registration.models import ParticipantCategory
from tests.api.helpers import bearer
from tests.api.helpers import token_for
from tests.factories import PASSWORD
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_registration
from tests.factories import make_role
from tests.factories import make_user
from tests.pdf.conftest import pdf_pages

FRENCH = ["Allemagne", "Égypte", "France", "Tchad"]
STATES = [("Egypt", "EG"), ("France", "FR"), ("Germany", "DE"), ("Chad", "TD")]


@pytest.fixture
def world(app):
    meeting = make_meeting(
        slug="lists",
        languages=["en", "fr", "es"],
        public_participant_list=True,
    )
    states = make_category(
        meeting,
        key="member_state",
        name={"en": "Member States", "fr": "États membres"},
        position=1,
        on_public_list=True,
    )
    society = make_category(
        meeting,
        key="civil_society",
        name={"en": "Civil society", "fr": "Société civile"},
        position=2,
        on_public_list=True,
    )
    for n, (name, code) in enumerate(STATES):
        make_registration(
            meeting,
            category=states,
            represents=name,
            country=code,
            family_name=f"Delegate{n}",
            status="confirmed",
            consent_to_list=True,
        )
    # Spanish: "Ñ" is a letter of its own, after "N" (Python's sort puts it first).
    for org in ("Oxfam", "Ñepi Behña", "Nuestra Voz"):
        make_registration(
            meeting,
            category=society,
            represents=org,
            organisation=org,
            country="MX",
            status="confirmed",
            consent_to_list=True,
        )
    manager = make_user(email="lists-manager@example.org")
    make_role(manager, meeting)
    db.session.commit()
    return {"meeting": meeting, "manager": manager}


def in_order(text: str, names: list[str]) -> bool:
    positions = [text.find(name) for name in names]
    return -1 not in positions and positions == sorted(positions)


def test_public_page_orders_states_by_their_french_names(client, world):
    page = client.get("/meetings/lists/participants?lang=fr").get_data(as_text=True)
    headings = re.findall(r"<h3>([^<]+)</h3>", page)
    assert headings[:4] == FRENCH


def test_public_page_in_spanish_puts_n_tilde_after_n(client, world):
    page = client.get("/meetings/lists/participants?lang=es").get_data(as_text=True)
    headings = re.findall(r"<h3>([^<]+)</h3>", page)
    assert headings == [
        "Alemania",
        "Chad",
        "Egipto",
        "Francia",
        "Nuestra Voz",
        "Ñepi Behña",
        "Oxfam",
    ]


def login(client, user):
    client.post("/login", data={"email": user.email, "password": PASSWORD})


def test_csv_and_xlsx_exports_in_french_order_with_french_headers(client, world):
    login(client, world["manager"])
    response = client.get("/manage/meetings/lists/registrations.csv?lang=fr")
    assert response.headers["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0][:3] == ["Statut", "Catégorie", "Titre"]
    represents = rows[0].index("Représente")
    assert [row[represents] for row in rows[1:5]] == FRENCH

    response = client.get("/manage/meetings/lists/registrations.xlsx?lang=fr")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert "lists-registrations.xlsx" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["Statut", "Catégorie", "Titre"]
    assert [row[represents] for row in values[1:5]] == FRENCH


def test_delegations_xlsx_reads_back_in_the_lists_language(client, world):
    for name, code in STATES:
        db.session.add(
            Delegation(
                meeting=world["meeting"],
                represents=name,
                country=code,
                focal_point_email=f"fp-{code}@example.org",
            )
        )
    db.session.commit()
    login(client, world["manager"])
    page = client.get("/manage/meetings/lists/delegations?lang=fr").get_data(
        as_text=True
    )
    titles = re.findall(r'<h2 class="card__title">([^<]+?) <', page)
    assert titles == FRENCH
    assert "delegations.xlsx" in page
    response = client.get("/manage/meetings/lists/delegations.xlsx?lang=fr")
    assert response.headers["Cache-Control"] == "no-store"
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Représente"
    assert [row[0] for row in values[1:]] == FRENCH


def test_formula_injection_is_neutralised_in_csv_and_xlsx(client, world):
    category = db.session.scalar(
        sa.select(ParticipantCategory).where(ParticipantCategory.key == "civil_society")
    )
    for evil in ('=HYPERLINK("http://x")', "+1+1", "@SUM(A1)", "-2+3"):
        make_registration(
            world["meeting"],
            category=category,
            organisation=evil,
            represents=evil,
            status="pending",
        )
    db.session.commit()
    login(client, world["manager"])
    text = client.get("/manage/meetings/lists/registrations.csv").get_data()
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    organisations = {row[7] for row in rows[1:]}
    assert '\'=HYPERLINK("http://x")' in organisations
    assert {"'+1+1", "'@SUM(A1)", "'-2+3"} <= organisations
    raw = client.get("/manage/meetings/lists/registrations.xlsx").get_data()
    book = load_workbook(io.BytesIO(raw))
    cells = [cell for row in book.active.iter_rows() for cell in row]
    assert not [c for c in cells if c.data_type == "f"]
    values = {c.value for c in cells}
    assert '\'=HYPERLINK("http://x")' in values and "'+1+1" in values


def test_pdf_lists_states_in_french_order(client, world):
    response = client.get("/meetings/lists/participants.pdf?lang=fr")
    assert response.status_code == 200
    text = "\n".join(pdf_pages(response.get_data()))
    assert in_order(text, FRENCH)
    assert "Germany" not in text


def test_api_lists_registrations_in_the_list_order_of_a_language(client, world):
    token = token_for(world["manager"])
    db.session.commit()
    path = "/api/v1/meetings/lists/registrations"
    body = client.get(f"{path}?order=list&language=fr", headers=bearer(token))
    assert body.status_code == 200, body.get_json()
    countries = [item["country"] for item in body.get_json()["items"][:4]]
    assert countries == ["DE", "EG", "FR", "TD"]
    body = client.get(f"{path}?order=list&language=es", headers=bearer(token))
    orgs = [item["represents"] for item in body.get_json()["items"][4:]]
    assert orgs == ["Nuestra Voz", "Ñepi Behña", "Oxfam"]
    page = client.get(
        f"{path}?order=list&language=fr&per_page=2&page=2", headers=bearer(token)
    ).get_json()
    assert [i["country"] for i in page["items"]] == ["FR", "TD"]
    assert page["total"] == 7 and page["pages"] == 4
    bad = client.get(f"{path}?order=list&language=xx", headers=bearer(token))
    assert bad.status_code == 400


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=4))
def test_any_text_writes_and_reads_back_in_both_formats(cells):
    csv_export = write_table(["h"] * len(cells), [cells], "csv", name="t")
    rows = list(csv.reader(io.StringIO(csv_export.body.decode("utf-8-sig"))))
    assert len(rows[0]) == len(cells)
    xlsx = write_table(["h"] * len(cells), [cells], "xlsx", name="t")
    sheet = load_workbook(io.BytesIO(xlsx.body)).active
    values = [c.value or "" for c in list(sheet.iter_rows())[1]]
    assert len(values) == len(cells)
    for value in values:
        assert not value.startswith(FORMULA_STARTS)


def test_manage_list_in_list_order_follows_the_page_language(client, world):
    login(client, world["manager"])
    page = client.get(
        "/manage/meetings/lists/registrations?sort=list&lang=fr"
    ).get_data(as_text=True)
    assert in_order(page, FRENCH)
    spanish = client.get(
        "/manage/meetings/lists/registrations?sort=list&lang=es"
    ).get_data(as_text=True)
    assert in_order(spanish, ["Alemania", "Chad", "Egipto", "Francia"])
    assert in_order(spanish, ["Nuestra Voz", "Ñepi Behña", "Oxfam"])
