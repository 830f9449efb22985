import subprocess
from io import BytesIO

import pytest
from pypdf import PdfReader

from eventsys.outcomes import service
from tests.outcomes.builders import SECTIONS
from tests.outcomes.builders import make_document
from tests.outcomes.builders import make_team

FILLER = " ".join(
    [
        "Participants discussed how young migrants can shape the policies that affect them."
    ]
    * 45
)


@pytest.fixture
def published(db):
    """A published five-part document (short: one page per part)."""
    return publish(SECTIONS)


@pytest.fixture
def published_long(db):
    """A published five-part document whose sections span several pages."""
    return publish(
        [
            (kind, heading, f"{body}\n\n{FILLER}\n\n{FILLER}")
            for kind, heading, body in SECTIONS
        ]
    )


def publish(sections):
    from eventsys.extensions import db

    meeting, manager, rapporteur = make_team()
    document = make_document(meeting, rapporteur, sections=sections)
    version = service.publish_document(document, actor=manager)
    db.session.commit()
    return meeting, document, version, manager


def pdf_pages(pdf: bytes) -> list[str]:
    """Text of each page (pdftotext), index 0 = page 1."""
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout
    return out.decode().split("\f")[:-1]


def pdfinfo(pdf: bytes) -> str:
    return subprocess.run(
        ["pdfinfo", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(BytesIO(pdf))
