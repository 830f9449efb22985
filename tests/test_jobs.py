"""The one scheduler: minute jobs each round, daily jobs once a day, reported on /healthz."""

from datetime import UTC
from datetime import datetime
from datetime import timedelta

import sqlalchemy as sa

from eventsys import jobs
from eventsys.extensions import db
from eventsys.mail.models import OutboxEmail
from eventsys.mail.service import enqueue
from eventsys.registration.models import Registration
from tests.factories import make_meeting
from tests.factories import make_registration

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
DAILY = [
    "notification_digest",
    "vetting_expiry",
    "privacy_purge",
    "visa_purge",
    "pdf_purge",
    "outbox_retention",
    "invitation_import_purge",
]


def test_registered_jobs_the_outbox_after_what_queues_mail_and_the_purges_daily():
    minute = [job.name for job in jobs.MINUTE_JOBS]
    # What queues mail runs before the outbox, and slow renders after it.
    assert minute.index("invitation_updates") < minute.index("outbox")
    assert minute.index("reminders") < minute.index("outbox")
    assert minute.index("statement_release") < minute.index("outbox")
    assert minute.index("outbox") < minute.index("pdf_renders")
    assert set(DAILY) <= {job.name for job in jobs.DAILY_JOBS}


def test_daily_jobs_run_once_a_day_even_with_two_workers(app):
    first = jobs.run_due(now=NOW, worker="w1")
    assert set(DAILY) <= set(first) and first["outbox"].startswith("sent 0")
    second = jobs.run_due(now=NOW + timedelta(minutes=1), worker="w2")
    assert not set(DAILY) & set(second)  # claimed: the second worker skips them
    assert "outbox" in second  # minute jobs run every round
    later = jobs.run_due(now=NOW + timedelta(days=1), worker="w2")
    assert set(DAILY) <= set(later)


def test_a_claim_is_won_by_one_worker_only(app):
    assert jobs.claim("pdf_purge", now=NOW, worker="a")
    assert not jobs.claim("pdf_purge", now=NOW, worker="b")
    # A worker that died holding the claim: taken over after STALE_CLAIM, once a day.
    assert not jobs.claim("pdf_purge", now=NOW + timedelta(minutes=5), worker="b")
    assert jobs.claim("pdf_purge", now=NOW + timedelta(days=1, hours=2), worker="b")


def test_outbox_retention_deletes_sent_mail_older_than_the_setting(app):
    app.config["MAIL_RETENTION_DAYS"] = 90
    old, recent, pending = (
        enqueue(f"p{i}@example.org", "S", "T", now=NOW) for i in range(3)
    )
    old.status, old.sent_at = "sent", NOW - timedelta(days=91)
    recent.status, recent.sent_at = "sent", NOW - timedelta(days=10)
    pending.created_at = NOW - timedelta(days=200)
    db.session.commit()
    done = jobs.run_due(now=NOW, worker="w")
    assert "deleted 1 sent email(s)" in done["outbox_retention"]
    left = set(db.session.scalars(sa.select(OutboxEmail.to_addr)))
    assert left == {"p1@example.org", "p2@example.org"}


def test_privacy_purge_job_uses_the_retention_setting(app):
    old = make_meeting(starts_at=NOW - timedelta(days=400))
    registration = make_registration(old, status="confirmed")
    db.session.commit()
    done = jobs.run_due(now=NOW, worker="w")  # not set: registrations kept
    assert "not set" in done["privacy_purge"]
    assert db.session.get(Registration, registration.id).anonymised_at is None
    app.config["EVENTSYS_PRIVACY_RETENTION"] = "12months"
    jobs.run_due(now=NOW + timedelta(days=1), worker="w")
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).anonymised_at is not None


def test_healthz_reports_each_daily_jobs_last_run_and_degrades_after_26_hours(
    app, client
):
    assert client.get("/healthz").get_json() == {"status": "ok"}  # nothing ran yet
    ran_at = datetime.now(UTC) - timedelta(hours=2)
    jobs.run_due(now=ran_at, worker="w")
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok" and set(body["jobs"]) == set(DAILY)
    assert all(not state["overdue"] for state in body["jobs"].values())
    db.session.execute(
        sa.update(jobs.JobRun).values(last_finished_at=ran_at - timedelta(hours=25))
    )
    db.session.commit()
    response = client.get("/healthz")
    body = response.get_json()
    assert response.status_code == 200 and body["status"] == "degraded"
    assert set(body["reasons"]) == {f"job:{name}" for name in DAILY}


def test_the_worker_command_runs_the_scheduler(app, runner):
    result = runner.invoke(args=["jobs", "run"])
    assert result.exit_code == 0, result.output
    for name in ["outbox", *DAILY]:
        assert f"{name}:" in result.output
    status = runner.invoke(args=["jobs", "status"])
    assert "pdf_purge: 20" in status.output
