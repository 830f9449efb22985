"""Personal links (eventsys/links.py): `<public id>.<HMAC>`, repeated by every email,
replaced only by "send me a new link" (410 for the old one), legacy tokens still open.

Emails go through a real SMTP server (tests/smtp.py) and are read there.
"""

import re
from datetime import datetime

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from eventsys import create_app
from eventsys import links
from eventsys.auth.models import User
from eventsys.auth.service import rotate_calendar_token
from eventsys.extensions import db
from eventsys.mail import sender
from eventsys.models import utcnow
from eventsys.registration import delegations
from eventsys.registration import service
from eventsys.registration.models import Delegation
from eventsys.registration.models import Registration
from eventsys.tokens import hash_token
from tests.conftest import base_config
from tests.factories import PASSWORD
from tests.factories import give_legacy_token
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_registration
from tests.factories import make_role
from tests.factories import make_user
from tests.onsite.test_migration import _insert
from tests.registration.helpers import form_data

MANAGE = re.compile(rf"http://events\.test/registrations/({links.LINK_TEXT})")
FOCAL = re.compile(rf"http://events\.test/delegations/({links.LINK_TEXT})")


@pytest.fixture
def mail_app(app, smtp_server):
    smtp_server.configure(app)
    app.config["MAIL_RATE_PER_MINUTE"] = 1000
    return app


@pytest.fixture
def meeting(mail_app):
    meeting = make_meeting(slug="csc", capacity=1)
    db.session.commit()
    return meeting


@pytest.fixture
def category(meeting):
    category = make_category(meeting, key="civil_society")
    db.session.commit()
    return category


def delivered(smtp_server, to: str) -> list:
    """The messages the SMTP server received for an address, oldest first."""
    sender.send_due()
    return [m for m in smtp_server.messages if to in str(m["To"])]


def link_in(message, pattern) -> str:
    """The one link of a kind in both parts of a received message."""
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    (found,) = set(pattern.findall(text))
    assert found in html
    return found


def register(client, category, n: int) -> str:
    response = client.post("/meetings/csc/register", data=form_data(category, n))
    assert response.status_code == 303
    return response.headers["Location"].rsplit("/", 1)[1]


def login_manager(client, meeting):
    user = make_user(email="manager@example.org")
    make_role(user, meeting)
    db.session.commit()
    client.post("/login", data={"email": user.email, "password": PASSWORD})


# --- registrations ----------------------------------------------------------


def test_promotion_email_repeats_the_open_link(client, category, smtp_server):
    first = register(client, category, 1)
    waiting = register(client, category, 2)
    (waitlisted,) = delivered(smtp_server, "ana2@example.org")
    assert link_in(waitlisted, MANAGE) == waiting
    assert client.get(f"/registrations/{waiting}").status_code == 200
    assert client.post(f"/registrations/{first}/cancel").status_code == 303
    _, promoted = delivered(smtp_server, "ana2@example.org")
    assert "seat is yours" in promoted["Subject"]
    assert link_in(promoted, MANAGE) == waiting  # the same link, not a new one
    page = client.get(f"/registrations/{waiting}")
    assert page.status_code == 200 and "PÉREZ2" in page.get_data(as_text=True)


def test_approval_email_repeats_the_link(client, meeting, category, smtp_server):
    category.requires_approval = True
    db.session.commit()
    token = register(client, category, 1)
    login_manager(client, meeting)
    registration = service.find_by_token(token)
    response = client.post(
        f"/manage/meetings/csc/registrations/{registration.id}/approve"
    )
    assert response.status_code == 303
    pending, approved = delivered(smtp_server, "ana1@example.org")
    assert link_in(pending, MANAGE) == link_in(approved, MANAGE) == token
    assert client.get(f"/registrations/{token}").status_code == 200


