"""One rule for "the published outcome documents of a meeting" (issue 15).

A published document that a rapporteur starts correcting stays published, with
its last published version, on every surface until the correction is published.
"""

import pytest

from eventsys.outcomes import service
from tests.factories import make_meeting
from tests.outcomes.builders import make_document
from tests.outcomes.builders import make_team
from tests.pdf.conftest import pdf_pages

ORIGINAL = "Boards that advise migration authorities."
CORRECTION = "Corrected wording nobody may read yet."


@pytest.fixture
def under_correction(db):
    """A Red Book of Geneva covering New York, published, then corrected and in review."""
    new_york = make_meeting(slug="idm-ny", title={"en": "IDM — First session"})
    meeting, manager, rapporteur = make_team(
        make_meeting(slug="idm-ge", title={"en": "IDM — Second session"})
    )
    document = make_document(meeting, rapporteur)
    service.update_document(
        document,
        actor=rapporteur,
        data={"title": {"en": "Youth Red Book"}, "also_covers": ["idm-ny"]},
    )
    service.publish_document(document, actor=manager)
    practice = next(s for s in document.sections if s.kind == "good_practice")
    service.update_section(
        practice,
        actor=rapporteur,
        data={
            "heading": "Corrected practice",
            "kind": "good_practice",
            "body": CORRECTION,
        },
    )
    service.submit_document(document, actor=rapporteur)
    db.session.commit()
    assert document.status == "in_review" and len(document.versions) == 1
    return meeting, new_york, document


def test_meeting_pages_keep_listing_it(client, under_correction):
    meeting, new_york, document = under_correction
    link = f"/meetings/{meeting.slug}/outcomes/{document.slug}"
    for slug in (meeting.slug, new_york.slug):
        page = client.get(f"/meetings/{slug}/").get_data(as_text=True)
        assert link in page and "Youth Red Book" in page
        assert f"/meetings/{slug}/proceedings.pdf" in page


def test_outcomes_pages_serve_the_last_published_version(client, under_correction):
    meeting, new_york, document = under_correction
    for slug in (meeting.slug, new_york.slug):
        listing = client.get(f"/meetings/{slug}/outcomes/").get_data(as_text=True)
        assert f"/meetings/{meeting.slug}/outcomes/{document.slug}" in listing
        assert "Version 1" in listing
    page = client.get(f"/meetings/{meeting.slug}/outcomes/{document.slug}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert ORIGINAL in text and CORRECTION not in text
    assert "Corrected practice" not in text


def test_pdfs_and_proceedings_print_the_last_published_version(
    client, under_correction
):
    meeting, new_york, document = under_correction
    pdf = client.get(f"/meetings/{meeting.slug}/outcomes/{document.slug}.pdf")
    assert pdf.status_code == 200
    text = " ".join(" ".join(pdf_pages(pdf.data)).split())
    assert ORIGINAL in text and CORRECTION not in text
    for slug in (meeting.slug, new_york.slug):
        proceedings = client.get(f"/meetings/{slug}/proceedings.pdf")
        text = " ".join(" ".join(pdf_pages(proceedings.data)).split())
        assert ORIGINAL in text and CORRECTION not in text


def test_api_lists_it_with_its_published_versions(client, under_correction):
    meeting, new_york, document = under_correction
    for slug in (meeting.slug, new_york.slug):
        items = client.get(f"/api/v1/meetings/{slug}/outcomes").get_json()["items"]
        assert [d["slug"] for d in items] == [document.slug]
        assert [v["number"] for v in items[0]["versions"]] == [1]


def test_the_correction_replaces_it_once_published(client, db, under_correction):
    meeting, _new_york, document = under_correction
    manager = next(r.user for r in meeting.roles if r.role == "manager")
    service.publish_document(document, actor=manager)
    db.session.commit()
    text = client.get(f"/meetings/{meeting.slug}/outcomes/{document.slug}").get_data(
        as_text=True
    )
    assert CORRECTION in text and ORIGINAL not in text


def test_a_document_hosted_by_a_draft_meeting_is_not_listed_on_the_covered_one(
    client, db
):
    covered = make_meeting(slug="covered")
    host, manager, rapporteur = make_team(make_meeting(status="draft"))
    document = make_document(host, rapporteur)
    document.also_covers = [covered]
    service.publish_document(document, actor=manager)
    db.session.commit()
    page = client.get("/meetings/covered/").get_data(as_text=True)
    assert document.slug not in page
    assert client.get("/api/v1/meetings/covered/outcomes").get_json() == {"items": []}
