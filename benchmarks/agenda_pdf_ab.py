"""The agenda PDF's cold render, one variant against the baseline, in alternating runs.

Run: .venv/bin/python benchmarks/agenda_pdf_ab.py VARIANT [VARIANT ...] [--runs 5]
The scale-test agenda of pdf_bench.py (300 sessions) is rendered as the job
renders it (documents.render_spec, tagged PDF/UA-1), each run in a fresh
process after one warm-up render: the baseline and each variant take turns
(A B C A B C ...), so a busy minute of the shared machine falls on all of them.
Each run prints CPU ms per page (time.process_time) for the whole render and
for its parts: layout (Document render), writing (write_pdf), and inside the
writing the fonts' subsetting (Font.clean). Medians at the end, with the
file size and the load average before and after.

A variant is a change of the print CSS (appended to print.css, so it wins the
cascade), of the agenda macro (a text replacement in pdf/_parts.html), of
write_pdf's options or of the garbage collector around render_pdf ("gc_on"
undoes render.collector_paused); VARIANTS below lists them. Nothing here
changes the tree. Results: docs/performance.md, "fourth look".
"""

import argparse
import contextlib
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pdf_bench  # noqa: E402

PARTS = "pdf/_parts.html"

# name -> {"css": appended to print.css, "parts": [(old, new)] in _parts.html,
#          "options": extra write_pdf options}
VARIANTS = {
    "baseline": {},
    "full_fonts": {"options": {"full_fonts": True}},
    "hinting": {"options": {"hinting": True}},
    "untagged": {"options": {"pdf_variant": None}},
    "no_hyphens": {"css": "ol.agenda { hyphens: manual; }"},
    "hyphens_none": {"css": "ol.agenda { hyphens: none; }"},
    "no_orphans": {"css": "ol.agenda p { orphans: 1; widows: 1; }"},
    "no_margin_boxes": {
        "css": "@page { @top-left { content: none; } @top-right { content: none; }"
        " @bottom-left { content: none; } @bottom-right { content: none; } }"
    },
    "page_number_only": {
        "css": "@page { @top-left { content: none; } @top-right { content: none; }"
        " @bottom-left { content: none; }"
        " @bottom-right { content: counter(page); } }"
    },
    "no_borders": {
        "css": "ol.agenda { border-top: none; } .agenda__row { border-bottom: none; }"
    },
    "no_break_avoid": {"css": ".agenda__row { break-inside: auto; }"},
    "static_time": {
        # the time as the row's first line instead of absolutely positioned
        "css": ".agenda__row { position: static; padding-left: 2mm; }"
        " .agenda__row > .agenda__time { position: static; }"
    },
    "time_float": {
        "css": ".agenda__row { position: static; padding-left: 2mm; }"
        " .agenda__row > .agenda__time { position: static; float: left;"
        " margin-left: 0; } .agenda__row > p:not(.agenda__time)"
        " { margin-left: 30mm; }"
    },
    "one_weight": {
        # every bold of the agenda in Lato Bold (700): no Black, no Semibold face
        "css": ".sheet__title { font-weight: 700; }"
        " @page { @top-right { font-weight: 700; } }"
    },
    "line_height_normal": {"css": "ol.agenda { line-height: 1.4; }"},
    "no_role_span": {
        "parts": [
            (
                '<span class="agenda__role">{{ role_label(role)|colon }}</span>',
                "<strong>{{ role_label(role)|colon }}</strong>",
            )
        ]
    },
    "meta_one_paragraph": {
        # kind, room and languages in one paragraph: one block fewer per session
        "parts": [
            (
                "{% if s.room %} · {{ s.room.name }}{% endif %}</p>\n"
                "      {%- set spoken_in = session_languages(s) %}\n"
                '      {%- if spoken_in %}<p class="agenda__meta agenda__languages">'
                "{{ spoken_in }}</p>{% endif %}",
                "{% if s.room %} · {{ s.room.name }}{% endif %}"
                "{% set spoken_in = session_languages(s) %}"
                "{% if spoken_in %} · {{ spoken_in }}{% endif %}</p>",
            )
        ]
    },
    "people_one_paragraph": {
        # the roles on lines of one paragraph (<br>) instead of a paragraph each
        "parts": [
            (
                "      {%- for role, people in s.people|groupby('role') %}\n"
                '      <p class="agenda__people"><span class="agenda__role">'
                "{{ role_label(role)|colon }}</span>\n",
                "      {%- for role, people in s.people|groupby('role') %}\n"
                '      {% if loop.first %}<p class="agenda__people">{% else %}<br>'
                '{% endif %}<span class="agenda__role">'
                "{{ role_label(role)|colon }}</span>\n",
            ),
            (
                "{% if not loop.last %}; {% endif %}{% endfor %}</p>\n"
                "      {%- endfor %}",
                "{% if not loop.last %}; {% endif %}{% endfor %}{% endfor %}"
                "{% if s.people %}</p>{% endif %}",
            ),
        ]
    },
    "gc_paused": {"gc": "paused"},
    "gc_threshold": {"gc": "threshold"},
    "gc_on": {"gc": "on"},
    "no_row_classes": {
        # one class per row (the kind and cancelled modifiers dropped)
        "parts": [
            (
                '<li class="agenda__row agenda__row--{{ s.kind }}'
                "{% if s.status == 'cancelled' %} agenda__row--cancelled{% endif %}\">",
                '<li class="agenda__row">',
            )
        ]
    },
}


