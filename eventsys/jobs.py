"""One scheduler owns periodic work: minute jobs every round, daily jobs once a day.

The worker that `make run` starts (`flask mail worker`, or `flask jobs worker`)
calls run_due() in a loop. Minute jobs run every round and claim their own
rows (the outbox does). A daily job runs when its JobRun row is claimed: a
conditional UPDATE that one worker wins, so two workers never run it twice;
a claim older than STALE_CLAIM (a worker died) may be taken over. /healthz
reads last_finished_at and turns "degraded" when a daily job is overdue.

Jobs are registered here and run in this order: the jobs that queue mail
(invitation updates, reminders) before the outbox, so what they queue goes out in the same
round. Each commits its own work and is idempotent, so running one again after
a crash is safe.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import orm as so

from eventsys.calendar.service import send_due_invitation_updates
from eventsys.comms import notifications
from eventsys.comms import reminders
from eventsys.directory import service as directory
from eventsys.documents import scanning
from eventsys.documents import statements
from eventsys.documents import storage as documents_storage
from eventsys.documents.storage import from_config
from eventsys.extensions import db
from eventsys.invitations import imports as invitation_imports
from eventsys.invitations import service as invitations
from eventsys.mail import sender
from eventsys.models import utcnow
from eventsys.onsite import visa
from eventsys.pdf import documents
from eventsys.pdf import jobs as pdf_jobs
from eventsys.privacy import service as privacy

log = logging.getLogger(__name__)

DAY = timedelta(days=1)
OVERDUE = timedelta(hours=26)
STALE_CLAIM = timedelta(hours=1)


class JobRun(db.Model):
    """The last run of a daily job, and who holds it now."""

    __tablename__ = "job_run"

    name: so.Mapped[str] = so.mapped_column(sa.String(60), primary_key=True)
    claimed_by: so.Mapped[str] = so.mapped_column(sa.String(100), default="")
    claimed_at: so.Mapped[datetime | None]
    last_started_at: so.Mapped[datetime | None]
    last_finished_at: so.Mapped[datetime | None]
    last_result: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    last_error: so.Mapped[str] = so.mapped_column(sa.Text, default="")


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[datetime, str], str]  # (now, worker) -> summary; commits


MINUTE_JOBS: list[Job] = []
DAILY_JOBS: list[Job] = []


def minute_job(name: str):
    def register(function):
        MINUTE_JOBS.append(Job(name, function))
        return function

    return register


def daily_job(name: str):
    def register(function):
        DAILY_JOBS.append(Job(name, function))
        return function

    return register


def run_due(*, now: datetime | None = None, worker: str) -> dict[str, str]:
    """Run every minute job, then each daily job this worker claims; returns summaries."""
    now = now or utcnow()
    done = {}
    for job in MINUTE_JOBS:
        done[job.name] = _run(job, now, worker)
    for job in DAILY_JOBS:
        if claim(job.name, now=now, worker=worker):
            result = _run(job, now, worker)
            finish(job.name, now=now, result=result)
            done[job.name] = result
    return done


def _run(job: Job, now: datetime, worker: str) -> str:
    try:
        return str(job.run(now, worker))
    except Exception as error:  # one failing job must not stop the others
        db.session.rollback()
        log.exception("job %s failed", job.name)
        return f"failed: {type(error).__name__}: {error}"


def claim(name: str, *, now: datetime, worker: str) -> bool:
    """Win the daily job `name` for this worker if it is due (commits)."""
    if db.session.get(JobRun, name) is None:
        db.session.add(JobRun(name=name))
        try:
            db.session.commit()
        except sa.exc.IntegrityError:
            db.session.rollback()  # another worker added it first
    result = db.session.execute(
        sa.update(JobRun)
        .where(
            JobRun.name == name,
            sa.or_(
                JobRun.last_started_at.is_(None), JobRun.last_started_at <= now - DAY
            ),
            sa.or_(JobRun.claimed_at.is_(None), JobRun.claimed_at < now - STALE_CLAIM),
        )
        .values(claimed_by=worker, claimed_at=now, last_started_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def finish(name: str, *, now: datetime, result: str) -> None:
    failed = result.startswith("failed:")
    values = {"claimed_by": "", "claimed_at": None, "last_result": result[:2000]}
    if failed:
        values["last_error"] = result[:2000]
    else:
        values.update(last_finished_at=now, last_error="")
    db.session.execute(sa.update(JobRun).where(JobRun.name == name).values(**values))
    db.session.commit()


def daily_status(now: datetime | None = None) -> dict[str, dict]:
    """Last successful run of each daily job that has run, and whether it is overdue."""
    now = now or utcnow()
    rows = {r.name: r for r in db.session.scalars(sa.select(JobRun))}
    status = {}
    for job in DAILY_JOBS:
        row = rows.get(job.name)
        if row is None:
            continue
        last = row.last_finished_at
        if last is not None and last.tzinfo is None:
            last = last.replace(tzinfo=now.tzinfo)
        status[job.name] = {
            "last_run": last.isoformat() if last else None,
            "overdue": last is None or now - last > OVERDUE,
            "error": row.last_error or None,
        }
    return status


# ---------------------------------------------------------------- the jobs


@minute_job("invitation_updates")
def queue_invitation_updates(now: datetime, worker: str) -> str:
    count = send_due_invitation_updates(
        now=now,
        uid_domain=current_app.config["EVENTSYS_UID_DOMAIN"],
        base_url=current_app.config["EVENTSYS_BASE_URL"],
    )
    db.session.commit()
    return f"invitation updates {count}"


@minute_job("reminders")
def queue_reminders(now: datetime, worker: str) -> str:
    """Participants', focal points' and invitees' reminders (each commits its own)."""
    participants = reminders.send_due_reminders(now=now)
    focal_points = reminders.send_due_nomination_reminders(now=now)
    invitees = invitations.send_automatic_reminders(now=now)
    db.session.commit()
    return (
        f"reminders {participants}, focal points {focal_points}, invitations {invitees}"
    )


