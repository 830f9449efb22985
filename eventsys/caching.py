"""The in-process caches, in one place: what each holds and what keys it.

Every entry is keyed by a digest of everything its value is made from, so an
entry is never stale and needs no invalidation; each app server keeps its own.

| cache | key | value | owner |
|---|---|---|---|
| calendar_feeds | the feed's ETag (eventsys/calendar/feeds.py), + "-gzip" | the feed's bytes, and their gzip | calendar views |
| agenda_fragments | the agenda's fingerprint, zone, language | the agenda's HTML | agenda views |
| pdf_agenda_keys | the agenda's fingerprint, language, print sources | the agenda PDF's key | pdf views |
| print_sources | (once per served process) | the print templates and CSS, and their digest | eventsys/pdf/cache.py |
| pages | the page's version (the view's fingerprint), endpoint, URL arguments, language | a whole HTML page for anonymous visitors, encoded, CSRF token left out | cached_page() below |
| read_row's memo (SQLite only, per pooled connection) | the statement, its parameters, and the database's version (PRAGMA data_version and schema_version, the connection's total_changes) | the statement's one row (a fingerprint) | eventsys/database.py: _sqlite_read_row |

PDF files themselves live on disk (eventsys/pdf/cache.py), named by a key that
includes the print sources' digest: the same PrintSources object gives the key
and the templates the PDF is rendered from.
"""

import hashlib
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable

import sqlalchemy as sa
from flask import current_app
from flask import g
from flask import request
from flask import session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from eventsys.secret_urls import request_secrets

DEFAULT_BYTES = {
    "calendar_feeds": ("CALENDAR_FEED_CACHE_BYTES", 32 * 2**20),
    "agenda_fragments": ("AGENDA_FRAGMENT_CACHE_BYTES", 16 * 2**20),
    "pdf_agenda_keys": ("PDF_KEY_CACHE_BYTES", 4096 * 64),
    "pages": ("PAGE_CACHE_BYTES", 32 * 2**20),
}


class LruCache:
    """Built values (bytes or text) by key, least recently used out first, within
    a size budget (len of the values)."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.entries: OrderedDict[str, bytes | str] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get_or_build(self, key: str, build: Callable[[], bytes | str]):
        found = self.get(key)
        if found is not None:
            return found
        value = build()
        self.put(key, value)
        return value

    def get(self, key: str):
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key]
        return None

    def put(self, key: str, value) -> None:
        if len(value) > self.max_bytes:
            return
        with self.lock:
            if key not in self.entries:
                self.entries[key] = value
                self.size += len(value)
            while self.size > self.max_bytes:
                _, old = self.entries.popitem(last=False)
                self.size -= len(old)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0


def lru(name: str) -> LruCache:
    """The app's cache `name` (see the table above), created on first use."""
    extensions = current_app.extensions
    key = f"eventsys.caching.{name}"
    if key not in extensions:
        setting, default = DEFAULT_BYTES[name]
        extensions[key] = LruCache(current_app.config.get(setting, default))
    return extensions[key]


_per_process: dict[str, object] = {}
_per_process_lock = threading.Lock()


def per_process(name: str, compute: Callable[[], object]):
    """compute() once per served process (a release restarts it); on every call
    in tests and debug mode, which edit files while running."""
    if current_app.testing or current_app.debug:
        return compute()
    with _per_process_lock:
        if name not in _per_process:
            _per_process[name] = compute()
        return _per_process[name]


def forget(name: str) -> None:
    """Drop a per-process value (the next call computes it again)."""
    with _per_process_lock:
        _per_process.pop(name, None)


# ------------------------------------------------------------------ whole pages
# Per process and random, so no text a user writes can carry it into a page.
CSRF_MARK = f"csrf-{secrets.token_hex(16)}"
CSRF_MARK_BYTES = CSRF_MARK.encode()


def page_is_shared() -> bool:
    """The page is the same for every visitor who asks for it with this URL and
    language: nobody is signed in, no message waits to be flashed, and no secret
    is in the path (those pages are never stored anywhere)."""
    return (
        request.method == "GET"
        and not current_user.is_authenticated
        and "_flashes" not in session
        and not request_secrets()
    )


def cached_page(version: tuple, render: Callable[[], str]) -> str | bytes:
    """The page render() makes, rendered once per version for anonymous visitors
    (as UTF-8 bytes when shared; Flask sends either).

    version must hold everything the page shows beyond the URL and the language
    (the view's fingerprint of its data, read from the database for each
    request), so an entry is never stale. The visitor's CSRF token is never
    stored: the rendered token is swapped for CSRF_MARK, and every visitor gets
    their own when the page is sent.
    """
    if not page_is_shared():
        return render()
    from eventsys.i18n import current_language

    key = hashlib.sha256(
        repr(
            (
                request.endpoint,
                sorted((request.view_args or {}).items()),
                request.query_string,
                current_language(),
                version,
            )
        ).encode()
    ).hexdigest()
    pages = lru("pages")
    body = pages.get(key)
    if body is None:
        html = render()
        pages.put(key, _without_csrf_token(html).encode())
        return html.encode()
    # Stored encoded: encoding a 300-session agenda (220 KB) was a sixth of
    # its cached request's CPU.
    if CSRF_MARK_BYTES in body:
        body = body.replace(CSRF_MARK_BYTES, generate_csrf().encode())
    return body


def rows_version(*objects) -> tuple:
    """Every column of each ORM object, as a page's version when the page shows
    only what the view has loaded anyway (any edit changes a column)."""
    return tuple(
        (
            type(obj).__name__,
            tuple(getattr(obj, c.key) for c in sa.inspect(obj).mapper.column_attrs),
        )
        for obj in objects
        if obj is not None
    )


def _without_csrf_token(html: str) -> str:
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    token = g.get(field)
    return html.replace(token, CSRF_MARK) if token else html
