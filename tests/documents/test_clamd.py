"""The scan path against a real ClamAV daemon (Debian's clamav-daemon).

freshclam cannot download the official signatures on a machine without that
network, and clamd refuses to start without any signature database; so the
test writes its own: one hash signature (clamd's .hdb format) for one PDF it
builds. clamd loads it like any unofficial database and answers INSTREAM with
"Eventsys.Test.Infected.UNOFFICIAL FOUND" for exactly that file.
"""

import hashlib
import shutil
import socket
import subprocess
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventsys import jobs
from eventsys.documents import scanning
from eventsys.documents.models import MeetingDocument
from eventsys.documents.models import MeetingFile
from eventsys.models import utcnow
from tests.documents import builders
from tests.documents.test_statements import send
from tests.documents.test_statements import world  # noqa: F401  (fixture)

INFECTED = builders.pdf("This file carries the test signature")
CLAMD = shutil.which("clamd") or (
    "/usr/sbin/clamd" if shutil.which("/usr/sbin/clamd") else None
)
pytestmark = pytest.mark.skipif(
    CLAMD is None,
    reason="clamd is not installed (Debian: apt-get install clamav-daemon)",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(port: int, process, seconds=60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("clamd stopped")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("clamd did not start")


@pytest.fixture(scope="module")
def clamd(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clamd")
    database = folder / "db"
    database.mkdir()
    digest = hashlib.md5(INFECTED).hexdigest()
    (database / "eventsys-test.hdb").write_text(
        f"{digest}:{len(INFECTED)}:Eventsys.Test.Infected\n"
    )
    port = _free_port()
    socket_path = folder / "clamd.sock"
    (folder / "clamd.conf").write_text(
        "Foreground yes\n"
        f"DatabaseDirectory {database}\n"
        f"TCPSocket {port}\nTCPAddr 127.0.0.1\n"
        f"LocalSocket {socket_path}\n"
        f"LogFile {folder / 'clamd.log'}\n"
    )
    process = subprocess.Popen(
        [CLAMD, "-c", str(folder / "clamd.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(port, process)
        yield {"tcp": f"127.0.0.1:{port}", "socket": str(socket_path)}
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_client_speaks_instream_over_tcp_and_socket(clamd):
    for address in (clamd["tcp"], clamd["socket"]):
        assert scanning.scan(builders.pdf("clean"), address).clean
        found = scanning.scan(INFECTED, address)
        assert not found.clean
        assert found.signature.startswith("Eventsys.Test.Infected")
    big = builders.pdf("x") + b"\0" * (3 * scanning.CHUNK + 17)  # several chunks
    assert scanning.scan(big, clamd["tcp"]).clean


def test_uploads_are_scanned_at_once(app, db, client, world, clamd):
    app.config["EVENTSYS_CLAMD"] = clamd["tcp"]
    _france, token = world["france"]
    assert send(client, token, allow_publication="y").status_code == 303
    [document] = db.session.scalars(sa.select(MeetingDocument)).all()
    assert document.files[0].scan_status == "clean"
    refused = send(client, token, name="bad.pdf", content=INFECTED)
    assert refused.status_code == 422
    assert "did not pass the virus scan" in refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MeetingFile)) == 1


def test_files_sent_while_clamd_is_down_are_scanned_later(
    app,
    db,
    client,
    world,
    clamd,
):
    app.config["EVENTSYS_CLAMD"] = f"127.0.0.1:{_free_port()}"  # nobody listens
    _france, token = world["france"]
    send(client, token, name="ok.pdf")
    send(client, token, name="bad.pdf", content=INFECTED)
    statuses = db.session.scalars(sa.select(MeetingFile.scan_status)).all()
    assert statuses == ["pending_scan", "pending_scan"]
    assert jobs.scan_documents(utcnow(), "w") == "scanned: 0 clean, 0 infected"
    app.config["EVENTSYS_CLAMD"] = clamd["socket"]
    later = utcnow() + timedelta(minutes=1)
    assert jobs.scan_documents(later, "w") == "scanned: 1 clean, 1 infected"
    db.session.expire_all()
    by_name = dict(
        db.session.execute(
            sa.select(MeetingFile.filename, MeetingFile.scan_status)
        ).all()
    )
    assert by_name == {"ok.pdf": "clean", "bad.pdf": "infected"}
