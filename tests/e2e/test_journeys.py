"""The four user journeys in a real browser, against the app served by gunicorn,
with email delivered by the mail worker to a real SMTP server."""

import datetime
import io
import re
import time
import uuid

import pytest
from playwright.sync_api import expect

from eventsys import links
from tests.e2e.conftest import create_meeting
from tests.e2e.conftest import create_user
from tests.e2e.conftest import login
from tests.e2e.conftest import publish
from tests.e2e.conftest import set_registration

pytestmark = pytest.mark.e2e

DIASPORA = "Consultation on diaspora engagement"
BANGKOK = "Regional consultation on labour mobility"
MANAGE_LINK = rf"https?://[^\s/]+/registrations/{links.LINK_TEXT}"


def _future(days: int) -> str:
    """A date that stays ahead of the clock, so the journeys keep working next year."""
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


def _unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def _new_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm prompts
    return page


def _add_session(page, title, *, kind, room, day, start, end, people=()):
    page.get_by_role("link", name="Add a session").click()
    page.fill("#title", title)
    page.select_option("#kind", kind)
    page.select_option("#room_id", label=room)
    page.fill("#day", day)
    page.fill("#starts_at", start)
    page.fill("#ends_at", end)
    for index, (role, name, affiliation) in enumerate(people):
        page.select_option(f"#people-{index}-role", role)
        page.fill(f"#people-{index}-name", name)
        page.fill(f"#people-{index}-affiliation", affiliation)
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_role("link", name="Add a session")).to_be_visible()


def test_secretariat_builds_and_publishes_a_meeting(page, live_server):
    server = live_server
    slug = _unique("bangkok")
    login(page, server)
    create_meeting(
        page,
        server,
        slug=slug,
        title=BANGKOK,
        starts=f"{_future(100)}T09:00",
        ends=f"{_future(101)}T17:00",
        timezone="Asia/Bangkok",
        city="Bangkok",
        format="in_person",
    )
    expect(page.locator("main")).to_contain_text("Asia/Bangkok")
    expect(page.locator("h1 .badge")).to_have_text("Draft")

    page.get_by_role("link", name="Rooms").first.click()
    for name, seats in (("Plenary hall", "200"), ("Meeting room B", "40")):
        page.fill("#name", name)
        page.fill("#capacity", seats)
        page.get_by_role("button", name="Add room").click()
        expect(page.get_by_role("cell", name=name)).to_be_visible()

    page.locator(".subnav").get_by_role("link", name="Agenda").click()
    _add_session(
        page,
        "Opening of the consultation",
        kind="opening",
        room="Plenary hall",
        day=_future(100),
        start="09:00",
        end="10:00",
        people=[
            ("chair", "Amina Diallo", "IOM"),
            ("speaker", "Somchai Wongsakul", "Ministry of Labour"),
        ],
    )
    _add_session(
        page,
        "Panel: skills partnerships",
        kind="panel",
        room="Plenary hall",
        day=_future(100),
        start="09:30",
        end="11:00",
        people=[("moderator", "Maria Santos", "Colombo Process")],
    )
    warnings = page.locator(".agenda-warnings")
    expect(warnings).to_be_visible()
    expect(warnings).to_contain_text("clash", ignore_case=True)
    expect(warnings).to_contain_text("Plenary hall")
    expect(page.locator(".clash-flag")).to_have_count(2)

    publish(page, server, slug)
    expect(page.locator("h1 .badge")).to_have_text("Published")

    set_registration(page, server, slug, capacity=40, approval=True)
    expect(page.locator("#capacity")).to_have_value("40")
    expect(page.locator("#requires_approval")).to_be_checked()
    # the series makes Academia confirm at once; let it follow the meeting's approval
    academia = page.locator("tr", has=page.get_by_role("rowheader", name="Academia"))
    academia.get_by_role("link", name="Edit").click()
    page.select_option("#requires_approval", "inherit")
    page.get_by_role("button", name="Save category").click()
    academia = page.locator("tr", has=page.get_by_role("rowheader", name="Academia"))
    expect(academia).to_contain_text("Secretariat approves (as the meeting)")

    public = _new_page(page.context.browser)
    public.goto(f"{server.url}/meetings/{slug}/")
    expect(public.get_by_role("heading", level=1)).to_have_text(BANGKOK)
    expect(public.locator("main")).to_contain_text("Registration open")
    public.get_by_role("link", name="Agenda", exact=True).click()
    expect(public.locator("main")).to_contain_text("Amina Diallo")
    expect(public.locator("main")).to_contain_text("9:30")
    public.goto(f"{server.url}/meetings/{slug}/register")
    expect(public.locator(".category-facts")).to_contain_text(
        "Academia: the secretariat approves registrations"
    )

    email = f"{_unique('chai')}@example.net"
    _register(
        public,
        server,
        title=BANGKOK,
        email=email,
        given="Chai",
        family="Srisuk",
        hybrid=False,
    )
    expect(public.locator("h1 .badge")).to_have_text("Pending approval")
    server.mailbox.wait_for(email, "Registration received")
    public.context.close()

    page.goto(f"{server.url}/manage/meetings/{slug}/registrations")
    row = page.get_by_role("row", name=re.compile("Chai SRISUK"))
    expect(row.locator(".badge")).to_have_text("Pending approval")
    row.get_by_role("checkbox").check()
    page.select_option("#bulk-action", "approve")
    page.get_by_role("button", name="Apply").click()
    expect(
        page.get_by_role("row", name=re.compile("Chai SRISUK")).locator(".badge")
    ).to_have_text("Confirmed")
    server.mailbox.wait_for(email, "Registration approved")


