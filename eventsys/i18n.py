"""Choosing the interface language and reading text stored in several languages."""

from flask import current_app
from flask import has_request_context
from flask import request
from flask import session
from flask_babel import get_locale
from flask_login import current_user

RTL_LANGUAGES = {"ar", "he", "fa", "ur"}


def select_locale() -> str:
    supported = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    asked = request.args.get("lang")
    if asked in supported:
        session["lang"] = asked
        return asked
    if session.get("lang") in supported:
        return session["lang"]
    if current_user.is_authenticated and current_user.language in supported:
        return current_user.language
    return request.accept_languages.best_match(supported) or supported[0]


def current_language() -> str:
    return str(get_locale() or "en").split("_")[0]


def text_direction(language: str | None = None) -> str:
    return "rtl" if (language or current_language()) in RTL_LANGUAGES else "ltr"


def localized(value, language: str | None = None, fallback: str = "en") -> str:
    """The text in the wanted language, else the fallback, else any given."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    language = language or current_language()
    for lang in (language, fallback):
        if value.get(lang):
            return value[lang]
    return next((text for text in value.values() if text), "")


def is_fallback(value, language: str | None = None) -> bool:
    """True when the wanted language is missing and another one is shown."""
    language = language or current_language()
    return bool(value) and isinstance(value, dict) and not value.get(language)
