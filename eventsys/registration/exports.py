"""CSV exports for the secretariat: UTF-8 with a BOM (Excel), formula-safe cells."""

import csv
import io
from datetime import datetime

import sqlalchemy.orm as so

from eventsys.audit.service import record
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import require
from eventsys.extensions import db
from eventsys.i18n import localized
from eventsys.labels import ATTENDANCE
from eventsys.labels import FUNCTION
from eventsys.labels import STATUS
from eventsys.labels import label
from eventsys.registration import countries
from eventsys.registration import delegations as delegations_module
from eventsys.registration import queries
from eventsys.registration import questions as questions_module
from eventsys.registration.models import Registration
from eventsys.registration.models import RegistrationAnswer

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """OWASP CSV injection: text that a spreadsheet would run as a formula starts with '."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(header: list[str], rows) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()


REGISTRATION_HEADER = [
    "Status",
    "Category",
    "Title",
    "Given name",
    "Family name",
    "Name as listed",
    "Email",
    "Organization",
    "Represents",
    "Delegation",
    "Function",
    "Nationality",
    "Country",
    "Position",
    "Attendance",
    "Needs",
    "Consent to list",
    "Registered at (UTC)",
]


def registrations_csv(meeting, *, actor, now: datetime, language: str = "en") -> str:
    """Every registration of a meeting in list order, with the answers to its questions.

    Raises: PermissionDenied.
    """
    require(can_manage_meeting(actor, meeting))
    questions = questions_module.questions_for(meeting, all_categories=True)
    query = queries.participant_list(meeting, public=False, statuses=None).options(
        so.selectinload(Registration.answers).joinedload(RegistrationAnswer.question)
    )
    rows = db.session.scalars(query).all()
    header = REGISTRATION_HEADER + [
        localized(q.label, language, meeting.main_language) for q in questions
    ]
    record(
        "registration.export",
        actor=actor,
        meeting=meeting,
        after={"rows": len(rows)},
        now=now,
    )
    return write_csv(header, (_row(r, questions, meeting, language) for r in rows))


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
        r.represents,
        r.delegation.represents if r.delegation else "",
        label(FUNCTION, r.function) if r.function else "",
        countries.name(r.nationality, language) if r.nationality else "",
        countries.name(r.country, language) if r.country else "",
        r.position,
        label(ATTENDANCE, r.attendance),
        r.needs,
        "yes" if r.consent_to_list else "no",
        r.created_at.strftime("%Y-%m-%d %H:%M"),
    ] + [answers.get(q.id, "") for q in questions]


DELEGATION_HEADER = [
    "Represents",
    "Country",
    "Delegation status",
    "Note reference",
    "Focal point",
    "Focal point email",
    "Function",
    "Name as listed",
    "Category",
    "Registration status",
    "Email",
    "Position",
    "Attendance",
]


def delegations_csv(meeting, *, actor, now: datetime, language: str = "en") -> str:
    """Delegations and their members in list order (head of delegation first).

    Raises: PermissionDenied.
    """
    require(can_manage_meeting(actor, meeting))
    delegations = delegations_module.in_list_order(
        db.session.scalars(queries.delegations_of(meeting)).unique().all(), language
    )
    record(
        "delegation.export",
        actor=actor,
        meeting=meeting,
        after={"rows": len(delegations)},
        now=now,
    )
    return write_csv(
        DELEGATION_HEADER, _delegation_rows(delegations, meeting, language)
    )


def _delegation_rows(delegations, meeting, language):
    order = {
        f: i
        for i, f in enumerate(("head_of_delegation", "alternate", "adviser", "member"))
    }
    for d in delegations:
        head = [
            delegations_module.display_name(d, language),
            countries.name(d.country, language) if d.country else "",
            label(STATUS, d.status),
            d.note_reference,
            d.focal_point_name,
            d.focal_point_email,
        ]
        members = sorted(
            d.members, key=lambda m: (order.get(m.function, 9), m.family_name.lower())
        )
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
