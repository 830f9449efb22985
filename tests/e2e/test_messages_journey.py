"""A secretariat sends a message to a filtered audience; the right people read it.

In a real browser against gunicorn, with the mail worker delivering to aiosmtpd.
"""

import datetime
import re
import time
import uuid

import pytest
from playwright.sync_api import expect

from eventsys import links
from tests.e2e.conftest import create_meeting
from tests.e2e.conftest import login
from tests.e2e.conftest import publish

pytestmark = pytest.mark.e2e

TITLE = "Dialogue on climate mobility"


def _future(days: int) -> str:
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


def _register(browser, server, slug, *, email, given, family, attendance):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{server.url}/meetings/{slug}/register")
    page.select_option("#category", "academia")
    page.fill("#email", email)
    page.fill("#given_name", given)
    page.fill("#family_name", family)
    page.fill("#organisation", "University of the South Pacific")
    page.select_option("#country", "FJ")
    page.get_by_label(attendance, exact=True).check()
    page.get_by_label(re.compile("privacy", re.I)).check()
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page).to_have_url(re.compile(r".*/registrations/[^/]+$"))
    context.close()


def test_a_message_to_online_participants_reaches_them_and_no_one_else(
    page, browser, live_server
):
    server, mailbox = live_server, live_server.mailbox
    slug = f"climate-{uuid.uuid4().hex[:8]}"
    login(page, server)
    create_meeting(
        page,
        server,
        slug=slug,
        title=TITLE,
        starts=f"{_future(40)}T09:00",
        ends=f"{_future(40)}T18:00",
    )
    publish(page, server, slug)
    online = f"online-{uuid.uuid4().hex[:6]}@example.net"
    in_person = f"room-{uuid.uuid4().hex[:6]}@example.net"
    _register(browser, server, slug, email=online, given="Mere",
              family="Tuilagi", attendance="Online")  # fmt: skip
    _register(browser, server, slug, email=in_person, given="Sione",
              family="Vaka", attendance="In person")  # fmt: skip
    mailbox.wait_for(online, "Registration confirmed")
    mailbox.wait_for(in_person, "Registration confirmed")

    page.goto(f"{server.url}/manage/meetings/{slug}/messages")
    page.select_option("#attendance", "online")
    page.get_by_role("button", name="Count recipients").click()
    expect(page.locator("#reach")).to_have_text("This message reaches 1 person.")
    subject = f"Connection test {uuid.uuid4().hex[:6]}"
    page.fill("#subject_en", subject)
    page.fill(
        "#body_en",
        "Dear {given_name} {family_name},\n\nPlease join the **connection test**"
        " on {dates}. Your page: {manage_link}",
    )
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("Message queued for 1 person.")
    expect(page.locator("table")).to_contain_text(subject)

    message = mailbox.wait_for(online, subject)
    body = mailbox.text_of(message)
    assert "Dear Mere TUILAGI" in body or "Dear Mere Tuilagi" in body
    assert "connection test" in body
    assert re.search(rf"https?://[^\s/]+/registrations/{links.LINK_TEXT}", body)
    assert message["List-Unsubscribe"] and message["List-Id"]
    time.sleep(2)  # the worker sends every half second: anything else would be here
    assert not [
        m
        for m in mailbox.messages
        if in_person in str(m["To"]) and subject in str(m["Subject"])
    ]
