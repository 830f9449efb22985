"""Accounts: creating users, checking passwords, tokens that belong to a user."""

from collections.abc import Callable
from datetime import datetime
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from eventsys import links
from eventsys.audit.service import record
from eventsys.auth.models import User
from eventsys.auth.passwords import hash_password
from eventsys.auth.passwords import needs_rehash
from eventsys.auth.passwords import password_problem
from eventsys.auth.passwords import verify_password
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.errors import NotFound
from eventsys.extensions import db
from eventsys.mail.service import enqueue
from eventsys.mail.service import render_email
from eventsys.models import utcnow
from eventsys.tokens import hash_token
from eventsys.tokens import new_token

RESET_LIFETIME = timedelta(hours=1)


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def get_user_by_email(email: str) -> User | None:
    return db.session.scalar(
        sa.select(User).where(User.email == normalise_email(email))
    )


def create_user(
    email: str, password: str, *, name: str = "", is_admin: bool = False, actor=None
) -> User:
    """Create an account.

    Raises:
        Conflict: the email already has an account.
        InvalidInput: the password breaks the rules.
    """
    email = normalise_email(email)
    if not email or "@" not in email:
        raise InvalidInput(
            _("Enter a valid email address."), {"email": _("Invalid email.")}
        )
    if get_user_by_email(email):
        raise Conflict(_("An account with this email already exists."))
    problem = password_problem(password, email=email)
    if problem:
        raise InvalidInput(problem, {"password": problem})
    user = User(email=email, name=name, is_admin=is_admin)
    user.password_hash = hash_password(password)
    db.session.add(user)
    db.session.flush()
    record(
        "user.created",
        actor=actor,
        obj=user,
        after={"email": email, "is_admin": is_admin},
        security=True,
    )
    return user


def authenticate(
    email: str, password: str, *, ip: str = "", now: datetime | None = None
) -> User | None:
    """The user if the password matches, else None; the timing does not tell which."""
    now = now or utcnow()
    user = get_user_by_email(email)
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.active:
        if user is not None:
            user.failed_logins += 1
            user.last_failed_login_at = now
        record(
            "login.failed",
            obj=user,
            after={"email": normalise_email(email)[:254]},
            security=True,
            ip=ip,
        )
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.last_login_at = now
    record("login", actor=user, obj=user, security=True, ip=ip)
    return user


def record_blocked_login(
    email: str, *, ip: str = "", now: datetime | None = None
) -> None:
    """Note a sign-in refused unchecked because the account name is locked for now."""
    record(
        "login.blocked",
        after={"email": normalise_email(email)[:254]},
        security=True,
        ip=ip,
        now=now,
    )


# Progressive delay per account name: short, and capped, so a worker is never
# held for long; past LOGIN_FAILURES_PER_ACCOUNT the login answers 429 instead.
MAX_LOGIN_DELAY = 2.0


def login_delay_seconds(recent_failures: int) -> float:
    """Seconds to wait before checking a password after recent failures (capped)."""
    if recent_failures < 3:
        return 0.0
    return min(0.25 * 2.0 ** (recent_failures - 3), MAX_LOGIN_DELAY)


def change_password(user: User, current: str, new: str) -> None:
    """Change a password after checking the current one.

    Raises:
        InvalidInput: wrong current password, or the new one breaks the rules.
    """
    if not verify_password(user.password_hash, current):
        raise InvalidInput(
            _("Your current password is not correct."),
            {"current_password": _("Not correct.")},
        )
    set_password(user, new)


def end_sessions(user: User, *, actor=None, action: str = "sessions.ended") -> None:
    """Every session and remember cookie of the account stops working at once."""
    user.session_generation = (user.session_generation or 0) + 1
    record(action, actor=actor or user, obj=user, security=True)


def user_for_session_id(session_id: str) -> User | None:
    """The user a session id (``<id>.<generation>``) names, if still current."""
    user_id, _dot, generation = (session_id or "").partition(".")
    if not (user_id.isdigit() and generation.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_generation != int(generation):
        return None
    return user


def set_password(user: User, new: str, *, action: str = "password.changed") -> None:
    """Store a new password; reset links and every session stop working.

    Raises:
        InvalidInput: the new password breaks the rules.
    """
    problem = password_problem(new, email=user.email)
    if problem:
        raise InvalidInput(problem, {"password": problem})
    user.password_hash = hash_password(new)
    user.reset_token_hash = None
    user.reset_expires_at = None
    user.failed_logins = 0
    user.session_generation = (user.session_generation or 0) + 1
    record(action, actor=user, obj=user, security=True)


def start_password_reset(
    email: str, *, now: datetime | None = None
) -> tuple[User | None, str]:
    """A single-use reset token for the account, if there is one."""
    user = get_user_by_email(email)
    if user is None:
        return None, ""
    token, digest = new_token()
    user.reset_token_hash = digest
    user.reset_expires_at = (now or utcnow()) + RESET_LIFETIME
    record("password.reset_requested", obj=user, security=True)
    return user, token


def user_for_reset_token(token: str, *, now: datetime | None = None) -> User | None:
    user = db.session.scalar(
        sa.select(User).where(User.reset_token_hash == hash_token(token))
    )
    if (
        user is None
        or user.reset_expires_at is None
        or user.reset_expires_at < (now or utcnow())
    ):
        return None
    return user


def rotate_calendar_token(user: User) -> str:
    """A new private feed link; earlier feed addresses answer 410 at once."""
    links.renew(user)
    record("calendar_token.rotated", actor=user, obj=user, security=True)
    return links.link_for(user)


def calendar_link(user: User) -> str:
    """The user's current private feed link, or "" before they made one."""
    return links.link_for(user) if user.calendar_link_generation else ""


def request_password_reset(
    email: str, *, reset_url: Callable[[str], str], now: datetime | None = None
) -> None:
    """Email a single-use reset link if the address has an account; silent otherwise.

    The email is rendered either way, so both cases take about the same time.
    """
    user, token = start_password_reset(email, now=now)
    language = user.language if user else "en"
    subject, text, html = render_email(
        "password_reset",
        language,
        person=(user.name if user else "") or normalise_email(email),
        reset_url=reset_url(token or "unused"),
        hours=int(RESET_LIFETIME.total_seconds() // 3600),
    )
    if user is None or not user.active:
        return
    enqueue(
        user.email,
        subject,
        text,
        html,
        to_name=user.name,
        kind="password_reset",
        now=now,
    )


def reset_password(token: str, new: str, *, now: datetime | None = None) -> User:
    """Set a new password through a reset link, which is then used up.

    Raises:
        NotFound: the link is unknown, used or expired.
        InvalidInput: the new password breaks the rules.
    """
    user = user_for_reset_token(token, now=now)
    if user is None:
        raise NotFound(_("This link is not valid any more. Ask for a new one."))
    set_password(user, new, action="password.reset")
    return user
