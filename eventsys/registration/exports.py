"""The secretariat's exports of registrations and delegations (CSV or XLSX).

Rows come from the list module in list order; eventsys.exports writes the file.
"""

from datetime import datetime

import sqlalchemy.orm as so
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eventsys.audit.service import record
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import require
from eventsys.exports import Export
from eventsys.exports import write_table
from eventsys.i18n import localized
from eventsys.labels import ATTENDANCE
from eventsys.labels import FUNCTION
from eventsys.labels import STATUS
from eventsys.labels import label
from eventsys.registration import countries
from eventsys.registration import lists
from eventsys.registration import questions as questions_module
from eventsys.registration.models import Registration
from eventsys.registration.models import RegistrationAnswer

REGISTRATION_HEADER = [
    _l("Status"),
    _l("Category"),
    _l("Title"),
    _l("Given name"),
    _l("Family name"),
    _l("Name as listed"),
    _l("Email"),
    _l("Organization"),
    _l("Represents"),
    _l("Delegation"),
    _l("Function"),
    _l("Nationality"),
    _l("Country"),
    _l("Position"),
    _l("Attendance"),
    _l("Needs"),
    _l("Consent to list"),
    _l("Registered at (UTC)"),
]


def export_registrations(
    meeting, *, actor, now: datetime, language: str = "en", format: str = "csv"
) -> Export:
    """Every registration of a meeting in list order, with the answers to its questions.

    Raises: PermissionDenied.
    """
    require(can_manage_meeting(actor, meeting))
    questions = questions_module.questions_for(meeting, all_categories=True)
    rows = lists.participants(
        meeting,
        language=language,
        public=False,
        statuses=None,
        options=[
            so.selectinload(Registration.answers).joinedload(
                RegistrationAnswer.question
            )
        ],
    )
    record(
        "registration.export",
        actor=actor,
        meeting=meeting,
        after={"rows": len(rows)},
        now=now,
    )
    header = REGISTRATION_HEADER + [
        localized(q.label, language, meeting.main_language) for q in questions
    ]
    with force_locale(language):  # the labels are lazy: write them in the language
        return write_table(
            header,
            (_row(r, questions, meeting, language) for r in rows),
            format,
            name=f"{meeting.slug}-registrations",
        )


def _row(r, questions, meeting, language) -> list:
    answers = {
        a.question_id: questions_module.export_value(a.question, a.value, language)
        for a in r.answers
    }
    return [
        label(STATUS, r.status),
        localized(r.category.name, language, meeting.main_language),
        r.title,
        r.given_name,
        r.family_name,
        r.display_name,
        r.email,
        r.organisation,
        lists.represents(r, language),
        lists.delegation_name(r.delegation, language) if r.delegation else "",
        label(FUNCTION, r.function) if r.function else "",
        countries.name(r.nationality, language) if r.nationality else "",
        countries.name(r.country, language) if r.country else "",
        r.position,
        label(ATTENDANCE, r.attendance),
        r.needs,
        _("Yes") if r.consent_to_list else _("No"),
        r.created_at.strftime("%Y-%m-%d %H:%M"),
    ] + [answers.get(q.id, "") for q in questions]


DELEGATION_HEADER = [
    _l("Represents"),
    _l("Country"),
    _l("Delegation status"),
    _l("Note reference"),
    _l("Focal point"),
    _l("Focal point email"),
    _l("Function"),
    _l("Name as listed"),
    _l("Category"),
    _l("Registration status"),
    _l("Email"),
    _l("Position"),
    _l("Attendance"),
]


def export_delegations(
    meeting, *, actor, now: datetime, language: str = "en", format: str = "csv"
) -> Export:
    """Delegations and their members in list order (head of delegation first).

    Raises: PermissionDenied.
    """
    require(can_manage_meeting(actor, meeting))
    delegations = lists.delegations(meeting, language)
    record(
        "delegation.export",
        actor=actor,
        meeting=meeting,
        after={"rows": len(delegations)},
        now=now,
    )
    with force_locale(language):  # the labels are lazy: write them in the language
        return write_table(
            DELEGATION_HEADER,
            _delegation_rows(delegations, meeting, language),
            format,
            name=f"{meeting.slug}-delegations",
        )


def _delegation_rows(delegations, meeting, language):
    for d in delegations:
        head = [
            lists.delegation_name(d, language),
            countries.name(d.country, language) if d.country else "",
            label(STATUS, d.status),
            d.note_reference,
            d.focal_point_name,
            d.focal_point_email,
        ]
        members = lists.members(d, language)
        if not members:
            yield head + [""] * 7
        for m in members:
            yield head + [
                label(FUNCTION, m.function) if m.function else "",
                m.display_name,
                localized(m.category.name, language, meeting.main_language),
                label(STATUS, m.status),
                m.email,
                m.position,
                label(ATTENDANCE, m.attendance),
            ]
