"""The UN grounds-pass list: who UN Security issues passes to, for a meeting at UN premises.

Confirmed in-person participants in list order, with their names as in the
passport where a visa request holds them, nationality, category and function,
and (from the visa data only) date of birth and document number. The file is
built on request and never stored; the visa data it reads is purged on the
visa letters' rules (onsite/visa.py), so after the purge the list carries only
what the registration holds.
"""

from flask_babel import gettext as _

from eventsys import exports
from eventsys import labels
from eventsys.extensions import db
from eventsys.i18n import localized
from eventsys.i18n import meeting_language
from eventsys.onsite import queries
from eventsys.onsite import visa as visas
from eventsys.registration import countries
from eventsys.registration import lists


def header() -> list[str]:
    return [
        _("Surnames"),
        _("Given names"),
        _("Nationality"),
        _("Category"),
        _("Function"),
        _("Date of birth"),
        _("Passport number"),
    ]


def grounds_pass_list(meeting, *, cipher) -> exports.Export:
    language = meeting_language(meeting)
    people = [
        r
        for r in lists.participants(meeting, language=language, public=False)
        if r.attendance == "in_person"
    ]
    passports = {
        v.registration_id: visas.passport_of(v, cipher)
        for v in db.session.scalars(queries.visa_requests_of({p.id for p in people}))
    }
    rows = [_row(p, passports.get(p.id), meeting, language) for p in people]
    return exports.write_table(
        header(),
        rows,
        "xlsx",
        name=f"{meeting.slug}-grounds-pass",
        sheet=_("Grounds pass"),
    )


def _row(registration, passport: dict | None, meeting, language: str) -> list:
    passport = passport or {}
    nationality = passport.get("nationality") or registration.nationality or ""
    return [
        (passport.get("surnames") or registration.family_name).upper(),
        passport.get("given_names") or registration.given_name,
        countries.name(nationality, language)
        if countries.is_known(nationality)
        else nationality,
        localized(registration.category.name, language, meeting.main_language),
        labels.label(labels.FUNCTION, registration.function)
        if registration.function
        else "",
        passport.get("date_of_birth", ""),
        passport.get("passport_number", ""),
    ]
