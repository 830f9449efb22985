"""Extract the messages of the code and templates, and find those a catalogue lacks.

Used by the tests, and by hand: `.venv/bin/python -m tests.i18n.catalogue fr es`
lists what still needs translating.
"""

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = ROOT / "eventsys" / "translations"
IGNORED_DIRS = {"__pycache__", "node_modules", "instance"}
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
    "lazy_pgettext": ((1, "c"), 2),
}


def extract_messages() -> Catalog:
    """What `make extract-messages` would put in messages.pot, built in memory."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    catalog = Catalog(project="eventsys")
    found = extract_from_dir(
        str(ROOT),
        method_map,
        options_map,
        keywords=KEYWORDS,
        strip_comment_tags=True,
        directory_filter=_wanted_directory,
    )
    for filename, lineno, message, _comments, context in found:
        catalog.add(message, None, [(filename, lineno)], context=context)
    return catalog


def _wanted_directory(path: str) -> bool:
    # As `make extract-messages` (--ignore-dirs): pybabel's default would skip _macros/.
    name = Path(path).name
    return not (name.startswith(".") or name in IGNORED_DIRS)


def read_catalogue(language: str) -> Catalog:
    path = CATALOGUES / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po_file:
        return read_po(po_file, locale=language)


def untranslated(template: Catalog, catalogue: Catalog) -> list[str]:
    """Message ids of the template with no usable translation (missing, empty, fuzzy)."""
    lacking = []
    for message in template:
        if not message.id:
            continue
        entry = catalogue.get(message.id, context=message.context)
        if entry is None or entry.fuzzy or not _complete(entry):
            lacking.append(message.id if isinstance(message.id, str) else message.id[0])
    return lacking


def _complete(entry) -> bool:
    if isinstance(entry.string, (list, tuple)):
        return all(entry.string)
    return bool(entry.string)


def main(languages: list[str]) -> int:
    template = extract_messages()
    total = 0
    for language in languages:
        lacking = untranslated(template, read_catalogue(language))
        total += len(lacking)
        print(f"{language}: {len(lacking)} of {len(template)} untranslated")
        for msgid in lacking:
            print(f"  {msgid!r}")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["fr", "es"]))
