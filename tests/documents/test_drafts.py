"""Meeting documents start as drafts; Publish makes them visible; the
proceedings PDF lists the public documents in an annex (pdftotext)."""

import sqlalchemy as sa
from flask import current_app

from eventsys.audit.models import AuditEvent
from eventsys.documents import service
from eventsys.documents.models import MeetingDocument
from eventsys.documents.storage import from_config
from eventsys.extensions import db
from tests.documents import builders
from tests.documents.test_views import login
from tests.documents.test_views import team  # noqa: F401  (fixture)
from tests.documents.test_views import upload
from tests.pdf.conftest import pdf_pages
from tests.pdf.conftest import published  # noqa: F401  (fixture)


def _draft(client, meeting, **fields):
    return upload(
        client,
        meeting,
        {"en": ("note.pdf", builders.pdf())},
        publish="",
        **fields,
    )


def test_an_upload_is_a_draft_until_published(app, client, auth, team):
    meeting, manager = team
    login(auth, manager)
    response = _draft(client, meeting)
    assert response.status_code == 302
    document = db.session.scalars(sa.select(MeetingDocument)).one()
    assert (document.status, document.published_at) == ("draft", None)
    url = document.files[0].path
    page = client.get(f"/manage/meetings/{meeting.slug}/documents/{document.id}")
    assert "Publish" in page.get_data(as_text=True)
    auth.logout()
    assert client.get(url).status_code == 404
    assert "Concept note" not in client.get(
        f"/meetings/{meeting.slug}/documents"
    ).get_data(as_text=True)

    login(auth, manager)
    published = client.post(
        f"/manage/meetings/{meeting.slug}/documents/{document.id}/publish"
    )
    assert published.status_code == 303
    db.session.refresh(document)
    assert document.status == "published" and document.published_at is not None
    events = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.action.like("document.%"))
    ).all()
    assert events.count("document.publish") == 1
    # Publishing again changes nothing (and audits nothing more).
    client.post(f"/manage/meetings/{meeting.slug}/documents/{document.id}/publish")
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).where(AuditEvent.action == "document.publish")
        )
        == 1
    )
    auth.logout()
    assert client.get(url).status_code == 200
    assert "Concept note" in client.get(f"/meetings/{meeting.slug}/documents").get_data(
        as_text=True
    )


def test_a_document_whose_files_are_all_withdrawn_is_not_published(
    app, client, auth, team
):
    meeting, manager = team
    login(auth, manager)
    _draft(client, meeting)
    document = db.session.scalars(sa.select(MeetingDocument)).one()
    client.post(
        f"/manage/meetings/{meeting.slug}/documents/{document.id}/files/{document.files[0].id}/withdraw",
        data={"reason": "Wrong file"},
    )
    client.post(f"/manage/meetings/{meeting.slug}/documents/{document.id}/publish")
    db.session.refresh(document)
    assert document.status == "draft"


def test_only_managers_publish(app, client, auth, team):
    meeting, manager = team
    login(auth, manager)
    _draft(client, meeting)
    document = db.session.scalars(sa.select(MeetingDocument)).one()
    auth.logout()
    response = client.post(
        f"/manage/meetings/{meeting.slug}/documents/{document.id}/publish"
    )
    assert response.status_code in (302, 401, 403, 404)
    db.session.refresh(document)
    assert document.status == "draft"


def test_the_proceedings_list_the_public_documents_in_an_annex(client, published):
    meeting, _outcome, _version, manager = published
    meeting.languages = ["en", "fr"]
    storage = from_config(current_app.config)

    def add(kind, title, visibility, *, publish=True, languages=("en",)):
        return service.create_document(
            meeting,
            actor=manager,
            data={"kind": kind, "symbol": f"IDM/{title[:3]}", "title": {"en": title},
                  "visibility": visibility},
            uploads={
                code: service.Upload(f"{kind}-{code}.pdf", builders.pdf(title + code))
                for code in languages
            },
            storage=storage, max_bytes=1024 * 1024, publish=publish,
        )  # fmt: skip

    concept = add(
        "concept_note", "Concept note on migration", "public", languages=("en", "fr")
    )
    add("background_paper", "Background paper on youth", "public")
    add("information_note", "Logistics for delegates", "participants")
    add("programme", "Unreleased programme draft", "public", publish=False)
    db.session.commit()
    text = "\n".join(
        pdf_pages(client.get(f"/meetings/{meeting.slug}/proceedings.pdf").data)
    )
    assert "Annex: documents of the meeting" in text
    assert "Concept note on migration" in text and "(IDM/Con)" in text
    assert "Background paper on youth" in text
    assert "Logistics for delegates" not in text  # participants only
    assert "Unreleased programme draft" not in text  # a draft
    flat = "".join(text.split())
    assert (
        f"/meetings/{meeting.slug}/documents/{concept.id}/fr/concept_note-fr.pdf"
        in flat
    )
    # A newly published document changes the proceedings (the cache key holds the annex).
    add("report", "Report of the rapporteur", "public")
    db.session.commit()
    again = "\n".join(
        pdf_pages(client.get(f"/meetings/{meeting.slug}/proceedings.pdf").data)
    )
    assert "Report of the rapporteur" in again


def test_the_agenda_shows_a_sessions_public_documents(client, published):
    """A session's public documents are listed under it on the agenda, as soon as
    they are published (the agenda's cached fragment follows them)."""
    from tests.factories import make_session

    meeting, _document, _version, manager = published
    panel = make_session(meeting, title={"en": "Panel 1: Labour mobility"})
    storage = from_config(current_app.config)

    def add(title, visibility, publish):
        return service.create_document(
            meeting,
            actor=manager,
            data={"kind": "presentation", "title": {"en": title},
                  "visibility": visibility, "session_id": str(panel.id)},
            uploads={"en": service.Upload("slides.pdf", builders.pdf(title))},
            storage=storage, max_bytes=1024 * 1024, publish=publish,
        )  # fmt: skip

    draft = add("Slides of the panel", "public", publish=False)
    add("Notes for participants", "participants", publish=True)
    db.session.commit()
    url = f"/meetings/{meeting.slug}/agenda"
    page = client.get(url).get_data(as_text=True)
    assert "Slides of the panel" not in page and "Notes for participants" not in page
    service.publish_document(draft, actor=manager, now=draft.created_at)
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "Slides of the panel" in page and "Notes for participants" not in page
    assert f"/meetings/{meeting.slug}/documents/{draft.id}/en/slides.pdf" in page


def test_a_session_number_past_any_id_is_a_field_error(published):
    """The session of a document is read through lookup.find_row: twenty digits
    (past any id, an overflow on SQLite) are "not a session of this meeting"."""
    import pytest

    from eventsys.errors import InvalidInput

    meeting, _document, _version, manager = published
    with pytest.raises(InvalidInput) as refused:
        service.create_document(
            meeting,
            actor=manager,
            data={"kind": "presentation", "title": {"en": "Slides"},
                  "visibility": "public", "session_id": "9" * 20},
            uploads={"en": service.Upload("slides.pdf", builders.pdf("Slides"))},
            storage=from_config(current_app.config), max_bytes=1024 * 1024,
            publish=False,
        )  # fmt: skip
    assert set(refused.value.fields) == {"session_id"}
