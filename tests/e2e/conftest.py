"""A real server for browser journeys: gunicorn on a free port over a temporary
SQLite database with the demo loaded, a mail worker delivering to a real SMTP
server (aiosmtpd), and Debian's Chromium driven by Playwright."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"

pytestmark = pytest.mark.e2e

# CI machines are shared and slow at times: give pages longer than the 5 s default.
expect.set_options(timeout=10_000)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


class Mailbox:
    """Messages received by the test SMTP server."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        import email
        from email import policy

        self.messages.append(
            email.message_from_bytes(envelope.content, policy=policy.default)
        )
        return "250 OK"

    def wait_for(self, to: str, subject_part: str = "", seconds: float = 30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for message in self.messages:
                if (
                    to.lower() in str(message["To"]).lower()
                    and subject_part.lower() in str(message["Subject"]).lower()
                ):
                    return message
            time.sleep(0.3)
        raise AssertionError(
            f"no mail to {to} with {subject_part!r}; got {[str(m['Subject']) for m in self.messages]}"
        )

    @staticmethod
    def text_of(message) -> str:
        part = message.get_body(preferencelist=("plain",))
        return part.get_content() if part else ""

    def link_in(self, message, pattern: str) -> str:
        found = re.search(pattern, self.text_of(message))
        assert found, self.text_of(message)
        return found.group(0)


class LiveServer:
    def __init__(self, tmp: Path):
        from aiosmtpd.controller import Controller

        self.mailbox = Mailbox()
        self.smtp = Controller(self.mailbox, hostname="127.0.0.1", port=_free_port())
        self.smtp.start()
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = dict(
            os.environ,
            DATABASE_URL=f"sqlite:///{tmp}/e2e.db",
            SECRET_KEY="e2e-secret",
            EVENTSYS_LINK_KEY="e2e-link-key",
            EVENTSYS_BASE_URL=self.url,
            EVENTSYS_UID_DOMAIN="e2e.test",
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=str(self.smtp.port),
            RATELIMIT_ENABLED="false",
        )
        self.env.pop("TEST_DATABASE_URL", None)
        flask = [str(BIN / "flask"), "--app", "wsgi"]
        subprocess.run(
            flask + ["db", "upgrade"],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
        )
        loaded = subprocess.run(
            flask + ["demo", "load"],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        self.admin_password = re.search(r"password: (\S+)", loaded.stdout).group(1)
        self.processes = [
            subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "--workers",
                    "2",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--log-level",
                    "warning",
                    "wsgi:app",
                ],
                cwd=ROOT,
                env=self.env,
            ),
            subprocess.Popen(
                flask + ["mail", "worker", "--interval", "0.5"],
                cwd=ROOT,
                env=self.env,
                stdout=subprocess.DEVNULL,
            ),
        ]
        # Two workers and the mail worker boot at once: slow on a busy shared machine.
        _wait(self.url + "/healthz", seconds=120)

    def stop(self):
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        self.smtp.stop()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    if not shutil.which(CHROMIUM):
        pytest.skip("browser journeys need Debian's chromium (make test installs it)")
    server = LiveServer(tmp_path_factory.mktemp("e2e"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def sync_playwright_instance():
    """One Playwright per process: a second sync_playwright() inside it fails."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(sync_playwright_instance):
    playwright = sync_playwright_instance
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    )
    yield browser
    browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def login(page, server, email="admin@example.org", password=None):
    page.goto(server.url + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password or server.admin_password)
    page.click("form.stack button[type=submit]")
    expect(
        page.locator(".site-header").get_by_role("button", name="Sign out")
    ).to_be_visible()


def create_user(server, email, password, name):
    """Create an account the way an operator does: the CLI, password on stdin."""
    subprocess.run(
        [
            str(BIN / "flask"),
            "--app",
            "wsgi",
            "users",
            "create",
            email,
            "--name",
            name,
            "--password-stdin",
        ],
        cwd=ROOT,
        env=server.env,
        input=password + "\n",
        text=True,
        check=True,
        capture_output=True,
    )


def create_meeting(
    page,
    server,
    *,
    slug,
    title,
    starts,
    ends,
    timezone="Europe/Zurich",
    series="CSC",
    format="hybrid",
    city="Geneva",
    capacity=None,
    approval=False,
):
    """Fill the secretariat's new-meeting form (signed in); lands on the meeting's overview."""
    page.goto(server.url + "/manage/")
    page.get_by_role("link", name="New meeting").click()
    series_value = page.locator(
        "#series_id option", has_text=f"{series}:"
    ).first.get_attribute("value")
    page.select_option("#series_id", series_value)
    page.fill("#title", title)
    page.fill("#slug", slug)
    page.select_option("#timezone", timezone)
    page.fill("#starts_at", starts)
    page.fill("#ends_at", ends)
    page.select_option("#format", format)
    page.fill("#city", city)
    page.fill("#contact_email", "secretariat@example.org")
    page.get_by_role("button", name="Create draft").click()
    page.wait_for_url(re.compile(rf".*/manage/meetings/{slug}/$"))
    if capacity is not None or approval:
        set_registration(page, server, slug, capacity=capacity, approval=approval)
        page.goto(f"{server.url}/manage/meetings/{slug}/")


def set_registration(page, server, slug, *, capacity=None, approval=None):
    """Capacity and approval on the registration settings page, one form each."""
    page.goto(f"{server.url}/manage/meetings/{slug}/registration-settings")
    if capacity is not None:
        page.fill("#capacity", str(capacity))
        page.locator("#settings-capacity").get_by_role("button", name="Save").click()
        expect(page.locator("#capacity")).to_have_value(str(capacity))
    if approval is not None:
        page.set_checked("#requires_approval", approval)
        page.locator("#settings-approval").get_by_role("button", name="Save").click()


def publish(page, server, slug):
    page.goto(f"{server.url}/manage/meetings/{slug}/")
    page.locator("form").get_by_role("button", name="Publish").click()
    page.wait_for_url(re.compile(rf".*/manage/meetings/{slug}/$"))
