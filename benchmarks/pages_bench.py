"""CPU per request of the pages people open most, in-process (no server, no network).

Run from a checkout's root: `python benchmarks/pages_bench.py`. It loads the demo
into a fresh SQLite file, warms every page up, then prints the median CPU
milliseconds of each page over ROUNDS requests. Comparing two checkouts on the
same machine, in the same minutes, tells whether a change made a page slower;
`make bench` remains the measure of served throughput.
"""

import os
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
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    client = app.test_client()
    for path in PAGES:
        for _ in range(3):
            status = client.get(path).status_code
        assert status == 200, (path, status)
    print(f"{'page':<52} {'CPU ms (median)':>16}")
    for path in PAGES:
        samples = []
        for _ in range(ROUNDS):
            started = time.process_time()
            client.get(path)
            samples.append((time.process_time() - started) * 1000)
        print(f"{path:<52} {statistics.median(samples):>16.2f}")


if __name__ == "__main__":
    main()
