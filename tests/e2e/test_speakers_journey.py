"""The secretariat's phone at the rostrum: call the next speaker, mark them spoken;
the public list of speakers shows it."""

import json

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

DEBATE = "General debate: statements by delegations"


def _debate_id(page, server) -> int:
    """The demo's general debate, found as any client would: through the API."""
    response = page.request.get(server.url + "/api/v1/meetings/idm-2019-geneva")
    sessions = json.loads(response.body())["sessions"]
    return next(s["id"] for s in sessions if s["title"]["en"] == DEBATE)


def test_the_floor_page_calls_a_speaker_and_the_public_list_shows_it(
    browser, live_server
):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    session_id = _debate_id(page, live_server)
    public = f"{live_server.url}/meetings/idm-2019-geneva/agenda/{session_id}/speakers"
    page.goto(public)
    sri_lanka = page.locator("li.speaker", has_text="Sri Lanka")
    expect(sri_lanka).to_be_visible()
    expect(sri_lanka.locator(".badge")).to_have_count(0)  # waiting, not spoken

    login(page, live_server)
    page.goto(
        f"{live_server.url}/manage/meetings/idm-2019-geneva/agenda/{session_id}/speakers/floor"
    )
    next_up = page.locator(".floor__next")
    expect(next_up).to_contain_text(
        "Sri Lanka"
    )  # the next member State in protocol order
    next_up.get_by_role("button", name="Call").click()
    current = page.locator(".floor__current")
    expect(current).to_contain_text("Sri Lanka")
    current.get_by_role("button", name="Has spoken").click()
    expect(page.locator(".floor__current")).to_have_count(0)
    expect(page.locator(".floor__next")).to_contain_text("Portugal")

    page.goto(public)
    expect(
        page.locator("li.speaker", has_text="Sri Lanka").locator(".badge")
    ).to_have_text("Has spoken")
    spoken = page.locator("li.speaker--spoken")
    expect(spoken).to_have_count(4)
    expect(spoken.last).to_contain_text("Sri Lanka")
    context.close()
