"""Certificates of attendance: for people with recorded attendance, after the meeting.

Rendered on request, like badges: they show a person (not in the PDF cache).
"""

from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from eventsys.extensions import db
from eventsys.onsite import attendance
from eventsys.onsite import queries
from eventsys.pdf import cache
from eventsys.pdf import documents
from eventsys.pdf.render import render_pdf
from eventsys.registration import lists


def attended_days(registration) -> list:
    """The registration's check-ins, one per day, in day order."""
    rows = db.session.scalars(queries.checkins_of({registration.id})).all()
    return sorted(rows, key=lambda c: c.day)


def available(registration, checkins, *, now: datetime) -> bool:
    """A certificate exists once the meeting has ended, for recorded attendance."""
    return bool(checkins) and registration.meeting.ends_at <= now


def certificate_pdf(registration, checkins, *, language: str) -> bytes:
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

    spec = documents.PdfSpec(
        kind="certificate",
        language=language,
        data={},
        template="pdf/certificate.html",
        context=context,
        filename=f"{meeting.slug}-certificate.pdf",
    )
    sources = cache.print_sources()
    with force_locale(language):
        html = documents.spec_html(spec, sources)
    return render_pdf(html, base_url=documents.base_url(), files=sources.static)