def _register(page, server, *, title, email, given, family, answer=None, hybrid=True):
    """Find the meeting from the home page and fill its registration form."""
    page.goto(server.url + "/")
    page.get_by_role("link", name=title).first.click()
    page.get_by_role("link", name="Register", exact=True).click()
    page.select_option("#category", "academia")
    page.fill("#email", email)
    page.fill("#given_name", given)
    page.fill("#family_name", family)
    page.fill("#organisation", "Chulalongkorn University")
    page.select_option("#country", "TH")
    if hybrid:
        page.get_by_label("In person").check()
    if answer:
        page.get_by_label(answer).check()
    page.get_by_label(re.compile("privacy", re.I)).check()
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page).to_have_url(re.compile(r".*/registrations/[^/]+$"))


def test_participant_registers_changes_cancels_and_the_waiting_list_moves(
    page, browser, live_server
):
    server, mailbox = live_server, live_server.mailbox
    slug = _unique("diaspora")
    login(page, server)
    create_meeting(
        page,
        server,
        slug=slug,
        title=DIASPORA,
        starts=f"{_future(30)}T09:00",
        ends=f"{_future(30)}T18:00",
        capacity=1,
    )
    publish(page, server, slug)
    _add_required_question(page, server, slug)

    first, second = f"{_unique('ana')}@example.net", f"{_unique('ben')}@example.net"
    anna = _new_page(browser)
    _register(
        anna,
        server,
        title=DIASPORA,
        email=first,
        given="Ana",
        family="Reyes",
        answer="Labour mobility",
    )
    expect(anna.locator("h1 .badge")).to_have_text("Confirmed")

    mail = mailbox.wait_for(first, "Registration confirmed")
    link = mailbox.link_in(mail, MANAGE_LINK)
    anna.context.close()

    own = _new_page(
        browser
    )  # the emailed link works in any browser, without an account
    own.goto(link)
    expect(own.locator("h1 .badge")).to_have_text("Confirmed")
    expect(own.locator(".facts")).to_contain_text("Labour mobility")
    own.get_by_label("Online").check()
    own.get_by_role("button", name="Save changes").click()
    expect(own.locator(".flash")).to_contain_text("Your changes are saved")
    expect(own.locator(".facts")).to_contain_text("Online")

    ben = _new_page(browser)
    _register(
        ben,
        server,
        title=DIASPORA,
        email=second,
        given="Ben",
        family="Okafor",
        answer="Climate and migration",
    )
    expect(ben.locator("h1 .badge")).to_have_text("Waiting list")
    expect(ben.locator("main")).to_contain_text("waiting list, at position 1")
    ben_link = mailbox.link_in(mailbox.wait_for(second, "Waiting list"), MANAGE_LINK)
    ben.context.close()

    own.get_by_role("button", name="Cancel my registration").click()
    expect(own.locator("h1 .badge")).to_have_text("Cancelled")
    mailbox.wait_for(first, "Registration cancelled")
    own.context.close()

    promoted = mailbox.wait_for(second, "A seat is yours")
    assert mailbox.link_in(promoted, MANAGE_LINK) == ben_link  # no email replaces it
    back = _new_page(browser)
    back.goto(ben_link)
    expect(back.locator("h1 .badge")).to_have_text("Confirmed")
    back.context.close()


