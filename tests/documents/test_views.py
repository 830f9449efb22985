"""Meeting documents through HTTP: upload, refusals, visibility, versions, withdrawal."""

import io
from pathlib import Path

import pytest
import sqlalchemy as sa

from eventsys.audit.models import AuditEvent
from eventsys.documents.models import MeetingDocument
from eventsys.documents.models import MeetingFile
from tests.documents import builders
from tests.factories import PASSWORD
from tests.factories import make_meeting
from tests.factories import make_registration
from tests.factories import make_role
from tests.factories import make_user


def login(auth, user):
    assert auth.login(user.email, PASSWORD).status_code == 302


def stored_files(app) -> list[Path]:
    root = Path(app.config["DOCUMENTS_DIR"])
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def team(db):
    meeting = make_meeting(languages=["en", "fr", "es"])
    manager = make_user()
    make_role(manager, meeting)
    db.session.commit()
    return meeting, manager


def upload(client, meeting, files: dict, **fields):
    data = {
        "kind": "concept_note",
        "symbol": "IDM/2027/1",
        "title_en": "Concept note",
        "title_fr": "Note conceptuelle",
        "visibility": "public",
        "session_id": "",
        "publish": "y",  # published on upload; test_drafts.py covers the draft step
        **fields,
    }
    for code, (name, content) in files.items():
        data[f"file_{code}"] = (io.BytesIO(content), name)
    return client.post(
        f"/manage/meetings/{meeting.slug}/documents/new",
        data=data,
        content_type="multipart/form-data",
    )


def only_document(db) -> MeetingDocument:
    return db.session.scalars(sa.select(MeetingDocument)).one()


ALLOWED = [
    ("note.pdf", builders.pdf, "application/pdf"),
    ("note.docx", builders.docx, "wordprocessingml.document"),
    ("table.xlsx", builders.xlsx, "spreadsheetml.sheet"),
    ("slides.pptx", builders.pptx, "presentationml.presentation"),
    ("note.odt", lambda: builders.odf("text"), "opendocument.text"),
    ("table.ods", lambda: builders.odf("spreadsheet"), "opendocument.spreadsheet"),
    ("slides.odp", lambda: builders.odf("presentation"), "opendocument.presentation"),
    ("map.png", builders.png, "image/png"),
    ("photo.jpg", builders.jpeg, "image/jpeg"),
]


@pytest.mark.parametrize(
    ("name", "build", "media"), ALLOWED, ids=[a[0] for a in ALLOWED]
)
def test_each_allowed_type_is_stored_and_served_as_an_attachment(
    app, db, client, auth, team, name, build, media
):
    meeting, manager = team
    login(auth, manager)
    content = build()
    response = upload(client, meeting, {"en": (name, content)})
    assert response.status_code == 302, response.get_data(as_text=True)
    document = only_document(db)
    file = document.files[0]
    assert (file.filename, file.size) == (name, len(content))
    auth.logout()

    response = client.get(f"/meetings/{meeting.slug}/documents/{document.id}/en/{name}")
    assert response.status_code == 200
    assert response.data == content
    assert media in response.content_type
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "sandbox"


def test_one_document_holds_a_file_per_language(app, db, client, auth, team):
    meeting, manager = team
    login(auth, manager)
    files = {
        "en": ("concept note.pdf", builders.pdf("English")),
        "fr": ("Note conceptuelle é.pdf", builders.pdf("Francais")),
        "es": ("nota.docx", builders.docx()),
    }
    assert upload(client, meeting, files).status_code == 302
    document = only_document(db)
    assert document.languages == ["en", "es", "fr"]
    names = {f.language: f.filename for f in document.files}
    # Cleaned, still readable.
    assert (
        names["en"] == "concept_note.pdf" and names["fr"] == "Note_conceptuelle_e.pdf"
    )
    page = client.get(f"/meetings/{meeting.slug}/documents").get_data(as_text=True)
    assert "Concept note" in page
    for code, name in names.items():
        assert f"/documents/{document.id}/{code}/{name}" in page


REFUSED = [
    ("setup.pdf", builders.executable, "does not match its name"),
    ("setup.exe", builders.executable, "not accepted"),
    ("page.html", builders.html, "not accepted"),
    ("page.pdf", builders.html, "does not match its name"),
    ("note.docm", builders.macro_docx, "not accepted"),
    ("note.docx", builders.macro_docx, "macros"),
    ("secret.docx", builders.encrypted_office, "Encrypted"),
    ("map.pdf", builders.png, "does not match its name"),
    ("table.docx", builders.xlsx, "does not match its name"),
    ("note.odp", lambda: builders.odf("text"), "does not match its name"),
]


