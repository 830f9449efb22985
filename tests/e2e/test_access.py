"""Accessibility and layout in a real browser: axe-core on the main pages,
keyboard-only registration, announced and linked form errors, 320 px screens and
the print stylesheet."""

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
MEETING = "csc-2027"
OUTCOME = "/meetings/idm-2019-geneva/outcomes/red-book-2019"
PUBLIC_PAGES = {
    "home": "/",
    "meetings": "/meetings/",
    "meeting": f"/meetings/{MEETING}/",
    "agenda": f"/meetings/{MEETING}/agenda",
    "registration": f"/meetings/{MEETING}/register",
    "outcome": OUTCOME,
    "login": "/login",
    "series": "/series/idm/",
    "participants": f"/meetings/{MEETING}/participants",
}
MANAGE_PAGES = {
    "manage-registrations": f"/manage/meetings/{MEETING}/registrations",
    "manage-agenda": f"/manage/meetings/{MEETING}/agenda",
    "manage-overview": "/manage/",
    "account": "/account",
    "manage-meeting": f"/manage/meetings/{MEETING}/edit",
    "registration-settings": f"/manage/meetings/{MEETING}/registration-settings",
    "manage-outcome": "/manage/meetings/idm-2019-geneva/outcomes/red-book-2019/",
}


@pytest.fixture
def axe_page(browser):
    """A page whose CSP lets the test inject axe; the app never serves it."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make browser` (npm ci --prefix tests/e2e)")
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def serious_violations(page) -> list:
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "async () => { const r = await axe.run(document);"
        " return {passes: r.passes.length, violations: r.violations}; }"
    )
    assert results["passes"] > 10, "axe checked nothing"
    violations = results["violations"]
    return [
        f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:5]]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def test_axe_finds_nothing_serious_on_public_pages(axe_page, live_server):
    found = {}
    for name, path in PUBLIC_PAGES.items():
        response = axe_page.goto(live_server.url + path)
        assert response.ok, (path, response.status)
        found[name] = serious_violations(axe_page)
    assert found == {name: [] for name in PUBLIC_PAGES}


def test_axe_finds_nothing_serious_on_manage_pages(axe_page, live_server):
    login(axe_page, live_server)
    found = {}
    for name, path in MANAGE_PAGES.items():
        response = axe_page.goto(live_server.url + path)
        assert response.ok, (path, response.status)
        found[name] = serious_violations(axe_page)
    assert found == {name: [] for name in MANAGE_PAGES}


def test_axe_finds_nothing_serious_on_a_form_with_errors(axe_page, live_server):
    axe_page.goto(f"{live_server.url}/meetings/{MEETING}/register")
    axe_page.get_by_role("button", name="Register", exact=True).click()
    expect(axe_page.locator("#error-summary")).to_be_visible()
    assert serious_violations(axe_page) == []


def test_axe_finds_nothing_serious_on_a_participants_own_page(axe_page, live_server):
    axe_page.goto(f"{live_server.url}/meetings/{MEETING}/register")
    axe_page.select_option("#category", "academia")
    axe_page.fill("#email", f"axe-{uuid.uuid4().hex[:8]}@example.net")
    axe_page.fill("#given_name", "Ada")
    axe_page.fill("#family_name", "Okoro")
    axe_page.fill("#organisation", "University of Lagos")
    axe_page.select_option("#country", "NG")
    axe_page.check("#attendance-1")
    axe_page.check("#privacy_accepted")
    axe_page.get_by_role("button", name="Register", exact=True).click()
    expect(axe_page).to_have_url(re.compile(r".*/registrations/[^/]+$"))
    assert serious_violations(axe_page) == []


def test_axe_finds_nothing_serious_in_french(axe_page, live_server):
    found = {}
    for name in ("home", "meeting", "registration"):
        axe_page.goto(live_server.url + PUBLIC_PAGES[name] + "?lang=fr")
        expect(axe_page.locator("html")).to_have_attribute("lang", "fr")
        found[name] = serious_violations(axe_page)
    assert found == {"home": [], "meeting": [], "registration": []}


def test_form_errors_are_announced_and_linked_to_their_fields(page, live_server):
    page.goto(f"{live_server.url}/meetings/{MEETING}/register")
    page.fill("#email", "not an address")
    page.get_by_role("button", name="Register", exact=True).click()

    summary = page.locator("#error-summary")
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_focused()  # static/js/main.js moves focus there
    links = summary.locator("a[href^='#']")
    assert links.count() >= 3
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    for href in hrefs:
        field_id = href[1:]
        field = page.locator(f"[id='{field_id}']")
        expect(field).to_have_count(1)
        message = page.locator(f"[id='{field_id}-error']")
        expect(message).not_to_be_empty()
        expect(field).to_have_attribute(
            "aria-describedby", re.compile(rf"\b{re.escape(field_id)}-error\b")
        )
        if (
            field.evaluate("e => e.tagName") != "FIELDSET"
        ):  # a group of radios carries it on the group
            expect(field).to_have_attribute("aria-invalid", "true")

    summary.get_by_role("link", name=re.compile("^Email")).click()
    expect(page).to_have_url(re.compile(r"#email$"))
    expect(page.locator("#email")).to_have_value("not an address")


KEYBOARD_VALUES = {
    "email": None,  # filled per run
    "given_name": "Kim",
    "family_name": "Lee",
    "organisation": "University of Geneva",
    "position": "Researcher",
}


def _tab_to(page, predicate, limit: int = 80) -> dict:
    """Press Tab until the focused element matches; return a description of it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return {tag: e.tagName, type: e.type || '', name: e.name || '', id: e.id,"
            " text: (e.textContent || '').trim(), required: e.required}; }"
        )
        if predicate(focused):
            return focused
    raise AssertionError("Tab never reached the element")


