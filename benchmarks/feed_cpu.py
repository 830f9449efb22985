"""CPU per request of the public feed against /healthz, in process, on SQLite (issue 25).

    python benchmarks/feed_cpu.py [--requests 5000] [--profile feed-304]

A temporary file-backed SQLite database is migrated and given the demo at
--scale 1, as `make bench` serves it (benchmarks/run.py); the app is configured
as there (no rate limits, no Redis). Each request is one raw WSGI call to
app.wsgi_app (no test client, no HTTP server), body read and closed, and the
figure is CPU (time.process_time) per request, median of --rounds rounds
(the endpoints take turns in each round): the
machine is shared, so wall-clock figures swing with the neighbours' load. The
ratio column is what `make bench` compares (requests per second against
/healthz: its CPU divided by the endpoint's). --profile NAME prints cProfile's
top functions for one endpoint. Nothing here asserts.
"""

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FEED = "/meetings/scale-test/calendar.ics"


def make_app(tmp: Path):
    os.environ.pop("DATABASE_URL", None)
    from eventsys import create_app

    return create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.db'}",
        "SECRET_KEY": "bench",
        "RATELIMIT_ENABLED": False,
        "EVENTSYS_BASE_URL": "http://127.0.0.1:8000",
        "INSTANCE_PATH": str(tmp / "instance"),
    })  # fmt: skip


def prepare(app) -> None:
    from flask_migrate import upgrade

    with app.app_context(), contextlib.redirect_stderr(io.StringIO()):
        upgrade(directory=str(ROOT / "migrations"))  # its log says every step
    result = app.test_cli_runner().invoke(args=["demo", "load", "--scale", "1"])
    assert result.exit_code == 0, result.output


def environ(path: str, headers: dict) -> dict:
    env = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_USER_AGENT": "feed_cpu",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    for name, value in headers.items():
        env["HTTP_" + name.upper().replace("-", "_")] = value
    return env


def call(app, path: str, headers: dict) -> tuple[str, dict, bytes]:
    seen = {}

    def start_response(status, response_headers, exc_info=None):
        seen["status"], seen["headers"] = status, dict(response_headers)

    body = app(environ(path, headers), start_response)
    try:
        data = b"".join(body)
    finally:
        if hasattr(body, "close"):
            body.close()
    return seen["status"], seen["headers"], data


def cpu_us(app, endpoints: dict, requests: int, rounds: int) -> dict[str, float]:
    """Median CPU µs per request of each endpoint; the endpoints take turns in
    each round, so a neighbour's burst of load falls on all of them alike."""
    per_round = max(1, requests // rounds)
    figures = {name: [] for name in endpoints}
    for _ in range(rounds):
        for name, (path, headers) in endpoints.items():
            started = time.process_time()
            for _ in range(per_round):
                call(app, path, headers)
            figures[name].append((time.process_time() - started) / per_round * 1e6)
    return {name: statistics.median(values) for name, values in figures.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--profile", default="", help="an endpoint's name below")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="eventsys-feedcpu-") as tmp:
        app = make_app(Path(tmp))
        prepare(app)
        wsgi = app  # the whole stack: Flask.__call__, then app.wsgi_app with its middleware
        status, headers, plain = call(wsgi, FEED, {})
        assert status.startswith("200"), status
        _s, gz_headers, gzipped = call(wsgi, FEED, {"Accept-Encoding": "gzip"})
        endpoints = {
            "healthz": ("/healthz", {}),
            "feed-304": (FEED, {"If-None-Match": headers["ETag"]}),
            "feed-200": (FEED, {}),
            "feed-200-gzip": (FEED, {"Accept-Encoding": "gzip"}),
        }
        for name, (path, hdrs) in endpoints.items():
            status, _h, _b = call(wsgi, path, hdrs)
            expected = "304" if name == "feed-304" else "200"
            assert status.startswith(expected), (name, status)
        if args.profile:
            path, hdrs = endpoints[args.profile]
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(args.requests // 5):
                call(wsgi, path, hdrs)
            profile.disable()
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out).sort_stats("cumulative")
            stats.print_stats(45)
            out.write("\n--- by own time\n")
            stats.sort_stats("tottime").print_stats(30)
            print(out.getvalue())
            return
        results = cpu_us(wsgi, endpoints, args.requests, args.rounds)
    ceiling = results["healthz"]
    print(
        f"feed {len(plain) / 1024:.0f} KiB ({len(gzipped) / 1024:.1f} KiB gzip); "
        f"{args.requests} requests each, median of {args.rounds} rounds"
    )
    print(f"  {'endpoint':<16} {'CPU µs/request':>15} {'vs healthz':>11}")
    for name, value in results.items():
        print(f"  {name:<16} {value:15.0f} {ceiling / value:11.0%}")
    print(f"  load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