@pytest.mark.parametrize(
    ("name", "build", "message"), REFUSED, ids=[r[0] for r in REFUSED]
)
def test_refused_files_leave_nothing_stored(
    app, db, client, auth, team, name, build, message
):
    meeting, manager = team
    login(auth, manager)
    files = {"en": ("good.pdf", builders.pdf()), "fr": (name, build())}
    response = upload(client, meeting, files)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(MeetingDocument.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(MeetingFile.id))) == 0
    assert stored_files(app) == []


def test_oversized_file_is_refused_with_the_limit_named(app, db, client, auth, team):
    app.config["EVENTSYS_MAX_UPLOAD_MB"] = 1
    meeting, manager = team
    login(auth, manager)
    big = builders.pdf() + b"%" + b"x" * (1024 * 1024)
    response = upload(client, meeting, {"en": ("big.pdf", big)})
    assert response.status_code == 422
    assert "the limit is 1 MB" in response.get_data(as_text=True)
    assert stored_files(app) == []

    # A body far over what any form may carry gets the 413 page, not a 500.
    huge = b"x" * (5 * 1024 * 1024)
    response = upload(client, meeting, {"en": ("huge.pdf", huge)})
    assert response.status_code == 413
    assert "larger than we accept" in response.get_data(as_text=True)
    assert stored_files(app) == []


def _documents_of_every_visibility(db, meeting, client, auth, manager):
    login(auth, manager)
    for visibility in ("public", "participants", "secretariat"):
        title = f"Doc for {visibility}"
        response = upload(
            client,
            meeting,
            {"en": (f"{visibility}.pdf", builders.pdf(visibility))},
            visibility=visibility,
            title_en=title,
            title_fr="",
        )
        assert response.status_code == 302
    auth.logout()
    return {d.visibility: d for d in db.session.scalars(sa.select(MeetingDocument))}


def _viewer(db, meeting, role):
    if role == "anonymous":
        return None
    user = make_user()
    if role == "participant":
        make_registration(meeting, user=user, email=user.email, status="confirmed")
    elif role == "pending":
        make_registration(meeting, user=user, email=user.email, status="pending")
    elif role == "other_manager":
        make_role(user, make_meeting())
    elif role == "manager":
        make_role(user, meeting)
    db.session.commit()
    return user


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("anonymous", {"public"}),
        ("pending", {"public"}),
        ("other_manager", {"public"}),
        ("participant", {"public", "participants"}),
        ("manager", {"public", "participants", "secretariat"}),
    ],
)
def test_each_role_sees_and_downloads_what_its_visibility_allows(
    app, db, client, auth, team, role, sees
):
    meeting, manager = team
    documents = _documents_of_every_visibility(db, meeting, client, auth, manager)
    viewer = _viewer(db, meeting, role)
    if viewer is not None:
        login(auth, viewer)
    page = client.get(f"/meetings/{meeting.slug}/documents").get_data(as_text=True)
    for visibility, document in documents.items():
        url = f"/meetings/{meeting.slug}/documents/{document.id}/en/{visibility}.pdf"
        response = client.get(url)
        if visibility in sees:
            assert f"Doc for {visibility}" in page
            assert response.status_code == 200
            expected = "private, no-store" if visibility != "public" else None
            if expected:
                assert response.headers["Cache-Control"] == expected
        else:
            assert f"Doc for {visibility}" not in page
            assert response.status_code == 404


def test_meeting_page_and_api_list_public_documents_only(app, db, client, auth, team):
    meeting, manager = team
    documents = _documents_of_every_visibility(db, meeting, client, auth, manager)
    page = client.get(f"/meetings/{meeting.slug}/").get_data(as_text=True)
    assert "Doc for public" in page and "Concept note" in page  # grouped by kind
    assert f"/documents/{documents['public'].id}/en/public.pdf" in page
    assert "Doc for participants" not in page and "Doc for secretariat" not in page

    body = client.get(f"/api/v1/meetings/{meeting.slug}/documents").get_json()
    assert [d["id"] for d in body["items"]] == [documents["public"].id]
    (item,) = body["items"]
    assert item["files"][0]["url"].endswith(
        f"/meetings/{meeting.slug}/documents/{item['id']}/en/public.pdf"
    )


