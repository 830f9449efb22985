"""Focal points' uploads: statements released when delivered, notes verbales and
credentials kept by the secretariat, files held back until scanned or approved."""

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventsys import jobs
from eventsys.documents import statements
from eventsys.documents.models import MeetingDocument
from eventsys.documents.models import MeetingFile
from eventsys.documents.views import get_storage
from eventsys.models import utcnow
from eventsys.registration import delegations
from tests.documents import builders
from tests.factories import PASSWORD
from tests.factories import make_meeting
from tests.factories import make_role
from tests.factories import make_session
from tests.factories import make_user


@pytest.fixture
def world(db):
    now = utcnow()
    meeting = make_meeting(
        slug="idm", languages=["en", "fr"], starts_at=now + timedelta(days=5)
    )
    manager = make_user(email="sec@example.org")
    make_role(manager, meeting)
    plenary = make_session(meeting, starts_at=now + timedelta(days=5))
    admin = make_user(is_admin=True)
    france, fr_token = delegations.invite_delegation(
        meeting,
        data={"country": "FR", "focal_point_email": "fp@fr.example"},
        actor=admin,
        now=now,
    )
    kenya, ke_token = delegations.invite_delegation(
        meeting,
        data={"country": "KE", "focal_point_email": "fp@ke.example"},
        actor=admin,
        now=now,
    )
    db.session.commit()
    return {
        "meeting": meeting,
        "manager": manager,
        "session": plenary,
        "france": (france, fr_token),
        "kenya": (kenya, ke_token),
    }


def send(
    client, token, *, kind="statement", name="statement.pdf", content=None, **fields
):
    data = {
        "kind": kind,
        "language": "en",
        "title": "",
        "session_id": "",
        "file": (io.BytesIO(content or builders.pdf("Statement of France")), name),
        **fields,
    }
    return client.post(
        f"/delegations/{token}/documents", data=data, content_type="multipart/form-data"
    )


def documents(db):
    db.session.expire_all()
    return list(
        db.session.scalars(sa.select(MeetingDocument).order_by(MeetingDocument.id))
    )


def public_url(document, file):
    return f"/meetings/idm/documents/{document.id}/{file.language}/{file.filename}"


def login(client, user):
    client.post("/login", data={"email": user.email, "password": PASSWORD})


def test_statement_waits_for_its_session_then_goes_public(app, db, client, world):
    _france, token = world["france"]
    session = world["session"]
    response = send(client, token, session_id=str(session.id), allow_publication="y")
    assert response.status_code == 303
    [document] = documents(db)
    [file] = document.files
    assert (document.kind, document.visibility) == ("statement", "secretariat")
    assert document.title == {"en": "Statement by France"}
    assert document.check_against_delivery and document.allow_publication
    assert file.scan_status == "pending_scan"  # no EVENTSYS_CLAMD here
    page = client.get(f"/delegations/{token}").get_data(as_text=True)
    assert (
        "statement.pdf" in page
        and "With the secretariat until it is delivered." in page
    )
    assert client.get(public_url(document, file)).status_code == 404
    # The session is not over: the minute job leaves it alone.
    assert (
        jobs.release_statements(utcnow(), "w")
        == "released 0 statement(s) of ended sessions"
    )
    after = session.ends_at + timedelta(minutes=1)
    assert (
        jobs.release_statements(after, "w")
        == "released 1 statement(s) of ended sessions"
    )
    [document] = documents(db)
    assert document.visibility == "public" and document.released_at is not None
    # Public now, but the file still waits for a scan: not served outside the secretariat.
    assert client.get(public_url(document, file)).status_code == 404
    listing = client.get("/meetings/idm/documents").get_data(as_text=True)
    assert "Check against delivery" in listing and "being checked" in listing
    login(client, world["manager"])
    manage = client.get(f"/manage/meetings/idm/documents/{document.id}").get_data(
        as_text=True
    )
    assert 'data-scan="pending_scan"' in manage
    assert (
        client.get(public_url(document, file)).status_code == 200
    )  # the secretariat's
    approve = client.post(
        f"/manage/meetings/idm/documents/{document.id}/files/{file.id}/approve"
    )
    assert approve.status_code == 302
    client.post("/logout")
    download = client.get(public_url(document, file))
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    assert (
        jobs.release_statements(after, "w")
        == "released 0 statement(s) of ended sessions"
    )


def test_statement_not_allowed_for_publication_stays_with_the_secretariat(
    app, db, client, world
):
    _france, token = world["france"]
    session = world["session"]
    # The checkbox left unticked: no allow_publication in the form.
    assert send(client, token, session_id=str(session.id)).status_code == 303
    [document] = documents(db)
    assert document.allow_publication is False
    statements.release_ended_sessions(now=session.ends_at + timedelta(hours=1))
    db.session.commit()
    [document] = documents(db)
    assert document.released_at is not None and document.visibility == "secretariat"


