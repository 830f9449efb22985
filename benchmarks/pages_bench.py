"""CPU per request of the pages people open most, in-process (no server, no network).

Run from a checkout's root: `python benchmarks/pages_bench.py`. It loads the demo
into a fresh SQLite file, warms every page up, then prints the median CPU
milliseconds of each page over ROUNDS requests. Comparing two checkouts on the
same machine, in the same minutes, tells whether a change made a page slower;
`make bench` remains the measure of served throughput.

`python benchmarks/pages_bench.py --calls [--scale 1] [--top 15] [PATH ...]`
counts Python function calls per request instead (cProfile over 10 warm
requests): deterministic for the same code and data whatever the machine's
load, so before/after figures can be taken on a busy machine.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path.cwd()
sys.path.insert(0, str(ROOT))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))
PAGES = (
    "/",
    "/meetings/",
    "/meetings/csc-2027/",
    "/meetings/csc-2027/agenda",
    "/meetings/csc-2027/register",
    "/meetings/csc-2027/calendar.ics",
    "/meetings/idm-2019-geneva/outcomes/red-book-2019",
    "/api/v1/meetings/csc-2027",
    "/healthz",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", action="store_true", help="count calls (cProfile)")
    parser.add_argument("--scale", type=int, default=0, help="demo load --scale N")
    parser.add_argument("--top", type=int, default=0, help="busiest functions shown")
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args()
    pages = tuple(args.paths) or PAGES
    from eventsys import create_app
    from eventsys.extensions import db

    folder = tempfile.mkdtemp(prefix="eventsys-pages-")
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
            "INSTANCE_PATH": folder,
            "PDF_CACHE_DIR": f"{folder}/pdf",
            "RATELIMIT_ENABLED": False,
            "SECRET_KEY": "bench",
            "EVENTSYS_UID_DOMAIN": "bench.test",
        }
    )
    with app.app_context():
        db.create_all()
    runner = app.test_cli_runner()
    scale = ["--scale", str(args.scale)] if args.scale else []
    result = runner.invoke(args=["demo", "load", *scale])
    assert result.exit_code == 0, result.output
    client = app.test_client()
    for path in pages:
        for _ in range(3):
            status = client.get(path).status_code
        assert status == 200, (path, status)
    if args.calls:
        count_calls(client, pages, args.top)
        return
    print(f"{'page':<52} {'CPU ms (median)':>16}")
    for path in pages:
        samples = []
        for _ in range(ROUNDS):
            started = time.process_time()
            client.get(path)
            samples.append((time.process_time() - started) * 1000)
        print(f"{path:<52} {statistics.median(samples):>16.2f}")


CALL_ROUNDS = 10


def count_calls(client, pages, top: int) -> None:
    print(f"{'page':<52} {'calls per request':>18}")
    for path in pages:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(CALL_ROUNDS):
            client.get(path)
        profile.disable()
        stats = pstats.Stats(profile)
        print(f"{path:<52} {stats.total_calls // CALL_ROUNDS:>18,}")
        if top:
            rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][1])[:top]
            for (file, line, name), (_cc, calls, _tt, cum, _callers) in rows:
                where = f"{Path(file).name}:{line} {name}"
                print(
                    f"    {calls // CALL_ROUNDS:>8,}  {cum / CALL_ROUNDS * 1000:7.2f} ms  {where}"
                )


if __name__ == "__main__":
    main()