def child(workdir: Path, name: str) -> dict:
    """Warm-up render, then one timed render of the agenda with the variant `name`."""
    from io import BytesIO

    import sqlalchemy as sa
    import weasyprint
    from pypdf import PdfReader
    from weasyprint.pdf import fonts

    from eventsys.demo import scale
    from eventsys.extensions import db
    from eventsys.meetings.models import Meeting
    from eventsys.pdf import cache
    from eventsys.pdf import documents

    variant = VARIANTS[name]
    app = pdf_bench.make_app(workdir)
    with app.app_context():
        sources = cache.print_sources()
        static, templates = dict(sources.static), dict(sources.templates)
        if "css" in variant:
            css = static["css/pdf/print.css"] + b"\n" + variant["css"].encode()
            static["css/pdf/print.css"] = css
        for old, new in variant.get("parts", ()):
            assert old in templates[PARTS], (name, old)
            templates[PARTS] = templates[PARTS].replace(old, new)
        sources = replace(
            sources,
            digest=f"{sources.digest}-{name}",
            static=static,
            templates=templates,
        )
        documents.cache.print_sources = lambda: sources
        timers = {"layout": 0.0, "write": 0.0, "fonts": 0.0}
        _time(weasyprint.HTML, "render", timers, "layout")
        _time(weasyprint.Document, "write_pdf", timers, "write")
        _time(fonts.Font, "clean", timers, "fonts")
        options = variant.get("options", {})
        if options:
            write_pdf = weasyprint.HTML.write_pdf

            def with_options(self, target=None, zoom=1, finisher=None, **kw):
                return write_pdf(self, target, zoom, finisher, **{**kw, **options})

            weasyprint.HTML.write_pdf = with_options
        if "gc" in variant:
            _collector(variant["gc"])
        meeting = db.session.scalar(
            sa.select(Meeting).where(Meeting.slug == scale.SLUG)
        )
        spec = documents.agenda_pdf(meeting, "en", None)
        documents.render_spec(spec)  # fonts, templates, styles: once per worker
        for key in timers:
            timers[key] = 0.0
        cpu = time.process_time()
        pdf = documents.render_spec(spec)
        cpu = time.process_time() - cpu
    pages = len(PdfReader(BytesIO(pdf)).pages)
    return {
        "pages": pages,
        "cpu_ms": 1000 * cpu,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "bytes": len(pdf),
        "ms_per_page": 1000 * cpu / pages,
        **{f"{key}_ms_per_page": 1000 * t / pages for key, t in timers.items()},
    }


def _collector(how: str) -> None:
    """The cyclic garbage collector paused (or rarer) while render_pdf runs, or never."""
    import gc

    from eventsys.pdf import documents
    from eventsys.pdf import render

    if how == "on":  # the tree's own pause (render.collector_paused) undone
        render.collector_paused = contextlib.nullcontext
        return
    render_pdf = render.render_pdf

    def paused(*args, **kwargs):
        if how == "threshold":
            thresholds = gc.get_threshold()
            gc.set_threshold(100_000, 10, 10)
        else:
            gc.disable()
        try:
            return render_pdf(*args, **kwargs)
        finally:
            if how == "threshold":
                gc.set_threshold(*thresholds)
            else:
                gc.enable()
                gc.collect(0)  # the render's garbage, inside the timed render

    render.render_pdf = paused  # render_publication's (tagged: the agenda)
    documents.render_pdf = paused


def _time(cls, method: str, timers: dict, key: str) -> None:
    original = getattr(cls, method)

    def timed(*args, **kwargs):
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            timers[key] += time.process_time() - started

    setattr(cls, method, timed)


def run(workdir: Path, name: str) -> dict:
    return pdf_bench.child_result(__file__, name, workdir)


def prepare(workdir: Path) -> None:
    from eventsys.extensions import db

    with pdf_bench.make_app(workdir).app_context():
        db.create_all()
    pdf_bench.prepare_agenda(workdir)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("variants", nargs="*", help=", ".join(sorted(VARIANTS)))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.workdir), args.child)))
        return
    unknown = set(args.variants) - set(VARIANTS)
    if unknown:
        parser.error(f"unknown variants: {', '.join(sorted(unknown))}")
    names = ["baseline", *(v for v in args.variants if v != "baseline")]
    results = {name: [] for name in names}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="agenda-ab-") as tmp:
        workdir = Path(tmp)
        prepare(workdir)
        for turn in range(args.runs):
            for name in names:
                result = run(workdir, name)
                results[name].append(result)
                print(
                    f"{turn + 1} {name:20} {result['ms_per_page']:6.1f} ms/page "
                    f"(layout {result['layout_ms_per_page']:5.1f}, write "
                    f"{result['write_ms_per_page']:5.1f}, fonts "
                    f"{result['fonts_ms_per_page']:4.1f}) load {os.getloadavg()[0]:.2f}",
                    flush=True,
                )
    load_after = os.getloadavg()
    print(f"load average (1 min) {load_before[0]:.2f} -> {load_after[0]:.2f}")
    base = statistics.median(r["ms_per_page"] for r in results["baseline"])
    for name, runs in results.items():
        median = {
            key: statistics.median(r[key] for r in runs)
            for key in runs[0]
            if key != "pages"
        }
        print(
            f"{name:20} {median['ms_per_page']:6.1f} ms/page ({100 * (median['ms_per_page'] / base - 1):+5.1f}%), "
            f"layout {median['layout_ms_per_page']:5.1f}, write {median['write_ms_per_page']:5.1f}, "
            f"fonts {median['fonts_ms_per_page']:4.1f}; {runs[0]['pages']} pages, "
            f"{median['bytes'] / 1024:.0f} KiB; {median['cpu_ms']:.0f} ms in all; "
            f"peak {median['peak_mb']:.0f} MB; runs {len(runs)}; "
            f"min-max {min(r['ms_per_page'] for r in runs):.1f}-{max(r['ms_per_page'] for r in runs):.1f}"
        )


if __name__ == "__main__":
    main()
