"""Visa support letters: encrypted at rest, issued as a PDF, verified, revoked, purged."""

import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet

from eventsys import jobs
from eventsys.audit.models import AuditEvent
from eventsys.documents.storage import from_config
from eventsys.extensions import db
from eventsys.mail.models import OutboxEmail
from eventsys.models import utcnow
from eventsys.onsite.models import VisaRequest
from eventsys.registration import delegations
from eventsys.registration import service as registrations
from tests.factories import make_user
from tests.onsite.visa_helpers import PASSPORT
from tests.onsite.visa_helpers import PASSPORT_NUMBER
from tests.onsite.visa_helpers import ask
from tests.onsite.visa_helpers import issue
from tests.onsite.visa_helpers import places_holding
from tests.onsite.visa_helpers import sign_in
from tests.onsite.visa_helpers import the_request
from tests.onsite.visa_helpers import verification_code
from tests.onsite.visa_helpers import visa_world


@pytest.fixture
def world(app):
    return visa_world()


def pdf_text(body: bytes, tmp_path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(body)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def issued_letter(client, world, tmp_path) -> tuple[VisaRequest, str]:
    """Ask, issue (as the manager), download: the request and the letter's text."""
    token = world["registration"].plain_token
    assert ask(client, token).status_code == 303
    visa = the_request(world["registration"])
    sign_in(client, world["manager"])
    assert issue(client, world["meeting"], visa).status_code == 303
    client.post("/logout")
    # The issuing email carried a fresh manage link: read it from the outbox.
    email = db.session.scalars(
        sa.select(OutboxEmail).where(OutboxEmail.kind == "visa_issued")
    ).one()
    link = email.body_text.split("/registrations/")[1].split("/visa")[0]
    response = client.get(f"/registrations/{link}/visa-letter.pdf")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert response.mimetype == "application/pdf"
    return visa, pdf_text(response.data, tmp_path)


def test_the_passport_column_is_encrypted(app, client, world):
    response = ask(client, world["registration"].plain_token)
    assert response.status_code == 303
    raw = db.session.execute(sa.text("SELECT passport FROM visa_request")).scalar_one()
    assert PASSPORT_NUMBER not in raw and "Nakamura" not in raw
    fernet = Fernet((Path(app.instance_path) / "data_key").read_bytes())
    assert PASSPORT_NUMBER in fernet.decrypt(raw.encode()).decode()
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "visa.requested")
    ).one()
    assert event.after == {"by": "participant"}


def test_issued_letter_carries_the_passport_data(client, world, tmp_path):
    visa, text = issued_letter(client, world, tmp_path)
    for expected in (
        "NAKAMURA-OKAFOR",
        "Chidinma Aiko",
        PASSPORT_NUMBER,
        "1994-03-17",
        "Nigeria",
        "Abuja",
        visa.reference,
        "Civil society consultations",
        "Amina Diallo",
        "Secretary of the Consultations",
        "bears the cost of the participant's travel",
        "implies no other commitment",
    ):
        assert expected in " ".join(text.split()), expected
    assert visa.reference.startswith("VISA-MEETING/VISA/2027/")
    assert text.count("\f") == 1  # one page


def test_no_plain_passport_number_after_issue_then_none_after_purge(
    app, client, world, tmp_path
):
    visa, text = issued_letter(client, world, tmp_path)
    assert PASSPORT_NUMBER in text  # it is in the letter...
    # ... and the letter and the column hold it only encrypted: nowhere in plain
    # text, not in any table (audit, outbox), the PDF cache or instance/.
    assert places_holding(PASSPORT_NUMBER) == []
    for other_detail in ("Nakamura", "1994-03-17", "abuja.visa@example.org"):
        assert places_holding(other_detail) == [], other_detail
    assert visa.letter_key and visa.passport
    # Never in the PDF cache, not even compressed: nothing was written there.
    assert not list(Path(app.config["PDF_CACHE_DIR"]).rglob("*.pdf"))
    assert PASSPORT_NUMBER.encode() not in _letter_file(app, visa)
    code = verification_code(text)
    page = client.get(f"/letters/{code}").get_data(as_text=True)
    assert "Chidinma Aiko NAKAMURA-OKAFOR" in page and visa.reference in page

    db.session.expire_all()
    meeting = world["meeting"]
    jobs.visa_purge(meeting.ends_at + timedelta(days=29), "w")
    assert the_request(world["registration"]).passport is not None  # not yet
    jobs.visa_purge(meeting.ends_at + timedelta(days=31), "w")
    db.session.expire_all()
    visa = the_request(world["registration"])
    assert visa.passport is None and visa.letter_key is None
    assert places_holding(PASSPORT_NUMBER) == []
    # Even with the key, nothing is left to decrypt.
    raw = [row for _t, row in _rows_with_tokens()]
    assert raw == []
    page = client.get(f"/letters/{code}").get_data(as_text=True)
    assert "Chidi OKAFOR" in page and "Civil society consultations" in page
    assert "Issued" in page
    assert visa.reference not in page and "2027" not in page  # no dates, no reference