def _add_required_question(page, server, slug):
    """From the settings page to the questions page, where the question is added."""
    page.goto(f"{server.url}/manage/meetings/{slug}/registration-settings")
    page.get_by_role("link", name="Edit the questions on the form").click()
    page.fill("#label_en", "Which working group will you join?")
    page.select_option("#kind", "single_choice")
    page.fill("#choices", "Labour mobility\nClimate and migration")
    page.check("#required")
    page.get_by_role("button", name="Add question").click()
    expect(page.locator(".question-list")).to_contain_text(
        "Which working group will you join?"
    )
    expect(page.locator(".question-list")).to_contain_text("One choice")


def test_focal_point_registers_a_member_on_a_meeting_with_a_required_question(
    page, browser, live_server
):
    server, mailbox = live_server, live_server.mailbox
    slug = _unique("grcp")
    login(page, server)
    create_meeting(
        page,
        server,
        slug=slug,
        title="Global meeting of chairs and secretariats",
        starts=f"{_future(40)}T09:00",
        ends=f"{_future(41)}T18:00",
    )
    publish(page, server, slug)
    _add_required_question(page, server, slug)
    focal = f"{_unique('focal')}@dfa.example.ph"
    page.goto(f"{server.url}/manage/meetings/{slug}/delegations")
    page.select_option("#country", "PH")
    page.fill("#focal_point_email", focal)
    page.get_by_role("button", name="Invite").click()
    expect(page.locator(".flash")).to_contain_text("invited")

    mail = mailbox.wait_for(focal, "Your delegation")
    fp = _new_page(browser)
    fp.goto(mailbox.link_in(mail, rf"https?://[^\s/]+/delegations/{links.LINK_TEXT}"))
    fp.select_option("#category", index=1)
    fp.select_option("#function", "head_of_delegation")
    fp.fill("#given_name", "Maria")
    fp.fill("#family_name", "Santos")
    fp.get_by_label("In person").check()
    fp.get_by_label(re.compile("privacy", re.I)).check()
    # Without the answer: the summary names the question and leads to it.
    fp.get_by_role("button", name="Register member").click()
    summary = fp.locator("#error-summary")
    expect(summary).to_contain_text("Which working group will you join?")
    summary.get_by_role("link", name=re.compile("Which working group")).click()
    expect(fp).to_have_url(re.compile(r".*#q_\d+$"))
    fp.get_by_label("Climate and migration").check()
    fp.get_by_label(re.compile("privacy", re.I)).check()
    fp.get_by_role("button", name="Register member").click()
    expect(fp.locator(".flash")).to_contain_text("waits for accreditation")
    expect(fp.get_by_role("row", name=re.compile("Maria SANTOS"))).to_be_visible()
    fp.context.close()


