"""Pages render in French and Spanish, with no interface string left in English."""

import html
import re

import pytest

from tests.factories import PASSWORD
from tests.factories import make_meeting
from tests.factories import make_series
from tests.factories import make_user
from tests.i18n.catalogue import read_catalogue

TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S)


def visible_text(page: str) -> str:
    return " ".join(html.unescape(TAGS.sub(" ", page)).split())


def english_left(text: str, language: str) -> list[str]:
    """Interface strings (two words or more) that appear untranslated in the text."""
    left = []
    for message in read_catalogue(language):
        if (
            not isinstance(message.id, str)
            or "%" in message.id
            or " " not in message.id
        ):
            continue
        if message.string and message.string != message.id and message.id in text:
            left.append(message.id)
    return left


@pytest.fixture
def meeting(app, db):
    series = make_series(
        slug="idm",
        acronym="IDM",
        name={
            "en": "International Dialogue on Migration",
            "fr": "Dialogue international sur la migration",
            "es": "Diálogo Internacional sobre la Migración",
        },
    )
    meeting = make_meeting(
        series=series,
        slug="idm-test",
        title={
            "en": "Youth and migration",
            "fr": "Les jeunes et la migration",
            "es": "La juventud y la migración",
        },
        languages=["en", "fr", "es"],
    )
    db.session.commit()
    return meeting


PAGES = {
    "/": {
        "fr": ["Prochaines réunions", "Aller au contenu"],
        "es": ["Próximas reuniones", "Ir al contenido"],
    },
    "/login": {"fr": ["Mot de passe"], "es": ["Contraseña"]},
    "/meetings/": {"fr": ["Réunions"], "es": ["Reuniones"]},
    "/meetings/idm-test/": {
        "fr": ["Les jeunes et la migration"],
        "es": ["La juventud y la migración"],
    },
    "/no/such/page": {"fr": ["Page introuvable"], "es": ["Página no encontrada"]},
}


@pytest.mark.parametrize("language", ["fr", "es"])
@pytest.mark.parametrize("path", PAGES)
def test_public_pages_are_translated(client, meeting, path, language):
    response = client.get(path, query_string={"lang": language})
    assert response.status_code in (200, 404)
    text = visible_text(response.get_data(as_text=True))
    for expected in PAGES[path][language]:
        assert expected in text
    assert not english_left(text, language)


@pytest.mark.parametrize(
    "language, expected", [("fr", "Votre compte"), ("es", "Su cuenta")]
)
def test_account_page_is_translated(app, db, client, language, expected):
    make_user(email="rapporteur@example.org")
    db.session.commit()
    client.post(
        "/login", data={"email": "rapporteur@example.org", "password": PASSWORD}
    )
    text = visible_text(
        client.get("/account", query_string={"lang": language}).get_data(as_text=True)
    )
    assert expected in text
    assert not english_left(text, language)


def test_english_left_finds_untranslated_strings():
    assert english_left("Welcome! Upcoming meetings", "fr") == ["Upcoming meetings"]
