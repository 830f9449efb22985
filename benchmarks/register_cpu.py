"""CPU per registration POST, in process, on PostgreSQL (issue 25).

    TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/<db> \
        python benchmarks/register_cpu.py [--posts 300] [--profile 25]

The database is wiped. Posts the HTML form through the Flask test client (CSRF
on, one browser session) and prints, per POST: the application's CPU
(time.process_time), the PostgreSQL backend's CPU (its /proc stat, the server
running on this machine), the statements SQLAlchemy sent and the round trips a
counting proxy saw; then cProfile's top functions. CPU, not wall time: the
machine is shared, so wall-clock figures swing with the neighbours' load.
"""

import argparse
import cProfile
import io
import os
import pstats
import re
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import bench_meeting
from eventsys import create_app
from eventsys.config import Config
from eventsys.extensions import db
from tests.conftest import _reset_schema
from tests.conftest import base_config
from tests.conftest import postgres_url
from tests.perf.test_feed_round_trips import CountingProxy

SLUG = "bench-register"
TICK = os.sysconf("SC_CLK_TCK")


def _backend_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def _form(client) -> tuple[str, str]:
    page = client.get(f"/meetings/{SLUG}/register").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    select = page.split('name="category"', 1)[1].split("</select>", 1)[0]
    category = re.search(r'value="([^"]+)"', select).group(1)
    return csrf, category


def _post(client, csrf, category, n: int) -> None:
    response = client.post(
        f"/meetings/{SLUG}/register",
        data={
            "csrf_token": csrf,
            "category": category,
            "title": "Ms.",
            "given_name": "Bench",
            "family_name": "Mark",
            "email": f"cpu{n}@example.org",
            "organisation": "Load Test NGO",
            "nationality": "CH",
            "country": "CH",
            "position": "Tester",
            "attendance": "online" if n % 2 else "in_person",
            "privacy_accepted": "y",
            "consent_to_list": "y",
        },
    )
    assert response.status_code == 303, (response.status_code, response.data[:2000])
    with client.session_transaction() as session:
        session.pop("_flashes", None)  # as the participant's page would


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--profile", type=int, default=25)
    args = parser.parse_args()
    url = sa.engine.make_url(postgres_url())
    proxy = CountingProxy(url.host or "127.0.0.1", url.port or 5432)
    proxied = url.set(host="127.0.0.1", port=proxy.port).update_query_dict(
        {"sslmode": "disable", "gssencmode": "disable"}
    )
    app = create_app(
        base_config(
            Path(tempfile.mkdtemp()),
            TESTING=False,
            WTF_CSRF_ENABLED=True,
            SQLALCHEMY_DATABASE_URI=proxied.render_as_string(hide_password=False),
            SQLALCHEMY_ENGINE_OPTIONS={
                **Config.SQLALCHEMY_ENGINE_OPTIONS,
                "pool_size": 1,
                "max_overflow": 0,
            },
        )
    )
    with app.app_context():
        _reset_schema()
        db.create_all()
        bench_meeting.create(SLUG, args.posts * 3)
        db.session.commit()
        db.session.remove()
    statements = []
    with app.app_context():
        sa.event.listen(
            db.engine,
            "before_cursor_execute",
            lambda *a: statements.append(a[2]),
        )
        with db.engine.connect() as connection:
            backend = connection.scalar(sa.text("SELECT pg_backend_pid()"))
    client = app.test_client()
    csrf, category = _form(client)
    for n in range(20):  # warm: templates, translations, caches
        _post(client, csrf, category, 10_000 + n)
    statements.clear()
    time.sleep(0.1)
    trips = proxy.round_trips
    _post(client, csrf, category, 20_000)
    time.sleep(0.1)
    trips = proxy.round_trips - trips
    one_post = list(statements)
    pg_before, app_before = _backend_cpu(backend), time.process_time()
    for n in range(args.posts):
        _post(client, csrf, category, n)
    app_cpu = (time.process_time() - app_before) / args.posts * 1000
    pg_cpu = (_backend_cpu(backend) - pg_before) / args.posts * 1000
    print(f"posts {args.posts}")
    print(f"app CPU ms/POST {app_cpu:.2f}")
    print(f"PostgreSQL backend CPU ms/POST {pg_cpu:.2f}")
    print(f"statements/POST {len(one_post)}  round trips/POST {trips}")
    for statement in one_post:
        print("   ", " ".join(statement.split())[:110])
    profile = cProfile.Profile()
    profile.enable()
    for n in range(300):
        _post(client, csrf, category, 30_000 + n)
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(args.profile)
    print(out.getvalue())
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(args.profile)
    print(out.getvalue())
    proxy.close()


if __name__ == "__main__":
    main()
