"""A partner proposes a side event from the meeting page, the secretariat hears of it
and accepts it at the wished slot, and it appears on the public agenda."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def test_propose_accept_and_see_it_on_the_agenda(page, live_server):
    page.goto(live_server.url + "/meetings/csc-2027/")
    page.get_by_role("link", name="Propose a side event").click()
    page.fill("textarea[name=organisers]", "Coastal Youth Adaptation Forum")
    page.fill("input[name=contact_name]", "Tala Fifita")
    page.fill("input[name=contact_email]", "tala.fifita@example.org")
    page.fill("input[name=title_en]", "Islands that move: youth on climate mobility")
    page.fill("textarea[name=description_en]", "Young islanders on planned relocation.")
    page.fill(
        "input[name=title_fr]",
        "Des îles qui bougent : les jeunes et la mobilité climatique",
    )
    page.select_option("select[name=wished_day]", "2027-06-23")
    page.fill("input[name=wished_start]", "12:30")
    page.fill("input[name=wished_minutes]", "60")
    page.click("form.stack button[type=submit]")
    expect(page.locator(".flash, .notice, [role=status]").first).to_contain_text(
        "your proposal is received"
    )
    receipt = live_server.mailbox.wait_for(
        "tala.fifita@example.org", "received", seconds=120
    )
    assert "/side-events/" in live_server.mailbox.text_of(receipt)
    told = live_server.mailbox.wait_for(
        "admin@example.org", "Side event proposed: Islands that move"
    )
    review = live_server.mailbox.link_in(told, r"http://\S+/side-events/\d+")

    login(page, live_server)
    page.goto(review)
    # The wish fills the slot; the manager picks a room and accepts.
    expect(page.locator("input[name=day]")).to_have_value("2027-06-23")
    expect(page.locator("input[name=starts_at]")).to_have_value("12:30")
    expect(page.locator("input[name=ends_at]")).to_have_value("13:30")
    page.select_option("select[name=room_id]", label="Room 4")
    page.click("form.stack button[type=submit]")
    expect(page.get_by_text("The side event is on the agenda")).to_be_visible()
    live_server.mailbox.wait_for(
        "tala.fifita@example.org", "Side event accepted", seconds=120
    )

    page.goto(live_server.url + "/meetings/csc-2027/agenda?lang=fr")
    expect(page.get_by_text("Des îles qui bougent", exact=False)).to_be_visible()
    expect(
        page.get_by_text("Coastal Youth Adaptation Forum", exact=False).first
    ).to_be_visible()
