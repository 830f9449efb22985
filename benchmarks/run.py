"""`make bench`: serve eventsys under gunicorn on 127.0.0.1 and measure it.

GETs are driven by wrk; registration POSTs (which need a CSRF token from the
form) by a Python client. Every figure is printed beside /healthz measured in
the same run, the ceiling of this stack on this machine. Set
BENCH_DATABASE_URL=postgresql://... to measure PostgreSQL too (that database
is wiped). Nothing here asserts: the figures go into docs/performance.md.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
DURATION = os.environ.get("BENCH_DURATION", "8s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))


def main() -> None:
    targets = [("sqlite", None)]
    if os.environ.get("BENCH_DATABASE_URL"):
        targets.append(("postgresql", os.environ["BENCH_DATABASE_URL"]))
    for name, url in targets:
        print(f"\n== {name} ==")
        with served_app(url) as base:
            print_table(measure_all(base))
    for script in ("feed_bench.py", "pdf_bench.py"):
        path = ROOT / "benchmarks" / script
        if path.exists():
            print(f"\n== {script} ==")
            subprocess.run([sys.executable, str(path)], check=False)


class served_app:
    """A temporary database with the demo at --scale 1, served by gunicorn."""

    def __init__(self, database_url: str | None):
        self.tmp = Path(tempfile.mkdtemp(prefix="eventsys-bench-"))
        self.env = dict(os.environ, RATELIMIT_ENABLED="false", SECRET_KEY="bench")
        self.env["DATABASE_URL"] = database_url or f"sqlite:///{self.tmp}/bench.db"
        self.port = free_port()
        self.env["EVENTSYS_BASE_URL"] = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> str:
        if self.env["DATABASE_URL"].startswith("postgres"):
            wipe_postgres(self.env["DATABASE_URL"])
        flask = [str(VENV_BIN / "flask"), "--app", "wsgi"]
        subprocess.run(flask + ["db", "upgrade"], cwd=ROOT, env=self.env, check=True, capture_output=True)
        subprocess.run(flask + ["demo", "load", "--scale", "1"], cwd=ROOT, env=self.env, check=True, capture_output=True)
        self.server = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "--workers", str(WORKERS), "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning", "wsgi:app"],
            cwd=ROOT, env=self.env,
        )
        base = f"http://127.0.0.1:{self.port}"
        wait_until_up(base + "/healthz")
        return base

    def __exit__(self, *exc):
        self.server.terminate()
        self.server.wait(timeout=10)
        shutil.rmtree(self.tmp, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wipe_postgres(url: str) -> None:
    import sqlalchemy as sa

    from eventsys.config import normalise_database_url

    engine = sa.create_engine(normalise_database_url(url))
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    engine.dispose()


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server did not answer at {url}")


def wrk(url: str, headers: dict | None = None) -> dict:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", "-s", str(ROOT / "benchmarks" / "wrk_report.lua")]
    for key, value in (headers or {}).items():
        command += ["-H", f"{key}: {value}"]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    line = next(l for l in output.splitlines() if l.startswith("JSON "))
    return json.loads(line[5:])


def etag_of(url: str) -> str:
    with urllib.request.urlopen(url) as response:
        response.read()
        return response.headers.get("ETag", "")


def measure_all(base: str) -> list[tuple[str, dict]]:
    results = [("/healthz", wrk(base + "/healthz"))]
    for path in ("/", "/meetings/", "/meetings/scale-test/agenda", "/meetings/scale-test/calendar.ics"):
        results.append((path, wrk(base + path)))
    feed = base + "/meetings/scale-test/calendar.ics"
    results.append(("calendar.ics (304)", wrk(feed, {"If-None-Match": etag_of(feed)})))
    pdf = base + "/meetings/idm-2019-geneva/agenda.pdf"
    try:
        etag_of(pdf)  # render once, so the run measures the cache
        results.append(("agenda.pdf (cached)", wrk(pdf)))
    except OSError as error:
        results.append(("agenda.pdf (cached)", {"note": str(error)}))
    results.append(("POST /meetings/csc-2027/register", post_registrations(base)))
    return results


def post_registrations(base: str, total: int = 400, threads: int = CONNECTIONS) -> dict:
    """Register `total` people through the HTML form, each with its own session and CSRF token."""
    latencies, errors, counter = [], [], iter(range(total))
    lock = threading.Lock()
    suffix = str(int(time.time()))

    def worker():
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            started = time.perf_counter()
            try:
                status = register_once(base, f"bench{suffix}-{n}@example.org")
            except OSError as error:
                status = str(error)
            with lock:
                latencies.append(time.perf_counter() - started)
                if status not in (200, 302, 303):
                    errors.append(status)

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "rps": round(total / elapsed, 1),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 2),
        "p95_ms": round(latencies[int(len(latencies) * 0.95)] * 1000, 2),
        "errors": len(errors),
        "requests": total,
        "note": "GET form + POST per registration; rps counts registrations",
    }


def register_once(base: str, email: str) -> int:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect())
    form = opener.open(base + "/meetings/csc-2027/register").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form) or re.search(r'value="([^"]+)"[^>]*name="csrf_token"', form)
    category = re.search(r'name="category"[^>]*>\s*<option[^>]*value="([^"]*)"', form) or re.search(r'name="category"[^>]*value="([^"]+)"', form)
    data = {
        "csrf_token": token.group(1) if token else "", "category": category.group(1) if category else "",
        "title": "Ms.", "given_name": "Bench", "family_name": "Mark", "email": email,
        "organisation": "Load Test NGO", "nationality": "CH", "country": "CH", "position": "Tester",
        "attendance": "online", "privacy_accepted": "y", "consent_to_list": "y",
    }
    request = urllib.request.Request(base + "/meetings/csc-2027/register", data=urlencode(data).encode(), method="POST")
    try:
        with opener.open(request) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def print_table(results: list[tuple[str, dict]]) -> None:
    ceiling = results[0][1]["rps"]
    print(f"{'endpoint':42} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} {'vs healthz':>11}")
    for name, r in results:
        if "rps" not in r:
            print(f"{name:42} {r.get('note', '')}")
            continue
        ratio = r["rps"] / ceiling if ceiling else 0
        print(f"{name:42} {r['rps']:9.1f} {r['p50_ms']:8.2f} {r['p95_ms']:8.2f} {r['errors']:7d} {ratio:10.0%}")


if __name__ == "__main__":
    main()
