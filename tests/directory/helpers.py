"""Real-world organisations for the directory's tests."""

from eventsys.directory import service
from tests.factories import make_user


def partnerships_officer():
    from eventsys.auth.models import GlobalRole

    user = make_user(name="Partnerships Officer")
    user.global_roles.append(GlobalRole(role="partnerships"))
    return user


def make_iom(actor):
    return service.create_organisation(
        {
            "kind": "igo",
            "name_en": "International Organization for Migration",
            "name_fr": "Organisation internationale pour les migrations",
            "name_es": "Organización Internacional para las Migraciones",
            "acronym_en": "IOM",
            "acronym_fr": "OIM",
            "acronym_es": "OIM",
            "country": "CH",
            "website": "https://www.iom.int",
        },
        actor=actor,
    )


def make_unhcr(actor):
    return service.create_organisation(
        {
            "kind": "un_entity",
            "name_en": "Office of the United Nations High Commissioner for Refugees",
            "name_fr": "Haut-Commissariat des Nations Unies pour les réfugiés",
            "name_es": "Oficina del Alto Comisionado de las Naciones Unidas para los Refugiados",
            "acronym_en": "UNHCR",
            "acronym_fr": "HCR",
            "acronym_es": "ACNUR",
            "aliases": "UN Refugee Agency\nUNHCR, the UN Refugee Agency",
            "country": "CH",
        },
        actor=actor,
    )
