"""The door's check-in page in Chromium with a fake camera: the camera reads a
badge's QR code from a video file (--use-file-for-fake-video-capture, a Y4M
written here from segno's QR codes), the network drops, more badges are
scanned into the IndexedDB queue, the network comes back and the queue syncs.

The phone is one browser profile (launch_persistent_context): its device id
and queue survive a restart, as they do on a phone; each launch has its own
video, since Chromium reads the fake camera's file at start-up.
"""

import json
import re
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
import segno
from playwright.sync_api import expect

from tests.e2e.conftest import BIN
from tests.e2e.conftest import CHROMIUM
from tests.e2e.conftest import ROOT
from tests.e2e.conftest import login

WIDTH, HEIGHT, FPS = 640, 480, 10

MAKE_MEETING = """
import json
from datetime import UTC, datetime, timedelta
from eventsys import create_app
from eventsys.extensions import db
from tests.factories import make_category, make_meeting, make_registration
app = create_app()
with app.app_context():
    now = datetime.now(UTC)
    # A draft: the other journeys of this live server never see it in lists.
    meeting = make_meeting(slug="door-camera", title={"en": "Door camera test"}, status="draft",
                           starts_at=now - timedelta(hours=3))
    meeting.ends_at = now + timedelta(hours=10)
    category = make_category(meeting, key="delegates", name={"en": "Delegates"})
    people = [make_registration(meeting, category=category, status="confirmed",
                                given_name=given, family_name=family)
              for given, family in (("Ada", "Door"), ("Ben", "Offline"), ("Cleo", "Queue"))]
    db.session.commit()
    print(json.dumps([[p.id, p.checkin_code, p.display_name] for p in people]))
"""


def y4m_of_codes(path: Path, codes: list[str], *, seconds_each: float) -> Path:
    """A 4:2:0 Y4M video showing each text as a QR code in turn (Chromium loops it)."""
    frames = []
    for code in codes:
        matrix = list(segno.make(code, error="m").matrix_iter(border=4))
        scale = min(WIDTH, HEIGHT) * 3 // 4 // len(matrix)
        size = scale * len(matrix)
        left, top = (WIDTH - size) // 2, (HEIGHT - size) // 2
        luma = bytearray([235]) * (WIDTH * HEIGHT)  # white
        for y, row in enumerate(matrix):
            line = bytes(16 if dark else 235 for dark in row for _ in range(scale))
            for dy in range(scale):
                at = (top + y * scale + dy) * WIDTH + left
                luma[at : at + size] = line
        chroma = bytes([128]) * (WIDTH * HEIGHT // 4)
        frame = b"FRAME\n" + bytes(luma) + chroma + chroma
        frames.extend([frame] * max(1, int(seconds_each * FPS)))
    header = f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F{FPS}:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + b"".join(frames))
    return path


def _phone(playwright, profile: Path, video: Path):
    return playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        headless=True,
        viewport={"width": 420, "height": 900},
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-quic",
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )


def _server_checkins(server) -> dict[int, int]:
    """{registration id: check-ins} read from the live server's database."""
    path = server.env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT registration_id, source, count(*) FROM checkin"
            " GROUP BY registration_id, source"
        ).fetchall()
    assert all(source == "scan" for _r, source, _n in rows), rows
    return {registration: n for registration, _source, n in rows}


def _wait_for(condition, seconds: float = 30, what: str = ""):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


QUEUED_CODES = """async () => {
  const db = await new Promise((resolve, reject) => {
    const r = indexedDB.open("eventsys-checkin-door-camera", 1);
    r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error);
  });
  return await new Promise((resolve) => {
    const get = db.transaction("queue").objectStore("queue").getAll();
    get.onsuccess = () => resolve(get.result.map((s) => s.code));
  });
}"""


