"""`make bench`: serve eventsys under gunicorn on 127.0.0.1 and measure it.

GETs are driven by wrk; registration POSTs (which need a CSRF token from the
form) by a Python client. Every figure is printed beside /healthz measured in
the same run, the ceiling of this stack on this machine. Set
BENCH_DATABASE_URL=postgresql://... to measure PostgreSQL too (that database
is wiped). Nothing here asserts: the figures go into docs/performance.md,
with the table of issue 25's targets printed at the end (target, figure,
verdict). BENCH_QUICK=1 runs everything with short durations, to check that
the bench runs end to end (its figures are not measurements).
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VENV_BIN = Path(sys.executable).parent
QUICK = os.environ.get("BENCH_QUICK") == "1"
DURATION = os.environ.get("BENCH_DURATION", "1s" if QUICK else "8s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))


def main() -> None:
    print(
        time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "|",
        " ".join(os.uname()),
        "|",
        os.cpu_count(),
        "cores |",
        f"gunicorn {WORKERS} workers, {CONNECTIONS} connections, {DURATION} per endpoint",
    )
    targets = [("sqlite", None)]
    if os.environ.get("BENCH_DATABASE_URL"):
        targets.append(("postgresql", os.environ["BENCH_DATABASE_URL"]))
    only = os.environ.get("BENCH_ONLY")  # e.g. BENCH_ONLY=postgresql
    runs = {}
    for name, url in targets:
        if only and name != only:
            continue
        print(f"\n== {name} ==")
        with served_app(url) as app:
            print(f"load average before: {load()}")
            results = measure_all(app.base)
            print_table(results)
            print(app.seat_accounting())
            posts = dict(results).get("POST /meetings/<bench>/register", {})
            if "client_cpu_ms" in posts:
                print(f"bench client CPU per POST: {posts['client_cpu_ms']} ms")
            export = app.export_queries("scale-test")
            print(f"JSON export of scale-test: {export}")
            print(f"load average after: {load()}")
            runs[name] = {"results": dict(results), "export": export}
    extra = {}
    for script, args in (
        ("feed_bench.py", ["--runs", "1"] if QUICK else []),
        ("pdf_bench.py", ["--copies", "1", "--runs", "1"] if QUICK else []),
        ("directory_bench.py", ["--quick"] if QUICK else []),
    ):
        print(f"\n== {script} == (load {load()})")
        extra[script] = run_script(script, args)
    print_targets(runs, extra)


def load() -> str:
    """The 1, 5 and 15 minute load averages, printed beside every figure."""
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def run_script(script: str, args: list[str]) -> dict:
    """Run a benchmark script, echo its output, return its RESULT line."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    print(done.stdout, end="")
    if done.returncode:
        print(done.stderr[-2000:], end="")
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:]) | {"load": load()}
    return {"note": f"{script} failed (exit {done.returncode})"}


class served_app:
    """A temporary database with the demo at --scale 1, served by gunicorn."""

    def __init__(self, database_url: str | None):
        self.tmp = Path(tempfile.mkdtemp(prefix="eventsys-bench-"))
        self.env = dict(os.environ, RATELIMIT_ENABLED="false", SECRET_KEY="bench")
        self.env["DATABASE_URL"] = database_url or f"sqlite:///{self.tmp}/bench.db"
        self.port = free_port()
        self.env["EVENTSYS_BASE_URL"] = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "served_app":
        if self.env["DATABASE_URL"].startswith("postgres"):
            wipe_postgres(self.env["DATABASE_URL"])
        flask = [str(VENV_BIN / "flask"), "--app", "wsgi"]
        subprocess.run(
            flask + ["db", "upgrade"],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
        )
        subprocess.run(
            flask + ["demo", "load", "--scale", "1"],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
        )
        self.bench_meeting("create", BENCH_SLUG, "--capacity", str(BENCH_CAPACITY))
        self.server = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "--workers",
                str(WORKERS),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=self.env,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        try:
            wait_until_up(self.base + "/healthz", seconds=90)
        except BaseException:
            self.__exit__()  # no gunicorn left serving when the run stops here
            raise
        return self

    def bench_meeting(self, *args: str) -> str:
        command = [sys.executable, str(ROOT / "benchmarks" / "bench_meeting.py"), *args]
        return subprocess.run(
            command, cwd=ROOT, env=self.env, check=True, capture_output=True, text=True
        ).stdout

    def export_queries(self, slug: str) -> dict:
        done = subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "export_queries.py"), slug],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        for line in done.stdout.splitlines():
            if line.startswith("RESULT "):
                return json.loads(line[7:])
        return {"note": done.stderr[-500:]}

    def seat_accounting(self) -> str:
        result = json.loads(self.bench_meeting("check", BENCH_SLUG))
        statuses = [status for _, status in result["registrations"]]
        return (
            f"seat accounting of {BENCH_SLUG}: capacity {result['capacity']}, "
            f"{result['confirmed']} confirmed, {statuses.count('waitlisted')} waitlisted, "
            f"seats_taken {result['meeting_seats_taken']} (category {result['category_seats_taken']}, "
            f"online {result['meeting_online_taken']}, in person {result['meeting_in_person_taken']}): "
            + ("exact" if result["accounting_ok"] else "MISMATCH")
        )

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
    command = [
        "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{DURATION}",
        "--latency",
        "-s",
        str(ROOT / "benchmarks" / "wrk_report.lua"),
    ]
    for key, value in (headers or {}).items():
        command += ["-H", f"{key}: {value}"]
    output = subprocess.run(
        command + [url], capture_output=True, text=True, check=True
    ).stdout
    line = next(s for s in output.splitlines() if s.startswith("JSON "))
    return json.loads(line[5:])


