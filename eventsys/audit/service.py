"""Writing to the audit log: every domain calls record()."""

from datetime import datetime
from typing import Any

from eventsys.audit.models import AuditEvent
from eventsys.extensions import db


def record(
    action: str,
    *,
    actor=None,
    obj=None,
    meeting=None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    security: bool = False,
    ip: str = "",
    now: datetime | None = None,
) -> AuditEvent:
    """Append one audit event to the session (flushed with the caller's change)."""
    event = AuditEvent(
        action=action,
        actor=actor,
        actor_label=getattr(actor, "email", "") or "",
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=getattr(obj, "id", None),
        meeting_id=getattr(meeting, "id", None),
        before=_jsonable(before or {}),
        after=_jsonable(after or {}),
        security=security,
        ip=ip,
    )
    if now is not None:
        event.at = now
    db.session.add(event)
    return event


def changes(obj, fields, values: dict[str, Any]) -> tuple[dict, dict]:
    """Before/after dicts of the fields whose value would change."""
    before, after = {}, {}
    for name in fields:
        if name in values and getattr(obj, name) != values[name]:
            before[name] = getattr(obj, name)
            after[name] = values[name]
    return before, after


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in data.items()}
