"""The languages of a session in words: one owner for the agenda, the PDF and the feeds."""

from flask_babel import gettext as _

from eventsys import labels
from eventsys.i18n import colon


def words() -> dict:
    """The words of the line, in the current locale (feeds force theirs)."""
    return {
        "floor": _("Floor language"),
        "interpretation": _("Interpretation"),
        "names": {c: str(name) for c, name in labels.SESSION_LANGUAGE.items()},
    }


def languages_line(session, words: dict, language: str = "en") -> str:
    """ "Floor language: English · Interpretation: French, Spanish, International Sign"."""
    names = words["names"]
    parts = []
    if session.floor_language:
        name = names.get(session.floor_language, session.floor_language)
        parts.append(f"{words['floor']}{colon(language)} {name}")
    if session.interpretation:
        offered = ", ".join(names.get(c, c) for c in session.interpretation)
        parts.append(f"{words['interpretation']}{colon(language)} {offered}")
    return " · ".join(parts)


def offers(session, language: str) -> bool:
    """Whether a session can be followed in a language (held in it or interpreted)."""
    return session.floor_language == language or language in (
        session.interpretation or []
    )