def test_registration_works_with_the_keyboard_only(page, live_server):
    email = f"keyboard-{uuid.uuid4().hex[:8]}@example.net"
    page.goto(f"{live_server.url}/meetings/{MEETING}/register")

    _tab_to(page, lambda e: e["name"] == "category")
    page.keyboard.type("Academia")
    expect(page.locator("#category")).to_have_value("academia")
    seen = set()
    while True:
        focused = _tab_to(
            page, lambda e: e["tag"] in ("INPUT", "SELECT", "TEXTAREA", "BUTTON")
        )
        name = focused["name"]
        if focused["tag"] == "BUTTON":
            assert focused["text"] == "Register", focused
            break
        if name in seen:
            continue
        seen.add(name)
        if name == "email":
            page.keyboard.type(email)
        elif name in KEYBOARD_VALUES:
            page.keyboard.type(KEYBOARD_VALUES[name])
        elif name == "country":
            page.keyboard.type("Switzerland")
        elif (
            focused["type"] == "radio"
            or name == "privacy_accepted"
            or (focused["type"] == "checkbox" and focused["required"])
        ):
            page.keyboard.press("Space")
        elif (
            name.startswith("q_")
            and focused["tag"] in ("INPUT", "TEXTAREA")
            and focused["type"] != "checkbox"
        ):
            page.keyboard.type("An answer typed with the keyboard")
        elif name.startswith("q_") and focused["tag"] == "SELECT":
            page.keyboard.press("ArrowDown")
    expect(page.locator("#privacy_accepted")).to_be_checked()
    expect(page.locator("#country")).to_have_value("CH")

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r".*/registrations/[^/]+$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your registration")
    expect(page.locator(".facts")).to_contain_text(email)
    live_server.mailbox.wait_for(email, "Registration")


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(
    page, live_server
):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    # keyboard focus is visible (static/css/main.css :focus-visible)
    assert (
        page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        == "solid"
    )
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


@pytest.mark.parametrize(
    "name", ["home", "meeting", "agenda", "registration", "outcome"]
)
def test_pages_fit_a_320_pixel_screen(browser, live_server, name):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live_server.url + PUBLIC_PAGES[name])
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 320, f"{name} scrolls sideways: {width}px"


def test_manage_pages_fit_a_320_pixel_screen(browser, live_server):
    """Wide tables scroll inside their own box; the page itself never scrolls sideways."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    login(page, live_server)
    widths = {}
    for path in [*MANAGE_PAGES.values(), f"/manage/meetings/{MEETING}/agenda/new"]:
        page.goto(live_server.url + path)
        widths[path] = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert {path: width for path, width in widths.items() if width > 320} == {}


def test_agenda_prints_without_navigation(page, live_server):
    page.goto(f"{live_server.url}/meetings/{MEETING}/agenda")
    expect(page.locator(".site-header")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-nav")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.locator(".session").first).to_be_visible()
    assert (
        page.evaluate("getComputedStyle(document.body).backgroundColor")
        == "rgb(255, 255, 255)"
    )
