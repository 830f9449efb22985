"""Registration emails people can act on: HTML (CSS inlined) and text parts, en/fr/es,
read back from a real SMTP server."""

import pytest

from eventsys.extensions import db
from eventsys.mail import sender
from eventsys.registration import notify
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_registration

ONLINE = "https://meet.example.org/dialogue"


@pytest.fixture
def mail_app(app, smtp_server):
    smtp_server.configure(app)
    app.config["MAIL_DEFAULT_SENDER"] = "IOM Dialogue <no-reply@events.test>"
    return app


def _send(registration, kind, smtp_server, now, **kw):
    smtp_server.messages.clear()
    notify.send(registration, kind, now=now, **kw)
    db.session.commit()
    sender.send_due(now=now)
    (message,) = smtp_server.messages
    return (
        message.get_body(("plain",)).get_content(),
        message.get_body(("html",)).get_content(),
    )


@pytest.fixture
def meeting(mail_app):
    meeting = make_meeting(
        languages=["en", "fr", "es"],
        title={"en": "Dialogue", "fr": "Dialogue FR", "es": "Diálogo"},
        venue="Palais des Nations",
        online_url=ONLINE,
        format="hybrid",
    )
    db.session.commit()
    return meeting


@pytest.mark.parametrize(
    "language,zone_word,contact",
    [
        ("en", "Zurich", "Questions?"),
        ("fr", "Zurich", "Des questions"),
        ("es", "Zurich", "¿Preguntas?"),
    ],
)
def test_confirmed_online_gets_the_link_times_zone_venue_agenda_contact(
    meeting, smtp_server, now, language, zone_word, contact
):
    registration = make_registration(
        meeting, status="confirmed", attendance="online", language=language
    )
    text, html = _send(registration, "confirmed", smtp_server, now)
    for part in (text, html):
        assert ONLINE in part
        assert "Palais des Nations" in part
        assert f"/meetings/{meeting.slug}/agenda" in part
        assert "secretariat@example.org" in part
        assert zone_word in part  # the meeting's zone is named
        assert "9:00" in part  # 07:00 UTC in Geneva in June
        assert "Europe/Zurich" in part
    assert contact in text.replace("\u00a0", " ")
    assert "<style" not in html and 'style="' in html  # CSS inlined
    assert f'lang="{language}"' in html


def test_in_person_and_pending_participants_do_not_get_the_online_link(
    meeting, smtp_server, now
):
    in_person = make_registration(meeting, status="confirmed", attendance="in_person")
    text, html = _send(in_person, "confirmed", smtp_server, now)
    assert ONLINE not in text and ONLINE not in html
    pending = make_registration(meeting, status="pending", attendance="online")
    text, html = _send(pending, "pending", smtp_server, now)
    assert ONLINE not in text and ONLINE not in html


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("kind", ["rejected", "cancelled"])
def test_rejection_and_cancellation_offer_no_invitation_nor_change(
    meeting, smtp_server, now, language, kind
):
    registration = make_registration(
        meeting, category=make_category(meeting), status=kind, language=language
    )
    text, html = _send(registration, kind, smtp_server, now, was_confirmed=True)
    for part in (text, html):
        assert "A calendar invitation is attached" not in part
        assert "invitation de calendrier" not in part
        assert "invitación de calendario" not in part
        assert "change or cancel" not in part
        assert "modifier ou annuler" not in part.replace("\u00a0", " ")
        assert ONLINE not in part
    if language == "en":
        assert "removes the meeting from your calendar" in text
