"""Statements carry the delegation's organisation, outcome documents name
contributors; the timeline lists both and a merge moves both."""

import io
from datetime import timedelta

import sqlalchemy as sa

from eventsys.directory import service
from eventsys.documents.models import MeetingDocument
from eventsys.extensions import db
from eventsys.models import utcnow
from eventsys.outcomes import service as outcomes
from eventsys.outcomes.models import OutcomeDocument
from eventsys.registration import delegations
from tests.directory.helpers import make_iom
from tests.directory.helpers import partnerships_officer
from tests.documents import builders
from tests.factories import PASSWORD
from tests.factories import make_meeting
from tests.factories import make_role
from tests.factories import make_user


def _login(client, user):
    db.session.commit()
    client.post("/login", data={"email": user.email, "password": PASSWORD})


def _ngo(officer, name):
    return service.create_organisation({"kind": "ngo", "name_en": name}, actor=officer)


def _statement(client, token, title="Statement of the Alliance"):
    return client.post(
        f"/delegations/{token}/documents",
        data={"kind": "statement", "language": "en", "title": title, "session_id": "",
              "file": (io.BytesIO(builders.pdf(title)), "statement.pdf")},
        content_type="multipart/form-data",
    )  # fmt: skip


def _world(client):
    now = utcnow()
    officer = partnerships_officer()
    admin = make_user(is_admin=True)
    alliance = _ngo(officer, "Kenya Migrant Alliance")
    duplicate = _ngo(officer, "KMA Nairobi")
    iom = make_iom(officer)
    meeting = make_meeting(slug="idm", title={"en": "Dialogue on Diasporas"},
                           starts_at=now + timedelta(days=5))  # fmt: skip
    other = make_meeting(slug="gfmd", title={"en": "Global Forum"},
                         starts_at=now + timedelta(days=50))  # fmt: skip
    make_role(admin, meeting)
    delegation, token = delegations.invite_delegation(
        meeting, data={"represents": "KMA Nairobi", "focal_point_email": "fp@kma.example"},
        actor=admin, now=now)  # fmt: skip
    delegation.represents_id = duplicate.id
    db.session.commit()
    assert _statement(client, token).status_code in (200, 302, 303)
    red_book = outcomes.create_document(other, actor=admin, now=now, data={
        "title": {"en": "Red Book of the Forum"}, "kind": "red_book", "language": "en",
        "contributors": f"KMA Nairobi\n{iom.id} IOM"})  # fmt: skip
    db.session.commit()
    return officer, admin, alliance, duplicate, iom, meeting, other, red_book


def test_the_statement_and_the_contribution_reach_the_timeline(app, client):
    officer, _admin, _alliance, duplicate, iom, _m, _o, red_book = _world(client)
    document = db.session.scalar(sa.select(MeetingDocument))
    assert document.organisation_id == duplicate.id
    assert [o.id for o in red_book.contributors] == sorted([duplicate.id, iom.id])
    _login(client, officer)
    page = client.get(f"/manage/directory/{duplicate.id}").get_data(as_text=True)
    assert "Statement at Dialogue on Diasporas" in page
    assert "Contributed to Red Book of the Forum" in page
    iom_page = client.get(f"/manage/directory/{iom.id}").get_data(as_text=True)
    assert "Contributed to Red Book of the Forum" in iom_page
    assert "Statement at" not in iom_page


def test_a_merge_moves_statements_and_contributions(app, client):
    officer, _admin, alliance, duplicate, _iom, _m, _o, red_book = _world(client)
    # Named twice once merged: the document keeps one row for the target.
    red_book.contributors.append(alliance)
    db.session.flush()
    counts = service.merge(duplicate, alliance, actor=officer, now=utcnow())
    assert counts["documents"] == 1 and counts["contributions"] == 0
    db.session.commit()
    assert db.session.scalar(sa.select(MeetingDocument.organisation_id)) == alliance.id
    names = [
        o.display_name()
        for o in db.session.get(OutcomeDocument, red_book.id).contributors
    ]
    assert sorted(names) == [
        "International Organization for Migration",
        "Kenya Migrant Alliance",
    ]
    _login(client, officer)
    page = client.get(f"/manage/directory/{alliance.id}").get_data(as_text=True)
    assert (
        "Statement at Dialogue on Diasporas" in page
        and "Contributed to Red Book" in page
    )


def test_unknown_contributors_are_a_form_message(app, client):
    _officer, admin, _a, _d, _i, _m, _other, red_book = _world(client)
    _login(client, admin)
    response = client.post(f"/manage/meetings/gfmd/outcomes/{red_book.slug}/edit", data={
        "kind": "red_book", "language": "en", "title_en": "Red Book of the Forum",
        "contributors": "Kenya Migrant Alliance\nAtlantis Relief"})  # fmt: skip
    assert response.status_code == 422
    assert "Not in the directory: Atlantis Relief" in response.get_data(as_text=True)
    form = client.get(f"/manage/meetings/gfmd/outcomes/{red_book.slug}/edit").get_data(
        as_text=True
    )
    assert "KMA Nairobi" in form
