"""Countries and territories by ISO 3166 alpha-2 code, named as the UN names them.

The data file (data/countries.csv) holds the UN short names in English, French
and Spanish for the member States, the observer States and common territories.
"""

import csv
import functools
from pathlib import Path

import icu

DATA_FILE = Path(__file__).resolve().parent / "data" / "countries.csv"
NAME_LANGUAGES = ("en", "fr", "es")


@functools.cache
def _rows() -> tuple[dict[str, str], ...]:
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


@functools.cache
def _by_code() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in _rows()}


def is_known(code: str) -> bool:
    return code in _by_code()


def name(code: str, language: str = "en") -> str:
    """The UN short name of a code in a language (English when not available)."""
    row = _by_code().get((code or "").upper())
    if row is None:
        return code or ""
    return row.get(language if language in NAME_LANGUAGES else "en") or row["en"]


def kind(code: str) -> str:
    """member, observer (UN member and observer States) or territory; "" if unknown."""
    row = _by_code().get((code or "").upper())
    return row["kind"] if row else ""


def codes(kinds=("member", "observer", "territory")) -> list[str]:
    """The codes of the list whose kind is one of kinds, in the list's order."""
    return [row["code"] for row in _rows() if row["kind"] in kinds]


def choices(language: str = "en") -> list[tuple[str, str]]:
    """(code, name) pairs sorted by name in the given language."""
    return list(_sorted_choices(language))


@functools.lru_cache(maxsize=16)
def _sorted_choices(language: str) -> tuple[tuple[str, str], ...]:
    # Every registration form shows two country selects: sort once per language.
    pairs = [(row["code"], name(row["code"], language)) for row in _rows()]
    return tuple(sorted(pairs, key=lambda pair: sort_key(pair[1], language)))


@functools.lru_cache(maxsize=16)
def _collator(language: str) -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale(language or "en"))


def sort_key(text: str, language: str = "en") -> bytes:
    """The alphabetical order of a language (ICU): "Égypte" before "France", "Ñ" after "N" in Spanish."""
    return _collator(language).getSortKey(text or "")


__all__ = ["choices", "codes", "is_known", "kind", "name", "sort_key"]
