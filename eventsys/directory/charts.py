"""Charts as plain SVG: horizontal bars with a title and a description, no script.

Why not a charting library: pygal 3.1.3 (the kept pure-Python SVG library)
was tried on 2 December 2026 (docs/directory.md, "Charts"): even with js=[]
it writes an inline <script> (its tooltip config) and an inline <style>,
which the strict Content-Security-Policy refuses; its <desc> elements hold
tooltip values and coordinates, not a description; it is not on the local
package mirror and needs importlib_metadata. Every chart here is a list of
(label, value) bars, and the same rows are printed as a table beside it and
offered as CSV.
"""

from dataclasses import dataclass
from dataclasses import field
from xml.sax.saxutils import escape

BAR = 22
GAP = 6
LABEL_WIDTH = 240
WIDTH = 640
MAX_LABEL = 38


@dataclass
class Chart:
    key: str
    title: str
    description: str
    # A value is a count, or a text such as "<5" (a suppressed count: no bar).
    rows: list[tuple[str, int | str]] = field(default_factory=list)
    unit: str = ""


def svg(chart: Chart) -> str:
    """The chart as an SVG document (role img, <title> and <desc> for screen readers)."""
    rows = chart.rows or []
    height = max(1, len(rows)) * (BAR + GAP) + GAP
    top = max((v for _l, v in rows if isinstance(v, int)), default=0) or 1
    span = WIDTH - LABEL_WIDTH - 60
    ident = f"chart-{chart.key}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" aria-labelledby="{ident}-title {ident}-desc" class="chart">',
        f'<title id="{ident}-title">{escape(chart.title)}</title>',
        f'<desc id="{ident}-desc">{escape(chart.description)}</desc>',
    ]
    for i, (label, value) in enumerate(rows):
        y = GAP + i * (BAR + GAP)
        length = round(span * value / top) if isinstance(value, int) else 0
        shown = label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"
        parts += [
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR * 0.7:.1f}" text-anchor="end" '
            f'font-size="13" fill="currentColor">{escape(shown)}</text>',
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR}" fill="#0033a0"/>',
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + BAR * 0.7:.1f}" font-size="13" '
            f'fill="currentColor">{escape(str(value))}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)
