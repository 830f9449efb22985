"""The lists of participants and of delegations: the one owner of their order.

docs/i18n.md, "Alphabetical order": category blocks in the meeting's
category order, then the State or organisation represented in the alphabetical
order of the list's language, by the name the list shows (a State's UN name in
that language), then function (head of delegation first), then family name.
The SQL stays in queries.py; the order by shown names happens here, with the
language's collation (countries.sort_key), because no column holds those names.
Every page, export, PDF and API list of participants or delegations calls this.
"""

import itertools

from flask_sqlalchemy.pagination import Pagination

from eventsys.extensions import db
from eventsys.registration import countries
from eventsys.registration import queries

FUNCTIONS = ("head_of_delegation", "alternate", "adviser", "member")
LISTED_MEMBER_STATUSES = ("pending", "waitlisted", "confirmed")


def shown_name(represents: str, country: str, language: str) -> str:
    """A State's UN short name in the list's language; anything else as written."""
    if country and countries.is_known(country):
        names = {countries.name(country, lang) for lang in countries.NAME_LANGUAGES}
        if not represents or represents in names:
            return countries.name(country, language)
    return represents or ""


def represents(registration, language: str) -> str:
    """The State or organisation a registration represents, as the list shows it."""
    return shown_name(registration.represents, registration.country, language)


def delegation_name(delegation, language: str) -> str:
    return shown_name(delegation.represents, delegation.country, language)


def function_rank(function: str | None) -> int:
    return FUNCTIONS.index(function) if function in FUNCTIONS else len(FUNCTIONS)


def _person_key(registration, language: str) -> tuple:
    return (
        function_rank(registration.function),
        countries.sort_key(registration.family_name, language),
        countries.sort_key(registration.given_name, language),
        registration.id,
    )


def _participant_key(registration, language: str) -> tuple:
    category = registration.category
    return (
        category.position,
        category.id,
        countries.sort_key(represents(registration, language), language),
        *_person_key(registration, language),
    )


def in_list_order(registrations, language: str) -> list:
    """Registrations (their categories loaded) in list order for a language."""
    return sorted(registrations, key=lambda r: _participant_key(r, language))


def participants(
    meeting, *, language: str, public: bool, statuses=("confirmed",), options=()
) -> list:
    """The rows of a list of participants (queries.participant_list) in list order."""
    query = queries.participant_list(meeting, public=public, statuses=statuses)
    rows = db.session.scalars(query.options(*options)).unique().all()
    return in_list_order(rows, language)


class _RowsPage(Pagination):
    """A page of rows sorted here: no ORDER BY gives the list order."""

    def _query_items(self) -> list:
        rows = self._query_args["rows"]
        return rows[self._query_offset : self._query_offset + self.per_page]

    def _query_count(self) -> int:
        return len(self._query_args["rows"])


def page(rows: list, *, page: int, per_page: int) -> Pagination:
    """One page of rows in list order, shaped like db.paginate()'s pages."""
    return _RowsPage(
        page=page, per_page=per_page, max_per_page=None, error_out=False, rows=rows
    )


def blocks(registrations, language: str) -> list[tuple]:
    """[(category, [(shown name, [registrations])])] of registrations in list order."""
    result = []
    for _, in_category in itertools.groupby(registrations, key=lambda r: r.category_id):
        in_category = list(in_category)
        groups = [
            (name, list(people))
            for name, people in itertools.groupby(
                in_category, key=lambda r: represents(r, language)
            )
        ]
        result.append((in_category[0].category, groups))
    return result


def members(delegation, language: str) -> list:
    """A delegation's members: listed ones first, head of delegation first, then names."""
    return sorted(
        delegation.members,
        key=lambda m: (
            m.status not in LISTED_MEMBER_STATUSES,
            *_person_key(m, language),
        ),
    )


def delegations(meeting, language: str) -> list:
    """A meeting's delegations (members loaded) by the name shown in the language."""
    rows = db.session.scalars(queries.delegations_of(meeting)).unique().all()
    return sorted(
        rows,
        key=lambda d: (
            countries.sort_key(delegation_name(d, language), language),
            d.id,
        ),
    )