def etag_of(url: str) -> str:
    with urllib.request.urlopen(url) as response:
        response.read()
        return response.headers.get("ETag", "")


def measure(name: str, result: dict) -> tuple[str, dict]:
    """A figure, with the load average right after it was taken."""
    return name, result | {"load": load()}


def measure_all(base: str) -> list[tuple[str, dict]]:
    results = [measure("/healthz", wrk(base + "/healthz"))]
    agenda = base + "/meetings/scale-test/agenda"
    etag_of(agenda)  # the sessions' fragment is cached from the first request
    for name, path in (
        ("/", "/"),
        ("/meetings/", "/meetings/"),
        ("agenda, 300 sessions (cached)", "/meetings/scale-test/agenda"),
    ):
        results.append(measure(name, wrk(base + path)))
    feed = base + "/meetings/scale-test/calendar.ics"
    etag = etag_of(feed)  # built once: the run measures the cached bytes
    results.append(measure("calendar.ics (cached 200)", wrk(feed)))
    # What calendar clients send: the gzipped copy (a tenth of the bytes).
    results.append(
        measure(
            "calendar.ics (cached 200, gzip)", wrk(feed, {"Accept-Encoding": "gzip"})
        )
    )
    results.append(measure("calendar.ics (304)", wrk(feed, {"If-None-Match": etag})))
    pdf = base + "/meetings/idm-2019-geneva/agenda.pdf"
    try:
        wait_for_pdf(pdf)  # rendered in the background once, then cached
        results.append(measure("agenda.pdf (cached)", wrk(pdf)))
    except OSError as error:
        results.append(("agenda.pdf (cached)", {"note": str(error)}))
    results.append(
        measure(
            "GET /meetings/<bench>/register (form)",
            wrk(f"{base}/meetings/{BENCH_SLUG}/register"),
        )
    )
    results.append(measure("POST /meetings/<bench>/register", post_registrations(base)))
    return results


