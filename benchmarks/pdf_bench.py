"""A 100-page outcome document: our render path vs WeasyPrint alone, and the cached request.

Run: .venv/bin/python benchmarks/pdf_bench.py [--copies N] [--runs N]
A temporary file-backed SQLite database holds a meeting and a published
document made of N copies of the demo Red Book's sections (3 copies give about
100 pages). Each render runs in a fresh subprocess so its peak memory
(ru_maxrss) is its own:
- ours: eventsys.pdf.documents.produce() with an empty cache: Jinja template,
  Markdown + nh3 on every section, the cache key, the restricted url_fetcher,
  PDF/UA tagging, the atomic write to the cache directory;
- weasyprint: HTML(string=<the same HTML>).write_pdf(pdf_variant="pdf/ua-1")
  with WeasyPrint's default fetcher reading the same CSS from disk.
CPU time is the fairer comparison on a busy machine. Then the cached request: GET <doc>.pdf through the Flask test client, and the
304 answer to If-None-Match. Target: our overhead under 10%. Nothing asserts.

Then the cold render of the scale-test agenda (300 sessions, the same rows as
`demo load --scale 1`), through documents.render_spec (tagged PDF/UA, as the
job renders it), in a fresh process after one warm-up render: CPU ms per page.
Target (issue 25): no more than Indico's timetable PDF, taken as our figure at
the last commit before issue 25's work divided by 2.2 (Indico is not installed
here; the issue measured ours at 2.2x Indico's).
"""

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_app(workdir: Path):
    from eventsys import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.db'}",
            "PDF_CACHE_DIR": str(workdir / "cache"),
            "INSTANCE_PATH": str(workdir / "instance"),
            "SECRET_KEY": "bench",
            "RATELIMIT_ENABLED": False,
        }
    )


def prepare(workdir: Path, copies: int) -> None:
    """Database with one published document of `copies` times the Red Book's sections."""
    from datetime import datetime

    from eventsys.auth.models import User
    from eventsys.demo.red_book import parse_document
    from eventsys.extensions import db
    from eventsys.meetings.models import Meeting
    from eventsys.meetings.models import Series
    from eventsys.outcomes.models import OutcomeDocument
    from eventsys.outcomes.models import OutcomeSection
    from eventsys.outcomes.service import publish_document

    app = make_app(workdir)
    with app.app_context():
        db.create_all()
        admin = User(
            email="bench@example.org", name="Bench", password_hash="x", is_admin=True
        )
        series = Series(
            slug="idm",
            acronym="IDM",
            name={"en": "International Dialogue on Migration"},
            kind="dialogue",
        )
        meeting = Meeting(
            slug="bench",
            series=series,
            title={"en": "Benchmark meeting"},
            theme={"en": "Youth and migration"},
            starts_at=datetime(2019, 10, 15, 8, tzinfo=UTC),
            ends_at=datetime(2019, 10, 16, 16, tzinfo=UTC),
            timezone="Europe/Zurich",
            venue="Palais des Nations",
            city="Geneva",
            status="published",
        )
        _meta, sections = parse_document(
            (
                ROOT / "eventsys" / "demo" / "data" / "outcomes" / "red-book-2019.md"
            ).read_text(encoding="utf-8")
        )
        document = OutcomeDocument(
            meeting=meeting,
            slug="big",
            title={"en": "A hundred-page outcome document"},
            kind="red_book",
            language="en",
        )
        for copy in range(copies):
            for item in sections:
                document.sections.append(
                    OutcomeSection(
                        position=len(document.sections),
                        heading=f"{item['heading']} ({copy + 1})"[:300],
                        kind=item["kind"],
                        body=item["body"],
                    )
                )
        db.session.add_all([admin, document])
        db.session.flush()
        publish_document(document, actor=admin)
        db.session.commit()


AGENDA_SESSIONS = 300
# CPU ms per page of that agenda at 8d2ad87 (the last commit before issue 25's
# work), this machine, best of 3 at load 3-4: 109 ms (44 pages).
AGENDA_BEFORE_MS_PER_PAGE = 109.1
INDICO_FACTOR = 2.2


def prepare_agenda(workdir: Path) -> None:
    """The scale-test meeting's agenda (no registrations: the PDF shows none)."""
    from eventsys.demo import scale
    from eventsys.extensions import db

    app = make_app(workdir)
    with app.app_context():
        meeting = scale._meeting(scale._series())
        scale._sessions(meeting, scale._rooms(meeting), AGENDA_SESSIONS)
        db.session.commit()


def agenda_child(workdir: Path) -> dict:
    """A cold (uncached) render of the agenda in a warm process: CPU per page."""
    from io import BytesIO

    import sqlalchemy as sa
    from pypdf import PdfReader

    from eventsys.demo import scale
    from eventsys.extensions import db
    from eventsys.meetings.models import Meeting
    from eventsys.pdf import documents

    app = make_app(workdir)
    with app.app_context():
        meeting = db.session.scalar(
            sa.select(Meeting).where(Meeting.slug == scale.SLUG)
        )
        spec = documents.agenda_pdf(meeting, "en", None)
        documents.render_spec(spec)  # fonts, templates, styles: once per worker
        cpu = cpu_seconds()
        pdf = documents.render_spec(spec)
        cpu = cpu_seconds() - cpu
    pages = len(PdfReader(BytesIO(pdf)).pages)
    return {"cpu": cpu, "pages": pages, "ms_per_page": 1000 * cpu / pages}


