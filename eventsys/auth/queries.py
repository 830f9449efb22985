"""Selects over accounts and their API tokens."""

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.auth.models import ApiToken


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