def wait_for_pdf(url: str, seconds: float = 120) -> None:
    """No request renders a PDF: ask until the background render is served."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with urllib.request.urlopen(url) as response:
            response.read()
            ready = response.status == 200 and not response.headers.get("X-PDF-Status")
        if ready:
            return
        time.sleep(1)
    raise OSError(f"{url} was not rendered within {seconds:.0f} s")


BENCH_SLUG = "bench-register"
BENCH_CAPACITY = int(os.environ.get("BENCH_CAPACITY", "500"))
BENCH_POSTS = int(os.environ.get("BENCH_POSTS", "40" if QUICK else "800"))


def post_registrations(
    base: str,
    slug: str = BENCH_SLUG,
    total: int = BENCH_POSTS,
    threads: int = CONNECTIONS,
) -> dict:
    """Register `total` people through the HTML form, as `threads` browsers at once.

    Each browser loads the form once (session cookie + CSRF token), then posts
    one registration after another with fresh emails: the rate is POSTs only.
    A POST succeeds when it redirects to the participant's own page.
    """
    latencies, errors, counter = [], [], iter(range(total))
    lock = threading.Lock()
    suffix = str(int(time.time()))

    def worker():
        browser = Browser(base, slug)
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            started = time.perf_counter()
            status = browser.register(
                f"bench{suffix}-{n}@example.org", "online" if n % 2 else "in_person"
            )
            with lock:
                latencies.append(time.perf_counter() - started)
                if status not in (302, 303):
                    errors.append(status)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    started, cpu_started = time.perf_counter(), time.process_time()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - started
    # the client shares the server's cores: what it takes per POST is shown
    client_cpu = time.process_time() - cpu_started
    latencies.sort()
    ok = total - len(errors)
    return {
        "rps": round(ok / elapsed, 1),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 2),
        "p95_ms": round(latencies[int(len(latencies) * 0.95)] * 1000, 2),
        "errors": len(errors),
        "requests": total,
        "error_sample": sorted({str(e) for e in errors})[:5],
        "client_cpu_ms": round(client_cpu / total * 1000, 2),
    }


class FormReader(HTMLParser):
    """The registration form's CSRF token and the values of its category select."""

    def __init__(self):
        super().__init__()
        self.csrf, self.categories, self.in_category = "", [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") == "csrf_token" and not self.csrf:
            self.csrf = attrs.get("value", "")
        elif tag == "select":
            self.in_category = attrs.get("name") == "category"
        elif tag == "option" and self.in_category and attrs.get("value"):
            self.categories.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self.in_category = False


class Browser:
    """One participant's browser: its own cookies, the form read once."""

    def __init__(self, base: str, slug: str):
        self.url = f"{base}/meetings/{slug}/register"
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )
        self.form = FormReader()
        self.form.feed(self.opener.open(self.url).read().decode())
        if not (self.form.csrf and self.form.categories):
            raise SystemExit(f"no CSRF token or category in the form at {self.url}")
        self.session = list(self.cookies)  # the session as the form left it

    def forget_flash(self) -> None:
        """Back to the session the form set, as after reading the next page.

        A browser follows the redirect and its page shows (and removes) the
        flashed message; this client does not, so without this every POST
        would add one more message to the session cookie, which the server
        then decodes and signs again on every later request (100 messages
        per browser in an 800-POST run).
        """
        self.cookies.clear()
        for cookie in self.session:
            self.cookies.set_cookie(cookie)

    def register(self, email: str, attendance: str = "online") -> int | str:
        data = {
            "csrf_token": self.form.csrf,
            "category": self.form.categories[0],
            "title": "Ms.",
            "given_name": "Bench",
            "family_name": "Mark",
            "email": email,
            "organisation": "Load Test NGO",
            "represents": "",
            "nationality": "CH",
            "country": "CH",
            "position": "Tester",
            "attendance": attendance,
            "privacy_accepted": "y",
            "consent_to_list": "y",
        }
        request = urllib.request.Request(
            self.url, data=urlencode(data).encode(), method="POST"
        )
        try:
            with self.opener.open(request) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError as error:
            return str(error)
        finally:
            self.forget_flash()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def print_table(results: list[tuple[str, dict]]) -> None:
    ceiling = results[0][1]["rps"]
    print(
        f"{'endpoint':42} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
        f" {'errors':>7} {'vs healthz':>11} {'load 1/5/15':>14}"
    )
    for name, r in results:
        if "rps" not in r:
            print(f"{name:42} {r.get('note', '')}")
            continue
        ratio = r["rps"] / ceiling if ceiling else 0
        print(
            f"{name:42} {r['rps']:9.1f} {r['p50_ms']:8.2f} {r['p95_ms']:8.2f}"
            f" {_ms(r.get('p99_ms')):>8} {r['errors']:7d} {ratio:10.0%} {r['load']:>14}"
        )
        if r.get("error_sample"):
            print(f"{'':42} errors: {', '.join(r['error_sample'])}")


def _ms(value) -> str:
    return "-" if value is None else f"{value:.2f}"


# Issue 25's targets: (target, database, figure(run) -> (text, met or None)).
def _ratio(name: str, at_least: float):
    def figure(run):
        results = run["results"]
        r, ceiling = results.get(name, {}), results["/healthz"].get("rps")
        if "rps" not in r or not ceiling:
            return r.get("note", "not measured"), None
        ratio = r["rps"] / ceiling
        return f"{ratio:.0%} of /healthz (load {r['load']})", ratio >= at_least

    return figure


def _posts(run):
    r = run["results"].get("POST /meetings/<bench>/register", {})
    if "rps" not in r:
        return r.get("note", "not measured"), None
    return f"{r['rps']:.1f} POST/s, {r['errors']} errors (load {r['load']})", (
        r["rps"] >= 150 and r["errors"] == 0
    )


def _export(run):
    export = run["export"]
    if "queries" not in export:
        return export.get("note", "not measured"), None
    return (
        f"{export['queries']} queries ({export['sessions']} sessions)",
        export["status"] == 200 and export["queries"] <= 5,
    )