@minute_job("statement_release")
def release_statements(now: datetime, worker: str) -> str:
    count = statements.release_ended_sessions(now=now)
    db.session.commit()
    return f"released {count} statement(s) of ended sessions"


@minute_job("document_scans")
def scan_documents(now: datetime, worker: str) -> str:
    address = scanning.scanner_address(current_app.config)
    if not address:
        return "EVENTSYS_CLAMD is not set: uploads wait for a manager"
    store = documents_storage.from_config(current_app.config)
    done = statements.scan_pending(address=address, storage=store, now=now)
    db.session.commit()
    return f"scanned: {done['clean']} clean, {done['infected']} infected"


@minute_job("outbox")
def send_outbox(now: datetime, worker: str) -> str:
    return str(sender.send_due(now=now, worker=worker))


# After the outbox: a render takes seconds, mail must not wait for it.
@minute_job("pdf_renders")
def render_pdfs(now: datetime, worker: str) -> str:
    rendered = pdf_jobs.render_changed_agendas(now)
    db.session.rollback()
    return f"agenda PDFs rendered {rendered}"


@daily_job("notification_digest")
def notification_digest(now: datetime, worker: str) -> str:
    count = notifications.send_digests(now=now)
    db.session.commit()
    return f"queued {count} digest(s)"


@daily_job("vetting_expiry")
def vetting_expiry(now: datetime, worker: str) -> str:
    count = directory.expire_vetting(now.date())
    db.session.commit()
    return f"{count} organisation(s) whose vetting expired"


@daily_job("privacy_purge")
def privacy_purge(now: datetime, worker: str) -> str:
    retention = current_app.config.get("EVENTSYS_PRIVACY_RETENTION") or ""
    cutoff = privacy.retention_cutoff(retention, now)
    if cutoff is None:
        return "EVENTSYS_PRIVACY_RETENTION is not set: registrations kept"
    storage = from_config(current_app.config)
    count = privacy.purge_older_than(cutoff, storage=storage, now=now)
    db.session.commit()
    return (
        f"anonymised {count} registration(s) of meetings ended before {cutoff:%Y-%m-%d}"
    )


@daily_job("visa_purge")
def visa_purge(now: datetime, worker: str) -> str:
    revoked = visa.revoke_ended(now=now)
    erased = visa.purge_due(storage=from_config(current_app.config), now=now)
    db.session.commit()
    return (
        f"revoked {revoked} letter(s) of ended registrations; erased the passport "
        f"data and letters of {erased} request(s) of meetings ended 30 days ago"
    )


@daily_job("pdf_purge")
def pdf_purge(now: datetime, worker: str) -> str:
    removed = documents.purge_unreferenced(now=now)
    db.session.rollback()
    return f"removed {removed} unreferenced PDF(s)"


@daily_job("outbox_retention")
def outbox_retention(now: datetime, worker: str) -> str:
    days = int(current_app.config["MAIL_RETENTION_DAYS"])
    count = privacy.purge_sent_mail(now - timedelta(days=days))
    db.session.commit()
    return f"deleted {count} sent email(s) older than {days} days"


@daily_job("invitation_import_purge")
def invitation_import_purge(now: datetime, worker: str) -> str:
    directory = invitation_imports.stash_dir(current_app.instance_path)
    removed = invitation_imports.purge_stale(directory, now=now)
    db.session.commit()
    return f"removed {removed} stale invitation import file(s)"


# ---------------------------------------------------------------- command line

jobs_cli = AppGroup(
    "jobs", help="The scheduler: periodic jobs (run by `flask mail worker`)."
)


@jobs_cli.command("run")
def run_command():
    """Run one round now: every minute job, and the daily jobs that are due."""
    for name, result in run_due(worker=sender.new_worker_id()).items():
        click.echo(f"{name}: {result}")


@jobs_cli.command("status")
def status_command():
    """Show the last run of each daily job."""
    for name, state in daily_status().items():
        flag = " (overdue)" if state["overdue"] else ""
        click.echo(f"{name}: {state['last_run'] or 'never'}{flag}")
