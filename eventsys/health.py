"""/healthz: the app answers and so does its database."""

import sqlalchemy as sa
from flask import Blueprint
from flask import jsonify

from eventsys.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(sa.select(sa.func.count()).select_from(sa.table("meeting")))
    except sa.exc.SQLAlchemyError as error:
        db.session.rollback()
        reason = type(getattr(error, "orig", None) or error).__name__
        return jsonify(status="unavailable", reason=f"database: {reason}"), 503
    return jsonify(status="ok")
