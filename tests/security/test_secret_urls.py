"""Secrets in URLs: declared once, read by the headers, the access log and the matrix."""

import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from werkzeug.routing import IntegerConverter

from eventsys import create_app
from eventsys.extensions import db
from eventsys.secret_urls import secret_params
from tests.conftest import base_config
from tests.factories import PASSWORD
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_registration
from tests.factories import make_role
from tests.factories import make_user
from tests.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
SECRET_WORDS = ("token", "secret", "key", "mac", "link")


def test_every_route_whose_path_takes_a_token_declares_it(app):
    undeclared, declared = [], []
    for rule in app.url_map.iter_rules():
        looks_secret = {a for a in rule.arguments if any(w in a for w in SECRET_WORDS)}
        looks_secret -= {"token_id"}  # an API token's row id, not the token
        names = set(secret_params(app, rule.endpoint))
        if looks_secret - names:
            undeclared.append(rule.rule)
        if names:
            assert names <= set(rule.arguments), rule.rule
            declared.append(rule.rule)
    assert undeclared == [], "declare with @secret_in_path(...)"
    assert "/registrations/<token>" in declared and "/calendar/<token>.ics" in declared
    assert "/delegations/<token>" in declared and "/password/reset/<token>" in declared


def test_declared_routes_are_never_stored_and_send_no_referrer(app, client):
    for rule in app.url_map.iter_rules():
        if not secret_params(app, rule.endpoint) or "GET" not in rule.methods:
            continue
        values = {
            name: 1
            if isinstance(rule._converters.get(name), IntegerConverter)
            else secrets.token_urlsafe(16)
            for name in rule.arguments
        }
        path = rule.build(values)[1]
        response = client.get(path)
        assert "no-store" in response.headers.get("Cache-Control", ""), path
        assert response.headers["Referrer-Policy"] == "no-referrer", path
    assert client.get("/meetings/").headers["Referrer-Policy"] != "no-referrer"


def _assert_private(response, path):
    assert "no-store" in response.headers.get("Cache-Control", ""), path
    assert response.headers["Referrer-Policy"] == "no-referrer", path


def test_pages_behind_real_links_are_never_stored_and_send_no_referrer(app, client):
    """The pages a real link opens, their re-rendered forms and "sent" answers get
    the headers from their secret_in_path alone (the views set none of their own)."""
    from eventsys import links
    from eventsys.agenda import side_events
    from eventsys.models import utcnow
    from eventsys.registration import delegations
    from tests.agenda.test_side_events import PROPOSAL
    from tests.onsite.visa_helpers import visa_world

    world = visa_world(side_events_open=True)
    token, focal = world["registration"].plain_token, world["delegation_token"]
    member = delegations.member_ref(world["member"])
    _proposal, proposal_link = side_events.propose(
        world["meeting"], data={**PROPOSAL, "wished_day": ""}, now=utcnow()
    )
    db.session.commit()
    pages = {
        f"/registrations/{token}": 200,
        f"/registrations/{token}/visa": 200,
        f"/delegations/{focal}": 200,
        f"/delegations/{focal}/members/{member}": 200,
        f"/delegations/{focal}/members/{member}/visa": 200,
        f"/side-events/{proposal_link}": 200,
    }
    for path, status in pages.items():
        response = client.get(path)
        assert response.status_code == status, path
        _assert_private(response, path)
    posts = {
        f"/registrations/{token}": ({"email": "not an address"}, 422),
        f"/registrations/{token}/resend": ({}, 200),
        f"/registrations/{token}/visa": ({"passport_number": ""}, 422),
        f"/delegations/{focal}/resend": ({}, 200),
        f"/delegations/{focal}/members/{member}": ({"email": "not an address"}, 422),
        f"/side-events/{proposal_link}/resend": ({}, 200),
    }
    for path, (data, status) in posts.items():
        response = client.post(path, data=data)
        assert response.status_code == status, path
        _assert_private(response, path)
    links.renew(world["registration"])
    db.session.commit()
    stale = client.get(f"/registrations/{token}")
    assert stale.status_code == 410
    _assert_private(stale, "a replaced link")


def test_invitation_pages_are_never_stored_and_send_no_referrer(app, client):
    """The invitee's page, its re-rendered forms, its documents and its 410s get
    the headers from secret_in_path alone (eventsys/invitations/views.py sets none)."""
    from datetime import timedelta

    from eventsys.models import utcnow
    from tests.invitations.helpers import invite
    from tests.invitations.helpers import person
    from tests.invitations.helpers import setup_meeting
    from tests.invitations.test_documents import _document

    meeting, manager, _closed, _open = setup_meeting(slug="invited")
    note = _document(meeting, manager, "note_verbale", "Note verbale", "secretariat")
    invitation, token = invite(meeting, manager, "ana@example.org")
    invitation.documents.append(note)
    expired, expired_token = invite(meeting, manager, "bob@example.org")
    expired.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    document = f"/invitations/{token}/documents/{note.id}/en/note_verbale.pdf"
    answers = [
        ("GET", f"/invitations/{token}", None, 200),
        ("GET", document, None, 200),
        ("GET", f"/invitations/{token}/documents/{note.id}/en/other.pdf", None, 404),
        ("GET", f"/invitations/{'x' * 43}", None, 404),
        ("POST", f"/invitations/{token}/accept", person(email="x@example.org"), 422),
        ("POST", f"/invitations/{token}/decline", {"reason": "x" * 2001}, 422),
        ("GET", f"/invitations/{expired_token}", None, 410),
        ("POST", f"/invitations/{expired_token}/accept", person(2), 410),
        ("POST", f"/invitations/{expired_token}/decline", {}, 410),
    ]
    for method, path, data, status in answers:
        response = client.open(path, method=method, data=data)
        assert response.status_code == status, (method, path)
        _assert_private(response, path)
    assert client.post(f"/invitations/{token}/accept", data=person()).status_code == 303
    used = client.post(f"/invitations/{token}/accept", data=person())
    assert used.status_code == 410
    _assert_private(used, "an accepted invitation")


