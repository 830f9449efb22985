"""Badges: the QR code of a check-in code, badge rows, and the badge PDFs.

Badges show a person: their cache key holds every printed detail, they are
rendered by a job (never inside a request) and never served from an earlier
version (eventsys/pdf/delivery.py).
"""

import segno
from flask_babel import gettext as _

from eventsys import labels
from eventsys.i18n import localized
from eventsys.pdf import documents
from eventsys.registration import lists

# Band colours by category position (static/css/pdf/badges.css, .band-0 to
# .band-7, colour-blind-safe); the band always prints the category's name too,
# so colour is never the only sign.
BANDS = 8
LAYOUTS = ("sheet", "single")
PER_SHEET = 4


def qr_svg_data_uri(code: str) -> str:
    """The check-in code as a QR code (SVG data: URI), error correction M."""
    qr = segno.make(code, error="m", micro=False)
    return qr.svg_data_uri(scale=4, border=2, xmldecl=False, nl=False)


def band(category) -> int:
    return (category.position or 0) % BANDS


def name_size(name: str) -> str:
    """A size class so long names shrink (and then wrap) inside the badge."""
    length = len(name)
    if length <= 18:
        return "xl"
    if length <= 28:
        return "l"
    if length <= 40:
        return "m"
    return "s" if length <= 90 else "xs"


def badge_row(registration, language: str) -> dict:
    meeting = registration.meeting
    name = registration.display_name
    return {
        "name": name,
        "name_size": name_size(name),
        "represents": lists.represents(registration, language),
        "organisation": registration.organisation,
        "function": labels.label(labels.FUNCTION, registration.function)
        if registration.function
        else "",
        "category": localized(
            registration.category.name, language, meeting.main_language
        ),
        "band": band(registration.category),
        "qr": qr_svg_data_uri(registration.checkin_code or ""),
    }


def sheets(rows: list, layout: str) -> list[list]:
    size = PER_SHEET if layout == "sheet" else 1
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def badges_spec(
    meeting, registrations, *, language: str, layout: str = "sheet"
) -> documents.PdfSpec:
    """Badges of these registrations (in list order): A6, four per A4 or one a page."""
    rows = [
        badge_row(r, language) for r in lists.in_list_order(registrations, language)
    ]
    ids = sorted(r.id for r in registrations)
    return documents.PdfSpec(
        kind="badges",
        language=language,
        data={
            "meeting": documents.meeting_data(meeting),
            "rows": rows,
            "layout": layout,
        },
        template="pdf/badges.html",
        context=lambda: {
            **documents.meeting_context(meeting, language),
            "title": _("Badges"),
            "sheets": sheets(rows, layout),
            "layout": layout,
        },
        filename=f"{meeting.slug}-badge{'s' if layout == 'sheet' else ''}.pdf",
        recipe=("badges", meeting.id, ids, layout, language),
        tagged=False,
    )


def badges_pdf(
    meeting, registrations, *, language: str, layout: str = "sheet"
) -> bytes:
    """The badges' PDF bytes, rendered now (the benchmark; views deliver a spec)."""
    spec = badges_spec(meeting, registrations, language=language, layout=layout)
    return documents.render_spec(spec)
