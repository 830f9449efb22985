"""The data key: development file, production refusal, rotation, erasure, grounds pass."""

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet
from openpyxl import load_workbook

from eventsys import create_app
from eventsys import crypto
from eventsys import jobs
from eventsys.audit.models import AuditEvent
from eventsys.documents.storage import from_config
from eventsys.extensions import db
from eventsys.onsite.models import Checkin
from eventsys.pdf import jobs as pdf_jobs
from eventsys.privacy import service as privacy
from tests.conftest import base_config
from tests.onsite.visa_helpers import PASSPORT_NUMBER
from tests.onsite.visa_helpers import ask
from tests.onsite.visa_helpers import issue
from tests.onsite.visa_helpers import places_holding
from tests.onsite.visa_helpers import sign_in
from tests.onsite.visa_helpers import the_request
from tests.onsite.visa_helpers import visa_world


def test_development_generates_a_key_in_instance(tmp_path):
    app = create_app(base_config(tmp_path))
    assert (tmp_path / "instance" / "data_key").is_file()
    assert app.config["EVENTSYS_DATA_KEY_FROM_INSTANCE"]
    assert crypto.key_problem(app.config) == ""


def production(tmp_path, **values):
    config = base_config(tmp_path, EVENTSYS_BASE_URL="https://events.example.org")
    config.update(values)
    config.pop("TESTING")
    return config


def test_production_never_uses_a_key_from_instance(tmp_path):
    app = create_app(production(tmp_path))
    assert not (tmp_path / "instance" / "data_key").exists()
    assert "EVENTSYS_DATA_KEY is not set" in crypto.key_problem(app.config)
    (tmp_path / "instance").mkdir(exist_ok=True)
    (tmp_path / "instance" / "data_key").write_text(Fernet.generate_key().decode())
    app = create_app(production(tmp_path))
    assert "comes from instance/" in crypto.key_problem(app.config)
    with pytest.raises(crypto.DataKeyError):
        crypto.cipher(app.config)


def test_production_with_a_key_from_outside(tmp_path):
    key = Fernet.generate_key().decode()
    app = create_app(production(tmp_path, EVENTSYS_DATA_KEY=key))
    assert crypto.key_problem(app.config) == ""
    cipher = crypto.cipher(app.config)
    assert cipher.decrypt(cipher.encrypt(b"abc")) == b"abc"


def test_a_malformed_key_stops_the_start(tmp_path):
    with pytest.raises(crypto.DataKeyError, match="32 url-safe"):
        create_app(base_config(tmp_path, EVENTSYS_DATA_KEY="not-a-key"))


def test_visa_support_cannot_be_turned_on_without_a_usable_key(app, client):
    world = visa_world(visa_support=False)
    app.config["EVENTSYS_BASE_URL"] = "https://events.example.org"
    app.config["TESTING"] = False
    sign_in(client, world["manager"])
    url = f"/manage/meetings/{world['meeting'].slug}/visa-settings"
    response = client.post(url, data={"concern": "visa", "visa_support": "y"})
    app.config["TESTING"] = True
    assert response.status_code == 422
    assert "EVENTSYS_DATA_KEY) outside instance/" in response.get_data(as_text=True)
    db.session.refresh(world["meeting"])
    assert world["meeting"].visa_support is False
    # A meeting that offered letters before: requests are refused, clearly, no 500.
    world["meeting"].visa_support = True
    db.session.commit()
    app.config["TESTING"] = False
    response = ask(client, world["registration"].plain_token)
    app.config["TESTING"] = True
    assert response.status_code == 409
    assert "not available at the moment" in response.get_data(as_text=True)


def test_the_settings_forms(app, client):
    world = visa_world(visa_support=False)
    meeting = world["meeting"]
    sign_in(client, world["manager"])
    page = client.get(f"/manage/meetings/{meeting.slug}/registration-settings")
    assert 'name="visa_signatory_name"' in page.get_data(as_text=True)
    url = f"/manage/meetings/{meeting.slug}/visa-settings"
    response = client.post(
        url,
        data={
            "concern": "visa",
            "visa_support": "y",
            "visa_deadline": "2027-05-01T18:00",
            "visa_signatory_name": "Jorge Ramírez",
            "visa_signatory_title": "Director",
        },
    )
    assert response.status_code == 303
    db.session.refresh(meeting)
    assert meeting.visa_support and meeting.visa_signatory_name == "Jorge Ramírez"
    assert meeting.visa_deadline.hour == 16  # 18:00 in Geneva (summer time)
    late = client.post(
        url, data={"concern": "visa", "visa_deadline": "2027-07-01T00:00"}
    )
    assert late.status_code == 422
    assert (
        client.post(
            url, data={"concern": "grounds_pass", "un_premises": "y"}
        ).status_code
        == 303
    )
    db.session.refresh(meeting)
    assert meeting.un_premises and meeting.visa_support  # one concern at a time
    assert client.post(url, data={"concern": "nothing"}).status_code == 400