def test_personal_calendar_feeds_are_never_stored_and_send_no_referrer(app, client):
    """The private feed (200, 304, 410 for a replaced address, 404) and a
    registration's invite.ics: secret_in_path alone (eventsys/calendar/views.py)."""
    from eventsys.auth.service import rotate_calendar_token

    meeting = make_meeting(slug="fed")
    user = make_user(email="feed@example.org")
    confirmed = make_registration(meeting, user=user, status="confirmed")
    pending = make_registration(meeting, status="pending")
    db.session.commit()
    old = rotate_calendar_token(user)
    db.session.commit()
    token = rotate_calendar_token(user)
    db.session.commit()
    feed = client.get(f"/calendar/{token}.ics")
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    _assert_private(feed, "the private feed")
    etag = {"If-None-Match": feed.headers["ETag"]}
    gzipped = {"Accept-Encoding": "gzip"}
    answers = {
        (f"/calendar/{token}.ics", "etag"): 304,
        (f"/calendar/{token}.ics", "gzip"): 200,
        (f"/calendar/{old}.ics", ""): 410,
        (f"/calendar/{token[:-2]}AA.ics", ""): 404,
        (f"/registrations/{confirmed.plain_token}/invite.ics", ""): 200,
        (f"/registrations/{pending.plain_token}/invite.ics", ""): 404,
    }
    for (path, kind), status in answers.items():
        headers = {"etag": etag, "gzip": gzipped}.get(kind, {})
        response = client.get(path, headers=headers)
        assert response.status_code == status, (path, kind)
        _assert_private(response, path)


def test_secretariat_pdfs_and_exports_are_sent_no_store(app, client):
    meeting = make_meeting(slug="lists")
    make_category(meeting)
    manager = make_user()
    make_role(manager, meeting, "manager")
    db.session.commit()
    client.post("/login", data={"email": manager.email, "password": PASSWORD})
    for path in ("participants.pdf", "registrations.csv", "delegations.csv"):
        response = client.get(f"/manage/meetings/lists/{path}")
        assert response.status_code == 200, path
        assert "no-store" in response.headers["Cache-Control"], path


@pytest.fixture
def gunicorn_server(tmp_path):
    """gunicorn as `make run` starts it, with the access log in a file."""
    database = tmp_path / "app.db"
    app = create_app(
        base_config(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}")
    )
    with app.app_context():
        db.create_all()
        meeting = make_meeting(slug="logged")
        registration = make_registration(meeting, status="confirmed")
        manager = make_user(email="m@example.org")
        make_role(manager, meeting, "manager")
        db.session.commit()
        token = registration.plain_token
        link_key = app.config["EVENTSYS_LINK_KEY"]  # links are signed with it
        db.engine.dispose()
    port, log = free_port(), tmp_path / "access.log"
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{database}", SECRET_KEY="k" * 32,
               EVENTSYS_LINK_KEY=link_key,
               RATELIMIT_ENABLED="false", PDF_CACHE_DIR=str(tmp_path / "pdf"))  # fmt: skip
    command = [str(Path(sys.executable).parent / "gunicorn"), "--workers", "1",
               "--bind", f"127.0.0.1:{port}", "--access-logfile", str(log), "--graceful-timeout", "2",
               "--logger-class", "eventsys.access_log.RedactingLogger", "wsgi:app"]  # fmt: skip
    assert "eventsys.access_log.RedactingLogger" in (ROOT / "Makefile").read_text()
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=30)
                break
            except OSError:  # not listening yet, or still booting the app
                time.sleep(0.2)
        yield base, token, log
    finally:
        process.terminate()
        process.wait(30)


def _get(url: str) -> int:
    try:
        return urllib.request.urlopen(url, timeout=30).status
    except urllib.error.HTTPError as error:
        return error.code


def test_gunicorn_access_log_redacts_secrets_and_search_terms(gunicorn_server):
    base, token, log = gunicorn_server
    assert _get(f"{base}/registrations/{token}") == 200
    assert _get(f"{base}/calendar/{token}-not-mine.ics") == 404
    _get(
        f"{base}/manage/meetings/logged/registrations?q=Zenobia+Quixotica&status=confirmed"
    )
    assert _get(f"{base}/meetings/?page=1") == 200
    time.sleep(0.5)  # gunicorn writes the line after the response
    text = log.read_text()
    assert token not in text and "Zenobia" not in text and "Quixotica" not in text
    assert "/registrations/[redacted]" in text and "q=[redacted]" in text
    assert "status=confirmed" in text and "/meetings/?page=1" in text
