"""The visa support letter as a PDF: rendered once, by a job after issue, in the
chosen language (pdf/recipes.py, "visa_letter").

It carries passport data, so it is never written to the PDF cache (eventsys/pdf/
cache.py): visa.issue keeps only its encrypted bytes.
"""

from flask_babel import force_locale
from flask_babel import gettext as _

from eventsys import labels
from eventsys.onsite import visa as visas
from eventsys.pdf import cache
from eventsys.pdf import documents
from eventsys.pdf.render import render_pdf
from eventsys.registration import countries
from eventsys.registration import lists


def funding_sentence(funding: str) -> str:
    """Who bears the costs, as the letter says it."""
    return {
        "none": _(
            "The participant, or the organisation they represent, bears all costs "
            "of travel and stay."
        ),
        "travel": _(
            "The secretariat bears the cost of the participant's travel; the costs "
            "of the stay are borne by the participant or the organisation they represent."
        ),
        "travel_and_subsistence": _(
            "The secretariat bears the costs of the participant's travel and "
            "subsistence (daily allowance) for the duration of the meeting."
        ),
    }[funding]


def passport_type_label(kind: str) -> str:
    return {
        "ordinary": _("Ordinary"),
        "diplomatic": _("Diplomatic"),
        "service": _("Service"),
        "other": _("Other"),
    }[kind]


def letter_pdf(visa, passport: dict, code: str, *, issued_at) -> bytes:
    """The letter of an issued request, in its letter language."""
    registration = visa.registration
    meeting = registration.meeting
    language = visa.letter_language or meeting.main_language

    def context() -> dict:
        return {
            **documents.meeting_context(meeting, language),
            "title": _("Visa support letter"),
            "created": issued_at,
            "issued_at": issued_at,
            "reference": visa.reference,
            "passport": passport,
            "passport_type": passport_type_label(passport["passport_type"]),
            "nationality": countries.name(passport["nationality"], language),
            "represents": lists.represents(registration, language),
            "function": labels.label(labels.FUNCTION, registration.function)
            if registration.function
            else "",
            "funding": funding_sentence(visa.funding),
            "verify_url": f"{documents.base_url()}letters/{code}",
            "deadline": visas.deadline(meeting),
        }

    spec = documents.PdfSpec(
        kind="visa_letter",
        language=language,
        data={},
        template="pdf/visa_letter.html",
        context=context,
        filename=f"{meeting.slug}-visa-letter.pdf",
    )
    sources = cache.print_sources()
    with force_locale(language):
        html = documents.spec_html(spec, sources)
    return render_pdf(html, base_url=documents.base_url(), files=sources.static)
