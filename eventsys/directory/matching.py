"""Which organisation a typed name means: exact keys as suggestions, rapidfuzz for the officer.

A key is the name as people type it, folded: accents and case dropped, dots
and apostrophes removed ("I.O.M." is "iom"), other punctuation a space, and
British and American spellings of "organization" made one. A registration
gets a suggestion only when exactly one organisation has that key; the
partnerships officer sees the rest with the likely matches rapidfuzz finds.
"""

import re
import unicodedata
from dataclasses import dataclass

import sqlalchemy as sa
from rapidfuzz import fuzz
from rapidfuzz import process

from eventsys.directory.models import Organisation
from eventsys.directory.models import OrganisationName
from eventsys.extensions import db

_DROPPED = re.compile(r"[.'’`´]")
_SPACES = re.compile(r"[^0-9a-z]+")
_SPELLINGS = {"organisation": "organization", "organisations": "organizations"}
# Below this WRatio score a name is not offered as a likely match.
FUZZY_CUTOFF = 80
KEY_LENGTH = 300


def name_key(text: str) -> str:
    """The folded form of a name that matching compares ("Organisation  Internationale" ~ "organization internationale")."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = _SPACES.sub(" ", _DROPPED.sub("", plain.casefold())).split()
    words = [_SPELLINGS.get(w, w) for w in words]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)[:KEY_LENGTH]


def organisation_keys(organisation: Organisation) -> dict[str, str]:
    """{key: kind} for every name, acronym and alias of the organisation."""
    keys: dict[str, str] = {}
    for kind, texts in (
        ("name", organisation.name.values()),
        ("acronym", (organisation.acronym or {}).values()),
        ("alias", organisation.aliases or []),
    ):
        for text in texts:
            key = name_key(text)
            if key:
                keys.setdefault(key, kind)
    return keys


def refresh_names(organisation: Organisation) -> None:
    """Bring the organisation's OrganisationName rows in line with its names."""
    wanted = organisation_keys(organisation)
    kept = []
    for row in organisation.names:
        if row.key in wanted:
            row.kind = wanted.pop(row.key)
            kept.append(row)
    organisation.names[:] = kept + [
        OrganisationName(key=key, kind=kind) for key, kind in wanted.items()
    ]


def live_names():
    """OrganisationName joined to organisations that are not merged away."""
    return (
        sa.select(OrganisationName.organisation_id, OrganisationName.key)
        .join(Organisation, Organisation.id == OrganisationName.organisation_id)
        .where(Organisation.merged_into_id.is_(None))
    )


def exact_match(text: str) -> Organisation | None:
    """The one organisation whose name, acronym or alias is this text, or None (none or several)."""
    key = name_key(text)
    if not key:
        return None
    ids = set(db.session.scalars(
        live_names().with_only_columns(OrganisationName.organisation_id)
        .where(OrganisationName.key == key)
    ))  # fmt: skip
    if len(ids) != 1:
        return None
    return db.session.get(Organisation, ids.pop())


def organisations_named(names) -> list[Organisation]:
    """The organisations these names name with certainty, once each, in order: a
    side event's organisers as proposed. Names the directory does not know, or
    that several organisations share, link nothing (the name is still shown)."""
    found: list[Organisation] = []
    for name in names:
        organisation = exact_match(name)
        if organisation is not None and organisation not in found:
            found.append(organisation)
    return found


def organisation_id_for(text: str) -> int | None:
    """The id of the one organisation the text names (a speaker's affiliation), or None."""
    found = exact_match(text)
    return found.id if found else None


@dataclass(frozen=True)
class Likely:
    organisation_id: int
    score: float
    matched: str


def likely_matches(text: str, *, limit: int = 5, choices=None) -> list[Likely]:
    """The organisations whose names come closest to the text, best first.

    choices: {row id: (organisation id, key)} when the caller matches many
    names against the same directory (load_choices() once).
    """
    key = name_key(text)
    if not key:
        return []
    choices = choices if choices is not None else load_choices()
    keys = {row: pair[1] for row, pair in choices.items()}
    found = process.extract(
        key,
        keys,
        scorer=fuzz.WRatio,
        score_cutoff=FUZZY_CUTOFF,
        limit=limit * 4,
    )
    best: dict[int, Likely] = {}
    for matched, score, row in found:
        organisation_id = choices[row][0]
        if organisation_id not in best or best[organisation_id].score < score:
            best[organisation_id] = Likely(organisation_id, score, matched)
    return sorted(best.values(), key=lambda m: (-m.score, m.organisation_id))[:limit]


def load_choices() -> dict[int, tuple[int, str]]:
    rows = db.session.execute(live_names().add_columns(OrganisationName.id))
    return {row.id: (row.organisation_id, row.key) for row in rows}
