import re

from tests.pdf.conftest import pdf_pages
from tests.pdf.conftest import pdfinfo
from tests.pdf.conftest import reader

HEADINGS = [
    "Why youth matters",
    "Opening session summary",
    "Youth advisory boards",
    "Participation needs influence",
    "Recommendations to States",
]
PARTS = [
    "Background",
    "Session summaries",
    "Good practices",
    "Lessons learned",
    "Recommendations",
]


def test_outcome_pdf_is_a_publication(client, published_long):
    meeting, document, version, _ = published_long
    response = client.get(f"/meetings/{meeting.slug}/outcomes/{document.slug}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = response.data
    pages = pdf_pages(pdf)
    assert len(pages) >= 6
    cover = pages[0]
    assert (
        "Youth Red Book" in cover
        and "Youth and migration" in cover
        and "Palais des Nations" in cover
    )
    assert "Version 1" in cover

    # The table of contents gives the pages where the headings really are.
    toc = {
        m[1].strip().lower(): int(m[2])
        for m in re.finditer(r"^\s*(\S.*?)\s*(?:\.\s*){3,}(\d+)\s*$", pages[1], re.M)
    }
    for heading in HEADINGS + PARTS:
        listed = toc[heading.lower()]
        body_pages = [n for n, text in enumerate(pages[2:], start=3) if heading in text]
        assert body_pages and body_pages[0] == listed, (heading, listed, body_pages)

    footer = re.search(r"Page (\d+) of (\d+)", pages[3])
    assert footer and footer[1] == "4" and int(footer[2]) == len(pages)
    assert "Youth Red Book" in pages[4]  # running header

    pdf_reader = reader(pdf)
    titles = []

    def walk(items):
        for item in items:
            walk(item) if isinstance(item, list) else titles.append(item.title)

    walk(pdf_reader.outline)
    assert set(HEADINGS + PARTS + ["Contents"]) <= set(titles)
    meta = pdf_reader.metadata
    assert meta.title == "Youth Red Book" and meta.author.startswith("Series")
    info = pdfinfo(pdf)
    assert "Tagged:          yes" in info
    assert pdf_reader.trailer["/Root"]["/Lang"] == "en"


def test_version_pdfs_and_missing_versions(client, published):
    meeting, document, version, _ = published
    assert (
        client.get(
            f"/meetings/{meeting.slug}/outcomes/{document.slug}/v1.pdf"
        ).status_code
        == 200
    )
    assert (
        client.get(
            f"/meetings/{meeting.slug}/outcomes/{document.slug}/v2.pdf"
        ).status_code
        == 404
    )
    assert client.get(f"/meetings/{meeting.slug}/outcomes/nope.pdf").status_code == 404
