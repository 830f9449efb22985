"""Email goes out in the participant's language, dates included."""

import sqlalchemy as sa

from eventsys.mail.models import OutboxEmail
from eventsys.mail.service import render_email
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_registration

TITLE = {
    "en": "Youth and migration",
    "fr": "Les jeunes et la migration",
    "es": "La juventud y la migración",
}


def register(client, meeting, category, language: str, email: str):
    return client.post(
        f"/meetings/{meeting.slug}/register",
        query_string={"lang": language},
        data={
            "category": category.key,
            "title": "Ms.",
            "given_name": "Awa",
            "family_name": "Diop",
            "email": email,
            "organisation": "Réseau des jeunes",
            "represents": "",
            "nationality": "SN",
            "country": "SN",
            "position": "Coordinator",
            "attendance": "in_person",
            "privacy_accepted": "y",
        },
    )


def test_registering_in_french_sends_french_email(app, db, client):
    meeting = make_meeting(title=TITLE, languages=["en", "fr", "es"], capacity=50)
    category = make_category(
        meeting, name={"en": "Civil society", "fr": "Société civile"}
    )
    db.session.commit()
    response = register(client, meeting, category, "fr", "awa@example.org")
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    email = db.session.scalar(
        sa.select(OutboxEmail).where(OutboxEmail.to_addr == "awa@example.org")
    )
    assert (
        email.subject.replace("\u00a0", " ")
        == "Inscription confirmée : Les jeunes et la migration"
    )
    assert "Votre inscription est confirmée." in email.body_text
    assert "1 juin 2027" in email.body_text  # the meeting's date, as French writes it
    assert "Société civile" in email.body_text
    assert "Votre inscription est confirmée." in email.body_html
    assert "Your registration" not in email.body_text


def test_spanish_email_with_content_falling_back(app, db):
    meeting = make_meeting(title={"en": "Only in English"}, languages=["en"])
    registration = make_registration(
        meeting, category=make_category(meeting), language="es", status="confirmed"
    )
    subject, text, html = render_email(
        "registration_confirmed",
        "es",
        registration=registration,
        meeting=meeting,
        manage_url="http://events.test/registrations/x",
        base_url="http://events.test",
        has_invitation=True,
    )
    assert subject == "Inscripción confirmada: Only in English"
    assert "1 jun 2027" in text
    assert "Se adjunta una invitación de calendario." in text


def test_rendering_an_email_does_not_change_the_page_language(app, db):
    meeting = make_meeting(title=TITLE)
    registration = make_registration(
        meeting, category=make_category(meeting), language="fr", status="confirmed"
    )
    with app.test_request_context("/?lang=es"):
        from eventsys.i18n import current_language

        render_email(
            "registration_confirmed",
            "fr",
            registration=registration,
            meeting=meeting,
            manage_url="x",
            base_url="x",
            has_invitation=False,
        )
        assert current_language() == "es"


def test_html_emails_declare_language_and_direction(app, db):
    meeting = make_meeting(title=TITLE)
    registration = make_registration(
        meeting, category=make_category(meeting), language="es", status="confirmed"
    )
    _subject, _text, html = render_email(
        "registration_confirmed",
        "es",
        registration=registration,
        meeting=meeting,
        manage_url="x",
        base_url="x",
        has_invitation=False,
    )
    assert '<html lang="es" dir="ltr">' in html
