"""`flask mail worker` as a real process: sends, and stops cleanly on SIGTERM."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from eventsys import create_app
from eventsys.extensions import db
from eventsys.mail.service import enqueue
from tests.conftest import base_config

ROOT = Path(__file__).resolve().parents[2]


def test_worker_sends_and_stops_on_sigterm(tmp_path, smtp_server):
    database = f"sqlite:///{tmp_path / 'worker.db'}"
    app = create_app(base_config(tmp_path, SQLALCHEMY_DATABASE_URI=database))
    with app.app_context():
        db.create_all()
        enqueue("ana@example.org", "Hello", "Text")
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    env = dict(os.environ, DATABASE_URL=database, SECRET_KEY="worker", EVENTSYS_UID_DOMAIN="events.test",
               MAIL_SERVER="127.0.0.1", MAIL_PORT=str(smtp_server.port))  # fmt: skip
    env.pop("TEST_DATABASE_URL", None)
    flask = str(Path(sys.executable).parent / "flask")
    process = subprocess.Popen([flask, "--app", "wsgi", "mail", "worker", "--interval", "0.2"],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while not smtp_server.messages and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [str(m["Subject"]) for m in smtp_server.messages] == ["Hello"]
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
    assert "mail worker stopped" in output
