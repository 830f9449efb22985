"""Outcome PDFs read like a publication without wasting pages or repeating themselves.

Read from the real bytes (pdftotext, pypdf): page count, headings, running
footer, cover lines.
"""

import re

from eventsys.outcomes import service
from tests.factories import make_meeting
from tests.outcomes.builders import make_document
from tests.outcomes.builders import make_team
from tests.pdf.conftest import pdf_pages
from tests.pdf.conftest import reader

# At the cover's width, auto hyphenation would break "re-sponsibilities".
LONG_THEME = (
    "Inter-State consultation mechanisms on migration: sharing responsibilities "
    "and operationalising interoperability"
)


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def test_a_short_document_fits_on_a_cover_and_one_page(client, published):
    meeting, document, _version, _ = published
    pdf = client.get(f"/meetings/{meeting.slug}/outcomes/{document.slug}.pdf").data
    pages = pdf_pages(pdf)
    # Cover, then the contents and five short parts run on: not one page each.
    assert len(reader(pdf).pages) == len(pages) == 3
    text = "\n".join(pages[1:])
    for part in ("Contents", "Background", "Session summaries", "Recommendations"):
        assert part in _lines(text)
    # No near-empty page; the colophon closes the text on the last one.
    assert all(len(_lines(page)) > 8 for page in pages[1:])
    assert "Recommendations to States" in pages[-1]
    assert f"/meetings/{meeting.slug}/outcomes/{document.slug}" in pages[-1]


def test_long_documents_still_open_each_part_on_a_new_page(client, published_long):
    meeting, document, _version, _ = published_long
    pdf = client.get(f"/meetings/{meeting.slug}/outcomes/{document.slug}.pdf").data
    pages = [_lines(text) for text in pdf_pages(pdf)]
    for part in ("Background", "Good practices", "Lessons learned"):
        page = next(p for p in pages[2:] if part in p)
        assert page.index(part) <= 1, (part, page[:3])  # under the running header
    # The colophon sits under the contents, never alone on a last page.
    assert f"/meetings/{meeting.slug}/outcomes/{document.slug}" in " ".join(pages[1])
    assert len(pages[-1]) > 8


def test_headings_are_not_repeated(client, db):
    meeting, manager, rapporteur = make_team()
    document = make_document(
        meeting,
        rapporteur,
        sections=[
            ("summary", "Opening session", "The chair opened the session."),
            ("good_practice", "Good practices", "Boards that advise authorities."),
            ("recommendation", "Recommendations", "Fund youth organisations."),
        ],
    )
    service.publish_document(document, actor=manager)
    db.session.commit()
    url = f"/meetings/{meeting.slug}/outcomes/{document.slug}"
    pdf = client.get(f"{url}.pdf").data
    body = _lines("\n".join(pdf_pages(pdf)[1:]))
    assert not any("Session: Opening session" in line for line in body)
    for label in ("Good practices", "Recommendations"):
        # The part's title only: no section heading repeats it below.
        headings = [line for line in body if line == label]
        assert len(headings) == 1, (label, body)
    assert not [a for a, b in zip(body, body[1:], strict=False) if a == b]

    page = client.get(url).get_data(as_text=True)
    assert "Session: Opening session" not in page
    assert len(re.findall(r"<h[23][^>]*>Good practices</h[23]>", page)) == 1


def test_the_footer_names_every_meeting_the_document_covers(client, db):
    new_york = make_meeting(
        slug="idm-ny",
        title={
            "en": "International Dialogue on Migration 2019 — First session (New York)"
        },
        starts_at=make_meeting().starts_at.replace(year=2019, month=2),
    )
    meeting, manager, rapporteur = make_team(
        make_meeting(
            slug="idm-ge",
            title={
                "en": "International Dialogue on Migration 2019 — Second session (Geneva)"
            },
            series=new_york.series,
        )
    )
    document = make_document(meeting, rapporteur)
    service.update_document(
        document,
        actor=rapporteur,
        data={"title": {"en": "Red Book"}, "also_covers": ["idm-ny"]},
    )
    service.publish_document(document, actor=manager)
    db.session.commit()
    pdf = client.get(f"/meetings/{meeting.slug}/outcomes/{document.slug}.pdf").data
    for text in pdf_pages(pdf)[1:]:
        footer = re.sub(r"Page \d+ of \d+", "", " ".join(_lines(text)[-2:]))
        footer = " ".join(footer.split())
        assert "First session (New York)" in footer, footer
        assert "Second session (Geneva)" in footer, footer


def test_cover_lines_are_never_hyphenated(client, db):
    meeting, manager, rapporteur = make_team(make_meeting(theme={"en": LONG_THEME}))
    document = make_document(
        meeting,
        rapporteur,
        title="Internationalisation of intergovernmental consultations on "
        "responsibility sharing and interoperability",
    )
    service.publish_document(document, actor=manager)
    db.session.commit()
    pdf = client.get(f"/meetings/{meeting.slug}/outcomes/{document.slug}.pdf").data
    cover = _lines(pdf_pages(pdf)[0])
    # WeasyPrint prints its hyphen as U+2010.
    broken = [line for line in cover if re.search(r"[a-z][-\u2010\u00ad]$", line)]
    assert not broken, cover
    assert "responsibilities" in " ".join(cover)
