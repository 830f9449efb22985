"""Invitation endpoints for managers: list and create, with the page's rules."""

from flask import jsonify

from eventsys.api import bp
from eventsys.api import schemas
from eventsys.api import serializers
from eventsys.api.http import KEY_PATTERN
from eventsys.api.http import bearer_user
from eventsys.api.http import json_body
from eventsys.api.http import page_body
from eventsys.api.http import pagination
from eventsys.api.http import query_choice
from eventsys.api.http import query_pattern
from eventsys.api.registrations import _managed_meeting
from eventsys.extensions import db
from eventsys.invitations import queries
from eventsys.invitations import service
from eventsys.invitations.models import INVITATION_STATUSES
from eventsys.invitations.models import Invitation
from eventsys.models import utcnow
from eventsys.registration.models import ParticipantCategory


@bp.get("/meetings/<slug>/invitations")
def list_invitations(slug: str):
    user = bearer_user()
    meeting = _managed_meeting(slug, user)
    page, per_page = pagination()
    query = queries.meeting_invitations(meeting)
    status = query_choice("status", INVITATION_STATUSES)
    category = query_pattern("category", KEY_PATTERN)
    if status:
        query = query.where(Invitation.status == status)
    if category:
        query = query.join(Invitation.category).where(
            ParticipantCategory.key == category
        )
    result = db.paginate(query, page=page, per_page=per_page, error_out=False)
    items = [serializers.invitation(i, meeting.timezone) for i in result.items]
    db.session.commit()  # the token's last use
    return jsonify(page_body(result, items))


@bp.post("/meetings/<slug>/invitations")
def create_invitation(slug: str):
    user = bearer_user()
    meeting = _managed_meeting(slug, user)
    body = json_body(schemas.INVITATION_INPUT)
    data = {**body, "bound": "y" if body.get("bound", True) else "n"}
    invitation = service.create_invitation(
        meeting, data=data, actor=user, now=utcnow(), send=bool(body.get("send"))
    )
    db.session.commit()
    return jsonify(serializers.invitation(invitation, meeting.timezone)), 201
