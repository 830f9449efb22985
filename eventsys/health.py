"""/healthz: the app answers and so does its database; what is degraded and why.

The database down is "unavailable" (503). Redis down, rate limits failing open
or a daily job whose last run is over 26 hours old is "degraded": 200 with the
reasons, since the app still serves. "jobs" lists each daily job's last run.
"""

import sqlalchemy as sa
from flask import Blueprint
from flask import current_app
from flask import jsonify
from redis import Redis
from redis.exceptions import RedisError

from eventsys import crypto
from eventsys import faults
from eventsys import jobs
from eventsys.extensions import db

bp = Blueprint("health", __name__)
REDIS_TIMEOUT_SECONDS = 1.0


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(sa.select(sa.func.count()).select_from(sa.table("meeting")))
    except sa.exc.SQLAlchemyError as error:
        db.session.rollback()
        reason = type(getattr(error, "orig", None) or error).__name__
        return jsonify(status="unavailable", reason=f"database: {reason}"), 503
    reasons = dict(faults.recent())
    redis_problem = redis_reason(current_app.config.get("REDIS_URL"))
    if redis_problem:
        reasons["redis"] = redis_problem
    key_problem = data_key_reason(current_app.config)
    if key_problem:
        reasons["data_key"] = key_problem
    daily = jobs.daily_status()
    for name, state in daily.items():
        if state["overdue"]:
            reasons[f"job:{name}"] = (
                f"last run {state['last_run'] or 'never'} (over 26 h)"
            )
    body = {"status": "degraded" if reasons else "ok"}
    if reasons:
        body["reasons"] = reasons
    if daily:
        body["jobs"] = daily
    return jsonify(body)


def data_key_reason(config) -> str:
    """Why visa letters cannot work although a meeting offers them ("" when they can)."""
    problem = crypto.key_problem(config)
    if not problem:
        return ""
    offered = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(sa.table("meeting", sa.column("visa_support")))
        .where(sa.column("visa_support").is_(True))
    )
    return problem if offered else ""


def redis_reason(url: str | None) -> str:
    """Why Redis at `url` does not answer, or "" when it does (or is not used)."""
    if not url:
        return ""
    client = Redis.from_url(
        url,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
    )
    try:
        client.ping()
    except (RedisError, OSError) as error:
        return f"unreachable ({type(error).__name__}): jobs run in-process"
    finally:
        client.close()
    return ""
