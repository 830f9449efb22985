"""Messages to participants, read back from a real SMTP server (aiosmtpd)."""

import re

import pytest
import sqlalchemy as sa

from eventsys.audit.models import AuditEvent
from eventsys.comms import service
from eventsys.comms.models import Message
from eventsys.comms.queries import Audience
from eventsys.extensions import db
from eventsys.mail import sender
from eventsys.mail.models import PRIORITY_BULK
from eventsys.mail.models import OutboxEmail
from eventsys.mail.service import enqueue
from eventsys.registration.models import Delegation
from tests.factories import PASSWORD
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_registration
from tests.factories import make_role
from tests.factories import make_user

BODIES = {
    "subject_en": "News for {given_name}",
    "subject_fr": "Nouvelles pour {given_name}",
    "subject_es": "Noticias para {given_name}",
    "body_en": "Dear {title} {given_name} {family_name},\n\n**{meeting}** on {dates}.\n\nYour page: {manage_link}",
    "body_fr": "Bonjour {given_name} {family_name},\n\n**{meeting}** : {dates}.\n\nVotre page : {manage_link}",
    "body_es": "Estimado/a {given_name} {family_name},\n\n**{meeting}**: {dates}.\n\nSu página: {manage_link}",
}


@pytest.fixture
def mail_app(app, smtp_server):
    smtp_server.configure(app)
    app.config["MAIL_DEFAULT_SENDER"] = "IOM Dialogue <no-reply@events.test>"
    app.config["MAIL_RATE_PER_MINUTE"] = 1000
    return app


@pytest.fixture
def setup(mail_app):
    meeting = make_meeting(
        languages=["en", "fr", "es"],
        main_language="en",
        title={"en": "Dialogue", "fr": "Dialogue FR", "es": "Diálogo"},
    )
    manager = make_user(email="manager@example.org")
    make_role(manager, meeting)
    category = make_category(meeting)
    people = {
        lang: make_registration(
            meeting,
            category=category,
            status="confirmed",
            language=lang,
            title="Dr" if lang == "en" else "",
            given_name=f"Ana{lang}",
            family_name=f"Ruiz{lang}",
            email=f"{lang}@example.org",
        )
        for lang in ("en", "fr", "es")
    }
    make_registration(
        meeting, category=category, status="pending", email="p@example.org"
    )
    db.session.commit()
    return meeting, manager, people


def _login(client, auth, email="manager@example.org"):
    assert auth.login(email, PASSWORD).status_code == 302


def _post(client, meeting, action, **data):
    values = {"kind": "registrations", "statuses": ["confirmed"], "action": action}
    values.update(BODIES)
    values.update(data)
    return client.post(f"/manage/meetings/{meeting.slug}/messages", data=values)


def _text(message) -> str:
    return message.get_body(("plain",)).get_content()


def _html(message) -> str:
    return message.get_body(("html",)).get_content()


def test_three_languages_reach_each_recipient_once_in_their_language(
    setup, client, auth, smtp_server
):
    meeting, _manager, people = setup
    _login(client, auth)
    page = _post(client, meeting, "count")
    assert "This message reaches 3 people." in page.get_data(as_text=True)
    response = _post(client, meeting, "send")
    assert response.status_code == 302
    message = db.session.scalar(sa.select(Message))
    assert message.recipients == 3
    assert message.audience["statuses"] == ["confirmed"]
    sender.send_due()
    received = {m["To"].addresses[0].addr_spec: m for m in smtp_server.messages}
    assert sorted(received) == ["en@example.org", "es@example.org", "fr@example.org"]
    assert len(smtp_server.messages) == 3
    assert received["en@example.org"]["Subject"] == "News for Anaen"
    assert received["fr@example.org"]["Subject"] == "Nouvelles pour Anafr"
    assert received["es@example.org"]["Subject"] == "Noticias para Anaes"
    assert "Dear Dr Anaen Ruizen" in _text(received["en@example.org"])
    assert "Diálogo" in _text(received["es@example.org"])
    assert "<strong>Dialogue FR</strong>" in _html(received["fr@example.org"])
    # {manage_link} is the participant's current link: the one they already hold.
    link = re.search(
        r"http://events\.test/registrations/\S+", _text(received["fr@example.org"])
    )
    assert link and link.group(0).endswith(people["fr"].plain_token)
    assert client.get(f"/registrations/{people['fr'].plain_token}").status_code == 200
    counts = client.get(f"/manage/meetings/{meeting.slug}/messages").get_data(
        as_text=True
    )
    assert "News for {given_name}" in counts
    audit = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "message.sent")
    )
    assert audit.after["recipients"] == 3
    history = client.get(f"/manage/meetings/{meeting.slug}/history").get_data(
        as_text=True
    )
    assert "Message “News for {given_name}” sent to 3 people" in history


