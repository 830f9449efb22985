"""A second factor for password sign-ins of staff: TOTP (RFC 6238, pyotp) and
single-use recovery codes (only their hashes are stored)."""

import secrets
from datetime import datetime

import pyotp
from flask_babel import gettext as _

from eventsys.audit.service import record
from eventsys.auth.models import User
from eventsys.auth.permissions import is_staff
from eventsys.errors import InvalidInput
from eventsys.models import utcnow
from eventsys.tokens import hash_token

RECOVERY_CODES = 10
ISSUER_NAME = "eventsys"


def is_enabled(user: User) -> bool:
    return user.totp_enabled_at is not None


def required(user: User, *, require_for_staff: bool) -> bool:
    """A password sign-in of this account needs the second factor (or its enrolment)."""
    return is_enabled(user) or (require_for_staff and is_staff(user))


def start_enrolment(user: User) -> str:
    """A new secret, not yet in force; returns the otpauth:// URI for the app."""
    user.totp_secret = pyotp.random_base32()
    user.totp_enabled_at = None
    return provisioning_uri(user)


def provisioning_uri(user: User) -> str:
    return pyotp.TOTP(user.totp_secret).provisioning_uri(
        name=user.email, issuer_name=ISSUER_NAME
    )


def confirm_enrolment(
    user: User, code: str, *, now: datetime | None = None
) -> list[str]:
    """Turn the second factor on with a first valid code; returns the recovery codes.

    Raises: InvalidInput (no enrolment started, or a wrong code).
    """
    now = now or utcnow()
    if not user.totp_secret or not _check_code(user, code, now):
        raise _wrong_code()
    user.totp_enabled_at = now
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODES)]
    user.recovery_code_hashes = [hash_token(c) for c in codes]
    record("totp.enabled", actor=user, obj=user, security=True, now=now)
    return codes


def verify(user: User, code: str, *, now: datetime | None = None) -> bool:
    """A current code (each works once) or an unused recovery code."""
    now = now or utcnow()
    if not is_enabled(user):
        return False
    code = (code or "").strip().replace(" ", "").lower()
    if _check_code(user, code, now):
        return True
    digest = hash_token(code)
    if code and digest in (user.recovery_code_hashes or []):
        user.recovery_code_hashes = [
            h for h in user.recovery_code_hashes if h != digest
        ]
        record("totp.recovery_code_used", actor=user, obj=user, security=True, now=now)
        return True
    return False


def disable(user: User, code: str, *, now=None) -> None:
    """Turn the second factor off, with a current code.

    Raises: InvalidInput.
    """
    if not verify(user, code, now=now):
        raise _wrong_code()
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    user.recovery_code_hashes = []
    record("totp.disabled", actor=user, obj=user, security=True, now=now)


def _check_code(user: User, code: str, now: datetime) -> bool:
    """The code of this 30-second step or a neighbour, never one already used."""
    code = (code or "").strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(user.totp_secret)
    step = totp.timecode(now)
    for candidate in (step, step - 1, step + 1):
        if candidate <= (user.totp_last_step or -1):
            continue
        if secrets.compare_digest(totp.generate_otp(candidate), code):
            user.totp_last_step = candidate
            return True
    return False


def _wrong_code() -> InvalidInput:
    message = _("This code is not correct. Enter the current code from your app.")
    return InvalidInput(message, {"code": message})
