"""No request renders a PDF: it is sent from the cache, or queued (delivery.py).

These tests use a plain FlaskClient, which does not wait for renders as the
suite's client does (tests/conftest.py), so they see the 202 and the previous
version that a browser sees.
"""

import pytest
import weasyprint
from flask import has_request_context
from flask.testing import FlaskClient

from eventsys import jobs as scheduler
from eventsys.documents.storage import from_config
from eventsys.models import utcnow
from eventsys.pdf import cache
from eventsys.pdf import jobs
from eventsys.pdf import render
from eventsys.privacy import service as privacy
from tests.conftest import AuthActions
from tests.factories import PASSWORD
from tests.factories import make_category
from tests.factories import make_registration
from tests.factories import make_session
from tests.onsite.visa_helpers import PASSPORT_NUMBER
from tests.onsite.visa_helpers import ask
from tests.onsite.visa_helpers import issue
from tests.onsite.visa_helpers import places_holding
from tests.onsite.visa_helpers import sign_in
from tests.onsite.visa_helpers import the_request
from tests.onsite.visa_helpers import visa_world
from tests.pdf.conftest import pdf_pages


@pytest.fixture
def browser(app):
    return FlaskClient(app, use_cookies=True)


@pytest.fixture(autouse=True)
def no_render_in_a_request(monkeypatch):
    """WeasyPrint refuses to run while a request is being answered."""
    write_pdf = weasyprint.HTML.write_pdf

    def guarded(self, *args, **kwargs):
        if has_request_context():
            raise AssertionError("a request rendered a PDF")
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", guarded)


def _sign_in(browser, manager):
    AuthActions(browser).login(manager.email, PASSWORD)


def test_every_pdf_route_answers_without_rendering_then_serves_the_file(
    browser, db, published
):
    meeting, document, version, manager = published
    meeting.public_participant_list = True
    category = make_category(meeting)
    person = make_registration(
        meeting, category=category, status="confirmed", consent_to_list=True
    )
    make_session(meeting, title={"en": "Opening"})
    db.session.commit()
    _sign_in(browser, manager)
    slug = meeting.slug
    urls = [
        f"/meetings/{slug}/agenda.pdf",
        f"/meetings/{slug}/outcomes/{document.slug}.pdf",
        f"/meetings/{slug}/outcomes/{document.slug}/v{version.number}.pdf",
        f"/meetings/{slug}/proceedings.pdf",
        f"/meetings/{slug}/participants.pdf",
        f"/manage/meetings/{slug}/participants.pdf",
        f"/manage/meetings/{slug}/delegations.pdf",
        f"/manage/meetings/{slug}/badges.pdf",
        f"/registrations/{person.plain_token}/badge.pdf",
    ]
    jobs.wait_for_threads()  # what publishing queued
    for url in urls:
        first = browser.get(url)
        if first.status_code == 202:
            assert (
                first.headers["Retry-After"]
                and "no-store" in first.headers["Cache-Control"]
            )
            assert 'http-equiv="refresh"' in first.get_data(as_text=True)
        else:
            assert first.status_code == 200, url  # published and rendered already
    jobs.wait_for_threads()  # the queued renders, outside any request
    for url in urls:
        ready = browser.get(url)
        assert ready.status_code == 200, url
        assert ready.data.startswith(b"%PDF") and "X-PDF-Status" not in ready.headers


def test_an_edited_agenda_serves_the_previous_version_while_it_renders(
    browser, db, published
):
    meeting, *_ = published
    session = make_session(meeting, title={"en": "Opening of the dialogue"})
    db.session.commit()
    url = f"/meetings/{meeting.slug}/agenda.pdf"
    assert browser.get(url).status_code == 202  # never rendered: nothing older
    jobs.wait_for_threads()
    assert "Opening of the dialogue" in pdf_pages(browser.get(url).data)[0]

    session.title = {"en": "Welcome and opening"}
    db.session.commit()
    stale = browser.get(url)
    assert stale.status_code == 200 and stale.headers["X-PDF-Status"] == "updating"
    assert "Opening of the dialogue" in pdf_pages(stale.data)[0]
    jobs.wait_for_threads()
    fresh = browser.get(url)
    assert "X-PDF-Status" not in fresh.headers
    assert "Welcome and opening" in pdf_pages(fresh.data)[0]


