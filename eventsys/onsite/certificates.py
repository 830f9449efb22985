"""Certificates of attendance: for people with recorded attendance, after the meeting.

They show a person, like badges: rendered by a job, never from an earlier
version (eventsys/pdf/delivery.py).
"""

from datetime import datetime

from flask_babel import gettext as _

from eventsys.extensions import db
from eventsys.onsite import attendance
from eventsys.onsite import queries
from eventsys.pdf import documents
from eventsys.registration import lists


def attended_days(registration) -> list:
    """The registration's check-ins, one per day, in day order."""
    rows = db.session.scalars(queries.checkins_of({registration.id})).all()
    return sorted(rows, key=lambda c: c.day)


def available(registration, checkins, *, now: datetime) -> bool:
    """A certificate exists once the meeting has ended, for recorded attendance."""
    return bool(checkins) and registration.meeting.ends_at <= now


def certificate_spec(registration, checkins, *, language: str) -> documents.PdfSpec:
    meeting = registration.meeting

    def how(checkin) -> str:
        # Translated here, in the certificate's locale (context() runs inside it).
        return _("online") if attendance.how(checkin) == "online" else _("in person")

    def context() -> dict:
        return {
            **documents.meeting_context(meeting, language),
            "title": _("Certificate of attendance"),
            "name": registration.display_name,
            "represents": lists.represents(registration, language),
            "days": [(c.day, how(c)) for c in checkins],
        }

    return documents.PdfSpec(
        kind="certificate",
        language=language,
        data={
            "meeting": documents.meeting_data(meeting),
            "name": registration.display_name,
            "represents": lists.represents(registration, language),
            "attendance": registration.attendance,
            "days": [[c.day.isoformat(), c.source] for c in checkins],
        },
        template="pdf/certificate.html",
        context=context,
        filename=f"{meeting.slug}-certificate.pdf",
        recipe=("certificate", meeting.id, registration.id, language),
    )
