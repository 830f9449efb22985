"""Invitation endpoints for managers: list, create and import, with the page's rules."""

from flask import current_app
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
from eventsys.invitations import imports
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


def _import_rows(body: dict) -> list[tuple[int, dict]]:
    """The JSON rows as the file reader gives them: (line, {column: text})."""
    return [
        (number, {k: _cell(v) for k, v in row.items()})
        for number, row in enumerate(body["rows"], start=1)
    ]


def _cell(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).strip()


def _stash_dir():
    return imports.stash_dir(current_app.instance_path)


@bp.post("/meetings/<slug>/invitations/imports")
def create_invitation_import(slug: str):
    user = bearer_user()
    meeting = _managed_meeting(slug, user)
    body = json_body(schemas.INVITATION_IMPORT_INPUT)
    preview = imports.preview_rows(
        meeting,
        _import_rows(body),
        filename="api",
        actor=user,
        directory=_stash_dir(),
        now=utcnow(),
    )
    db.session.commit()
    job = imports.get_import(meeting, import_id=preview.id, actor=user)
    return jsonify(serializers.invitation_import(job, meeting.timezone)), 201


def _import_of(slug: str, import_id: int):
    user = bearer_user()
    meeting = _managed_meeting(slug, user)
    return user, meeting, imports.get_import(meeting, import_id=import_id, actor=user)


@bp.get("/meetings/<slug>/invitations/imports/<int:import_id>")
def get_invitation_import(slug: str, import_id: int):
    _user, meeting, job = _import_of(slug, import_id)
    db.session.commit()  # the token's last use
    return jsonify(serializers.invitation_import(job, meeting.timezone))


@bp.post("/meetings/<slug>/invitations/imports/<int:import_id>/confirm")
def confirm_invitation_import(slug: str, import_id: int):
    user, meeting, job = _import_of(slug, import_id)
    imports.confirm_import(job, actor=user, directory=_stash_dir(), now=utcnow())
    db.session.commit()
    return jsonify(serializers.invitation_import(job, meeting.timezone))


@bp.post("/meetings/<slug>/invitations/imports/<int:import_id>/cancel")
def cancel_invitation_import(slug: str, import_id: int):
    user, meeting, job = _import_of(slug, import_id)
    imports.cancel_import(job, actor=user, directory=_stash_dir(), now=utcnow())
    db.session.commit()
    return jsonify(serializers.invitation_import(job, meeting.timezone))
