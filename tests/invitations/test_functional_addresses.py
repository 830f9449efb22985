"""An organisation invited without a person: its functional address, by real SMTP."""

import csv
import io

import sqlalchemy as sa

from eventsys.directory import service as directory
from eventsys.extensions import db
from eventsys.invitations.models import Invitation
from eventsys.registration.models import Delegation
from tests.directory.helpers import partnerships_officer
from tests.invitations.helpers import LINK
from tests.invitations.helpers import login
from tests.invitations.helpers import setup_meeting


def _mission(officer):
    return directory.create_organisation({
        "kind": "igo", "name_en": "Organisation of Migration Secretariats",
        "acronym_en": "OMS",
        "contacts": "Geneva: registry.geneva@oms.example\nNew York: registry.ny@oms.example"},
        actor=officer)  # fmt: skip


def _send(runner):
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output


def test_compose_to_an_organisation_uses_its_functional_address(
    app, client, runner, smtp_server
):
    smtp_server.configure(app)
    meeting, manager, _closed, _open = setup_meeting(slug="fa")
    _mission(partnerships_officer())
    db.session.commit()
    login(client, manager)
    for represents, station in (
        ("OMS", ""),
        ("Organisation of Migration Secretariats", "New York"),
    ):
        response = client.post("/manage/meetings/fa/invitations", data={
            "email": "", "category": "expert", "language": "en", "represents": represents,
            "duty_station": station, "bound": "y", "send": "y"})  # fmt: skip
        assert response.status_code == 303, response.get_data(as_text=True)[:300]
    # A person named without an address is still a form message, not a guess.
    named = client.post("/manage/meetings/fa/invitations", data={
        "email": "", "given_name": "Ana", "category": "expert", "language": "en",
        "represents": "OMS", "send": "y"})  # fmt: skip
    assert named.status_code == 422
    _send(runner)
    to = sorted(m["To"].addresses[0].addr_spec for m in smtp_server.messages)
    assert to == ["registry.geneva@oms.example", "registry.ny@oms.example"]
    assert all(
        LINK.search(m.get_body(("plain",)).get_content()) for m in smtp_server.messages
    )
    invitations = db.session.scalars(sa.select(Invitation)).all()
    assert {i.bound for i in invitations} == {False}  # a mailbox is not a person


def test_import_rows_without_a_person_reach_the_functional_address(
    app, client, runner, smtp_server
):
    smtp_server.configure(app)
    meeting, manager, _closed, _open = setup_meeting(slug="fai")
    _mission(partnerships_officer())
    db.session.commit()
    login(client, manager)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "kind",
            "email",
            "given_name",
            "family_name",
            "represents",
            "category",
            "duty_station",
        ]
    )
    writer.writerows([["", "", "", "", "OMS", "expert", ""],
                      ["delegation", "", "", "", "OMS", "", "New York"],
                      ["", "", "", "", "Unknown Body", "expert", ""]])  # fmt: skip
    response = client.post("/manage/meetings/fai/invitations/import",
                           data={"file": (io.BytesIO(buffer.getvalue().encode()), "list.csv")},
                           content_type="multipart/form-data")  # fmt: skip
    page = response.get_data(as_text=True)
    key = page.split("/invitations/import/")[1].split('"')[0][:32]
    client.post(f"/manage/meetings/fai/invitations/import/{key}", follow_redirects=True)
    assert [i.email for i in db.session.scalars(sa.select(Invitation))] == [
        "registry.geneva@oms.example"
    ]
    delegation = db.session.scalar(sa.select(Delegation))
    assert delegation.focal_point_email == "registry.ny@oms.example"
    _send(runner)
    to = {m["To"].addresses[0].addr_spec for m in smtp_server.messages}
    assert "registry.ny@oms.example" in to  # the focal point's invitation went out