def test_audience_count_equals_the_recipients(setup):
    meeting, manager, people = setup
    other = make_category(meeting)
    make_registration(
        meeting, category=other, status="confirmed", attendance="online", language="fr"
    )
    db.session.flush()
    for audience in (
        Audience(statuses=("confirmed",)),
        Audience(statuses=("confirmed",), languages=("fr",)),
        Audience(statuses=("confirmed",), attendance="online"),
        Audience(statuses=("confirmed", "pending"), category_ids=(other.id,)),
        Audience(statuses=()),
    ):
        assert service.count(meeting, audience) == len(
            list(service.recipients(meeting, audience))
        )
    assert (
        service.count(meeting, Audience(statuses=("confirmed",), languages=("fr",)))
        == 2
    )


def test_unknown_placeholder_or_broken_brace_is_refused_and_nothing_queued(
    setup, client, auth
):
    meeting, _manager, _people = setup
    _login(client, auth)
    response = _post(client, meeting, "send", body_fr="Bonjour {prenom}")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Unknown placeholder {prenom}" in page
    assert "Message (French, Markdown)" in page
    response = _post(client, meeting, "send", subject_en="Hello {given_name")
    assert response.status_code == 422
    assert "A brace is not closed" in response.get_data(as_text=True)
    response = _post(client, meeting, "send", body_es="{given_name.__class__}")
    assert response.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(OutboxEmail.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(Message.id))) == 0


def test_preview_and_test_to_myself_do_not_touch_the_participants(
    setup, client, auth, smtp_server
):
    meeting, _manager, people = setup
    _login(client, auth)
    fr = people["fr"]
    before = fr.link_generation
    page = _post(client, meeting, "preview", preview_as=str(fr.id)).get_data(
        as_text=True
    )
    assert "Nouvelles pour Anafr" in page
    response = _post(client, meeting, "test", preview_as=str(fr.id))
    assert response.status_code == 200
    sender.send_due()
    assert [m["To"].addresses[0].addr_spec for m in smtp_server.messages] == [
        "manager@example.org"
    ]
    assert smtp_server.messages[0]["Subject"] == "[TEST] Nouvelles pour Anafr"
    assert "List-Unsubscribe" not in smtp_server.messages[0]
    db.session.refresh(fr)
    assert fr.link_generation == before


def test_bulk_headers_and_unsubscribe_stops_messages_not_transactional_mail(
    setup, client, auth, smtp_server, now
):
    meeting, manager, people = setup
    subject = {"en": "One"}
    body = {"en": "Hello {given_name}"}
    service.send(meeting, subject, body, audience=Audience(), actor=manager, now=now)
    db.session.commit()
    sender.send_due()
    fr_mail = next(
        m
        for m in smtp_server.messages
        if m["To"].addresses[0].addr_spec == "fr@example.org"
    )
    assert fr_mail["List-Id"] == f"<{meeting.slug}.messages.events.test>"
    assert fr_mail["Auto-Submitted"] == "auto-generated"
    assert fr_mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = fr_mail["List-Unsubscribe"].strip("<>")
    path = url[len("http://events.test") :]
    assert "Receive no more messages" in client.get(path).get_data(as_text=True)
    # RFC 8058: the mail client POSTs List-Unsubscribe=One-Click, no cookie, no form token.
    fresh = client.application.test_client()
    assert fresh.post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    assert client.get(path[:-3] + "abc").status_code == 404
    smtp_server.messages.clear()
    second = service.send(
        meeting, {"en": "Two"}, body, audience=Audience(), actor=manager, now=now
    )
    enqueue("fr@example.org", "Your registration", "Transactional", now=now)
    db.session.commit()
    assert second.recipients == 2
    sender.send_due()
    got = sorted(
        (m["To"].addresses[0].addr_spec, m["Subject"]) for m in smtp_server.messages
    )
    assert got == [
        ("en@example.org", "Two"),
        ("es@example.org", "Two"),
        ("fr@example.org", "Your registration"),
    ]
    assert db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "message.opt_out")
    )