def test_replacing_keeps_the_earlier_version_downloadable(app, db, client, auth, team):
    meeting, manager = team
    login(auth, manager)
    first, second = builders.pdf("first"), builders.pdf("second")
    assert upload(client, meeting, {"en": ("note.pdf", first)}).status_code == 302
    document = only_document(db)
    response = client.post(
        f"/manage/meetings/{meeting.slug}/documents/{document.id}/files",
        data={"language": "en", "file": (io.BytesIO(second), "note.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    base = f"/meetings/{meeting.slug}/documents/{document.id}/en"
    assert client.get(f"{base}/note.pdf").data == second
    assert client.get(f"{base}/v1/note.pdf").data == first
    assert client.get(f"{base}/v2/note.pdf").data == second
    assert client.get(f"{base}/v3/note.pdf").status_code == 404
    page = client.get(
        f"/manage/meetings/{meeting.slug}/documents/{document.id}"
    ).get_data(as_text=True)
    assert "Superseded" in page and "Current" in page
    assert f"{base}/v1/note.pdf" in page

    # A refused replacement changes nothing.
    response = client.post(
        f"/manage/meetings/{meeting.slug}/documents/{document.id}/files",
        data={"language": "en", "file": (io.BytesIO(builders.html()), "note.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "does not match its name" in response.get_data(as_text=True)
    assert client.get(f"{base}/note.pdf").data == second
    assert len(stored_files(app)) == 2


def test_withdrawing_answers_410_deletes_content_and_is_audited(
    app, db, client, auth, team
):
    meeting, manager = team
    login(auth, manager)
    shared, mistaken = builders.pdf("shared"), builders.pdf("wrong file")
    assert upload(client, meeting, {"en": ("a.pdf", shared)}).status_code == 302
    assert (
        upload(
            client,
            meeting,
            {"en": ("b.pdf", shared), "fr": ("c.pdf", mistaken)},
            title_en="Other",
        ).status_code
        == 302
    )
    assert len(stored_files(app)) == 2  # same bytes stored once
    other = db.session.scalars(
        sa.select(MeetingDocument).order_by(MeetingDocument.id.desc())
    ).first()
    files = {f.language: f for f in other.files}
    manage = f"/manage/meetings/{meeting.slug}/documents/{other.id}"

    response = client.post(
        f"{manage}/files/{files['fr'].id}/withdraw", data={"reason": ""}
    )
    assert response.status_code == 422
    assert "Say why" in response.get_data(as_text=True)

    for file in files.values():
        response = client.post(
            f"{manage}/files/{file.id}/withdraw", data={"reason": "Wrong document"}
        )
        assert response.status_code == 302
    base = f"/meetings/{meeting.slug}/documents/{other.id}"
    assert client.get(f"{base}/fr/c.pdf").status_code == 410
    assert client.get(f"{base}/fr/v1/c.pdf").status_code == 410
    assert client.get(f"{base}/en/b.pdf").status_code == 410
    # The mistaken content is gone; the shared one still serves the first document.
    names = {p.name for p in stored_files(app)}
    assert len(names) == 1
    first = db.session.scalars(
        sa.select(MeetingDocument).order_by(MeetingDocument.id)
    ).first()
    assert (
        client.get(f"/meetings/{meeting.slug}/documents/{first.id}/en/a.pdf").data
        == shared
    )

    events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "document.file_withdraw")
    ).all()
    assert len(events) == 2
    assert {e.actor_id for e in events} == {manager.id}
    assert {e.after["reason"] for e in events} == {"Wrong document"}
    history = client.get(f"/manage/meetings/{meeting.slug}/history").get_data(
        as_text=True
    )
    assert (
        "File c.pdf (French, version 1) withdrawn from “Other”: Wrong document"
        in history
    )
    assert "<dd><ins>Concept note</ins></dd>" in history  # the kind in words


def test_only_managers_reach_the_manage_pages(app, db, client, auth, team):
    meeting, _manager = team
    other = _viewer(db, meeting, "other_manager")
    login(auth, other)
    base = f"/manage/meetings/{meeting.slug}/documents"
    assert client.get(f"{base}/").status_code == 403
    assert upload(client, meeting, {"en": ("a.pdf", builders.pdf())}).status_code == 403
    assert stored_files(app) == []


def test_a_document_may_name_a_session_of_its_own_meeting_only(
    app, db, client, auth, team
):
    from tests.factories import make_session

    meeting, manager = team
    own, foreign = make_session(meeting), make_session(make_meeting())
    db.session.commit()
    own_id, foreign_id = own.id, foreign.id
    login(auth, manager)
    form = client.get(f"/manage/meetings/{meeting.slug}/documents/new")
    assert f'value="{own_id}"' in form.get_data(as_text=True)
    response = upload(
        client, meeting, {"en": ("a.pdf", builders.pdf())}, session_id=str(foreign_id)
    )
    assert response.status_code == 422
    assert "Choose a session of this meeting." in response.get_data(as_text=True)
    assert stored_files(app) == []
    response = upload(
        client, meeting, {"en": ("a.pdf", builders.pdf())}, session_id=str(own_id)
    )
    assert response.status_code == 302
    assert only_document(db).session_id == own_id


def test_the_documents_pages_speak_french(app, db, client, auth, team):
    meeting, manager = team
    login(auth, manager)
    assert (
        upload(client, meeting, {"fr": ("note.pdf", builders.pdf())}).status_code == 302
    )
    page = client.get(f"/meetings/{meeting.slug}/documents?lang=fr").get_data(
        as_text=True
    )
    assert "Note conceptuelle" in page and "Documents" in page
    response = upload(
        client, meeting, {"en": ("page.html", builders.html())}, lang="fr"
    )
    assert "n'est pas accepté" in response.get_data(as_text=True).replace("&#39;", "'")