def child(mode: str, workdir: Path) -> dict:
    """One render in this (fresh) process; prints time and peak memory."""
    import sqlalchemy as sa

    from eventsys.extensions import db
    from eventsys.outcomes.models import OutcomeDocument
    from eventsys.pdf import documents

    app = make_app(workdir)
    with app.app_context():
        document = db.session.scalar(sa.select(OutcomeDocument))
        spec = documents.outcome_pdf(document, document.versions[-1])
        if mode == "ours":
            baseline, cpu = (
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                cpu_seconds(),
            )
            started = time.perf_counter()
            cached = documents.produce(spec)
            seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
            pdf = cached.path.read_bytes()
        else:
            from weasyprint import HTML

            html = documents.spec_html(spec).replace('href="/static/', 'href="static/')
            baseline, cpu = (
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                cpu_seconds(),
            )
            started = time.perf_counter()
            pdf = HTML(string=html, base_url=f"{ROOT.as_uri()}/").write_pdf(
                pdf_variant="pdf/ua-1"
            )
            seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    from io import BytesIO

    from pypdf import PdfReader

    return {
        "seconds": seconds,
        "cpu": cpu,
        "peak_mb": peak / 1024,
        "growth_mb": (peak - baseline) / 1024,
        "pages": len(PdfReader(BytesIO(pdf)).pages),
    }


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_child(mode: str, workdir: Path) -> dict:
    for old in (workdir / "cache").rglob("*.pdf"):
        old.unlink()  # every run of ours renders
    return child_result(__file__, mode, workdir)


def child_result(script: str, mode: str, workdir: Path) -> dict:
    """Run `script --child mode` in a fresh process; its last line is its JSON."""
    out = subprocess.run(
        [sys.executable, script, "--child", mode, "--workdir", str(workdir)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def cached_request(workdir: Path, runs: int) -> tuple[float, float, float]:
    app = make_app(workdir)
    client = app.test_client()
    url = "/meetings/bench/outcomes/big.pdf"
    etag = client.get(url).headers["ETag"]  # renders once if needed
    full, not_modified, health = [], [], []
    for _ in range(runs):
        started = time.perf_counter()
        client.get("/healthz")
        health.append(time.perf_counter() - started)
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        full.append(time.perf_counter() - started)
        started = time.perf_counter()
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
        not_modified.append(time.perf_counter() - started)
    return (
        statistics.median(full),
        statistics.median(not_modified),
        statistics.median(health),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--copies",
        type=int,
        default=3,
        help="copies of the Red Book's sections (3 = about 100 pages)",
    )
    parser.add_argument(
        "--runs", type=int, default=2, help="renders per path (best time, highest peak)"
    )
    parser.add_argument(
        "--child", choices=("ours", "weasyprint", "agenda"), help=argparse.SUPPRESS
    )
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "agenda":
        print(json.dumps(agenda_child(Path(args.workdir))))
        return
    if args.child:
        print(json.dumps(child(args.child, Path(args.workdir))))
        return
    with tempfile.TemporaryDirectory(prefix="pdf-bench-") as tmp:
        workdir = Path(tmp)
        prepare(workdir, args.copies)
        results = {}
        for mode in ("weasyprint", "ours"):
            runs = [run_child(mode, workdir) for _ in range(args.runs)]
            results[mode] = {
                "seconds": min(r["seconds"] for r in runs),
                "cpu": min(r["cpu"] for r in runs),
                "peak_mb": max(r["peak_mb"] for r in runs),
                "growth_mb": max(r["growth_mb"] for r in runs),
                "pages": runs[0]["pages"],
            }
        full, not_modified, health = cached_request(workdir, runs=20)
        prepare_agenda(workdir)
        agenda = min(
            (run_child("agenda", workdir) for _ in range(args.runs)),
            key=lambda r: r["ms_per_page"],
        )
    plain, ours = results["weasyprint"], results["ours"]
    print(f"document: {ours['pages']} pages (WeasyPrint alone: {plain['pages']})")
    for name, r in (("WeasyPrint alone", plain), ("our render path", ours)):
        print(
            f"{name:18} {r['seconds']:7.2f} s wall, {r['cpu']:7.2f} s CPU   peak RSS {r['peak_mb']:6.0f} MB   (+{r['growth_mb']:.0f} MB while rendering)"
        )
    print(
        f"overhead: CPU time {100 * (ours['cpu'] / plain['cpu'] - 1):+.1f}%, "
        f"wall time {100 * (ours['seconds'] / plain['seconds'] - 1):+.1f}%, "
        f"peak memory {100 * (ours['peak_mb'] / plain['peak_mb'] - 1):+.1f}%  (target: under 10%)"
    )
    print(
        f"cached request: {1000 * full:.2f} ms for the full file, {1000 * not_modified:.2f} ms for a 304 "
        f"(median of 20; /healthz takes {1000 * health:.2f} ms on the same client)"
    )
    indico = AGENDA_BEFORE_MS_PER_PAGE / INDICO_FACTOR
    print(
        f"agenda, {AGENDA_SESSIONS} sessions, cold render: {agenda['pages']} pages, "
        f"{agenda['cpu'] * 1000:.0f} ms CPU, {agenda['ms_per_page']:.1f} ms per page "
        f"(before issue 25: {AGENDA_BEFORE_MS_PER_PAGE} ms; Indico taken as {indico:.1f})"
    )
    # read by benchmarks/run.py for its table of targets
    overhead = 100 * (ours["cpu"] / plain["cpu"] - 1)
    result = {
        "cpu_overhead_pct": overhead,
        "pages": ours["pages"],
        "agenda_ms_per_page": agenda["ms_per_page"],
        "agenda_pages": agenda["pages"],
        "agenda_indico_ms_per_page": indico,
    }
    print("RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
