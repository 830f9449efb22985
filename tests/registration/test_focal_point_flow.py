"""The focal point flow end to end, every email through a real SMTP server.

The secretariat invites a Permanent Mission's focal point; the focal point
records the nominating note and registers four members, two of whom have no
personal address and are reached through the mission's shared one; every
member gets an email with a manage link of their own; the secretariat
accredits the delegation and every member gets a confirmation with a
calendar invitation and a fresh link.
"""

import re

import pytest
import sqlalchemy as sa

from eventsys import links
from eventsys.extensions import db
from eventsys.registration.models import Delegation
from tests.factories import PASSWORD
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_role
from tests.factories import make_user
from tests.registration.helpers import assert_invariant

MISSION = "mission.ghana@example.org"
MEMBERS = [  # (function, title, given, family, personal email)
    ("head_of_delegation", "H.E. Mr.", "Kwabena", "Asante", "k.asante@example.org"),
    ("member", "Mr.", "Kofi", "Boakye", ""),
    ("member", "Ms.", "Ama", "Mensah", ""),
    ("adviser", "Ms.", "Efua", "Owusu", "e.owusu@example.org"),
]


@pytest.fixture
def meeting(app):
    meeting = make_meeting(slug="idm-fp", capacity=20)
    make_category(meeting, key="member_state", name={"en": "Member States"}, position=0)
    secretariat = make_user(email="sec@example.org")
    make_role(secretariat, meeting)
    db.session.commit()
    return meeting


def send_mail(runner, smtp_server) -> list:
    before = len(smtp_server.messages)
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    return smtp_server.messages[before:]


def plain(message) -> str:
    return message.get_body(("plain",)).get_content()


def link(message, kind: str) -> str:
    return re.search(
        rf"http://events\.test(/{kind}/{links.LINK_TEXT})", plain(message)
    ).group(1)


def recipient(message) -> str:
    return message["To"].addresses[0].addr_spec


def by_name(messages) -> dict:
    """{family name: message}, from the name each email is addressed to."""
    return {
        next(m[3] for m in MEMBERS if m[3].upper() in str(message["To"])): message
        for message in messages
    }


def member_form(function, title, given, family, email) -> dict:
    return {
        "category": "member_state",
        "function": function,
        "title": title,
        "given_name": given,
        "family_name": family,
        "email": email,
        "nationality": "GH",
        "country": "",
        "position": "Diplomat",
        "needs": "",
        "consent_to_list": "y",
        "privacy_accepted": "y",
    }


def test_focal_point_flow_end_to_end(app, client, runner, smtp_server, meeting):
    smtp_server.configure(app)
    # 1. the secretariat invites the focal point
    client.post("/login", data={"email": "sec@example.org", "password": PASSWORD})
    invited = client.post(
        "/manage/meetings/idm-fp/delegations",
        data={
            "country": "GH",
            "focal_point_name": "Permanent Mission of Ghana",
            "focal_point_email": MISSION,
        },
    )
    assert invited.status_code == 303
    client.post("/logout")
    [invitation] = send_mail(runner, smtp_server)
    assert recipient(invitation) == MISSION and "Ghana" in plain(invitation)
    delegation_link = link(invitation, "delegations")
    assert delegation_link in invitation.get_body(("html",)).get_content()

    # 2. the focal point records the note and registers the members
    assert client.get(delegation_link).status_code == 200
    assert (
        client.post(
            f"{delegation_link}/note", data={"note_reference": "NV/GH/2027/12"}
        ).status_code
        == 303
    )
    for values in MEMBERS:
        assert (
            client.post(
                f"{delegation_link}/members", data=member_form(*values)
            ).status_code
            == 303
        )
    page = client.get(delegation_link).get_data(as_text=True)
    assert all(
        f"{given} {family.upper()}" in page for _f, _t, given, family, _e in MEMBERS
    )
    assert "NV/GH/2027/12" in page

    # 3. each member gets their own manage link, at their own address or the mission's
    sent = send_mail(runner, smtp_server)
    # The secretariat hears of the nomination (comms/notifications.py), once.
    (notice,) = [m for m in sent if recipient(m) == "sec@example.org"]
    assert notice["Subject"].startswith("Delegation nominated")
    received = by_name(m for m in sent if m is not notice)
    assert {family: recipient(m) for family, m in received.items()} == {
        "Asante": "k.asante@example.org",
        "Boakye": MISSION,
        "Mensah": MISSION,
        "Owusu": "e.owusu@example.org",
    }
    pending_links = {family: link(m, "registrations") for family, m in received.items()}
    assert len(set(pending_links.values())) == 4
    for family, url in pending_links.items():
        own = client.get(url).get_data(as_text=True)
        assert family.upper() in own
        assert not [
            other for other in pending_links if other != family and other.upper() in own
        ]

    # 4. the secretariat accredits the delegation as a whole
    delegation = db.session.scalar(
        sa.select(Delegation).where(Delegation.meeting_id == meeting.id)
    )
    client.post("/login", data={"email": "sec@example.org", "password": PASSWORD})
    listing = client.get("/manage/meetings/idm-fp/delegations").get_data(as_text=True)
    assert (
        "Ghana" in listing
        and "Permanent Mission of Ghana" in listing
        and "NV/GH/2027/12" in listing
    )
    accredited = client.post(
        f"/manage/meetings/idm-fp/delegations/{delegation.id}/accredit"
    )
    assert accredited.status_code == 303
    client.post("/logout")

    # 5. every member is confirmed, with an invitation and a fresh personal link
    confirmations = by_name(send_mail(runner, smtp_server))
    assert {family: recipient(m) for family, m in confirmations.items()} == {
        family: recipient(m) for family, m in received.items()
    }
    for family, message in confirmations.items():
        assert "approved" in message["Subject"].lower()
        assert any(
            part.get_content_type() == "text/calendar" for part in message.walk()
        )
        page = client.get(link(message, "registrations")).get_data(as_text=True)
        assert family.upper() in page and "Confirmed" in page
        # The approval email repeats the link of the first one: both work.
        assert link(message, "registrations") == pending_links[family]
    db.session.expire_all()
    assert delegation.status == "accredited"
    assert sorted(m.status for m in delegation.members) == ["confirmed"] * 4
    assert send_mail(runner, smtp_server) == []  # nothing sent twice
    assert_invariant(meeting)
