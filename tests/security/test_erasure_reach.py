"""Erasure reaches the PDF cache and the outbox; `pdf purge` clears unreferenced files."""

import os
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from eventsys.extensions import db
from eventsys.mail import sender
from eventsys.mail.models import OutboxEmail
from eventsys.mail.service import enqueue
from eventsys.models import utcnow
from eventsys.privacy import service as privacy
from tests.factories import PASSWORD
from tests.security.test_erasure_pdf import NAME
from tests.security.test_erasure_pdf import world


def cached_files(app) -> set[Path]:
    return set(Path(app.config["PDF_CACHE_DIR"]).glob("*/*.pdf"))


def contains(path: Path, text: str) -> bool:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return text.lower() in out.stdout.decode().lower()


def test_erasure_deletes_the_pdfs_that_named_the_person(app, client):
    meeting, registration = world()
    client.post("/login", data={"email": "manager@example.org", "password": PASSWORD})
    for path in (
        "/meetings/listed/participants.pdf",
        "/manage/meetings/listed/participants.pdf",
    ):
        assert client.get(path).status_code == 200
    named = {p for p in cached_files(app) if contains(p, NAME)}
    assert len(named) == 2
    response = client.post(f"/registrations/{registration.plain_token}/erase")
    assert response.status_code == 200
    assert not named & cached_files(app)  # gone from disk, not only unreachable


def test_erasure_anonymises_sent_mail_and_marks_unsent_mail(app, smtp_server):
    meeting, registration = world()
    address = registration.email
    sent = enqueue(
        address, f"Welcome {NAME}", f"Dear {NAME}", f"<p>{NAME}</p>", to_name=NAME
    )
    sent.status, sent.sent_at = "sent", utcnow()
    unsent = enqueue(address, f"Reminder {NAME}", f"Dear {NAME}", to_name=NAME)
    other = enqueue("keeper@example.org", "Other", "Body")
    db.session.commit()
    privacy.erase_registration(registration)
    db.session.commit()
    db.session.expire_all()
    row = db.session.get(OutboxEmail, sent.id)
    assert NAME not in (
        row.to_addr + row.to_name + row.subject + row.body_text + row.body_html
    )
    assert row.message_id == sent.message_id and row.status == "sent"
    assert db.session.get(OutboxEmail, other.id).to_addr == "keeper@example.org"
    other_id = other.id
    pending = db.session.get(OutboxEmail, unsent.id)
    assert pending.erase_after_send and pending.to_addr == address  # still delivered
    smtp_server.configure(app)
    assert sender.send_due().sent >= 2  # with the cancellation the erasure sent
    reminder = [m for m in smtp_server.messages if NAME in m["Subject"]]
    assert [m["To"].addresses[0].addr_spec for m in reminder] == [address]
    db.session.expire_all()
    for row in db.session.scalars(sa.select(OutboxEmail)):
        assert row.status == "sent"
        assert NAME not in row.to_addr + row.to_name + row.subject + row.body_text
        assert row.to_addr != address or row.id == other_id


def test_pdf_purge_command_removes_files_no_key_points_to(app, client, runner):
    world()
    assert client.get("/meetings/listed/participants.pdf").status_code == 200
    current = cached_files(app)
    assert current
    stray = Path(app.config["PDF_CACHE_DIR"]) / "ab" / ("ab" + "0" * 62 + ".pdf")
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"%PDF-1.7 old")
    an_hour_ago = time.time() - 7200
    for path in [stray, *current]:
        os.utime(path, (an_hour_ago, an_hour_ago))
    result = runner.invoke(args=["pdf", "purge"])
    assert result.exit_code == 0 and "Removed 1 " in result.output, result.output
    assert not stray.exists() and current <= cached_files(app)


def test_privacy_purge_command_also_deletes_old_sent_mail(app, runner):
    app.config.update(MAIL_RETENTION_DAYS=30, EVENTSYS_PRIVACY_RETENTION="24months")
    old = enqueue("a@example.org", "S", "T")
    old.status, old.sent_at = "sent", utcnow() - timedelta(days=31)
    db.session.commit()
    result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 sent email(s) older than 30 days" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxEmail)) == 0