def test_rotation_re_encrypts_under_the_new_first_key(app, client, runner):
    world = visa_world()
    assert ask(client, world["registration"].plain_token).status_code == 303
    visa = the_request(world["registration"])
    sign_in(client, world["manager"])
    assert issue(client, world["meeting"], visa).status_code == 303
    pdf_jobs.wait_for_threads()  # the letter renders in the background
    old = app.config["EVENTSYS_DATA_KEY"]
    new = Fernet.generate_key().decode()
    app.config["EVENTSYS_DATA_KEY"] = f"{new},{old}"
    result = runner.invoke(args=["visa", "rotate-key"])
    assert result.exit_code == 0, result.output
    assert "re-encrypted 2 item(s)" in result.output
    db.session.expire_all()
    visa = the_request(world["registration"])
    only_new = crypto.Cipher(new)
    assert PASSPORT_NUMBER in only_new.decrypt(visa.passport.encode()).decode()
    storage = from_config(app.config)
    assert only_new.decrypt(storage.read(visa.letter_key)).startswith(b"%PDF")
    with pytest.raises(crypto.DataKeyError):
        crypto.Cipher(old).decrypt(visa.passport.encode())


def test_erasure_removes_visa_data_letter_and_checkins(app, client):
    world = visa_world()
    registration = world["registration"]
    assert ask(client, registration.plain_token).status_code == 303
    visa = the_request(registration)
    sign_in(client, world["manager"])
    assert issue(client, world["meeting"], visa).status_code == 303
    pdf_jobs.wait_for_threads()  # the letter renders in the background
    db.session.add(
        Checkin(
            registration_id=registration.id,
            day=world["meeting"].starts_at.date(),
            source="manual",
        )
    )
    db.session.commit()
    letter_key = the_request(registration).letter_key
    storage = from_config(app.config)
    assert storage.exists(letter_key)
    privacy.erase_registration(registration, actor=world["manager"], storage=storage)
    db.session.commit()
    visa = the_request(registration)
    assert visa.passport is None and visa.letter_key is None
    assert not storage.exists(letter_key)
    assert registration.checkin_code is None
    assert db.session.scalar(sa.select(sa.func.count(Checkin.id))) == 0
    assert places_holding(PASSPORT_NUMBER) == []


def test_grounds_pass_list(app, client):
    world = visa_world(un_premises=True)
    assert ask(client, world["registration"].plain_token).status_code == 303
    sign_in(client, world["manager"])
    slug = world["meeting"].slug
    response = client.get(f"/manage/meetings/{slug}/grounds-pass.xlsx")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["Surnames", "Given names", "Nationality"]
    by_surname = {r[0]: r for r in rows[1:]}
    assert by_surname["NAKAMURA-OKAFOR"][5:] == ["1994-03-17", PASSPORT_NUMBER]
    assert by_surname["NAKAMURA-OKAFOR"][2] == "Nigeria"
    assert by_surname["WEBER"][2] == "Germany" and by_surname["WEBER"][6] in ("", None)
    assert db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "onsite.grounds_pass_export")
    ).one()
    # After the purge the list keeps only what the registration holds.
    jobs.visa_purge(world["meeting"].ends_at + timedelta(days=31), "w")
    again = client.get(f"/manage/meetings/{slug}/grounds-pass.xlsx")
    assert PASSPORT_NUMBER.encode() not in again.data
    sheet = load_workbook(io.BytesIO(again.data)).active
    assert "OKAFOR" in [row[0].value for row in sheet.iter_rows()]


def test_no_grounds_pass_list_away_from_un_premises(app, client):
    world = visa_world(un_premises=False)
    sign_in(client, world["manager"])
    response = client.get(f"/manage/meetings/{world['meeting'].slug}/grounds-pass.xlsx")
    assert response.status_code == 404


def test_healthz_says_when_visa_letters_cannot_work(tmp_path, caplog):
    import logging

    logger = logging.getLogger("eventsys")
    # Another test in this process may have configured logging (gunicorn's
    # logger does): listen on the app's logger itself.
    disabled, logger.disabled = logger.disabled, False
    logger.addHandler(caplog.handler)
    try:
        with caplog.at_level("WARNING", logger="eventsys"):
            app = create_app(production(tmp_path, SQLALCHEMY_DATABASE_URI="sqlite://"))
    finally:
        logger.removeHandler(caplog.handler)
        logger.disabled = disabled
    assert "EVENTSYS_DATA_KEY is not set" in caplog.text
    with app.app_context():
        db.create_all()
        client = app.test_client()
        assert "data_key" not in client.get("/healthz").get_json().get("reasons", {})
        visa_world()  # a meeting that offers visa support
        body = client.get("/healthz").get_json()
        assert body["status"] == "degraded"
        assert "EVENTSYS_DATA_KEY is not set" in body["reasons"]["data_key"]
        db.session.remove()
