"""The audit log for site administrators: read only, there is no edit or delete."""

from flask import Blueprint
from flask import current_app
from flask import render_template
from flask import request
from flask_login import current_user
from flask_login import login_required

from eventsys.audit import queries
from eventsys.audit.describe import describe_events
from eventsys.auth.permissions import is_admin
from eventsys.auth.permissions import require
from eventsys.extensions import db
from eventsys.pagination import paginate

bp = Blueprint("audit", __name__)
PER_PAGE = 50


@bp.get("/manage/audit")
@login_required
def index():
    require(is_admin(current_user))
    action = request.args.get("action", "", type=str)[:60].strip()
    security_only = request.args.get("security") == "1"
    page = paginate(
        queries.list_events(action=action, security_only=security_only),
        per_page=current_app.config.get("AUDIT_PER_PAGE", PER_PAGE),
    )
    actions = db.session.scalars(queries.list_actions()).all()
    return render_template(
        "audit/index.html",
        page=page,
        entries=describe_events(page.items, zone="UTC"),
        action=action,
        security_only=security_only,
        actions=actions,
    )
