"""Matching typed names to organisations: exact keys as suggestions, fuzzy for the officer."""

import pytest

from eventsys.directory import matching
from eventsys.directory import service
from eventsys.directory.models import Organisation
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.extensions import db
from tests.directory.helpers import make_iom
from tests.directory.helpers import make_unhcr
from tests.directory.helpers import partnerships_officer
from tests.factories import make_meeting
from tests.factories import make_registration

IOM_VARIANTS = [
    "IOM",
    "iom",
    "I.O.M.",
    "International Organization for Migration",
    "International Organisation for Migration",
    "INTERNATIONAL ORGANIZATION FOR MIGRATION",
    "  International  Organization for Migration ",
    "The International Organization for Migration",
    "OIM",
    "Organisation internationale pour les migrations",
    "Organisation Internationale pour les Migrations",
    "Organización Internacional para las Migraciones",
    "Organizacion Internacional para las Migraciones",
    "International Organization for Migration.",
]


def test_name_key_folds_case_accents_punctuation_and_spelling():
    assert matching.name_key("I.O.M.") == "iom"
    assert (
        matching.name_key("Organización  Internacional") == "organizacion internacional"
    )
    assert matching.name_key("Organisation mondiale") == "organization mondiale"
    assert matching.name_key("Côte d’Ivoire") == "cote divoire"
    assert (
        matching.name_key("UNHCR, the UN Refugee Agency")
        == "unhcr the un refugee agency"
    )
    assert matching.name_key("\u0000") == ""


@pytest.mark.parametrize("typed", IOM_VARIANTS)
def test_every_variant_of_iom_is_suggested(app, typed):
    iom = make_iom(partnerships_officer())
    assert matching.exact_match(typed) is iom


@pytest.mark.parametrize(
    "typed",
    [
        "UNHCR",
        "HCR",
        "ACNUR",
        "UN Refugee Agency",
        "Haut-Commissariat des Nations unies pour les refugies",
    ],
)
def test_unhcr_in_three_languages(app, typed):
    officer = partnerships_officer()
    make_iom(officer)
    unhcr = make_unhcr(officer)
    assert matching.exact_match(typed) is unhcr


@pytest.mark.parametrize(
    ("typed", "code"),
    [("Mexique", "MX"), ("México", "MX"), ("Mexico", "MX"), ("Allemagne", "DE"),
     ("Alemania", "DE"), ("Côte d'Ivoire", "CI"), ("Suiza", "CH")],
)  # fmt: skip
def test_a_state_by_its_name_in_french_or_spanish(app, typed, code):
    service.ensure_states()
    found = matching.exact_match(typed)
    assert found is not None and found.kind == "state" and found.iso_code == code


def test_states_come_from_the_un_list_only(app):
    assert service.ensure_states() == 195
    assert service.ensure_states() == 0
    mexico = service.ensure_state("MX")
    assert mexico.name == {"en": "Mexico", "fr": "Mexique", "es": "México"}
    with pytest.raises(InvalidInput):
        service.ensure_state("HK")  # a territory, not a State
    with pytest.raises(InvalidInput):
        service.create_organisation(
            {"kind": "state", "name_en": "Atlantis"}, actor=partnerships_officer()
        )


def test_ambiguous_or_unknown_names_get_no_suggestion(app):
    officer = partnerships_officer()
    make_iom(officer)
    service.create_organisation(
        {"kind": "ngo", "name_en": "Organisation Internationale de la Migration Ouvrière", "acronym_fr": "OIM"},
        actor=officer,
    )  # fmt: skip
    assert matching.exact_match("OIM") is None  # two organisations are "OIM"
    assert matching.exact_match("IOM") is not None
    assert matching.exact_match("Intl Org for Migration") is None
    assert matching.exact_match("") is None


def test_two_organisations_never_share_a_full_name(app):
    officer = partnerships_officer()
    make_iom(officer)
    with pytest.raises(Conflict):
        service.create_organisation(
            {"kind": "ngo", "name_en": "International Organisation for Migration"},
            actor=officer,
        )


def test_likely_matches_rank_the_right_organisation_first(app):
    officer = partnerships_officer()
    iom = make_iom(officer)
    unhcr = make_unhcr(officer)
    service.ensure_states()
    for typed, expected in [
        ("Intl. Organization for Migration", iom),
        ("International Organisation of Migration", iom),
        ("Organizacion Internacional de Migraciones", iom),
        ("UN High Commissioner for Refugees", unhcr),
        ("Office of the UN High Commissioner for Refugees (UNHCR)", unhcr),
    ]:
        likely = matching.likely_matches(typed)
        assert likely, typed
        assert likely[0].organisation_id == expected.id, (typed, likely)
    assert matching.likely_matches("Zzyzx Qwerty") == []


def test_registration_gets_a_suggestion_and_unmatched_names_wait_for_the_officer(
    app, now
):
    from eventsys.registration import service as registration_service
    from tests.factories import make_category
    from tests.registration.helpers import form_data

    officer = partnerships_officer()
    iom = make_iom(officer)
    meeting = make_meeting()
    category = make_category(meeting)
    data = form_data(category, represents="O.I.M.")
    registration, _token = registration_service.register(meeting, data=data, now=now)
    assert registration.represents_id == iom.id
    assert (
        registration.represents_confirmed_at is None
    )  # a suggestion, not a confirmed link
    assert registration.represents == "O.I.M."  # what was typed stays
    for typed in (
        "Intl Org for Migration",
        "Intl. Org. for Migration",
        "Migrant Forum in Asia",
    ):
        make_registration(meeting, represents=typed)
    unmatched = service.unmatched_names()
    by_key = {group["key"]: group for group in unmatched}
    assert set(by_key) == {"intl org for migration", "migrant forum in asia"}
    assert by_key["intl org for migration"]["count"] == 2
    assert by_key["intl org for migration"]["likely"][0].organisation_id == iom.id

    linked = service.link_unmatched("Intl Org for Migration", iom, actor=officer)
    assert linked == 2
    assert "Intl Org for Migration" in iom.aliases
    assert matching.exact_match("Intl. Org for Migration") is iom
    created = service.create_from_unmatched(
        "Migrant Forum in Asia", "ngo", actor=officer
    )
    assert created.kind == "ngo"
    assert service.unmatched_names() == []
    assert db.session.query(Organisation).count() == 2
