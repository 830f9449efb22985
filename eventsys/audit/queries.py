"""Reading the audit log."""

import sqlalchemy as sa

from eventsys.audit.models import AuditEvent


def list_events(*, action: str = "", security_only: bool = False) -> sa.Select:
    """Newest first; action matches exactly or as a prefix ending in '.' ('login.')."""
    query = sa.select(AuditEvent).options(sa.orm.selectinload(AuditEvent.actor))
    if action.endswith("."):
        query = query.where(AuditEvent.action.startswith(action, autoescape=True))
    elif action:
        query = query.where(AuditEvent.action == action)
    if security_only:
        query = query.where(AuditEvent.security.is_(True))
    return query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())


def list_actions() -> sa.Select:
    return sa.select(AuditEvent.action).distinct().order_by(AuditEvent.action)
