"""Delegations end to end: invitation by SMTP, focal point page, limits, accreditation, export."""

import csv
import io
import re

import pytest
import sqlalchemy as sa

from eventsys import links
from eventsys.extensions import db
from eventsys.registration import delegations
from eventsys.registration import service
from eventsys.registration.models import Delegation
from eventsys.registration.models import Registration
from tests.factories import PASSWORD
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_role
from tests.factories import make_user
from tests.registration.helpers import assert_invariant
from tests.registration.helpers import outbox


@pytest.fixture
def meeting(app):
    meeting = make_meeting(slug="grcp", capacity=10, public_participant_list=True)
    make_category(
        meeting,
        key="member_state",
        name={"en": "Member States"},
        position=0,
        delegation_size_limit=3,
    )
    make_category(meeting, key="igo", name={"en": "IGOs"}, position=1)
    db.session.commit()
    return meeting


@pytest.fixture
def manager_client(client, meeting):
    user = make_user(email="sec@example.org")
    make_role(user, meeting)
    db.session.commit()
    client.post("/login", data={"email": "sec@example.org", "password": PASSWORD})
    return client


def member(n, function="member", **overrides):
    data = {
        "category": "member_state",
        "function": function,
        "title": "H.E.",
        "given_name": f"Name{n}",
        "family_name": f"Family{n}",
        "email": "",
        "nationality": "",
        "country": "",
        "position": "Ambassador",
        "needs": "",
        "consent_to_list": "y",
        "privacy_accepted": "y",
    }
    data.update(overrides)
    return data


def _link(text: str) -> str:
    return re.search(r"http://events\.test(/delegations/\S+)", text).group(1)