def _open_camera(page, server):
    page.goto(server.url + "/manage/meetings/door-camera/checkin")
    expect(page.locator("[data-checkin-pending]")).to_have_text("0")
    # The manifest is in IndexedDB before the camera starts (the page loads it at once).
    expect(page.locator("[data-checkin]")).to_have_attribute("data-manifest", "loaded")
    native = page.evaluate(
        "async () => 'BarcodeDetector' in window &&"
        " (await BarcodeDetector.getSupportedFormats()).includes('qr_code')"
    )
    page.get_by_role("button", name="Scan badges with the camera").click()
    # Headless Chromium on Linux has no BarcodeDetector: the vendored jsQR reads.
    expect(page.locator("[data-checkin]")).to_have_attribute(
        "data-reader", "barcode-detector" if native else "jsqr"
    )


def test_the_camera_scans_online_then_queues_offline_and_syncs(
    live_server, tmp_path, sync_playwright_instance
):
    made = subprocess.run(
        [str(BIN / "python"), "-c", MAKE_MEETING],
        cwd=ROOT,
        env=live_server.env,
        check=True,
        capture_output=True,
        text=True,
    )
    (ada_id, ada, ada_name), (ben_id, ben, ben_name), (cleo_id, cleo, cleo_name) = (
        json.loads(made.stdout.strip().splitlines()[-1])
    )
    profile = tmp_path / "phone"
    first = y4m_of_codes(tmp_path / "ada.y4m", [ada], seconds_each=2)
    later = y4m_of_codes(tmp_path / "ben-cleo.y4m", [ben, cleo], seconds_each=1.5)

    playwright = sync_playwright_instance  # the process's one (tests/e2e/conftest.py)
    # Online: Ada's badge is read by the camera and sent at once.
    phone = _phone(playwright, profile, first)
    page = phone.pages[0] if phone.pages else phone.new_page()
    requested = []
    phone.on("request", lambda request: requested.append(request.url))
    login(page, live_server)
    _open_camera(page, live_server)
    expect(page.locator("[data-checkin-who]")).to_contain_text(ada_name)
    _wait_for(lambda: _server_checkins(live_server) == {ada_id: 1}, what="Ada")
    expect(page.locator("[data-checkin-pending]")).to_have_text("0")
    if page.locator("[data-checkin]").get_attribute("data-reader") == "jsqr":
        assert any(url.endswith("/static/vendor/jsqr/jsQR.js") for url in requested)
    assert all(url.startswith(live_server.url) for url in requested), requested
    phone.close()

    # The network drops: Ben's and Cleo's badges go into the queue.
    phone = _phone(playwright, profile, later)
    page = phone.pages[0] if phone.pages else phone.new_page()
    page.goto(live_server.url + "/manage/meetings/door-camera/checkin")
    if "/login" in page.url:  # the session cookie did not outlive the browser
        login(page, live_server)
    _open_camera(page, live_server)  # online: the device id and manifest are fresh
    page.context.set_offline(True)
    assert page.evaluate("navigator.onLine") is False
    _wait_for(
        lambda: {ben, cleo} <= set(page.evaluate(QUEUED_CODES)),
        what="both badges in the offline queue",
    )
    assert set(page.evaluate(QUEUED_CODES)) <= {ben, cleo}
    # Who they are comes from the manifest, offline.
    expect(page.locator("[data-checkin-who]")).to_contain_text(
        re.compile(f"{ben_name}|{cleo_name}")
    )
    assert _server_checkins(live_server) == {ada_id: 1}  # nothing sent yet
    assert int(page.locator("[data-checkin-pending]").inner_text()) >= 2

    # Back online: the queue is sent; each person is checked in once for the day.
    page.context.set_offline(False)
    _wait_for(
        lambda: _server_checkins(live_server) == {ada_id: 1, ben_id: 1, cleo_id: 1},
        what="the synced check-ins",
    )
    phone.close()
    assert _server_checkins(live_server) == {ada_id: 1, ben_id: 1, cleo_id: 1}


@pytest.mark.parametrize("codes", [["x"], ["ab", "cd"]])
def test_the_video_writer_writes_whole_frames(tmp_path, codes):
    path = y4m_of_codes(tmp_path / "v.y4m", codes, seconds_each=0.5)
    data = path.read_bytes()
    header, _, body = data.partition(b"\n")
    assert header.startswith(b"YUV4MPEG2 W640 H480")
    frame = len(b"FRAME\n") + WIDTH * HEIGHT * 3 // 2
    assert len(body) == frame * 5 * len(codes)
