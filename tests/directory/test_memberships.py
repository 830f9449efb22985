"""Memberships of a series: bulk add of States, changes from both pages, audited, public."""

import sqlalchemy as sa

from eventsys.audit.models import AuditEvent
from eventsys.directory.models import Membership
from eventsys.directory.models import Organisation
from eventsys.extensions import db
from tests.directory.helpers import make_iom
from tests.directory.helpers import partnerships_officer
from tests.factories import PASSWORD
from tests.factories import make_series
from tests.factories import make_user


def _login(client, user):
    db.session.commit()
    client.post("/login", data={"email": user.email, "password": PASSWORD})


def _members(series):
    rows = db.session.execute(
        sa.select(Organisation.iso_code, Membership.status)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .where(Membership.series_id == series.id)
    )
    return dict(rows.all())


def _bali():
    series = make_series(slug="bali", acronym="BP", kind="interregional_forum")
    db.session.add(Organisation(kind="iscm", name={"en": "Bali Process"}, series_id=series.id))  # fmt: skip
    return series


def test_bulk_add_by_codes_and_names_in_three_languages(app, client):
    officer = partnerships_officer()
    series = _bali()
    _login(client, officer)
    response = client.post("/manage/series/bali/members", data={
        "states": "ID\nth, Australia\nNouvelle-Zélande; Japón\nAtlantis\nIOM\nid",
        "status": "member"})  # fmt: skip
    assert response.status_code == 302
    assert _members(series) == {"ID": "member", "TH": "member", "AU": "member",
                                "NZ": "member", "JP": "member"}  # fmt: skip
    page = client.get("/manage/series/bali/members").get_data(as_text=True)
    assert "5 States added." in page
    assert "Not recognised as States: Atlantis; IOM" in page
    assert "Indonesia" in page and "New Zealand" in page
    events = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "organisation.membership")).all()  # fmt: skip
    assert len(events) == 5
    public = client.get("/processes/").get_data(as_text=True)
    assert "Australia, Indonesia, Japan, New Zealand, Thailand" in public


def test_bad_bulk_input_is_a_form_message(app, client):
    officer = partnerships_officer()
    series = _bali()
    _login(client, officer)
    empty = client.post(
        "/manage/series/bali/members", data={"states": " \n,", "status": "member"}
    )
    assert (
        empty.status_code == 422
        and "Give between 1 and 250 States" in empty.get_data(as_text=True)
    )
    wrong = client.post(
        "/manage/series/bali/members", data={"states": "ID", "status": "emperor"}
    )
    assert wrong.status_code == 422
    assert _members(series) == {}


def test_status_change_and_removal_from_both_pages(app, client):
    officer = partnerships_officer()
    series = _bali()
    iom = make_iom(officer)
    _login(client, officer)
    client.post(
        "/manage/series/bali/members", data={"states": "US", "status": "member"}
    )
    us = db.session.scalar(sa.select(Organisation).where(Organisation.iso_code == "US"))
    client.post(f"/manage/series/bali/members/{us.id}", data={"status": "observer"})
    assert _members(series) == {"US": "observer"}
    client.post(f"/manage/series/bali/members/{us.id}", data={"status": "none"})
    assert _members(series) == {}
    response = client.post(f"/manage/directory/{iom.id}/memberships",
                           data={"series_id": series.id, "status": "observer"})  # fmt: skip
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Membership.status).where(
        Membership.organisation_id == iom.id)) == "observer"  # fmt: skip
    page = client.get(f"/manage/directory/{iom.id}").get_data(as_text=True)
    assert "BP</a> (Observer)" in page
    missing = client.post(f"/manage/directory/{iom.id}/memberships",
                          data={"series_id": "99999999999", "status": "member"})  # fmt: skip
    assert missing.status_code == 302


def test_only_the_directory_people_manage_memberships(app, client):
    _bali()
    user = make_user()
    _login(client, user)
    assert client.get("/manage/series/bali/members").status_code == 403
    assert (
        client.post(
            "/manage/series/bali/members", data={"states": "ID", "status": "member"}
        ).status_code
        == 403
    )
