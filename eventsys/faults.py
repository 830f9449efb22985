"""What went wrong while the app kept serving: logged once a minute, shown on /healthz.

A part that fails open (rate limits without their Redis, a PDF job that could
not be queued) calls note(); /healthz reports every part noted in the last
few minutes as degraded, with the reason, and still answers 200.
"""

import logging
import threading
import time

log = logging.getLogger("eventsys.faults")

LOG_EVERY_SECONDS = 60
RECENT_SECONDS = 300
_lock = threading.Lock()
_noted: dict[str, tuple[float, str]] = {}  # part -> (monotonic time, reason)
_logged: dict[str, float] = {}


def note(part: str, reason: str) -> None:
    """Record that `part` is degraded; log it at most once a minute per part."""
    now = time.monotonic()
    with _lock:
        _noted[part] = (now, reason)
        last = _logged.get(part)
        due = last is None or now - last >= LOG_EVERY_SECONDS
        if due:
            _logged[part] = now
    if due:
        log.warning("%s degraded: %s", part, reason)


def recent() -> dict[str, str]:
    """The parts noted in the last RECENT_SECONDS and why."""
    horizon = time.monotonic() - RECENT_SECONDS
    with _lock:
        return {part: why for part, (at, why) in _noted.items() if at >= horizon}


def clear() -> None:
    with _lock:
        _noted.clear()
        _logged.clear()


RATE_LIMITS = "rate_limits"
RATE_LIMITS_OPEN = "storage unreachable: limits are not enforced (they fail open)"


class RateLimitStorageFilter(logging.Filter):
    """Turns Flask-Limiter's per-request storage errors into one note a minute.

    With RATELIMIT_SWALLOW_ERRORS Flask-Limiter lets requests through when its
    storage is down (documented in docs/security.md) and logs a traceback for
    every request; this filter keeps the log readable and tells /healthz.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.levelno >= logging.WARNING and (
            "Swallowing error" in message or "storage unreachable" in message
        ):
            note(RATE_LIMITS, RATE_LIMITS_OPEN)
            return False
        return True


def install_log_filters() -> None:
    limiter_log = logging.getLogger("flask-limiter")
    if not any(isinstance(f, RateLimitStorageFilter) for f in limiter_log.filters):
        limiter_log.addFilter(RateLimitStorageFilter())
