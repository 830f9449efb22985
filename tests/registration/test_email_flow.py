"""The registration emails end to end: outbox -> `flask mail send` -> a real SMTP server."""

import re

from eventsys.extensions import db
from tests.factories import make_category
from tests.factories import make_meeting
from tests.registration.helpers import form_data


def _parts(message) -> dict[str, str]:
    found = {}
    for part in message.walk():
        if part.get_content_maintype() != "multipart":
            found.setdefault(part.get_content_type(), part.get_content())
    return found


def _send(runner):
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output


def test_confirmation_waitlist_cancel_and_promotion_by_smtp(
    app, client, runner, smtp_server
):
    smtp_server.configure(app)
    meeting = make_meeting(
        slug="mail",
        capacity=1,
        format="hybrid",
        title={"en": "Civil society consultations", "fr": "Consultations"},
    )
    category = make_category(meeting)
    db.session.commit()
    first = client.post("/meetings/mail/register", data=form_data(category, 1))
    client.post("/meetings/mail/register?lang=fr", data=form_data(category, 2))
    _send(runner)
    assert len(smtp_server.messages) == 2
    confirmed, waitlisted = smtp_server.messages
    assert confirmed["To"].addresses[0].addr_spec == "ana1@example.org"
    assert confirmed["Subject"] == "Registration confirmed: Civil society consultations"
    parts = _parts(confirmed)
    assert {"text/plain", "text/html"} <= set(parts)
    link = re.search(
        r"http://events\.test(/registrations/\S+)", parts["text/plain"]
    ).group(1)
    assert link == first.headers["Location"]
    assert client.get(link).status_code == 200
    calendar = [p for p in confirmed.walk() if p.get_content_type() == "text/calendar"]
    assert calendar and calendar[0].get_param("method") == "REQUEST"
    assert "METHOD:REQUEST" in calendar[0].get_content()
    # The second person registered in French and is told in French.
    assert (
        "position 1" in _parts(waitlisted)["text/plain"] or "1" in waitlisted["Subject"]
    )
    assert waitlisted["Subject"] != "Waiting list: Civil society consultations"

    client.post(f"{link}/cancel")
    _send(runner)
    subjects = [m["Subject"] for m in smtp_server.messages[2:]]
    assert len(subjects) == 2
    cancelled = next(
        m
        for m in smtp_server.messages[2:]
        if m["To"].addresses[0].addr_spec == "ana1@example.org"
    )
    promoted = next(
        m
        for m in smtp_server.messages[2:]
        if m["To"].addresses[0].addr_spec == "ana2@example.org"
    )
    cancel_ics = [
        p for p in cancelled.walk() if p.get_content_type() == "text/calendar"
    ]
    assert cancel_ics and cancel_ics[0].get_param("method") == "CANCEL"
    assert "STATUS:CANCELLED" in cancel_ics[0].get_content()
    promoted_link = re.search(
        r"http://events\.test(/registrations/\S+)", _parts(promoted)["text/plain"]
    ).group(1)
    page = client.get(promoted_link)
    assert page.status_code == 200
    _send(runner)
    assert len(smtp_server.messages) == 4  # nothing sent twice
