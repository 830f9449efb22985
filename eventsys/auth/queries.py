"""Selects over accounts, reused by the admin pages and their tests."""

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.auth.models import User


def search_accounts(text: str = "") -> sa.Select:
    """Accounts whose email or name contains the text, by email; roles loaded."""
    query = sa.select(User).options(
        so.selectinload(User.roles),
        so.selectinload(User.series_roles),
        so.selectinload(User.global_roles),
    )
    text = (text or "").strip()[:100]
    if text:
        pattern = (
            "%"
            + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            + "%"
        )
        query = query.where(
            sa.or_(
                User.email.ilike(pattern, escape="\\"),
                User.name.ilike(pattern, escape="\\"),
            )
        )
    return query.order_by(User.email)
