"""Invitations carry meeting documents as links: the email, the page, the downloads."""

import re

import sqlalchemy as sa

from eventsys.documents import service as documents
from eventsys.documents.models import MeetingDocument
from eventsys.documents.views import get_storage
from eventsys.extensions import db
from eventsys.invitations import service
from eventsys.invitations.models import Invitation
from eventsys.models import utcnow
from tests.documents import builders
from tests.invitations.helpers import invitations
from tests.invitations.helpers import login
from tests.invitations.helpers import outbox
from tests.invitations.helpers import setup_meeting


def _document(meeting, manager, kind, title, visibility="public"):
    document = documents.create_document(
        meeting,
        actor=manager,
        data={"kind": kind, "title": {"en": title}, "visibility": visibility},
        uploads={"en": documents.Upload(f"{kind}.pdf", builders.pdf(title))},
        storage=get_storage(),
        max_bytes=10**7,
        now=utcnow(),
        publish=True,  # a draft is offered to nobody, invitees included
    )
    db.session.commit()
    return document


def _setup(slug):
    meeting, manager, _closed, _open = setup_meeting(slug=slug)
    note = _document(meeting, manager, "note_verbale", "Note verbale", "secretariat")
    concept = _document(meeting, manager, "concept_note", "Concept note")
    other = _document(meeting, manager, "programme", "Programme")
    return meeting, manager, note, concept, other


def test_invitation_links_its_documents_in_email_and_page(app, client):
    meeting, manager, note, concept, other = _setup("docs")
    login(client, manager)
    page = client.get("/manage/meetings/docs/invitations").get_data(as_text=True)
    assert f'name="documents" value="{note.id}"' in page
    response = client.post(
        "/manage/meetings/docs/invitations",
        data={
            "email": "ana@example.org",
            "category": "expert",
            "language": "en",
            "bound": "y",
            "send": "y",
            "documents": [str(note.id), str(concept.id)],
        },
    )
    assert response.status_code == 303
    [invitation] = invitations(meeting)
    assert {d.id for d in invitation.documents} == {note.id, concept.id}
    [email] = outbox("invitation")
    token = re.search(r"/invitations/([A-Za-z0-9_\-]+)\s", email.body_text).group(1)
    nv_link = f"/invitations/{token}/documents/{note.id}/en/note_verbale.pdf"
    assert nv_link in email.body_text and nv_link in email.body_html
    assert "Concept note" in email.body_text and "Programme" not in email.body_text
    client.post("/logout")
    answer = client.get(f"/invitations/{token}").get_data(as_text=True)
    assert nv_link in answer and "Documents of the meeting" in answer
    # The note verbale is the secretariat's: the invitee opens it through the link only.
    download = client.get(nv_link)
    assert download.status_code == 200
    assert download.data.startswith(b"%PDF")
    assert download.headers["Content-Security-Policy"] == "sandbox"
    assert "no-store" in download.headers["Cache-Control"]
    public = f"/meetings/docs/documents/{note.id}/en/note_verbale.pdf"
    assert client.get(public).status_code == 404
    not_linked = f"/invitations/{token}/documents/{other.id}/en/programme.pdf"
    assert client.get(not_linked).status_code == 404
    wrong_name = f"/invitations/{token}/documents/{note.id}/en/other.pdf"
    assert client.get(wrong_name).status_code == 404
    assert (
        client.get(
            f"/invitations/{'x' * 43}/documents/{note.id}/en/note_verbale.pdf"
        ).status_code
        == 404
    )
    service.revoke(invitation, actor=manager, now=utcnow())
    db.session.commit()
    assert client.get(nv_link).status_code == 404


def test_drafts_sent_with_documents(app, client):
    meeting, manager, note, concept, _other = _setup("drafts")
    for n in (1, 2):
        service.create_invitation(
            meeting,
            data={"email": f"p{n}@example.org", "category": "expert"},
            actor=manager,
            now=utcnow(),
        )
    db.session.commit()
    login(client, manager)
    response = client.post(
        "/manage/meetings/drafts/invitations/send-drafts",
        data={"documents": [str(concept.id)]},
    )
    assert response.status_code == 303
    assert all(
        [d.id for d in i.documents] == [concept.id] for i in invitations(meeting)
    )
    assert all("Concept note" in e.body_text for e in outbox("invitation"))
    assert len(outbox("invitation")) == 2


def test_documents_of_another_meeting_are_refused(app, client):
    meeting, manager, _note, _concept, _other = _setup("mine")
    elsewhere, other_manager, *_ = _setup("theirs")
    foreign = db.session.scalar(
        sa.select(MeetingDocument.id).where(MeetingDocument.meeting_id == elsewhere.id)
    )
    login(client, manager)
    response = client.post(
        "/manage/meetings/mine/invitations",
        data={
            "email": "ana@example.org",
            "category": "expert",
            "documents": [str(foreign)],
        },
    )
    assert response.status_code == 422
    assert "Please choose documents of this meeting" in response.get_data(as_text=True)
    refused = client.post(
        "/manage/meetings/mine/invitations",
        data={"email": "ana@example.org", "category": "expert", "documents": ["x1"]},
    )
    assert refused.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 0
