"""Whole public pages are rendered once per version for anonymous visitors
(eventsys/caching.py: cached_page), and never served stale or to the wrong person."""

import re
from datetime import timedelta

import sqlalchemy as sa
from flask_wtf.csrf import generate_csrf

from eventsys import caching
from eventsys import create_app
from eventsys.extensions import db
from eventsys.meetings import service as meetings
from eventsys.models import utcnow
from eventsys.registration.models import RegistrationQuestion
from tests.conftest import base_config
from tests.factories import PASSWORD
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_session
from tests.factories import make_user
from tests.registration.helpers import form_data
from tests.statements import counting

PAGES = ("/", "/meetings/")


def test_a_repeated_page_is_served_from_the_cache(client, app):
    meeting = make_meeting(title={"en": "Regional consultation"})
    make_session(meeting, title={"en": "Opening"})
    db.session.commit()
    for url in (*PAGES, f"/meetings/{meeting.slug}/agenda"):
        first = client.get(url)
        with counting() as statements:
            again = client.get(url)
        assert again.status_code == 200 and again.text == first.text
        # Only the version is read: the page's own queries are not run again.
        assert len(statements) <= 4, (url, statements)
        assert "Regional consultation" in again.text


def test_the_lists_follow_every_change_to_a_meeting(client, app, now):
    admin = make_user(is_admin=True)
    meeting = make_meeting(title={"en": "Regional consultation"})
    draft = make_meeting(title={"en": "Hidden draft"}, status="draft")
    db.session.commit()
    for url in PAGES:
        assert "Regional consultation" in client.get(url).text
        assert "Hidden draft" not in client.get(url).text

    data = {name: getattr(meeting, name) for name in meetings.MEETING_FIELDS}
    data["title"] = {"en": "Civil society day"}
    meetings.update_meeting(meeting, actor=admin, now=now, data=data)
    db.session.commit()
    for url in PAGES:
        page = client.get(url).text
        assert "Civil society day" in page and "Regional consultation" not in page

    meetings.publish_meeting(draft, actor=admin, now=now)
    db.session.commit()
    for url in PAGES:
        assert "Hidden draft" in client.get(url).text

    meetings.cancel_meeting(meeting, actor=admin, reason="Venue closed", now=now)
    db.session.commit()
    for url in PAGES:
        assert "badge--cancelled" in client.get(url).text

    meeting.series.acronym = "RCPX"
    db.session.commit()
    for url in PAGES:
        assert "RCPX" in client.get(url).text


def test_the_lists_follow_seats_and_the_clock(client, app, monkeypatch):
    meeting = make_meeting(
        capacity=1,
        registration_opens_at=utcnow() + timedelta(hours=1),
        registration_closes_at=utcnow() + timedelta(days=30),
    )
    db.session.commit()
    assert "badge--not-open" in client.get("/").text
    later = utcnow() + timedelta(hours=2)  # registration has opened meanwhile
    monkeypatch.setattr("eventsys.meetings.views.utcnow", lambda: later)
    assert "badge--open" in client.get("/").text

    # A seat taken without touching the meeting's updated_at (a plain UPDATE).
    db.session.execute(
        sa.text("UPDATE meeting SET seats_taken = 1 WHERE id = :id"), {"id": meeting.id}
    )
    db.session.commit()
    assert "badge--full" in client.get("/").text


def test_signed_in_visitors_and_flashes_bypass_the_cache(client, app):
    make_meeting(title={"en": "Regional consultation"})
    user = make_user(email="reader@example.org")
    db.session.commit()
    anonymous = client.get("/").text
    assert "Sign out" not in anonymous

    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Your changes were saved.")]
    assert "Your changes were saved." in client.get("/").text
    assert "Your changes were saved." not in client.get("/").text  # shown once

    client.post("/login", data={"email": user.email, "password": PASSWORD})
    signed_in = client.get("/")
    assert "Sign out" in signed_in.text
    assert "no-store" in signed_in.headers["Cache-Control"]
    client.post("/logout")
    assert "Sign out" not in client.get("/").text


def test_every_language_gets_its_own_page_and_headers(client, app):
    make_meeting()
    db.session.commit()
    english = client.get("/")
    assert english.headers["Content-Language"] == "en"
    assert {"Cookie", "Accept-Language"} <= set(english.vary)

    french = client.get("/?lang=fr")
    assert french.headers["Content-Language"] == "fr" and 'lang="fr"' in french.text
    assert "lang=fr" in french.headers.get("Set-Cookie", "")
    assert client.get("/").headers["Content-Language"] == "fr"  # the session remembers

    other = app.test_client()
    spanish = other.get("/", headers={"Accept-Language": "es"})
    assert spanish.headers["Content-Language"] == "es" and 'lang="es"' in spanish.text
    assert other.get("/").headers["Content-Language"] == "en"
    assert "Set-Cookie" not in other.get("/").headers