def test_rapporteur_writes_manager_reviews_and_publishes_a_pdf(
    page, browser, live_server
):
    import pypdf

    server = live_server
    email, password = (
        f"{_unique('rapporteur')}@example.org",
        "correct horse battery staple 2027",
    )
    create_user(server, email, password, "Rosa Rapporteur")
    login(page, server)
    page.goto(f"{server.url}/manage/meetings/csc-2027/people")
    page.fill("#email", email)
    page.select_option("#role", "rapporteur")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("table")).to_contain_text(email)

    writer = _new_page(browser)
    login(writer, server, email=email, password=password)
    writer.goto(f"{server.url}/manage/meetings/csc-2027/outcomes/")
    writer.get_by_role("link", name=re.compile("New document")).click()
    title = f"Chair's summary {uuid.uuid4().hex[:6]}"
    writer.select_option("#kind", "chair_summary")
    writer.fill("#title_en", title)
    writer.locator("form").get_by_role("button", name=re.compile("Save|Create")).click()
    expect(writer.get_by_role("link", name="Add a section")).to_be_visible()

    writer.get_by_role("link", name="Add a section").click()
    writer.fill("#heading", "Partnerships that work")
    writer.select_option("#kind", "good_practice")
    writer.fill(
        "#body",
        "Cities **co-design** services with diaspora groups.\n\n- shared data\n- joint funding",
    )
    writer.get_by_role("button", name="Preview").click()
    preview = writer.locator(
        "section.card", has=writer.get_by_role("heading", name="Preview")
    )
    expect(preview.locator("strong")).to_have_text("co-design")
    expect(preview.locator("li")).to_have_count(2)
    writer.get_by_role("button", name="Save section").click()
    expect(writer.locator(".flash")).to_contain_text("Section saved")
    writer.get_by_role("button", name="Submit for review").click()
    expect(writer.locator(".flash")).to_contain_text("Submitted for review")
    document_url = writer.url

    page.goto(document_url)
    page.get_by_label("Comment for the rapporteur").fill(
        "Please add a recommendation on funding."
    )
    page.get_by_role("button", name="Return to the rapporteur").click()
    expect(page.locator(".flash")).to_contain_text("Returned to the rapporteur")

    writer.reload()
    expect(writer.locator(".notice--warning")).to_contain_text(
        "Please add a recommendation on funding."
    )
    writer.get_by_role("link", name="Partnerships that work").click()
    writer.fill(
        "#body",
        "Cities **co-design** services with diaspora groups.\n\n- shared data\n- joint funding\n\n"
        "We recommend a joint fund for diaspora partnerships.",
    )
    writer.get_by_role("button", name="Save section").click()
    writer.get_by_role("button", name="Submit for review").click()
    expect(writer.locator(".flash")).to_contain_text("Submitted for review")
    writer.context.close()

    page.goto(document_url)
    page.get_by_role("button", name="Publish version 1").click()
    expect(page.locator(".flash")).to_contain_text("Published")
    page.locator(".actions").get_by_role("link", name="Public page").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    href = page.get_by_role("link", name="Download PDF").get_attribute("href")
    url = server.url + href if href.startswith("/") else href
    response = page.request.get(url, timeout=60000)
    for _ in range(60):  # being rendered: wait as the page's own refresh does
        if response.status != 202:
            break
        time.sleep(int(response.headers.get("retry-after", "1")))
        response = page.request.get(url, timeout=60000)
    assert response.status == 200, response.status
    body = response.body()
    assert body.startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(body)).pages)
    assert "Partnerships that work" in text
    assert "joint fund" in text


def _calendar(body: bytes):
    import icalendar

    calendar = icalendar.Calendar.from_ical(body)
    return calendar, list(calendar.walk("VEVENT"))


def test_subscriber_fetches_the_meeting_feed_and_a_private_feed(page, live_server):
    server = live_server
    page.goto(server.url + "/meetings/csc-2027/")
    links = page.locator(".calendar-links")
    subscribe = links.get_by_role(
        "link", name="Subscribe in your calendar app"
    ).get_attribute("href")
    assert subscribe.startswith(("webcal://", "http://", "https://"))
    url = re.sub(r"^webcal://", "http://", subscribe)
    response = page.request.get(url)
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    _calendar_obj, events = _calendar(response.body())
    summaries = [str(event["SUMMARY"]) for event in events]
    assert any("Civil Society Consultations 2027" in s for s in summaries), summaries
    assert len(events) > 1  # the meeting and its sessions
    assert all(str(event["UID"]).endswith("@e2e.test") for event in events)

    login(page, server)
    page.goto(server.url + "/account")
    page.locator("#calendar-feed").get_by_role(
        "button", name="Create my calendar address"
    ).click()
    first = page.locator("#calendar-feed-url").input_value()
    assert re.search(r"/calendar/[^/]+\.ics$", first)
    feed = page.request.get(first)
    assert feed.ok
    _calendar_obj, private = _calendar(feed.body())
    # the demo admin manages the demo meetings: they are in the private feed
    assert any(
        "Civil Society Consultations 2027" in str(event["SUMMARY"]) for event in private
    )

    page.goto(server.url + "/account")
    page.locator("#calendar-feed").get_by_role(
        "button", name="Make a new calendar address"
    ).click()
    second = page.locator("#calendar-feed-url").input_value()
    assert second != first
    assert page.request.get(first).status == 410  # replaced
    assert page.request.get(second).ok
