"""The French and Spanish catalogues translate every message of the code and templates."""

import re

import pytest
from flask_babel import force_locale
from flask_babel import get_translations
from flask_babel import gettext

from tests.i18n.catalogue import extract_messages
from tests.i18n.catalogue import read_catalogue
from tests.i18n.catalogue import untranslated

PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]")


@pytest.fixture(scope="module")
def template():
    return extract_messages()


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_message_is_translated(template, language):
    lacking = untranslated(template, read_catalogue(language))
    assert not lacking, (
        f"{len(lacking)} messages lack a {language} translation (run `make extract-messages`, "
        "translate them in eventsys/translations/"
        + language
        + "/LC_MESSAGES/messages.po):\n"
        + "\n".join(lacking)
    )


@pytest.mark.parametrize("language", ["fr", "es"])
def test_translations_keep_the_placeholders(language):
    wrong = []
    for message in read_catalogue(language):
        if not message.id or not message.string or message.fuzzy:
            continue  # fuzzy entries are guesses, never compiled; the test above reports them
        if isinstance(message.id, str):
            if _placeholders(message.string) != _placeholders(message.id):
                wrong.append(f"{message.id!r} -> {message.string!r}")
            continue
        allowed = _placeholders(message.id[0]) | _placeholders(message.id[1])
        wrong += [
            f"{message.id[0]!r} -> {text!r}"
            for text in message.string
            if not _placeholders(text) <= allowed
        ]
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("language", ["fr", "es"])
def test_catalogue_has_no_errors(language):
    catalogue = read_catalogue(language)
    errors = [f"{message.id!r}: {problems}" for message, problems in catalogue.check()]
    assert not errors, "\n".join(errors)


def test_compiled_catalogues_are_used(app):
    with force_locale("fr"):
        assert gettext("Upcoming meetings") == "Prochaines réunions"
    with force_locale("es"):
        assert gettext("Upcoming meetings") == "Próximas reuniones"
    with force_locale("en"):
        assert gettext("Upcoming meetings") == "Upcoming meetings"


def test_plural_forms(app):
    assert read_catalogue("fr").plural_forms == "nplurals=2; plural=(n > 1);"
    assert read_catalogue("es").plural_forms == "nplurals=2; plural=(n != 1);"
    with force_locale("fr"):
        assert get_translations().plural(0) == 0  # French: singular for 0 and 1
    with force_locale("es"):
        assert get_translations().plural(0) == 1
