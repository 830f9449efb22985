"""flask pdf build <meeting-slug>: pre-render all of a meeting's PDFs into the cache."""

import time

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from eventsys.extensions import db
from eventsys.meetings.models import Meeting

pdf = AppGroup("pdf", help="PDF documents.")


@pdf.command("build")
@click.argument("slug")
@click.option(
    "--language",
    default=None,
    help="Language of the agenda and lists (default: the meeting's).",
)
def build_command(slug: str, language: str | None):
    """Render every PDF of a meeting that is not cached yet."""
    from flask import current_app

    from eventsys.pdf import cache
    from eventsys.pdf import documents

    meeting = db.session.scalar(sa.select(Meeting).where(Meeting.slug == slug))
    if meeting is None:
        raise click.ClickException(f"No meeting {slug!r}.")
    for spec in documents.meeting_specs(meeting, language):
        started = time.perf_counter()
        cached = documents.produce(spec, release_db=True)
        cache.remember_latest(
            current_app.config["PDF_CACHE_DIR"],
            spec.recipe,
            cached.key,
            people=spec.people,
        )
        state = "rendered" if cached.rendered else "cached"
        click.echo(
            f"{spec.filename}: {state} in {time.perf_counter() - started:.2f}s ({cached.path})"
        )


@pdf.command("purge")
def purge_command():
    """Delete cached PDFs that no current document points to (also run daily)."""
    from eventsys.pdf import documents

    removed = documents.purge_unreferenced()
    db.session.rollback()
    click.echo(f"Removed {removed} unreferenced PDF file(s) from the cache.")


@pdf.command("worker")
def worker_command():
    """Run an RQ worker for the pdf queue (needs REDIS_URL)."""
    from flask import current_app
    from redis import Redis
    from rq import Worker

    from eventsys.pdf.jobs import QUEUE_NAME

    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException(
            "REDIS_URL is not set: publishing renders in a thread instead."
        )
    Worker([QUEUE_NAME], connection=Redis.from_url(url)).work()
