"""Rendering PDFs off the request: RQ on Redis when REDIS_URL is set, else a thread.

No request renders a PDF (docs/performance.md): a request that finds its PDF
missing queues the spec's recipe here and answers at once (delivery.py).
A job gets only the recipe, and builds the spec again inside its own app
context (recipes.py), so it sees what the request committed and never shares
a session with it.

Queued renders are coalesced per recipe: while one is pending, asking again
queues nothing, and the job renders what the data is when it runs, so ten
edits and ten requests in a row make one or two renders, not ten. The marker
of a pending job is a file in the PDF cache (shared by every process that
shares the cache); one older than PENDING_FOR belongs to a job that died.
"""

import os
import threading
import time
from pathlib import Path

from flask import Flask
from flask import current_app
from flask import has_app_context
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue

from eventsys import faults
from eventsys.pdf import cache

QUEUE_NAME = "pdf"
REDIS_TIMEOUT = 2.0
PENDING_FOR = 600  # seconds
_threads: list[threading.Thread] = []
# Recipes waiting for drain(): with an in-memory SQLite database (the tests')
# another thread would see an empty database, so jobs run in this one later.
_deferred: list[tuple[Flask, tuple]] = []


def enqueue(recipe) -> str:
    """Queue the render of a recipe; returns how: "rq", "thread", "deferred",
    or "pending" when a render of it is already on its way."""
    app = current_app._get_current_object()
    if not _mark_pending(app, recipe):
        return "pending"
    redis_url = app.config.get("REDIS_URL")
    if redis_url and _queue_on_redis(redis_url, recipe):
        return "rq"
    if _database_in_memory(app):
        _deferred.append((app, tuple(recipe)))
        return "deferred"
    thread = threading.Thread(
        target=_in_app,
        args=(app, render_recipe, tuple(recipe)),
        daemon=True,
        name=f"pdf-{recipe[0]}",
    )
    _threads.append(thread)
    thread.start()
    return "thread"


def enqueue_document_pdfs(document) -> list[str]:
    """Queue every version of a published outcome document (their PDFs change
    only with the print templates, so rendering them now serves them for good)."""
    return [enqueue(("outcome", document.meeting_id, v.id)) for v in document.versions]


def _pending_marker(app: Flask, recipe) -> Path:
    return Path(app.config["PDF_CACHE_DIR"]) / "pending" / cache.recipe_digest(recipe)


def _mark_pending(app: Flask, recipe) -> bool:
    """Take the recipe's pending marker; False if a live job holds it."""
    marker = _pending_marker(app, recipe)
    marker.parent.mkdir(parents=True, exist_ok=True)
    try:
        if time.time() - marker.stat().st_mtime > PENDING_FOR:
            marker.unlink(missing_ok=True)  # its job died
    except FileNotFoundError:
        pass
    try:
        descriptor = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return False
    os.close(descriptor)
    return True


def _database_in_memory(app: Flask) -> bool:
    from eventsys.extensions import db

    with app.app_context():
        url = db.engine.url
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def _queue_on_redis(redis_url: str, recipe) -> bool:
    """Queue the job on RQ; False (and Redis noted as degraded) when Redis is down.

    Whatever the request did is committed: a job that cannot be queued runs in
    this process instead, so the user still sees success.
    """
    connection = Redis.from_url(
        redis_url, socket_timeout=REDIS_TIMEOUT, socket_connect_timeout=REDIS_TIMEOUT
    )
    try:
        Queue(QUEUE_NAME, connection=connection).enqueue(
            "eventsys.pdf.jobs.rq_render", list(recipe), job_timeout=600
        )
    except (RedisError, OSError) as error:
        faults.note(
            "redis", f"cannot queue jobs ({type(error).__name__}): run in-process"
        )
        return False
    return True


def render_recipe(recipe, *, release_db: bool = True) -> bool:
    """Render a recipe's PDF into the cache (if new); True when it rendered."""
    from eventsys.pdf import documents
    from eventsys.pdf import recipes

    app = current_app._get_current_object()
    try:
        if recipes.is_private(recipe):
            return recipes.run_private(recipe)  # never the PDF cache
        spec = recipes.build(recipe)
        if spec is None:
            return False
        cached = documents.produce(spec, release_db=release_db)
        cache.remember_latest(
            app.config["PDF_CACHE_DIR"], spec.recipe, cached.key, people=spec.people
        )
        return cached.rendered
    finally:
        _pending_marker(app, recipe).unlink(missing_ok=True)


def wait_for_threads(timeout: float = 60) -> None:
    """Finish the renders queued so far in this process (tests, shutdown)."""
    while _threads:
        _threads.pop().join(timeout)
    drain()


def drain() -> int:
    """Run the deferred renders here, each in its own app context; returns how many."""
    done = 0
    while _deferred:
        app, recipe = _deferred.pop(0)
        if has_app_context() and current_app._get_current_object() is app:
            render_recipe(recipe, release_db=False)  # the caller's session: no rollback
        else:
            with app.app_context():
                render_recipe(recipe, release_db=False)
        done += 1
    return done


def discard_deferred(app: Flask) -> None:
    """Drop the deferred renders of an app whose database is gone (tests)."""
    _deferred[:] = [item for item in _deferred if item[0] is not app]


def _in_app(app: Flask, function, *args) -> None:
    from eventsys.extensions import db

    with app.app_context():
        try:
            function(*args)
        except Exception:  # a failed render is queued again by the next request
            app.logger.exception("PDF job failed")
        finally:
            db.session.remove()


def rq_render(recipe: list) -> bool:
    """Entry point for an RQ worker: builds its own app."""
    from eventsys import create_app

    app = create_app()
    with app.app_context():
        return render_recipe(tuple(recipe))


# ------------------------------------------------ agendas, ahead of requests

# A meeting's agenda is rendered again when its feed fingerprint moves; the
# last fingerprint rendered is remembered per process (a restart renders each
# current agenda's key check once more, and finds the files there).
RECENT_DAYS = 30
_rendered_fingerprints: dict[str, tuple] = {}


def render_changed_agendas(now) -> int:
    """Render the agenda PDFs of current meetings whose agenda changed; returns
    how many rendered. Edits between two rounds coalesce into one render."""
    from datetime import timedelta

    import sqlalchemy as sa

    from eventsys.calendar.queries import meeting_fingerprint_by_slug
    from eventsys.extensions import db
    from eventsys.meetings.models import Meeting

    meetings = db.session.execute(
        sa.select(Meeting.id, Meeting.slug, Meeting.languages, Meeting.main_language)
        .where(
            Meeting.status == "published",
            Meeting.ends_at >= now - timedelta(days=RECENT_DAYS),
        )
        .order_by(Meeting.starts_at)
    ).all()
    rendered = 0
    for meeting_id, slug, languages, main_language in meetings:
        fingerprint = tuple(
            db.session.execute(meeting_fingerprint_by_slug(), {"slug": slug}).one()
        ) + (cache.source_version(),)
        if _rendered_fingerprints.get(slug) == fingerprint:
            continue
        for language in languages or [main_language]:
            rendered += render_recipe(("agenda", meeting_id, language, None))
        _rendered_fingerprints[slug] = fingerprint
    return rendered