def test_the_agenda_page_follows_publication_and_cancellation(client, app, now):
    admin = make_user(is_admin=True)
    meeting = make_meeting(status="draft")
    make_session(meeting, title={"en": "Opening"})
    db.session.commit()
    url = f"/meetings/{meeting.slug}/agenda"
    assert client.get(url).status_code == 404

    meetings.publish_meeting(meeting, actor=admin, now=now)
    db.session.commit()
    assert "Opening" in client.get(url).text

    meetings.cancel_meeting(meeting, actor=admin, reason="Venue closed", now=now)
    db.session.commit()
    assert "Venue closed" in client.get(url).text
    zoned = client.get(url + "?tz=America/New_York").text
    assert "America/New_York" in zoned and "Venue closed" in zoned


def test_a_visitors_csrf_token_is_never_stored(app):
    """A page with a form: each visitor gets their own token from the same entry."""

    def render() -> str:
        return f'<input name="csrf_token" value="{generate_csrf()}">'

    tokens = []
    for _visitor in range(2):
        with app.app_context(), app.test_request_context("/with-a-form"):
            page = caching.cached_page(("v1",), render).decode()
            tokens.append(generate_csrf())
            assert tokens[-1] in page
    assert tokens[0] != tokens[1]
    stored = list(caching.lru("pages").entries.values())
    assert stored and all(caching.CSRF_MARK_BYTES in html for html in stored)
    assert not any(token.encode() in html for html in stored for token in tokens)


def test_the_register_form_follows_categories_questions_and_the_clock(
    client, app, monkeypatch
):
    meeting = make_meeting(slug="csc", format="hybrid", capacity=10)
    closes = utcnow() + timedelta(days=3)
    make_category(meeting, key="civil_society", name={"en": "Civil society"})
    academia = make_category(
        meeting, key="academia", name={"en": "Academia"}, closes_at=closes
    )
    db.session.commit()
    url = "/meetings/csc/register"
    assert "Academia" in client.get(url).text
    assert "Academia" in client.get(url).text  # from the cache

    academia.name = {"en": "Research"}
    db.session.commit()
    page = client.get(url).text
    assert "Research" in page and "Academia" not in page

    db.session.add(
        RegistrationQuestion(
            meeting_id=meeting.id, label={"en": "Dietary needs"}, kind="text"
        )
    )
    db.session.commit()
    assert "Dietary needs" in client.get(url).text

    later = closes + timedelta(hours=1)  # the category's window has closed
    monkeypatch.setattr("eventsys.registration.views.utcnow", lambda: later)
    page = client.get(url).text
    assert "Research" not in page and "Civil society" in page


def test_each_visitor_posts_the_register_form_with_their_own_token(tmp_path):
    app = create_app(base_config(tmp_path, WTF_CSRF_ENABLED=True))
    with app.app_context():
        db.create_all()
        meeting = make_meeting(slug="csc", format="hybrid", capacity=10)
        category = make_category(meeting, key="civil_society")
        db.session.commit()
        forms = [form_data(category, n=n) for n in (1, 2)]
    # No app context around the requests: each has its own g, as when served.
    visitors = [app.test_client() for _data in forms]
    tokens = []
    for visitor in visitors:  # the second visitor's form comes from the cache
        page = visitor.get("/meetings/csc/register")
        assert caching.CSRF_MARK not in page.text
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
        tokens.append(token.group(1))
    assert tokens[0] != tokens[1]
    for visitor, data, token in zip(visitors, forms, tokens, strict=True):
        posted = visitor.post(
            "/meetings/csc/register", data={**data, "csrf_token": token}
        )
        assert posted.status_code == 303, posted.text
    with app.app_context():
        assert len(caching.lru("pages").entries) == 1  # one entry served both
        db.drop_all()


def test_the_cached_agenda_is_one_statement_and_follows_its_documents(client, app):
    """Its version (sessions, published outcomes, session documents) is one row
    (agenda/queries.py: agenda_page_version_by_slug); a change of any part shows.
    One statement at most: none when read_row remembers the row (SQLite, the
    database unchanged: tests/perf/test_sqlite_read_memo.py)."""
    from eventsys.documents import service as documents
    from eventsys.documents.storage import from_config
    from eventsys.outcomes import service as outcomes
    from tests.documents import builders
    from tests.outcomes.builders import make_document
    from tests.outcomes.builders import make_team

    meeting, manager, _rapporteur = make_team()
    outcome = make_document(meeting, manager)
    db.session.commit()
    url = f"/meetings/{meeting.slug}/agenda"

    def cached_page() -> str:
        client.get(url)
        db.session.commit()  # the test's own transaction is not the page's
        with counting() as statements:
            page = client.get(url)
        assert page.status_code == 200 and len(statements) <= 1, statements
        return page.text

    summary = f"/meetings/{meeting.slug}/outcomes/{outcome.slug}#"
    assert summary not in cached_page()

    outcomes.publish_document(outcome, actor=manager)
    db.session.commit()
    assert summary in client.get(url).text and summary in cached_page()

    panel = make_session(meeting, title={"en": "Panel on labour mobility"})
    db.session.commit()
    documents.create_document(
        meeting,
        actor=manager,
        data={"kind": "presentation", "title": {"en": "Slides of the panel"},
              "visibility": "public", "session_id": str(panel.id)},
        uploads={"en": documents.Upload("slides.pdf", builders.pdf("Slides"))},
        storage=from_config(app.config), max_bytes=2**20, publish=True,
    )  # fmt: skip
    db.session.commit()
    assert "Slides of the panel" in cached_page()
