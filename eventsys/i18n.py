"""Choosing the interface language and reading text stored in several languages."""

import os
from pathlib import Path

from babel import Locale
from babel import UnknownLocaleError
from flask import Flask
from flask import current_app
from flask import has_request_context
from flask import request
from flask import session
from flask_babel import get_locale
from flask_babel import refresh
from flask_login import current_user
from markupsafe import Markup
from markupsafe import escape

RTL_LANGUAGES = {"ar", "he", "fa", "ur"}
LANGUAGE_COOKIE = "lang"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"


def init_app(app: Flask) -> None:
    """Template helpers for languages, and the headers caches need."""
    app.jinja_env.filters.update(
        tr_marked=tr_marked,
        tr_language=shown_language,
    )
    app.jinja_env.globals.update(
        language_name=language_name,
        fallback_note=fallback_note,
    )
    app.after_request(_language_headers)
    # Flask-Babel caches the locale on g, which outlives a request when an app
    # context was already pushed (tests, CLI): choose afresh for every request.
    app.before_request(refresh)
    app.teardown_request(lambda _error: refresh())


def select_locale() -> str:
    supported = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    asked = (request.args.get("lang") or "").strip().lower()
    if asked in supported:
        session["lang"] = asked
        return asked
    if session.get("lang") in supported:
        return session["lang"]
    # The cookie outlives the session, which sign-in and sign-out clear.
    if request.cookies.get(LANGUAGE_COOKIE) in supported:
        return request.cookies[LANGUAGE_COOKIE]
    if current_user.is_authenticated and current_user.language in supported:
        return current_user.language
    return request.accept_languages.best_match(supported) or supported[0]


def current_language() -> str:
    # A dozen calls per page: the Locale's language, not str() and a split.
    locale = get_locale()
    return locale.language if locale is not None else "en"


# French typography: a no-break space before the colon ("Ordre du jour : …"),
# as every French string of the catalogue writes it.
COLONS = {"fr": "\u00a0:"}


def meeting_language(meeting, language: str | None = None) -> str:
    """The language to print a meeting's documents in: the wanted (or current)
    one if the meeting offers it, else the meeting's main language."""
    language = language or current_language()
    if not meeting.languages or language in meeting.languages:
        return language
    return meeting.main_language


def colon(language: str | None = None) -> str:
    """The colon after a label, as the language writes it."""
    return COLONS.get(language or current_language(), ":")


def text_direction(language: str | None = None) -> str:
    return "rtl" if (language or current_language()) in RTL_LANGUAGES else "ltr"


def language_name(code: str, in_language: str | None = None) -> str:
    """A language's name: in itself by default ("Français"), or in another language."""
    try:
        locale = Locale.parse(in_language or code)
    except (ValueError, UnknownLocaleError):
        return code
    name = locale.languages.get(code, code)
    return name[:1].upper() + name[1:] if in_language is None else name


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


def shown_language(value, language: str | None = None, fallback: str = "en") -> str:
    """The language of the text that localized() shows for the same arguments."""
    language = language or current_language()
    if not isinstance(value, dict) or value.get(language):
        return language
    if value.get(fallback):
        return fallback
    return next((lang for lang, text in value.items() if text), language)


def is_fallback(value, language: str | None = None) -> bool:
    """True when the wanted language is missing and another one is shown."""
    language = language or current_language()
    return bool(value) and isinstance(value, dict) and not value.get(language)


def fallback_note(value, fallback: str = "en", language: str | None = None) -> Markup:
    """' <span class="fallback-note">(anglais)</span>' when the text falls back, else ''."""
    language = language or current_language()
    shown = shown_language(value, language, fallback)
    if shown == language or not localized(value, language, fallback):
        return Markup("")
    name = language_name(shown, in_language=language)
    return Markup(' <span class="fallback-note">({})</span>').format(name)


def tr_marked(value, fallback: str = "en", language: str | None = None) -> Markup:
    """Inline text in the active language; a fallback is marked with its lang and a note.

    In the template: {{ meeting.title|tr_marked(fallback=meeting.main_language) }}
    """
    language = language or current_language()
    text = localized(value, language, fallback)
    shown = shown_language(value, language, fallback)
    if shown == language or not text:
        return escape(text)
    return Markup('<span lang="{}" dir="{}" class="fallback">{}</span>{}').format(
        shown, text_direction(shown), text, fallback_note(value, fallback, language)
    )


def _language_headers(response):
    if has_request_context() and response.mimetype == "text/html":
        response.headers.setdefault("Content-Language", current_language())
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
    _remember_choice(response)
    return response


def _remember_choice(response) -> None:
    """Keep the language chosen in this session in a cookie of its own."""
    chosen = session.get("lang")
    if not chosen or request.cookies.get(LANGUAGE_COOKIE) == chosen:
        return
    response.set_cookie(
        LANGUAGE_COOKIE,
        chosen,
        max_age=LANGUAGE_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
    )


def compile_catalogues(
    directory: Path = TRANSLATIONS_DIR, force: bool = False
) -> list[Path]:
    """Compile every messages.po under directory to .mo when missing or older.

    Fuzzy entries are left out, as `pybabel compile` does without --use-fuzzy.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po_path in sorted(Path(directory).glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if (
            not force
            and mo_path.exists()
            and mo_path.stat().st_mtime >= po_path.stat().st_mtime
        ):
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        partial = mo_path.with_name(f"{mo_path.name}.{os.getpid()}.tmp")
        with partial.open("wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)
        os.replace(partial, mo_path)  # atomic: parallel test workers may compile too
        written.append(mo_path)
    return written