def _letter_file(app, visa) -> bytes:
    """The stored letter: encrypted bytes, which the data key opens into the PDF."""
    stored = from_config(app.config).read(visa.letter_key)
    assert Fernet(app.config["EVENTSYS_DATA_KEY"]).decrypt(stored).startswith(b"%PDF")
    return stored


def _rows_with_tokens():
    return [
        (t, row)
        for t, row in (
            ("visa_request", str(v.passport))
            for v in db.session.scalars(sa.select(VisaRequest))
        )
        if row != "None"
    ]


def test_email_links_to_the_letter_and_never_attaches_it(
    app, client, world, tmp_path, runner, smtp_server
):
    smtp_server.configure(app)
    issued_letter(client, world, tmp_path)
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    message = next(
        m for m in smtp_server.messages if "Visa support letter" in m["Subject"]
    )
    assert message["To"].endswith("chidi@example.org>")
    assert list(message.iter_attachments()) == []
    assert all(p.get_content_type() != "application/pdf" for p in message.walk())
    body = message.get_body(("plain",)).get_content()
    assert "/visa" in body and "http://events.test/registrations/" in body
    assert PASSPORT_NUMBER not in message.as_string()


def test_a_cancelled_registration_revokes_its_letter(client, world, tmp_path):
    visa, text = issued_letter(client, world, tmp_path)
    code = verification_code(text)
    registration = world["registration"]
    registrations.cancel(registration, by_participant=True, now=utcnow())
    db.session.commit()
    page = client.get(f"/letters/{code}").get_data(as_text=True)
    assert "Revoked" in page and "revoked on" in page
    assert "no longer valid" in page
    # The daily job records the revocation (audited); the letter is gone for the holder.
    jobs.visa_purge(utcnow(), "w")
    assert the_request(registration).status == "revoked"
    assert db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "visa.revoked")
    ).all()


def test_a_rejected_registration_revokes_its_letter(client, world, tmp_path):
    _visa, text = issued_letter(client, world, tmp_path)
    registrations.reject(world["registration"], actor=world["manager"], now=utcnow())
    db.session.commit()
    page = client.get(f"/letters/{verification_code(text)}").get_data(as_text=True)
    assert "revoked on" in page


def test_requests_after_the_deadline_are_refused(app, client):
    soon = utcnow() + timedelta(days=30)  # the default deadline (42 days) has passed
    world = visa_world(starts_at=soon)
    response = ask(client, world["registration"].plain_token)
    assert response.status_code == 409
    assert "deadline" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(VisaRequest.id))) == 0


def test_the_form_shows_the_deadline(client, world):
    page = client.get(f"/registrations/{world['registration'].plain_token}/visa")
    assert page.status_code == 200
    assert "no-store" in page.headers["Cache-Control"]
    assert "20 April 2027" in page.get_data(as_text=True)  # 42 days before 1 June
    own_page = client.get(f"/registrations/{world['registration'].plain_token}")
    assert "/visa" in own_page.get_data(as_text=True)


def test_an_unconfirmed_registration_cannot_ask(client, world):
    world["registration"].status = "waitlisted"
    db.session.commit()
    response = ask(client, world["registration"].plain_token)
    assert response.status_code == 409
    assert db.session.scalar(sa.select(sa.func.count(VisaRequest.id))) == 0