def test_ten_edits_and_requests_in_a_row_render_once(browser, db, published):
    meeting, *_ = published
    session = make_session(meeting, title={"en": "Draft 0"})
    db.session.commit()
    url = f"/meetings/{meeting.slug}/agenda.pdf"
    renders = render.render_count
    for n in range(1, 11):
        session.title = {"en": f"Draft {n}"}
        db.session.commit()
        assert browser.get(url).status_code == 202
    jobs.wait_for_threads()
    assert render.render_count == renders + 1
    assert "Draft 10" in pdf_pages(browser.get(url).data)[0]


def test_the_scheduler_renders_changed_agendas_ahead_of_requests(
    browser, db, published
):
    meeting, *_ = published
    session = make_session(meeting, title={"en": "Round one"})
    db.session.commit()
    languages = len(meeting.languages or [meeting.main_language])
    renders = render.render_count
    scheduler.run_due(now=utcnow(), worker="test")
    assert render.render_count == renders + languages
    for n in range(10):  # ten edits between two rounds: one render each language
        session.title = {"en": f"Round two, edit {n}"}
        db.session.commit()
    scheduler.run_due(now=utcnow(), worker="test")
    assert render.render_count == renders + 2 * languages
    scheduler.run_due(now=utcnow(), worker="test")  # nothing changed
    assert render.render_count == renders + 2 * languages
    ready = browser.get(f"/meetings/{meeting.slug}/agenda.pdf")
    assert ready.status_code == 200 and "Round two, edit 9" in pdf_pages(ready.data)[0]


def test_a_list_of_people_is_never_served_from_an_earlier_version(
    browser, app, db, published
):
    meeting, _document, _version, manager = published
    category = make_category(meeting)
    person = make_registration(
        meeting, category=category, status="confirmed", family_name="Lindqvist"
    )
    db.session.commit()
    _sign_in(browser, manager)
    url = f"/manage/meetings/{meeting.slug}/participants.pdf"
    assert browser.get(url).status_code == 202
    jobs.wait_for_threads()
    listed = browser.get(url)
    assert "LINDQVIST" in pdf_pages(listed.data)[0]
    assert "no-store" in listed.headers["Cache-Control"]

    rendered = cache.cache_path(app.config["PDF_CACHE_DIR"], listed.get_etag()[0])
    assert rendered.is_file()

    person.status = "cancelled"
    db.session.commit()  # the cached list named her: deleted at once
    assert not rendered.exists()
    after = browser.get(url)
    assert after.status_code == 202  # not the old list, even marked stale
    jobs.wait_for_threads()
    assert "LINDQVIST" not in "".join(pdf_pages(browser.get(url).data))


def test_a_visa_letter_is_issued_and_downloaded_without_rendering_in_a_request(
    browser, db
):
    world = visa_world()
    token = world["registration"].plain_token
    assert ask(browser, token).status_code == 303
    visa = the_request(world["registration"])
    sign_in(browser, world["manager"])
    assert issue(browser, world["meeting"], visa).status_code == 303  # no render
    url = f"/registrations/{token}/visa-letter.pdf"
    waiting = browser.get(url)
    assert waiting.status_code == 202 and waiting.headers["Retry-After"]
    assert "no-store" in waiting.headers["Cache-Control"]
    assert 'http-equiv="refresh"' in waiting.get_data(as_text=True)
    assert browser.get(url).status_code == 202  # asking again queues nothing new

    jobs.wait_for_threads()  # the letter's job, outside any request
    db.session.expire_all()
    letter = browser.get(url)
    assert letter.status_code == 200 and letter.data.startswith(b"%PDF")
    assert PASSPORT_NUMBER in pdf_pages(letter.data)[0]
    assert "no-store" in letter.headers["Cache-Control"]
    assert places_holding(PASSPORT_NUMBER) == []  # not in the PDF cache either


def test_a_letter_erased_before_its_job_runs_is_never_rendered(app, browser, db):
    world = visa_world()
    registration = world["registration"]
    assert ask(browser, registration.plain_token).status_code == 303
    visa = the_request(registration)
    sign_in(browser, world["manager"])
    assert issue(browser, world["meeting"], visa).status_code == 303
    storage = from_config(app.config)
    privacy.erase_registration(registration, actor=world["manager"], storage=storage)
    db.session.commit()
    renders = render.render_count
    jobs.wait_for_threads()
    db.session.expire_all()
    assert the_request(registration).letter_key is None
    assert render.render_count == renders
    url = f"/registrations/{registration.plain_token}/visa-letter.pdf"
    assert browser.get(url).status_code in (404, 410)