def test_a_new_link_makes_the_old_one_410_with_a_form(client, category, smtp_server):
    old = register(client, category, 1)
    response = client.post(
        "/meetings/csc/register/resend", data={"email": "ana1@example.org"}
    )
    assert response.status_code == 303
    new = link_in(delivered(smtp_server, "ana1@example.org")[-1], MANAGE)
    assert new != old and new.split(".")[0] == old.split(".")[0]
    assert client.get(f"/registrations/{new}").status_code == 200
    for path in ("", "/invite.ics", "/data.json", "/erase"):
        gone = client.get(f"/registrations/{old}{path}")
        assert gone.status_code == 410, path
    page = client.get(f"/registrations/{old}").get_data(as_text=True)
    assert f'action="/registrations/{old}/resend"' in page
    for secret in ("ana1", "Ana1", "Pérez", "PÉREZ", "csc", new):
        assert secret not in page.replace(f"/registrations/{old}/resend", "")
    assert client.post(f"/registrations/{old}/cancel").status_code == 410
    assert service.find_by_token(new).status == "confirmed"  # nothing cancelled

    sent = client.post(f"/registrations/{old}/resend")
    assert sent.status_code == 200 and "ana1" not in sent.get_data(as_text=True)
    again = delivered(smtp_server, "ana1@example.org")[-1]
    assert link_in(again, MANAGE) == new  # the current link, not another new one
    assert "current link" in again.get_body(("plain",)).get_content()
    assert client.get(f"/registrations/{new}").status_code == 200


def test_tampered_or_foreign_links_are_404(client, category, mail_app):
    token = register(client, category, 1)
    public_id, mac = token.split(".")
    flipped = ("A" if mac[0] != "A" else "B") + mac[1:]
    for bad in (
        f"{public_id}.{flipped}",
        f"{public_id}.{mac[:-1]}",
        f"{'x' * 16}.{mac}",
        public_id,
        f"{token}.x",
    ):
        assert client.get(f"/registrations/{bad}").status_code == 404, bad
        assert client.post(f"/registrations/{bad}/resend").status_code == 404, bad
    registration = service.find_by_token(token)
    # A MAC for a future generation, or a registration's MAC on a delegation: no.
    registration.link_generation += 1
    future = links.link_for(registration)
    registration.link_generation -= 1
    db.session.commit()
    assert client.get(f"/registrations/{future}").status_code == 404
    assert client.get(f"/delegations/{token}").status_code == 404


def test_a_legacy_token_opens_until_a_new_link(client, meeting, category, smtp_server):
    registration = make_registration(
        meeting, category=category, status="confirmed", email="old@example.org"
    )
    legacy = give_legacy_token(registration)
    db.session.commit()
    assert "." not in legacy
    page = client.get(f"/registrations/{legacy}")
    assert page.status_code == 200
    assert client.get(f"/registrations/{legacy}/invite.ics").status_code == 200
    # An email now carries the HMAC link; the legacy one keeps working beside it.
    service.send_new_link(registration, actor=make_user(is_admin=True), now=utcnow())
    db.session.commit()
    current = link_in(delivered(smtp_server, "old@example.org")[-1], MANAGE)
    assert client.get(f"/registrations/{current}").status_code == 200
    assert client.get(f"/registrations/{legacy}").status_code == 404
    assert db.session.get(Registration, registration.id).legacy_token_hash is None


def test_erasure_ends_every_link(client, category, mail_app):
    token = register(client, category, 1)
    assert client.post(f"/registrations/{token}/erase").status_code == 200
    assert client.get(f"/registrations/{token}").status_code == 404


# --- focal points ------------------------------------------------------------


def test_focal_point_link_survives_and_is_replaced_on_request(
    client, meeting, smtp_server
):
    admin = make_user(is_admin=True)
    delegation, token = delegations.invite_delegation(
        meeting,
        data={"country": "PE", "focal_point_email": "fp@pe.example"},
        actor=admin,
        now=utcnow(),
    )
    db.session.commit()
    (invited,) = delivered(smtp_server, "fp@pe.example")
    assert link_in(invited, FOCAL) == token
    assert client.get(f"/delegations/{token}").status_code == 200

    delegations.resend_link(delegation, actor=admin, now=utcnow())
    db.session.commit()
    new = link_in(delivered(smtp_server, "fp@pe.example")[-1], FOCAL)
    assert new != token and client.get(f"/delegations/{new}").status_code == 200
    gone = client.get(f"/delegations/{token}")
    assert gone.status_code == 410
    assert f'action="/delegations/{token}/resend"' in gone.get_data(as_text=True)
    assert "fp@pe.example" not in gone.get_data(as_text=True)
    assert client.post(f"/delegations/{token}/note").status_code == 410

    assert client.post(f"/delegations/{token}/resend").status_code == 200
    assert link_in(delivered(smtp_server, "fp@pe.example")[-1], FOCAL) == new
    flipped = new[:-2] + ("AA" if not new.endswith("AA") else "BB")
    assert client.get(f"/delegations/{flipped}").status_code == 404


