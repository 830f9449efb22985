"""Content stored per language: the wanted one, else the meeting's main one, marked."""

from flask import render_template_string

from eventsys.i18n import fallback_note
from eventsys.i18n import is_fallback
from eventsys.i18n import language_name
from eventsys.i18n import localized
from eventsys.i18n import shown_language
from eventsys.i18n import tr_marked

TITLE = {"en": "Youth and migration", "fr": "Les jeunes et la migration", "es": ""}


def test_localized_takes_the_wanted_language_then_the_fallback():
    assert localized(TITLE, "fr") == "Les jeunes et la migration"
    assert localized(TITLE, "es", fallback="en") == "Youth and migration"
    assert localized(TITLE, "es", fallback="fr") == "Les jeunes et la migration"
    assert localized({"fr": "Seulement"}, "es", fallback="en") == "Seulement"
    assert localized(None, "fr") == ""
    assert localized("plain text", "fr") == "plain text"


def test_is_fallback_and_shown_language():
    assert not is_fallback(TITLE, "fr")
    assert is_fallback(TITLE, "es")  # empty counts as missing
    assert shown_language(TITLE, "es", fallback="en") == "en"
    assert shown_language(TITLE, "fr", fallback="en") == "fr"
    assert shown_language({"fr": "Seulement"}, "es", fallback="en") == "fr"


def test_language_names():
    assert language_name("fr") == "Français"
    assert language_name("es") == "Español"
    assert language_name("en", in_language="fr") == "anglais"
    assert language_name("en", in_language="es") == "inglés"


def test_tr_marked_marks_the_fallback_with_its_language(app):
    marked = tr_marked(TITLE, fallback="en", language="es")
    assert marked == (
        '<span lang="en" dir="ltr" class="fallback">Youth and migration</span>'
        ' <span class="fallback-note">(inglés)</span>'
    )
    assert (
        tr_marked(TITLE, fallback="en", language="fr") == "Les jeunes et la migration"
    )
    assert fallback_note(TITLE, "en", "fr") == ""


def test_tr_marked_escapes_the_text(app):
    value = {"en": "<script>alert(1)</script>"}
    assert "<script>" not in tr_marked(value, language="fr")
    assert "&lt;script&gt;" in tr_marked(value, language="fr")
    assert tr_marked({"fr": "R&D"}, language="fr") == "R&amp;D"


def test_template_helpers_follow_the_page_language(app):
    source = (
        "{{ title|tr_marked(fallback='en') }}|{{ title|tr_language(fallback='en') }}"
        "|{{ title|tr(fallback='en') }}{{ fallback_note(title, 'en') }}"
    )
    with app.test_request_context("/?lang=es"):
        shown = render_template_string(source, title=TITLE)
    assert shown.startswith(
        '<span lang="en" dir="ltr" class="fallback">Youth and migration</span>'
    )
    assert (
        '|en|Youth and migration <span class="fallback-note">(inglés)</span>' in shown
    )
    with app.test_request_context("/?lang=fr"):
        assert render_template_string(source, title=TITLE) == (
            "Les jeunes et la migration|fr|Les jeunes et la migration"
        )


def test_meeting_page_marks_content_shown_in_the_main_language(app, db, client):
    from tests.factories import make_meeting

    meeting = make_meeting(
        title={"en": "Labour mobility", "fr": "Mobilité de main-d'œuvre"},
        theme={"en": "Skills partnerships"},
        description={"en": "Two days on skills partnerships."},
        languages=["en", "fr"],
    )
    db.session.commit()
    french = client.get(f"/meetings/{meeting.slug}/?lang=fr").get_data(as_text=True)
    assert (
        "Mobilité de main-d&#39;œuvre" in french or "Mobilité de main-d'œuvre" in french
    )
    assert (
        '<span lang="en" dir="ltr" class="fallback">Skills partnerships</span>'
        in french
    )
    assert '<div class="fallback" lang="en" dir="ltr">' in french  # the description
    assert 'class="fallback-note"' in french
    english = client.get(f"/meetings/{meeting.slug}/?lang=en").get_data(as_text=True)
    assert 'class="fallback-note"' not in english
