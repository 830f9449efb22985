"""An admin invites a rapporteur by email; the rapporteur opens the link from the
mail, chooses a password and writes a summary, all in the browser."""

import re
import uuid

from playwright.sync_api import expect

from tests.e2e.conftest import login


def test_admin_invites_a_rapporteur_who_sets_a_password_and_writes(
    page, browser, live_server
):
    server = live_server
    email = f"invited-{uuid.uuid4().hex[:8]}@example.org"
    login(page, server)
    page.goto(f"{server.url}/manage/meetings/csc-2027/people")
    page.fill("#email", email)
    page.select_option("#role", "rapporteur")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("we sent an invitation")
    expect(page.locator("table").last).to_contain_text(email)

    message = server.mailbox.wait_for(email, "invited")
    link = server.mailbox.link_in(message, r"http://\S+/account/invitation/[\w\-]+")

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    writer = context.new_page()
    writer.set_default_timeout(15000)
    writer.goto(link)
    expect(writer.get_by_role("heading", name="Accept the invitation")).to_be_visible()
    writer.get_by_label("Your name").fill("Ina Invited")
    writer.get_by_label("Choose a password").fill(
        "a long passphrase for the rapporteur"
    )
    writer.get_by_role("button", name="Create my account and accept").click()
    expect(writer).to_have_url(re.compile(r"/manage/meetings/csc-2027/outcomes/$"))

    writer.get_by_role("link", name=re.compile("New document")).click()
    title = f"Session summary {uuid.uuid4().hex[:6]}"
    writer.select_option("#kind", "session_report")
    writer.fill("#title_en", title)
    writer.locator("form").get_by_role("button", name=re.compile("Save|Create")).click()
    writer.get_by_role("link", name="Add a section").click()
    writer.fill("#heading", "What the panel agreed")
    writer.select_option("#kind", "summary")
    writer.fill("#body", "Speakers agreed that **youth** must be heard.")
    writer.get_by_role("button", name="Save section").click()
    expect(writer.locator(".flash")).to_contain_text("Section saved")

    writer.goto(link)  # the link was single use
    expect(
        writer.get_by_role("heading", name="This link is not valid any more")
    ).to_be_visible()
    context.close()
