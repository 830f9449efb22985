"""PDFs in the reader's language: words, dates and the document's declared language."""

import io
import subprocess
from datetime import UTC
from datetime import datetime

import pytest
from pypdf import PdfReader

from tests.factories import make_meeting
from tests.factories import make_session

pytestmark = pytest.mark.slow

TITLE = {
    "en": "Youth and migration",
    "fr": "Les jeunes et la migration",
    "es": "La juventud y la migración",
}
OPENING = {
    "en": "Opening session",
    "fr": "Séance d'ouverture",
    "es": "Sesión de apertura",
}


def pdf_text(data: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


@pytest.fixture
def meeting(app, db):
    assert "pdf.agenda" in app.view_functions, "the agenda PDF endpoint is missing"
    meeting = make_meeting(
        title=TITLE,
        languages=["en", "fr", "es"],
        starts_at=datetime(2027, 6, 1, 7, 0, tzinfo=UTC),
    )
    make_session(meeting, title=OPENING)
    db.session.commit()
    return meeting


@pytest.mark.parametrize(
    "language, words",
    [
        (
            "fr",
            [
                "Les jeunes et la migration",
                "Séance d'ouverture",
                "1 juin 2027",
                "Ordre du jour",
            ],
        ),
        (
            "es",
            [
                "La juventud y la migración",
                "Sesión de apertura",
                "1 jun 2027",
                "Programa",
            ],
        ),
    ],
)
def test_agenda_pdf_in_the_asked_language(client, meeting, language, words):
    response = client.get(
        f"/meetings/{meeting.slug}/agenda.pdf", query_string={"lang": language}
    )
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = " ".join(pdf_text(response.data).split())
    for word in words:
        assert word in text
    assert (
        PdfReader(io.BytesIO(response.data)).trailer["/Root"].get("/Lang") == language
    )
