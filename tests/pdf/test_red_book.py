"""The demo's IDM 2019 Red Book: published, and a real publication as PDF (the one larger test)."""

from tests.pdf.conftest import pdf_pages
from tests.pdf.conftest import pdfinfo
from tests.pdf.conftest import reader


def test_demo_red_book_pdf(app, runner, client):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    page = client.get("/meetings/idm-2019-geneva/outcomes/red-book-2019")
    assert page.status_code == 200 and "Version 1" in page.get_data(as_text=True)
    response = client.get("/meetings/idm-2019-geneva/outcomes/red-book-2019.pdf")
    assert response.status_code == 200
    pages = pdf_pages(response.data)
    assert len(pages) >= 12
    assert (
        "RED BOOK" in pages[0]
        and "First session (New York)" in pages[0]
        and "Palais des Nations" in pages[0]
    )
    text = "\n".join(pages)
    for part in (
        "GOOD PRACTICES",
        "LESSONS LEARNED",
        "RECOMMENDATIONS",
        "Good practices",
        "Recommendations to States",
    ):
        assert part in text
    assert f"Page 5 of {len(pages)}" in pages[4]
    assert "Tagged:          yes" in pdfinfo(response.data)
    assert len(reader(response.data).outline) >= 5
