"""flask mail send | worker: deliver the outbox (and the batched invitation updates)."""

import signal
import threading

import click
from flask import current_app
from flask.cli import AppGroup

from eventsys.extensions import db
from eventsys.mail import sender
from eventsys.models import utcnow

mail = AppGroup("mail", help="Deliver outbox email.")


@mail.command("send")
def send_command():
    """Deliver the mail that is due now and print the counts."""
    report = sender.send_due(now=utcnow())
    click.echo(str(report))


@mail.command("worker")
@click.option(
    "--interval",
    type=float,
    default=5.0,
    show_default=True,
    help="Seconds between rounds.",
)
@click.option("--once", is_flag=True, help="Run one round and stop.")
def worker_command(interval: float, once: bool):
    """Send due mail and invitation updates in a loop until SIGTERM or SIGINT."""
    stop = threading.Event()
    previous = {
        s: signal.signal(s, lambda *_: stop.set())
        for s in (signal.SIGTERM, signal.SIGINT)
    }
    worker = sender.new_worker_id()
    click.echo(f"mail worker {worker} started")
    try:
        while not stop.is_set():
            run_round(worker)
            if once:
                break
            stop.wait(interval)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    click.echo("mail worker stopped")


def run_round(worker: str) -> None:
    """One round: queue due invitation updates, then send what is due."""
    try:
        updates = queue_invitation_updates()
        report = sender.send_due(now=utcnow(), worker=worker)
    except Exception:  # a bad round must not kill the worker
        db.session.rollback()
        current_app.logger.exception("mail worker round failed")
        return
    finally:
        db.session.remove()
    if updates or report.sent or report.retrying or report.failed:
        click.echo(f"invitation updates {updates}; {report}")


def queue_invitation_updates() -> int:
    from eventsys.calendar.service import send_due_invitation_updates

    count = send_due_invitation_updates(
        now=utcnow(),
        uid_domain=current_app.config["EVENTSYS_UID_DOMAIN"],
        base_url=current_app.config["EVENTSYS_BASE_URL"],
    )
    db.session.commit()
    return count
