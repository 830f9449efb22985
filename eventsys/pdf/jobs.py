"""Rendering PDFs off the request: RQ on Redis when REDIS_URL is set, else a thread.

A job gets only ids, and loads everything again inside its own app context, so
it sees what the request committed and never shares a session with it.
"""

import threading

from flask import Flask
from flask import current_app
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue

from eventsys import faults

QUEUE_NAME = "pdf"
REDIS_TIMEOUT = 2.0
_threads: list[threading.Thread] = []


def enqueue_document_pdfs(document_id: int) -> str:
    """Queue the rendering of a document's published versions; returns the backend used."""
    app = current_app._get_current_object()
    redis_url = app.config.get("REDIS_URL")
    if redis_url and _queue_on_redis(redis_url, document_id):
        return "rq"
    thread = threading.Thread(
        target=_in_app,
        args=(app, render_document, document_id),
        daemon=True,
        name=f"pdf-{document_id}",
    )
    _threads.append(thread)
    thread.start()
    return "thread"


def _queue_on_redis(redis_url: str, document_id: int) -> bool:
    """Queue the job on RQ; False (and Redis noted as degraded) when Redis is down.

    The publication is already committed: a job that cannot be queued runs in
    this process instead, so the user still sees success.
    """
    connection = Redis.from_url(
        redis_url, socket_timeout=REDIS_TIMEOUT, socket_connect_timeout=REDIS_TIMEOUT
    )
    try:
        Queue(QUEUE_NAME, connection=connection).enqueue(
            "eventsys.pdf.jobs.rq_render_document", document_id, job_timeout=600
        )
    except (RedisError, OSError) as error:
        faults.note(
            "redis", f"cannot queue jobs ({type(error).__name__}): run in-process"
        )
        return False
    return True


def wait_for_threads(timeout: float = 60) -> None:
    """Join the worker threads started so far (tests, shutdown)."""
    while _threads:
        _threads.pop().join(timeout)


def _in_app(app: Flask, function, *args) -> None:
    from eventsys.extensions import db

    with app.app_context():
        try:
            function(*args)
        except Exception:  # a failed render is retried by the next request; log it
            app.logger.exception("PDF job failed")
        finally:
            db.session.remove()


def render_document(document_id: int) -> int:
    """Render (into the cache) every published version of a document; returns how many rendered."""
    from eventsys.extensions import db
    from eventsys.outcomes.models import OutcomeDocument
    from eventsys.pdf import documents

    document = db.session.get(OutcomeDocument, document_id)
    if document is None:
        return 0
    specs = [documents.outcome_pdf(document, v) for v in document.versions]
    return sum(documents.produce(spec, release_db=True).rendered for spec in specs)


def rq_render_document(document_id: int) -> int:
    """Entry point for an RQ worker: builds its own app."""
    from eventsys import create_app

    app = create_app()
    with app.app_context():
        return render_document(document_id)
