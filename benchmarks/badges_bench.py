"""500 badges, four per A4 sheet, through the manager's badges.pdf route.

Run: .venv/bin/python benchmarks/badges_bench.py [--badges N] [--layout sheet|single]
A temporary file-backed SQLite database holds one meeting with N confirmed
registrations in four categories (names of varied length, half of them
delegation-style with a State represented). The request goes through the
Flask test client as a signed-in manager: the list query, QR codes (segno),
the template, WeasyPrint with the restricted fetcher. Prints wall and CPU
time and the page count. Target: under 30 s for 500. Nothing asserts.
"""

import argparse
import sys
import tempfile
import time
from datetime import UTC
from datetime import datetime
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from eventsys import create_app  # noqa: E402
from eventsys.extensions import db  # noqa: E402
from tests.factories import PASSWORD  # noqa: E402
from tests.factories import make_category  # noqa: E402
from tests.factories import make_meeting  # noqa: E402
from tests.factories import make_registration  # noqa: E402
from tests.factories import make_role  # noqa: E402
from tests.factories import make_user  # noqa: E402

FAMILIES = (
    "Diallo",
    "Nguyen",
    "de la Santísima Trinidad Villalobos",
    "Okafor",
    "Ŝimić",
)
GIVEN = ("Amina", "María Fernanda Alejandra", "Li", "Jean-Baptiste", "Ngozi")


def prepare(badges: int) -> None:
    meeting = make_meeting(slug="bench", starts_at=datetime(2027, 6, 1, 7, tzinfo=UTC))
    manager = make_user(email="bench@example.org")
    make_role(manager, meeting, "manager")
    categories = [
        make_category(meeting, key=f"c{i}", name={"en": name}, position=i)
        for i, name in enumerate(
            ("Member States", "Observers", "Civil society", "Youth")
        )
    ]
    for n in range(badges):
        make_registration(
            meeting,
            category=categories[n % 4],
            status="confirmed",
            title="H.E. Ms" if n % 7 == 0 else "",
            given_name=GIVEN[n % 5],
            family_name=f"{FAMILIES[n % 5]} {n}",
            represents="Senegal" if n % 2 else "",
            organisation="Migrant Forum in Asia" if n % 2 == 0 else "",
        )
    db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--badges", type=int, default=500)
    parser.add_argument("--layout", default="sheet", choices=("sheet", "single"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(workdir) / 'bench.db'}",
                "PDF_CACHE_DIR": str(Path(workdir) / "cache"),
                "INSTANCE_PATH": str(Path(workdir) / "instance"),
                "SECRET_KEY": "bench",
                "RATELIMIT_ENABLED": False,
                "WTF_CSRF_ENABLED": False,
            }
        )
        with app.app_context():
            db.create_all()
            prepare(args.badges)
            client = app.test_client()
            client.post(
                "/login", data={"email": "bench@example.org", "password": PASSWORD}
            )
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(
                f"/manage/meetings/bench/badges.pdf?layout={args.layout}"
            )
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        pages = len(PdfReader(BytesIO(response.data)).pages)
        print(
            f"{args.badges} badges ({args.layout}): status {response.status_code}, "
            f"{pages} pages, {len(response.data) / 1e6:.1f} MB, "
            f"wall {wall:.1f} s, cpu {cpu:.1f} s (target: under 30 s)"
        )


if __name__ == "__main__":
    main()
