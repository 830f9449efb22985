"""Right-to-left readiness: a test locale (Arabic, no catalogue) renders right to left."""

import re
from pathlib import Path

import pytest

from eventsys import create_app
from eventsys.extensions import db as _db
from eventsys.i18n import text_direction
from tests.conftest import base_config

CSS_DIR = Path(__file__).resolve().parents[2] / "static" / "css"
PHYSICAL = re.compile(
    r"(?<![\w-])("
    r"(margin|padding|border)-(left|right)(-\w+)?"
    r"|border-(top|bottom)-(left|right)-radius"
    r"|(left|right)\s*:"
    r"|(float|clear|text-align)\s*:\s*(left|right)"
    r")",
    re.IGNORECASE,
)


@pytest.fixture
def rtl_app(tmp_path):
    app = create_app(base_config(tmp_path, LANGUAGES=("en", "fr", "es", "ar")))
    with app.app_context():
        _db.create_all()
        yield app
        _db.session.remove()
        _db.drop_all()


def test_arabic_page_is_right_to_left(rtl_app):
    page = rtl_app.test_client().get("/?lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert '<link rel="alternate" hreflang="ar" href="/?lang=ar">' in page
    assert 'lang="ar" dir="rtl"' in page  # the switcher's own entry
    assert "العربية" in page


def test_left_to_right_languages_stay_left_to_right(rtl_app):
    page = rtl_app.test_client().get("/?lang=fr").get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in page


def test_directions():
    assert text_direction("ar") == "rtl"
    assert text_direction("he") == "rtl"
    assert text_direction("es") == "ltr"


@pytest.mark.parametrize("css", sorted(CSS_DIR.glob("*.css")), ids=lambda p: p.name)
def test_stylesheets_use_logical_properties(css):
    """margin-inline-start, not margin-left: the layout then mirrors itself for RTL."""
    found = []
    for number, line in enumerate(css.read_text().splitlines(), 1):
        code = re.sub(r"/\*.*?\*/", "", line)
        found += [f"{css.name}:{number}: {m.group(0)}" for m in PHYSICAL.finditer(code)]
    assert not found, "physical left/right in CSS:\n" + "\n".join(found)


def test_arabic_pdf_source_is_right_to_left(rtl_app):
    from eventsys.extensions import db
    from eventsys.pdf import documents
    from tests.factories import make_meeting
    from tests.factories import make_session

    meeting = make_meeting(title={"en": "Youth and migration", "ar": "الشباب والهجرة"})
    make_session(meeting)
    db.session.commit()
    with rtl_app.test_request_context("/?lang=ar"):
        html = documents.spec_html(documents.agenda_pdf(meeting, "ar"))
    assert '<html lang="ar" dir="rtl">' in html
    assert "الشباب والهجرة" in html


def test_every_document_root_declares_language_and_direction():
    templates = Path(__file__).resolve().parents[2] / "templates"
    roots = [p for p in templates.rglob("*.html") if "<html" in p.read_text()]
    assert roots
    for path in roots:
        tag = re.search(r"<html[^>]*>", path.read_text()).group(0)
        assert "lang=" in tag and "dir=" in tag, path
