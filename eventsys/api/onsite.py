"""Check-in endpoints for the door: device ids, the offline manifest, batches of scans.

They accept a bearer token, or the signed-in session of the check-in page
with its CSRF token in the X-CSRFToken header (http.bearer_or_session_user).
"""

from flask import jsonify
from flask_babel import gettext as _

from eventsys.agenda import days
from eventsys.api import bp
from eventsys.api import schemas
from eventsys.api.http import bearer_or_session_user
from eventsys.api.http import json_body
from eventsys.api.http import query_choice
from eventsys.api.http import valid_slug
from eventsys.api.schemas import LANGUAGES
from eventsys.errors import NotFound
from eventsys.extensions import db
from eventsys.i18n import meeting_language
from eventsys.lookup import get_checkin_meeting
from eventsys.models import utcnow
from eventsys.onsite import service


def _meeting(slug: str, user):
    if not valid_slug(slug):
        raise NotFound(_("No such meeting."))
    return get_checkin_meeting(slug, user)


@bp.post("/meetings/<slug>/checkin-devices")
def issue_checkin_device(slug: str):
    user = bearer_or_session_user()
    meeting = _meeting(slug, user)
    body = json_body(schemas.DEVICE_INPUT)
    device = service.issue_device(
        meeting, actor=user, label=body.get("label", ""), now=utcnow()
    )
    db.session.commit()
    return jsonify({"device": device.key, "label": device.label}), 201


@bp.get("/meetings/<slug>/checkin-manifest")
def checkin_manifest(slug: str):
    user = bearer_or_session_user()
    meeting = _meeting(slug, user)
    language = meeting_language(meeting, query_choice("language", LANGUAGES))
    first, last = days.local_dates(meeting)
    items = service.manifest(meeting, actor=user, language=language)
    db.session.commit()  # the token's last use
    return jsonify(
        {
            "meeting": meeting.slug,
            "first_day": first.isoformat(),
            "last_day": last.isoformat(),
            "items": items,
        }
    )


@bp.post("/meetings/<slug>/checkins")
def record_checkins(slug: str):
    user = bearer_or_session_user()
    meeting = _meeting(slug, user)
    items = json_body(schemas.CHECKIN_BATCH)
    results = service.record_scans(meeting, items, actor=user)
    db.session.commit()
    return jsonify(
        {
            "results": results,
            "checked_in": sum(r["status"] == "checked_in" for r in results),
            "duplicates": sum(
                r["status"] == "already_checked_in" and not r.get("replayed")
                for r in results
            ),
        }
    )
