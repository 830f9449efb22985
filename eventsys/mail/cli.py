"""flask mail send | worker: deliver the outbox; the worker runs every periodic job.

`flask mail worker` (what `make run` starts) is the scheduler's loop: each
round runs eventsys.jobs.run_due (outbox, invitation updates, daily purges).
"""

import signal
import threading

import click
from flask import current_app
from flask.cli import AppGroup

from eventsys import jobs
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
    """Run the scheduler's jobs (outbox first) in a loop until SIGTERM or SIGINT."""
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
    """One round of the scheduler: the minute jobs (outbox first), then due daily jobs."""
    try:
        done = jobs.run_due(now=utcnow(), worker=worker)
    except Exception:  # a bad round must not kill the worker
        db.session.rollback()
        current_app.logger.exception("worker round failed")
        return
    finally:
        db.session.remove()
    busy = {name: result for name, result in done.items() if _worth_saying(result)}
    if busy:
        click.echo("; ".join(f"{name}: {result}" for name, result in busy.items()))


def _worth_saying(result: str) -> bool:
    quiet = ("sent 0, retrying 0, failed 0", "invitation updates 0")
    return not result.startswith(quiet) or "failed:" in result