def test_bad_passport_data_is_a_form_error(client, world):
    response = ask(
        client,
        world["registration"].plain_token,
        passport_number="",
        passport_type="forged",
        date_of_birth="tomorrow",
        passport_expiry="2001-01-01",
        nationality="XX",
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "This passport has expired." in page
    assert db.session.scalar(sa.select(sa.func.count(VisaRequest.id))) == 0


def test_the_focal_point_asks_for_a_member(client, world):
    member = world["member"]
    ref = delegations.member_ref(member)
    url = f"/delegations/{world['delegation_token']}/members/{ref}/visa"
    assert client.get(url).status_code == 200
    response = client.post(url, data=PASSPORT)
    assert response.status_code == 303
    assert the_request(member).asked_by == "focal_point"


def test_refusal_with_a_reason_is_mailed(client, world):
    assert ask(client, world["registration"].plain_token).status_code == 303
    visa = the_request(world["registration"])
    sign_in(client, world["manager"])
    url = f"/manage/meetings/{world['meeting'].slug}/visa/{visa.id}/refuse"
    assert client.post(url, data={"reason": ""}).status_code == 422
    assert (
        client.post(url, data={"reason": "Not a participant's trip"}).status_code == 303
    )
    assert the_request(world["registration"]).status == "refused"
    email = db.session.scalars(
        sa.select(OutboxEmail).where(OutboxEmail.kind == "visa_refused")
    ).one()
    assert "Not a participant's trip" in email.body_text


def test_issue_refuses_a_language_the_meeting_lacks(client, world):
    assert ask(client, world["registration"].plain_token).status_code == 303
    visa = the_request(world["registration"])
    sign_in(client, world["manager"])
    response = issue(client, world["meeting"], visa, language="es")
    assert response.status_code == 422
    assert the_request(world["registration"]).status == "requested"


def test_the_letter_in_french(client, world, tmp_path):
    assert ask(client, world["registration"].plain_token).status_code == 303
    visa = the_request(world["registration"])
    sign_in(client, world["manager"])
    assert issue(client, world["meeting"], visa, language="fr").status_code == 303
    assert the_request(world["registration"]).letter_language == "fr"


def test_managers_see_the_requests_others_do_not(client, world):
    assert ask(client, world["registration"].plain_token).status_code == 303
    visa = the_request(world["registration"])
    slug = world["meeting"].slug
    sign_in(client, world["manager"])
    page = client.get(f"/manage/meetings/{slug}/visa/{visa.id}")
    assert page.status_code == 200 and PASSPORT_NUMBER in page.get_data(as_text=True)
    assert "no-store" in page.headers["Cache-Control"]
    listing = client.get(f"/manage/meetings/{slug}/visa")  # a signed-in page: no-store
    assert listing.status_code == 200 and "no-store" in listing.headers["Cache-Control"]
    client.post("/logout")
    stranger = make_user(email="stranger@example.org")
    db.session.commit()
    sign_in(client, stranger)
    assert client.get(f"/manage/meetings/{slug}/visa/{visa.id}").status_code == 403


def test_the_api_and_exports_never_carry_passport_data(client, world):
    assert ask(client, world["registration"].plain_token).status_code == 303
    sign_in(client, world["manager"])
    slug = world["meeting"].slug
    for url in (
        f"/manage/meetings/{slug}/registrations/export?format=csv",
        f"/manage/meetings/{slug}/registrations/export?format=xlsx",
    ):
        response = client.get(url)
        assert response.status_code in (200, 404)
        assert PASSPORT_NUMBER.encode() not in response.data


def test_no_plain_passport_number_on_postgresql(pg_app, tmp_path):
    world = visa_world()
    client = pg_app.test_client()
    visa, text = issued_letter(client, world, tmp_path)
    assert PASSPORT_NUMBER in text
    assert places_holding(PASSPORT_NUMBER) == []
    jobs.visa_purge(world["meeting"].ends_at + timedelta(days=31), "w")
    db.session.expire_all()
    assert the_request(world["registration"]).passport is None
    assert places_holding(PASSPORT_NUMBER) == []


def test_the_demo_has_visa_requests_one_issued(app, runner, client):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "visa letters csc-2027: 3 request(s) added" in result.output
    states = sorted(v.status for v in db.session.scalars(sa.select(VisaRequest)))
    assert states == ["issued", "requested", "requested"]
    issued = db.session.scalar(
        sa.select(VisaRequest).where(VisaRequest.status == "issued")
    )
    assert issued.letter_key and issued.funding == "travel_and_subsistence"
    again = runner.invoke(args=["demo", "load"])
    assert "visa letters csc-2027: 0 request(s) added" in again.output
