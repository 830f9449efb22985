"""Personal API tokens: created on the account page, shown once, stored hashed."""

from datetime import datetime
from datetime import timedelta

from flask_babel import gettext as _

from eventsys import lookup
from eventsys.audit.service import record
from eventsys.auth import queries
from eventsys.auth.models import ApiToken
from eventsys.auth.models import User
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.errors import NotFound
from eventsys.extensions import db
from eventsys.tokens import hash_token
from eventsys.tokens import new_token

# A recognisable prefix lets secret scanners (and people) tell what leaked.
PREFIX = "evs_"
NAME_MAX = 100
MAX_ACTIVE_TOKENS = 20
# last_used_at is a hint, not a log: write it at most once a minute per token.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def create_token(user: User, name: str, *, now: datetime) -> tuple[ApiToken, str]:
    """A new token for the user; the plain token is returned once, never stored.

    Raises:
        InvalidInput: the name is empty or too long.
        Conflict: the user already has the maximum number of active tokens.
    """
    name = (name or "").strip()
    if not name or len(name) > NAME_MAX:
        message = _("Give the token a name of at most %(n)s characters.", n=NAME_MAX)
        raise InvalidInput(message, {"name": message})
    if db.session.scalar(queries.count_active_tokens(user)) >= MAX_ACTIVE_TOKENS:
        raise Conflict(_("You have too many tokens. Revoke one you no longer use."))
    secret, _digest = new_token()
    plain = PREFIX + secret
    token = ApiToken(user=user, name=name, token_hash=hash_token(plain), created_at=now)
    db.session.add(token)
    db.session.flush()
    record(
        "api_token.created",
        actor=user,
        obj=token,
        after={"name": name},
        security=True,
        now=now,
    )
    return token, plain


def revoke_token(user: User, token_id: int, *, now: datetime) -> ApiToken:
    """Revoke one of the user's own tokens; it stops working at once.

    Raises:
        NotFound: no active token with this id belongs to the user.
    """
    token = lookup.get_row(ApiToken, token_id, _("No such token."), user_id=user.id)
    if token.revoked_at is not None:
        raise NotFound(_("No such token."))
    token.revoked_at = now
    record(
        "api_token.revoked",
        actor=user,
        obj=token,
        after={"name": token.name},
        security=True,
        now=now,
    )
    db.session.flush()
    return token


def user_for_bearer(plain: str, *, now: datetime) -> User | None:
    """The active user a bearer token belongs to, or None; notes when it was used."""
    if not plain or len(plain) > 200:
        return None
    token = db.session.scalar(queries.token_by_hash(hash_token(plain)))
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        token.last_used_at = now
        db.session.flush()
    return token.user