def _pdf_p99(run):
    r = run["results"].get("agenda.pdf (cached)", {})
    if "p99_ms" not in r:
        return r.get("note", "not measured"), None
    return f"p99 {r['p99_ms']:.1f} ms (load {r['load']})", r["p99_ms"] < 50


TARGETS = [
    ("registration form GET >= 25% of /healthz", None,
     _ratio("GET /meetings/<bench>/register (form)", 0.25)),
    ("agenda of 300 sessions, cached, >= 30%", None,
     _ratio("agenda, 300 sessions (cached)", 0.30)),
    ("home page >= 30%", None, _ratio("/", 0.30)),
    ("/meetings/ >= 30%", None, _ratio("/meetings/", 0.30)),
    ("feed 304 >= 80%", None, _ratio("calendar.ics (304)", 0.80)),
    ("feed cached 200 >= 80%", None, _ratio("calendar.ics (cached 200)", 0.80)),
    ("feed cached 200, gzip (as clients ask) >= 80%", None,
     _ratio("calendar.ics (cached 200, gzip)", 0.80)),
    ("registrations >= 150 POST/s, exact seats", "postgresql", _posts),
    ("JSON export <= 5 queries", None, _export),
    ("cached PDF p99 < 50 ms at 8 connections", None, _pdf_p99),
]  # fmt: skip


def _directory_rows(directory: dict) -> list[tuple]:
    """Issue 24's two targets, on the database directory_bench.py used."""
    rows = []
    for target, key, limit in (
        ("directory search < 100 ms (20,000 orgs)", "search_ms", 100),
        ("meeting dashboard < 300 ms (200,000 regs)", "dashboard_ms", 300),
    ):
        if key in directory:
            rows.append((target, directory["database"],
                         f"{directory[key]:.0f} ms, {directory[key.replace('_ms', '_cpu_ms')]:.0f} ms CPU"
                         f" (load {directory['load']})",
                         directory[key] < limit))  # fmt: skip
        else:
            rows.append((target, "sqlite", directory.get("note", "not measured"), None))
    return rows


def print_targets(runs: dict, extra: dict) -> None:
    print(
        "\n== targets (issue 25) ==" + (" QUICK RUN: not measurements" if QUICK else "")
    )
    print(f"{'target':48} {'database':11} {'figure':52} verdict")
    rows = []
    for target, only, figure in TARGETS:
        for name, run in runs.items():
            if only and name != only:
                continue
            rows.append((target, name, *figure(run)))
    feed = extra.get("feed_bench.py", {})
    if "build_cpu_ms" in feed:
        rows.append(("feed of 1,000 sessions built < 200 ms", "sqlite",
                     f"{feed['build_cpu_ms']:.0f} ms CPU (load {feed['load']})",
                     feed["build_cpu_ms"] < 200))  # fmt: skip
    else:
        rows.append(("feed of 1,000 sessions built < 200 ms", "sqlite",
                     feed.get("note", "not measured"), None))  # fmt: skip
    pdf = extra.get("pdf_bench.py", {})
    if "cpu_overhead_pct" in pdf:
        rows.append(("outcome PDF within 10% of bare WeasyPrint", "sqlite",
                     f"{pdf['cpu_overhead_pct']:+.1f}% CPU (load {pdf['load']})",
                     pdf["cpu_overhead_pct"] < 10))  # fmt: skip
    else:
        rows.append(("outcome PDF within 10% of bare WeasyPrint", "sqlite",
                     pdf.get("note", "not measured"), None))  # fmt: skip
    if "agenda_ms_per_page" in pdf:
        rows.append(("agenda PDF cold render <= Indico's CPU/page", "sqlite",
                     f"{pdf['agenda_ms_per_page']:.1f} ms/page CPU, {pdf['agenda_pages']} pages "
                     f"(Indico {pdf['agenda_indico_ms_per_page']:.1f}; load {pdf['load']})",
                     pdf["agenda_ms_per_page"] <= pdf["agenda_indico_ms_per_page"]))  # fmt: skip
    else:
        rows.append(("agenda PDF cold render <= Indico's CPU/page", "sqlite",
                     pdf.get("note", "not measured"), None))  # fmt: skip
    rows += _directory_rows(extra.get("directory_bench.py", {}))
    if "postgresql" not in runs:
        rows.append(("registrations >= 150 POST/s, exact seats", "postgresql",
                     "not run: set BENCH_DATABASE_URL", None))  # fmt: skip
    for target, name, text, met in rows:
        verdict = {True: "met", False: "MISSED", None: "-"}[met]
        print(f"{target:48} {name:11} {text:52} {verdict}")


if __name__ == "__main__":
    main()
