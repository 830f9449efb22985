"""Badges and the participant's e-badge; the door staff's check-in page is in manage.py."""

import re

from flask import Blueprint
from flask import abort
from flask import request
from flask_babel import gettext as _
from flask_login import login_required

from eventsys import links
from eventsys.errors import InvalidInput
from eventsys.extensions import db
from eventsys.i18n import meeting_language
from eventsys.meetings.manage import get_managed_meeting
from eventsys.models import utcnow
from eventsys.onsite import badges
from eventsys.onsite import certificates
from eventsys.pdf import delivery
from eventsys.registration import lists
from eventsys.registration import queries as registration_queries
from eventsys.registration.models import REGISTRATION_STATUSES
from eventsys.registration.models import Registration
from eventsys.secret_urls import secret_in_path

bp = Blueprint("onsite", __name__)
# Registration numbers, comma-separated: at most 2,000 of them.
IDS_PATTERN = r"[0-9]{1,10}(,[0-9]{1,10}){0,1999}"


def badge_filters(meeting, args) -> dict:
    """The badges' filters from the query string.

    Raises: InvalidInput (an unknown category, status or layout, a bad id).
    """
    keys = {
        c.key
        for c in db.session.scalars(registration_queries.meeting_categories(meeting))
    }
    categories = args.getlist("category")
    statuses = args.getlist("status") or ["confirmed"]
    layout = args.get("layout", "sheet")
    raw_ids = ",".join(args.getlist("ids"))
    errors = {}
    if any(c not in keys for c in categories):
        errors["category"] = _("Not one of the meeting's categories.")
    if any(s not in REGISTRATION_STATUSES for s in statuses):
        errors["status"] = _("Not an accepted value.")
    if layout not in badges.LAYOUTS:
        errors["layout"] = _("Not an accepted value.")
    if raw_ids and not re.fullmatch(IDS_PATTERN, raw_ids):
        errors["ids"] = _("A list of registration numbers separated by commas.")
    if errors:
        raise InvalidInput(_("Please check the filters."), errors)
    return {
        "categories": set(categories),
        "statuses": tuple(statuses),
        "ids": {int(i) for i in raw_ids.split(",")} if raw_ids else set(),
        "layout": layout,
    }


@bp.get("/manage/meetings/<slug>/badges.pdf")
@login_required
def manage_badges(slug: str):
    meeting = get_managed_meeting(slug)
    filters = badge_filters(meeting, request.args)
    language = meeting_language(meeting)
    people = [
        r
        for r in lists.participants(
            meeting, language=language, public=False, statuses=filters["statuses"]
        )
        if (not filters["categories"] or r.category.key in filters["categories"])
        and (not filters["ids"] or r.id in filters["ids"])
    ]
    spec = badges.badges_spec(
        meeting, people, language=language, layout=filters["layout"]
    )
    return delivery.deliver(spec, private=True, inline=True)


@bp.get("/registrations/<token>/badge.pdf")
@secret_in_path("token")
def badge(token: str):
    registration = links.open_link(Registration, token)
    if registration.status != "confirmed":
        abort(404)
    meeting = registration.meeting
    language = meeting_language(meeting, registration.language)
    spec = badges.badges_spec(
        meeting, [registration], language=language, layout="single"
    )
    return delivery.deliver(spec, private=True, inline=True)


@bp.get("/registrations/<token>/certificate.pdf")
@secret_in_path("token")
def certificate(token: str):
    registration = links.open_link(Registration, token)
    checkins = certificates.attended_days(registration)
    if not certificates.available(registration, checkins, now=utcnow()):
        abort(404)
    meeting = registration.meeting
    language = meeting_language(meeting, registration.language)
    spec = certificates.certificate_spec(registration, checkins, language=language)
    return delivery.deliver(spec, private=True, inline=True)


from eventsys.onsite import attendance_manage as _attendance  # noqa: E402,F401
from eventsys.onsite import manage as _manage  # noqa: E402,F401  (routes on this blueprint)
from eventsys.onsite import visa_views as _visa_views  # noqa: E402,F401  (routes on this blueprint)