def test_focal_point_legacy_token_opens(client, meeting, mail_app):
    delegation, _token = delegations.invite_delegation(
        meeting,
        data={"country": "KE", "focal_point_email": "fp@ke.example"},
        actor=make_user(is_admin=True),
        now=utcnow(),
    )
    legacy = give_legacy_token(delegation)
    db.session.commit()
    assert client.get(f"/delegations/{legacy}").status_code == 200


# --- the private calendar feed -------------------------------------------------


def test_calendar_feed_link_is_stable_and_replaced_on_request(client, mail_app):
    user = make_user(email="cal@example.org")
    first = rotate_calendar_token(user)
    db.session.commit()
    assert links.link_for(user) == first  # the same link, every time it is asked
    assert client.get(f"/calendar/{first}.ics").status_code == 200
    second = rotate_calendar_token(user)
    db.session.commit()
    assert client.get(f"/calendar/{second}.ics").status_code == 200
    assert client.get(f"/calendar/{first}.ics").status_code == 410
    tampered = second[:-2] + ("AA" if not second.endswith("AA") else "BB")
    assert client.get(f"/calendar/{tampered}.ics").status_code == 404
    legacy = give_legacy_token(db.session.get(User, user.id))
    db.session.commit()
    assert client.get(f"/calendar/{legacy}.ics").status_code == 200


# --- the key ------------------------------------------------------------------


def test_the_link_key_is_its_own_and_not_secret_key(app, tmp_path):
    key = app.config["EVENTSYS_LINK_KEY"]
    assert key and key != app.config["SECRET_KEY"]
    assert (tmp_path / "instance" / "link_key").read_text().strip() == key
    assert create_app(base_config(tmp_path)).config["EVENTSYS_LINK_KEY"] == key
    with pytest.raises(RuntimeError):
        create_app(base_config(tmp_path, EVENTSYS_LINK_KEY="test-secret"))
    registration = make_registration(make_meeting())
    db.session.commit()
    token = links.link_for(registration)
    assert links.resolve(Registration, token) is registration
    # Signed with SECRET_KEY instead, the same link is nobody's.
    app.config["EVENTSYS_LINK_KEY"] = app.config["SECRET_KEY"]
    forged = links.link_for(registration)
    app.config["EVENTSYS_LINK_KEY"] = key
    assert forged != token and links.resolve(Registration, forged) is None


# --- the migration --------------------------------------------------------------


def test_links_sent_before_the_migration_keep_working(tmp_path):
    app = create_app(
        base_config(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/m.db")
    )
    tokens = {"registration": "old-manage-token", "delegation": "old-focal-token"}
    with app.app_context():
        upgrade(revision="documents")  # the head before links

        with db.engine.begin() as connection:
            _insert(connection, "series", id=1, slug="s", kind="other")
            _insert(connection, "meeting", id=1, series_id=1, slug="m",
                    status="published", format="in_person", timezone="UTC",
                    ends_at=datetime(2027, 6, 1, 16, 0),
                    seats_taken=0, in_person_taken=0, online_taken=0)  # fmt: skip
            _insert(connection, "participant_category", id=1, meeting_id=1,
                    key="c", seats_taken=0, in_person_taken=0,
                    online_taken=0)  # fmt: skip
            _insert(connection, "delegation", id=1, meeting_id=1, represents="Peru",
                    status="invited", focal_point_email="fp@pe.example",
                    token_hash=hash_token(tokens["delegation"]))  # fmt: skip
            _insert(connection, "registration", id=1, meeting_id=1, category_id=1,
                    email="a@example.org", status="confirmed", invite_sequence=0,
                    attendance="in_person",
                    manage_token_hash=hash_token(tokens["registration"]))  # fmt: skip
            _insert(connection, "registration", id=2, meeting_id=1, category_id=1,
                    email="b@example.org", status="confirmed",
                    invite_sequence=0, attendance="in_person")  # fmt: skip
        upgrade()
        registration = links.resolve(Registration, tokens["registration"])
        delegation = links.resolve(Delegation, tokens["delegation"])
        assert (registration.id, delegation.id) == (1, 1)
        assert links.resolve(Registration, links.link_for(registration)) is registration
        assert links.resolve(Delegation, links.link_for(delegation)) is delegation
        ids = db.session.scalars(sa.select(Registration.public_id)).all()
        assert len(set(ids)) == 2 and all(len(i) == 16 for i in ids)
        db.session.remove()
        db.engine.dispose()
