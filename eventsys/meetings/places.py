"""Where a meeting is held, said in the reader's language.

A meeting's city is free text, typed once by the secretariat in whatever
language it works in. The cities where these dialogues meet have names of
their own in French and Spanish (Genève, Ginebra), so the usual ones are kept
in a data file (data/cities.csv, the names the UN editorial manuals use) and
a city typed in any of its three names is shown in the reader's. A city the
file does not know is shown as typed.

Every page, email, feed and PDF that says where a meeting is calls place().
"""

import csv
import functools
import unicodedata
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "cities.csv"
NAME_LANGUAGES = ("en", "fr", "es")


def _key(name: str) -> str:
    """Case, accents, hyphens and spacing do not tell two spellings apart."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(letters.replace("-", " ").replace(".", " ").split())


@functools.cache
def _by_any_name() -> dict[str, dict[str, str]]:
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    index: dict[str, dict[str, str]] = {}
    for row in rows:
        for language in NAME_LANGUAGES:
            index.setdefault(_key(row[language]), row)
    return index


def city_name(city: str, language: str) -> str:
    """The city's name in a language, or the city as typed if unknown."""
    row = _by_any_name().get(_key(city or ""))
    if row is None:
        return city or ""
    return row.get(language if language in NAME_LANGUAGES else "en") or row["en"]


def place(meeting, language: str, room: str = "") -> str:
    """ "Room XVII, Palais des Nations, Genève": the parts that are known."""
    parts = (room, meeting.venue, city_name(meeting.city, language))
    return ", ".join(part for part in parts if part)