def test_focal_point_flow_by_smtp(app, manager_client, meeting, runner, smtp_server):
    smtp_server.configure(app)
    client = manager_client
    response = client.post(
        "/manage/meetings/grcp/delegations",
        data={
            "country": "CH",
            "focal_point_email": "mission@example.ch",
            "focal_point_name": "Permanent Mission",
        },
    )
    assert response.status_code == 303
    assert runner.invoke(args=["mail", "send"]).exit_code == 0
    invitation = smtp_server.messages[-1]
    assert invitation["To"].addresses[0].addr_spec == "mission@example.ch"
    link = _link(invitation.get_body(("plain",)).get_content())
    client.post("/logout")
    page = client.get(link)
    assert page.status_code == 200 and "Delegation of Switzerland" in page.get_data(
        as_text=True
    )
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert (
        client.post(
            f"{link}/note", data={"note_reference": "Note 123/2027"}
        ).status_code
        == 303
    )
    assert (
        client.post(f"{link}/members", data=member(1, "head_of_delegation")).status_code
        == 303
    )
    assert (
        client.post(
            f"{link}/members", data=member(2, email="adviser@example.ch")
        ).status_code
        == 303
    )
    second_head = client.post(f"{link}/members", data=member(3, "head_of_delegation"))
    assert second_head.status_code == 409
    delegation = db.session.scalar(sa.select(Delegation))
    assert (
        delegation.status == "nominated"
        and delegation.note_reference == "Note 123/2027"
    )
    members = sorted(delegation.members, key=lambda m: m.id)
    assert [m.email for m in members] == ["mission@example.ch", "adviser@example.ch"]
    assert {m.status for m in members} == {"pending"}
    assert members[0].represents == "Switzerland" and members[0].country == "CH"
    # each member has their own manage link, sent to their address (or the focal point's)
    assert runner.invoke(args=["mail", "send"]).exit_code == 0
    to = sorted(m["To"].addresses[0].addr_spec for m in smtp_server.messages[1:])
    # The members' links, and the secretariat's notice of the nomination.
    assert to == ["adviser@example.ch", "mission@example.ch", "sec@example.org"]
    # edit and withdraw through the focal point's page
    ref = delegations.member_ref(members[1])
    edit = client.post(
        f"{link}/members/{ref}",
        data=member(2, "adviser", email="adviser@example.ch", position="Counsellor"),
    )
    assert edit.status_code == 303
    db.session.refresh(members[1])
    assert (members[1].function, members[1].position) == ("adviser", "Counsellor")
    # the secretariat accredits the whole delegation
    client.post("/login", data={"email": "sec@example.org", "password": PASSWORD})
    response = client.post(
        f"/manage/meetings/grcp/delegations/{delegation.id}/accredit"
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert delegation.status == "accredited"
    assert {m.status for m in delegation.members} == {"confirmed"}
    export = (
        client.get("/manage/meetings/grcp/delegations.csv")
        .get_data()
        .decode("utf-8-sig")
    )
    rows = list(csv.reader(io.StringIO(export)))
    assert rows[1][0] == "Switzerland" and rows[1][6] == "Head of delegation"
    assert rows[2][6] == "Adviser"
    assert_invariant(meeting)


def test_focal_point_sees_only_their_delegation(client, meeting, now):
    ch, ch_token = delegations.invite_delegation(
        meeting,
        data={"country": "CH", "focal_point_email": "a@ch.example"},
        actor=make_user(is_admin=True),
        now=now,
    )
    fr, fr_token = delegations.invite_delegation(
        meeting,
        data={"country": "FR", "focal_point_email": "a@fr.example"},
        actor=make_user(is_admin=True),
        now=now,
    )
    french, token = delegations.add_member(fr, data=member(1), now=now)
    db.session.commit()
    ref = delegations.member_ref(french)
    assert client.get(f"/delegations/{ch_token}/members/{ref}").status_code == 404
    assert (
        client.post(f"/delegations/{ch_token}/members/{ref}/withdraw").status_code
        == 404
    )
    assert client.get(f"/delegations/{fr_token}/members/{ref}").status_code == 200
    assert "FAMILY1" not in client.get(f"/delegations/{ch_token}").get_data(
        as_text=True
    )
    assert client.get("/delegations/nonsense").status_code == 404
    # the member's own link reaches only their registration
    page = client.get(f"/registrations/{token}").get_data(as_text=True)
    assert "FAMILY1" in page and "Delegation" in page


def test_size_limits(meeting, now):
    admin = make_user(is_admin=True)
    delegation, _ = delegations.invite_delegation(
        meeting,
        data={"country": "BO", "focal_point_email": "fp@bo.example", "size_limit": "4"},
        actor=admin,
        now=now,
    )
    assert delegation.represents == "Bolivia (Plurinational State of)"
    for n in range(3):
        delegations.add_member(delegation, data=member(n), now=now)
    with pytest.raises(service.Conflict, match="at most 3"):
        delegations.add_member(delegation, data=member(9), now=now)
    delegations.add_member(delegation, data=member(4, category="igo"), now=now)
    with pytest.raises(service.Conflict, match="size limit of 4"):
        delegations.add_member(delegation, data=member(5, category="igo"), now=now)
    withdrawn = delegation.members[0]
    delegations.withdraw_member(delegation, withdrawn, now=now)
    delegations.add_member(delegation, data=member(6), now=now)
    assert len(delegations.active_members(delegation)) == 4


def test_member_accreditation_one_by_one_and_public_list(client, meeting, now):
    admin = make_user(is_admin=True)
    delegation, _ = delegations.invite_delegation(
        meeting,
        data={"country": "MX", "focal_point_email": "fp@mx.example"},
        actor=admin,
        now=now,
    )
    head, _ = delegations.add_member(
        delegation, data=member(1, "head_of_delegation", family_name="Zapata"), now=now
    )
    other, _ = delegations.add_member(
        delegation, data=member(2, family_name="Alvarez"), now=now
    )
    delegations.accredit_member(delegation, head, actor=admin, now=now)
    assert (head.status, other.status) == ("confirmed", "pending")
    db.session.commit()
    html = client.get("/meetings/grcp/participants").get_data(as_text=True)
    assert "ZAPATA" in html and "Head of delegation" in html and "ALVAREZ" not in html
    assert "fp@mx.example" not in html


def test_request_delegation_and_bad_input(client, meeting):
    response = client.post(
        "/meetings/grcp/delegations/request",
        data={"country": "", "represents": "", "focal_point_email": "bad"},
    )
    assert response.status_code == 422
    response = client.post(
        "/meetings/grcp/delegations/request",
        data={"country": "KE", "focal_point_email": "fp@ke.example"},
    )
    assert response.status_code == 303
    assert db.session.scalar(sa.select(Delegation.represents)) == "Kenya"
    again = client.post(
        "/meetings/grcp/delegations/request",
        data={"country": "KE", "focal_point_email": "x@ke.example"},
    )
    assert again.status_code == 409
    # A request waits for the secretariat: no focal point's link yet.
    assert db.session.scalar(sa.select(Delegation.status)) == "requested"
    assert [m.kind for m in outbox() if m.kind.startswith("delegation_")] == [
        "delegation_requested",
        "delegation_request_received",
    ]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0


def test_delegation_request_accepted_end_to_end(client, manager_client, meeting):
    response = client.post(
        "/meetings/grcp/delegations/request",
        data={
            "country": "MX",
            "focal_point_name": "Luz Ortega",
            "focal_point_email": "fp@mx.example",
            "mission": "Permanent Mission of Mexico",
            "note_reference": "OGE-01234",
        },
    )
    assert response.status_code == 303
    delegation = db.session.scalar(sa.select(Delegation))
    assert (delegation.status, delegation.mission, delegation.note_reference) == (
        "requested",
        "Permanent Mission of Mexico",
        "OGE-01234",
    )
    assert delegation.link_generation == 0  # a request has no link yet
    page = manager_client.get("/manage/meetings/grcp/delegations").get_data(
        as_text=True
    )
    assert "Permanent Mission of Mexico" in page and "Accept the request" in page
    refused = manager_client.post(
        f"/manage/meetings/grcp/delegations/{delegation.id}/link"
    )
    assert refused.status_code == 409
    accepted = manager_client.post(
        f"/manage/meetings/grcp/delegations/{delegation.id}/accept"
    )
    assert accepted.status_code == 303
    db.session.expire_all()
    assert delegation.status == "invited"
    (mail,) = [m for m in outbox() if m.kind == "delegation_invited"]
    assert mail.to_addr == "fp@mx.example"
    token = re.search(rf"/delegations/({links.LINK_TEXT})", mail.body_text).group(1)
    assert client.get(f"/delegations/{token}").status_code == 200
    # Answered once: a second decision is refused and changes nothing.
    manager_client.post(f"/manage/meetings/grcp/delegations/{delegation.id}/decline")
    db.session.expire_all()
    assert delegation.status == "invited"


def test_delegation_request_declined(client, manager_client, meeting):
    client.post(
        "/meetings/grcp/delegations/request",
        data={"country": "KE", "focal_point_email": "fp@ke.example"},
    )
    delegation = db.session.scalar(sa.select(Delegation))
    response = manager_client.post(
        f"/manage/meetings/grcp/delegations/{delegation.id}/decline"
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert delegation.status == "declined" and delegation.link_generation == 0
    assert [m.to_addr for m in outbox() if m.kind == "delegation_declined"] == [
        "fp@ke.example"
    ]


def test_new_focal_point_link_retires_the_old_one(manager_client, meeting, now):
    delegation, token = delegations.invite_delegation(
        meeting,
        data={"country": "PE", "focal_point_email": "fp@pe.example"},
        actor=make_user(is_admin=True),
        now=now,
    )
    db.session.commit()
    assert manager_client.get(f"/delegations/{token}").status_code == 200
    response = manager_client.post(
        f"/manage/meetings/grcp/delegations/{delegation.id}/link"
    )
    assert response.status_code == 303
    assert manager_client.get(f"/delegations/{token}").status_code == 410
    new = _link([m for m in outbox() if m.kind == "delegation_invited"][-1].body_text)
    assert manager_client.get(new).status_code == 200


def test_concurrent_members_respect_the_size_limit(tmp_path):
    from eventsys import create_app
    from tests.conftest import base_config
    from tests.registration import concurrency

    app = create_app(
        base_config(
            tmp_path,
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'd.db'}",
            SQLALCHEMY_ENGINE_OPTIONS=concurrency.ENGINE_OPTIONS,
        )
    )
    with app.app_context():
        db.create_all()
        concurrency.scenario_delegation_limit(app)
        db.session.remove()
        db.drop_all()