def test_the_list_of_speakers_releases_a_delegations_statement(app, db, client, world):
    france, fr_token = world["france"]
    _kenya, ke_token = world["kenya"]
    session = world["session"]
    for token in (fr_token, ke_token):
        send(client, token, session_id=str(session.id), allow_publication="y")
    assert statements.release_statements_for(france, session, now=utcnow()) == 1
    db.session.commit()
    released = {d.delegation.represents: d.visibility for d in documents(db)}
    assert released == {"France": "public", "Kenya": "secretariat"}
    assert statements.release_statements_for(france, session, now=utcnow()) == 0
    assert statements.release_statements_for(None, session, now=utcnow()) == 1


def test_delivered_text_replaces_the_statement(app, db, client, world):
    _france, token = world["france"]
    send(client, token, allow_publication="y")
    [document] = documents(db)
    delivered = client.post(
        f"/delegations/{token}/documents/{document.id}/delivered",
        data={
            "language": "en",
            "file": (io.BytesIO(builders.pdf("As delivered")), "delivered.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert delivered.status_code == 303
    [document] = documents(db)
    assert document.check_against_delivery is False
    current = document.current_file("en")
    assert (current.number, current.filename) == (2, "delivered.pdf")
    assert document.files[-1].superseded_at is not None
    # Another delegation cannot replace it.
    _kenya, ke_token = world["kenya"]
    other = client.post(
        f"/delegations/{ke_token}/documents/{document.id}/delivered",
        data={"language": "en", "file": (io.BytesIO(builders.pdf("x")), "x.pdf")},
        content_type="multipart/form-data",
    )
    assert other.status_code == 404
    assert len(documents(db)[0].files) == 2


@pytest.mark.parametrize("kind", ["note_verbale", "credentials"])
def test_notes_verbales_and_credentials_are_always_the_secretariats(
    app, db, client, world, kind
):
    _france, token = world["france"]
    assert (
        send(client, token, kind=kind, name="nv.pdf", allow_publication="y").status_code
        == 303
    )
    [document] = documents(db)
    assert document.visibility == "secretariat" and document.delegation_id
    assert document.allow_publication is False
    assert statements.release_statement(document, now=utcnow()) is False
    assert client.get(public_url(document, document.files[0])).status_code == 404
    assert "nv.pdf" not in client.get("/meetings/idm/documents").get_data(as_text=True)


def test_refused_uploads_store_nothing(app, db, client, world):
    _france, token = world["france"]
    refused = [
        send(client, token, name="virus.exe", content=b"MZ\x90\x00" + b"\x00" * 64),
        send(client, token, name="page.pdf", content=b"<html><script></script></html>"),
        send(client, token, kind="minutes"),
        send(client, token, language="de"),
        send(client, token, session_id="999999"),
        send(client, token, session_id="9" * 20),  # past any id: not a 500
    ]
    assert [r.status_code for r in refused] == [422] * 6
    assert documents(db) == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MeetingFile)) == 0
    assert client.post("/delegations/nonsense/documents").status_code == 404


def test_approving_is_for_managers_and_pending_files_only(app, db, client, world):
    _france, token = world["france"]
    send(client, token)
    [document] = documents(db)
    file = document.files[0]
    url = f"/manage/meetings/idm/documents/{document.id}/files/{file.id}/approve"
    stranger = make_user(email="other@example.org")
    db.session.commit()
    login(client, stranger)
    assert client.post(url).status_code == 403
    client.post("/logout")
    login(client, world["manager"])
    client.post(url)
    db.session.expire_all()
    assert db.session.get(MeetingFile, file.id).scan_status == "approved"
    again = client.post(url, follow_redirects=True)
    assert "This file does not wait for a scan." in again.get_data(as_text=True)


def test_without_a_scanner_the_scan_job_says_so(app, db):
    assert jobs.scan_documents(utcnow(), "w").startswith("EVENTSYS_CLAMD is not set")
    assert get_storage() is not None


def test_marking_the_speaker_spoken_releases_only_their_delegations_statement(
    app, db, client, world
):
    from eventsys.agenda import speakers
    from tests.factories import make_category
    from tests.factories import make_registration

    france, fr_token = world["france"]
    _kenya, ke_token = world["kenya"]
    session = world["session"]
    session.has_speakers_list = True
    for token in (fr_token, ke_token):
        send(client, token, session_id=str(session.id), allow_publication="y")
    minister = make_registration(
        world["meeting"],
        category=make_category(world["meeting"]),
        status="confirmed",
        delegation=france,
        represents="France",
    )
    request = speakers.request_floor(session, minister, data={}, now=utcnow())
    speakers.act(request, "call", actor=world["manager"])
    assert {d.visibility for d in documents(db)} == {"secretariat"}  # not yet
    speakers.act(request, "spoken", actor=world["manager"])
    db.session.commit()
    released = {d.delegation.represents: d.visibility for d in documents(db)}
    assert released == {"France": "public", "Kenya": "secretariat"}
