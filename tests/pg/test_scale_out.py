"""Two app servers over one PostgreSQL and one Redis behave as one.

Starts two gunicorn servers on free ports with the same DATABASE_URL, REDIS_URL
and SECRET_KEY, and registers through both at once with real HTTP (form,
session cookie, CSRF token): seats are exact, the waitlist keeps arrival order,
a session made on one server is good on the other, and the per-address rate
limit is counted once for both.
"""

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa

from eventsys.extensions import db
from eventsys.registration.models import Registration
from tests.conftest import TEST_DATABASE_URL
from tests.factories import make_category
from tests.factories import make_meeting

ROOT = Path(__file__).resolve().parents[2]
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
CAPACITY = 10
PEOPLE = 44
RATE = 3


def redis_answers() -> bool:
    if not TEST_REDIS_URL:
        return False
    try:
        import redis

        return bool(
            redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1).ping()
        )
    except Exception:
        return False


pytestmark = [
    pytest.mark.skipif(
        not redis_answers(), reason="needs Redis at TEST_REDIS_URL (set by .ci/run)"
    ),
    pytest.mark.pg_race,  # two servers, many connections
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, process, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server for {url} exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"no answer at {url}")


@pytest.fixture
def servers(pg_app, tmp_path):
    """Two gunicorn servers over the pg_app database; yields their base URLs."""
    env = dict(
        os.environ,
        DATABASE_URL=TEST_DATABASE_URL,
        REDIS_URL=TEST_REDIS_URL,
        SECRET_KEY=secrets.token_hex(16),
        RATELIMIT_ENABLED="true",
        REGISTRATION_RATE_PER_ADDRESS=f"{RATE} per minute",
        REGISTRATION_RATE_PER_EMAIL="5 per hour",
        EVENTSYS_PROXY_HOPS="1",
        EVENTSYS_UID_DOMAIN="events.test",
    )
    processes, bases = [], []
    for _n in range(2):
        port = free_port()
        server_env = dict(env, EVENTSYS_BASE_URL=f"http://127.0.0.1:{port}")
        gunicorn = Path(sys.executable).parent / "gunicorn"
        processes.append(
            subprocess.Popen(
                [
                    str(gunicorn),
                    "--workers",
                    "2",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--log-level",
                    "warning",
                    "wsgi:app",
                ],
                cwd=ROOT,
                env=server_env,
            )
        )
        bases.append(f"http://127.0.0.1:{port}")
    try:
        for base, process in zip(bases, processes, strict=False):
            wait_until_up(base + "/healthz", process)
        yield bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)


class Browser:
    """One participant: own cookies and client address (through the one trusted proxy hop)."""

    def __init__(self, address: str):
        self.address = address
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect()
        )

    def open(self, url: str, data: dict | None = None) -> tuple[int, str]:
        body = urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(
            url, data=body, headers={"X-Forwarded-For": self.address}
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def register(self, form_base: str, post_base: str, slug: str, email: str) -> int:
        """Read the form on one server and send it to the other."""
        status, page = self.open(f"{form_base}/meetings/{slug}/register")
        assert status == 200, status
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        select = re.search(
            r'<select[^>]*name="category".*?</select>', page, re.S
        ).group(0)
        category = re.findall(r'<option[^>]*value="([^"]+)"', select)[0]
        status, _ = self.open(
            f"{post_base}/meetings/{slug}/register",
            {
                "csrf_token": token,
                "category": category,
                "title": "Mx.",
                "given_name": "Scale",
                "family_name": "Out",
                "email": email,
                "organisation": "NGO",
                "nationality": "CH",
                "country": "CH",
                "position": "Tester",
                "attendance": "in_person",
                "privacy_accepted": "y",
                "consent_to_list": "y",
            },
        )
        return status


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def open_meeting(capacity: int) -> str:
    now = datetime.now(UTC)
    meeting = make_meeting(
        capacity=capacity,
        format="hybrid",
        registration_opens_at=now - timedelta(days=1),
        starts_at=(now + timedelta(days=30)).replace(microsecond=0),
    )
    make_category(meeting, requires_approval=False, position=0, name={"en": "Public"})
    db.session.commit()
    return meeting.slug


def test_two_servers_share_seats_sessions_and_rate_limits(servers):
    started = time.monotonic()
    slug = open_meeting(CAPACITY)
    a, b = servers
    run = secrets.token_hex(3)

    def one(n: int) -> int:
        form_base, post_base = (a, b) if n % 2 else (b, a)
        browser = Browser(f"10.{n // 200}.{n % 200}.{int(run, 16) % 250}")
        return browser.register(
            form_base, post_base, slug, f"p{n:03d}-{run}@example.org"
        )

    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(one, range(PEOPLE)))
    assert set(statuses) <= {302, 303}, statuses

    db.session.expire_all()
    rows = db.session.execute(
        sa.select(Registration.status, Registration.category_id)
        .join(Registration.meeting)
        .where(Registration.meeting.has(slug=slug))
        .order_by(Registration.id)
    ).all()
    assert [r.status for r in rows] == ["confirmed"] * CAPACITY + ["waitlisted"] * (
        PEOPLE - CAPACITY
    )
    meeting = db.session.scalar(
        sa.select(Registration).where(Registration.meeting.has(slug=slug))
    ).meeting
    category = meeting_category(meeting)
    assert (
        meeting.seats_taken
        == meeting.in_person_taken
        == category.seats_taken
        == CAPACITY
    )
    assert meeting.online_taken == 0

    # One address over both servers: the limit is counted in Redis, once.
    browser = Browser(f"10.250.{int(run, 16) % 250}.250")
    limited = [
        browser.register(
            a if n % 2 else b, b if n % 2 else a, slug, f"rl{n}-{run}@example.org"
        )
        for n in range(RATE + 3)
    ]
    assert limited == [303] * RATE + [429] * 3, limited
    assert time.monotonic() - started < 60


def meeting_category(meeting):
    from eventsys.registration.models import ParticipantCategory

    return db.session.scalar(
        sa.select(ParticipantCategory).where(
            ParticipantCategory.meeting_id == meeting.id
        )
    )