def test_transactional_mail_written_during_a_bulk_send_goes_first(
    setup, smtp_server, now, app
):
    meeting, manager, _people = setup
    for i in range(6):
        make_registration(meeting, status="confirmed", email=f"more{i}@example.org")
    service.send(
        meeting,
        {"en": "Bulk"},
        {"en": "Hi"},
        audience=Audience(),
        actor=manager,
        now=now,
    )
    db.session.commit()
    app.config["MAIL_RATE_PER_MINUTE"] = 4
    sender.send_due(now=now)
    enqueue("late@example.org", "Confirmed", "Transactional", now=now)
    db.session.commit()
    later = now.replace(minute=now.minute + 2)
    sender.send_due(now=later)
    subjects = [m["Subject"] for m in smtp_server.messages]
    assert subjects[:4] == ["Bulk"] * 4
    assert subjects[4] == "Confirmed"
    rows = db.session.scalars(
        sa.select(OutboxEmail).where(OutboxEmail.kind == "message")
    )
    assert {r.priority for r in rows} == {PRIORITY_BULK}


def test_html_and_text_parts_in_each_language(setup, smtp_server, now):
    meeting, manager, _people = setup
    body = {
        "en": "Hello <script>x</script>[site](javascript:alert(1))",
        "fr": "Bonjour",
        "es": "Hola",
    }
    service.send(
        meeting,
        {"en": "S", "fr": "S", "es": "S"},
        body,
        audience=Audience(),
        actor=manager,
        now=now,
    )
    db.session.commit()
    sender.send_due()
    by_lang = {m["To"].addresses[0].addr_spec[:2]: m for m in smtp_server.messages}
    assert "<script" not in _html(by_lang["en"]) and 'href="javascript' not in _html(
        by_lang["en"]
    )
    assert "Receive no more messages like it" in _html(by_lang["en"])
    assert "Bonjour" in _text(by_lang["fr"]) and "Bonjour" in _html(by_lang["fr"])
    assert "Hola" in _text(by_lang["es"]) and 'lang="es"' in _html(by_lang["es"])


def test_focal_points_by_delegation_status(setup, now):
    meeting, manager, _people = setup
    db.session.add_all(
        [
            Delegation(
                meeting=meeting,
                represents="A",
                focal_point_email="a@x.org",
                status="invited",
            ),
            Delegation(
                meeting=meeting,
                represents="B",
                focal_point_email="b@x.org",
                status="nominated",
            ),
        ]
    )
    db.session.flush()
    audience = Audience(kind="focal_points", statuses=("nominated",))
    assert service.count(meeting, audience) == 1
    with pytest.raises(service.InvalidInput):
        service.send(
            meeting,
            {"en": "S"},
            {"en": "{manage_link}"},
            audience=audience,
            actor=manager,
            now=now,
        )
    message = service.send(
        meeting,
        {"en": "S"},
        {"en": "Dear {given_name}"},
        audience=audience,
        actor=manager,
        now=now,
    )
    assert message.recipients == 1


def test_audience_count_is_one_query_whatever_the_size(setup):
    meeting, _manager, _people = setup

    def statements_for_count() -> int:
        seen = []
        db.session.flush()
        assert meeting.id  # loaded before counting

        def note(*args):
            seen.append(args[2])

        sa.event.listen(db.engine, "before_cursor_execute", note)
        try:
            service.count(meeting, Audience(statuses=("confirmed",)))
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", note)
        return len(seen)

    small = statements_for_count()
    for i in range(30):
        make_registration(meeting, status="confirmed", email=f"n{i}@example.org")
    db.session.flush()
    assert small == statements_for_count() == 1
    assert service.count(meeting, Audience(statuses=("confirmed",))) == 33
