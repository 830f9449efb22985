"""Selects over accounts and their API tokens, reused by the pages, the API and tests."""

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.auth.models import ApiToken
from eventsys.auth.models import User


def active_tokens(user) -> sa.Select:
    """The user's active API tokens, newest first."""
    return (
        sa.select(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )


def count_active_tokens(user) -> sa.Select:
    return (
        sa.select(sa.func.count())
        .select_from(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    )


def token_by_hash(digest: str) -> sa.Select:
    return (
        sa.select(ApiToken)
        .where(ApiToken.token_hash == digest)
        .options(so.joinedload(ApiToken.user))
    )


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
