"""The meeting page's "Register" call to action at phone and desktop widths
(finding M5), the badge on one line at 1280 px (25) and the sidebar's spacing (24)."""

import pytest

pytestmark = pytest.mark.e2e

MEETING = "/meetings/csc-2027/"


@pytest.mark.parametrize("width,height", [(375, 667), (768, 1024), (1280, 900)])
def test_register_is_a_primary_button_in_the_first_viewport(
    browser, live_server, width, height
):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(live_server.url + MEETING)
    button = page.locator("header.page-header a.register-cta")
    box = button.bounding_box()
    assert box is not None and button.inner_text().strip() == "Register"
    assert box["y"] >= 0 and box["y"] + box["height"] <= height
    about = page.get_by_role("heading", name="About the meeting").bounding_box()
    assert box["y"] < about["y"]
    # A filled (primary) button, not a plain link.
    background = button.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    button.click()
    assert page.url.endswith("/meetings/csc-2027/register")
    context.close()


def test_badge_leads_to_the_form_and_stays_on_one_line(page, live_server):
    page.goto(live_server.url + MEETING)
    badge = page.locator(".facts a.badge-link .badge")
    line = badge.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || 20")
    assert badge.bounding_box()["height"] < 1.6 * line + 8
    page.locator(".facts a.badge-link").click()
    assert page.url.endswith("/meetings/csc-2027/register")


def test_sidebar_sections_are_spaced(page, live_server):
    page.goto(live_server.url + MEETING)
    last_link = page.locator(".meeting-links > .link-list li").last.bounding_box()
    calendar = page.locator(".meeting-links .calendar-links h2").bounding_box()
    assert calendar["y"] - (last_link["y"] + last_link["height"]) >= 16


def test_series_page_subscribes_with_webcal(page, live_server):
    page.goto(live_server.url + "/series/idm/")
    link = page.get_by_role("link", name="Subscribe (calendar)")
    assert link.get_attribute("href").startswith("webcal://")


def test_agenda_offers_my_time_zone_from_the_browser(browser, live_server):
    context = browser.new_context(
        viewport={"width": 375, "height": 667}, timezone_id="Asia/Bangkok"
    )
    page = context.new_page()
    page.goto(live_server.url + "/meetings/csc-2027/agenda")
    button = page.locator("button[data-my-zone]")
    assert button.is_visible() and "Asia/Bangkok" in button.inner_text()
    button.click()
    page.wait_for_url("**tz=Asia%2FBangkok**")
    assert page.locator("#tz").input_value() == "Asia/Bangkok"
    assert "Asia/Bangkok (UTC+07:00)" in page.content()
    context.close()


def test_agenda_zone_picker_without_scripts(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/meetings/csc-2027/agenda")
    assert not page.locator("button[data-my-zone]").is_visible()
    page.fill("#tz", "America/Argentina/Buenos_Aires")
    page.get_by_role("button", name="Show").click()
    # the form's GET is a navigation: read the page once it has loaded
    page.wait_for_url("**tz=America%2FArgentina%2FBuenos_Aires**")
    assert "America/Argentina/Buenos_Aires (UTC-03:00)" in page.content()
    context.close()
