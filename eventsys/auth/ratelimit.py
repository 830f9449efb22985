"""Login throttling: per client address (Flask-Limiter) and per account name.

Failures are counted per normalised email in the limiter's storage (Redis when
REDIS_URL is set, so every worker sees the same counts), whether or not an
account exists: a lock-out or a delay therefore never tells an attacker that
an address has an account.
"""

import hashlib

from flask import current_app
from limits import parse

from eventsys.auth.service import normalise_email
from eventsys.extensions import limiter


def address_limit() -> str:
    """Flask-Limiter limit string for login and reset POSTs from one address."""
    return current_app.config.get("LOGIN_RATE_PER_ADDRESS", "30 per 15 minutes")


def _account_limit():
    return parse(
        current_app.config.get("LOGIN_FAILURES_PER_ACCOUNT", "10 per 15 minutes")
    )


def _key(email: str) -> str:
    return hashlib.sha256(normalise_email(email).encode("utf-8")).hexdigest()


def _active() -> bool:
    return bool(limiter.enabled and current_app.config.get("RATELIMIT_ENABLED", True))


def recent_failures(email: str) -> int:
    """Failed logins for this email within the current window."""
    item = _account_limit()
    stats = _storage_call("get_window_stats", item, email)
    return item.amount - stats.remaining if stats else 0


def account_locked(email: str) -> bool:
    """True once the email has used up its failures for the window."""
    return _storage_call("test", _account_limit(), email) is False


def note_failure(email: str) -> None:
    _storage_call("hit", _account_limit(), email)


def _storage_call(method: str, item, email: str):
    """Ask the limiter's storage; None when limits are off or the storage is down.

    A Redis outage must not stop people signing in: the per-address limit of
    Flask-Limiter and the argon2 cost still slow guessing down meanwhile.
    """
    if not _active():
        return None
    try:
        return getattr(limiter.limiter, method)(item, "login-failure", _key(email))
    except Exception:  # storage backends raise their own connection errors
        current_app.logger.warning("Rate-limit storage unavailable", exc_info=True)
        return None
