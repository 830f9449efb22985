"""An approved organisation designates its representatives through its link (real SMTP)."""

import re
from datetime import date
from datetime import timedelta

import sqlalchemy as sa

from eventsys.audit.models import AuditEvent
from eventsys.directory import designations
from eventsys.directory import service as directory
from eventsys.directory.models import Designation
from eventsys.extensions import db
from eventsys.invitations.models import Invitation
from eventsys.registration import service as registration_service
from eventsys.registration.models import Registration
from tests.directory.helpers import partnerships_officer
from tests.factories import PASSWORD
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_registration
from tests.factories import make_role
from tests.factories import make_user
from tests.invitations.helpers import person

DESIGNATE = re.compile(r"/meetings/([a-z0-9-]+)/designate/([A-Za-z0-9_.\-]+)")
INVITATION = re.compile(r"/invitations/([A-Za-z0-9_\-]+)")
APPROVAL = {
    "decision": "approved",
    "reason": "Registered in Thailand; references from IOM Bangkok.",
    "expires_on": "2028-12-31",
    **{f"criterion_{k}": "y" for k in
       ("registered", "not_for_profit", "mission", "governance", "no_sanctions")},
}  # fmt: skip


def _world(now, *, approved=True):
    officer = partnerships_officer()
    ngo = directory.create_organisation({
        "kind": "ngo", "name_en": "Migrant Forum in Asia", "acronym_en": "MFA",
        "contacts": "Manila: secretariat@mfa.example\nGeneva: geneva@mfa.example"},
        actor=officer)  # fmt: skip
    if approved:
        directory.record_review(ngo, APPROVAL, actor=officer, now=now)
    meeting = make_meeting(slug="idm-2027")
    manager = make_user(email="manager@example.org")
    make_role(manager, meeting)
    category = make_category(meeting, key="csos", name={"en": "Civil society"},
                             requires_approved_organisation=True)  # fmt: skip
    db.session.commit()
    return officer, ngo, meeting, manager, category


def _login(client, user):
    client.post("/login", data={"email": user.email, "password": PASSWORD})


def _mail(runner, smtp_server):
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    messages = list(smtp_server.messages)
    smtp_server.messages.clear()
    return messages


def _body(message) -> str:
    return message.get_body(("plain",)).get_content()


def _send_link(client, ngo, **extra):
    data = {
        "organisation_id": str(ngo.id),
        "category": "csos",
        "language": "en",
        **extra,
    }
    return client.post("/manage/meetings/idm-2027/designations", data=data)


def test_designation_from_the_functional_address_to_an_approvable_registration(
    app, client, runner, smtp_server, now
):
    smtp_server.configure(app)
    _officer, ngo, meeting, manager, _category = _world(now)
    already = make_registration(meeting, category=_category, email="bo@example.org",
                                status="pending", represents="Migrant Forum Asia")  # fmt: skip
    db.session.commit()
    _login(client, manager)
    sent = _send_link(client, ngo, duty_station="Geneva")
    assert sent.status_code == 303, sent.get_data(as_text=True)[:400]

    (letter,) = _mail(runner, smtp_server)
    assert letter["To"].addresses[0].addr_spec == "geneva@mfa.example"
    slug, token = DESIGNATE.search(_body(letter)).groups()
    assert slug == "idm-2027"

    client.post("/logout")  # the registry's reader has no account
    page = client.get(f"/meetings/idm-2027/designate/{token}")
    assert page.status_code == 200
    assert "no-store" in page.headers["Cache-Control"]
    assert "Migrant Forum in Asia" in page.get_data(as_text=True)

    new = client.post(f"/meetings/idm-2027/designate/{token}", data={
        "title": "Ms.", "given_name": "Ana", "family_name": "Reyes",
        "email": "ana@example.org", "language": "en"})  # fmt: skip
    assert new.status_code == 303
    known = client.post(f"/meetings/idm-2027/designate/{token}", data={
        "given_name": "Bo", "family_name": "Lin", "email": "BO@example.org"})  # fmt: skip
    assert known.status_code == 303

    # Already registered: the link is confirmed, the status untouched.
    db.session.expire_all()
    bo = db.session.get(Registration, already.id)
    assert (bo.represents_id, bo.status) == (ngo.id, "pending")
    assert bo.represents_confirmed_at is not None
    assert bo.represents_confirmed_by_id is None
    assert bo.represents == "Migrant Forum in Asia"
    assert registration_service.held_reason(bo, now) is None
    _login(client, manager)
    edit = client.get(f"/manage/meetings/idm-2027/registrations/{bo.id}")
    text = edit.get_data(as_text=True)
    assert "confirmed by the organisation's designation" in text
    client.post("/logout")

    (invitation_mail,) = _mail(runner, smtp_server)
    assert invitation_mail["To"].addresses[0].addr_spec == "ana@example.org"
    invitation_token = INVITATION.search(_body(invitation_mail)).group(1)
    accepted = client.post(f"/invitations/{invitation_token}/accept",
                           data=person(email="ana@example.org", organisation="MFA Manila"))  # fmt: skip
    assert accepted.status_code == 303, accepted.get_data(as_text=True)[:400]
    db.session.expire_all()
    ana = db.session.scalar(
        sa.select(Registration).where(Registration.email == "ana@example.org")
    )
    assert ana.status == "pending"  # the category still waits for the manager
    assert ana.represents_id == ngo.id and ana.represents_confirmed_at is not None
    designation = db.session.scalar(sa.select(Designation))
    assert (
        ana.represents_designation_id == designation.id == bo.represents_designation_id
    )

    # The page lists both; the manager approves without an override.
    listed = client.get(f"/meetings/idm-2027/designate/{token}").get_data(as_text=True)
    assert "ana@example.org" in listed and "bo@example.org" in listed
    _login(client, manager)
    overview = client.get("/manage/meetings/idm-2027/designations").get_data(
        as_text=True
    )
    assert 'data-count="registered">2<' in overview
    assert registration_service.approve(ana, actor=manager, now=now) == "confirmed"
    confirmations = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "registration.represents_confirm")).all()  # fmt: skip
    assert sorted(e.object_id for e in confirmations) == sorted([ana.id, bo.id])
    assert {e.after["designation"] for e in confirmations} == {designation.id}


def test_only_approved_organisations_designate(app, client, now):
    _officer, ngo, _meeting, manager, _category = _world(now, approved=False)
    _login(client, manager)
    refused = _send_link(client, ngo)
    assert refused.status_code == 409
    assert "approved" in refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Designation)) == 0


def test_a_lapsed_approval_stops_the_link(app, client, now):
    officer, ngo, meeting, manager, _category = _world(now)
    _login(client, manager)
    assert _send_link(client, ngo, email="focal@mfa.example").status_code == 303
    designation = db.session.scalar(sa.select(Designation))
    from eventsys import links

    token = links.link_for(designation)
    ngo.vetting_expires_on = date.today() - timedelta(days=1)
    db.session.commit()
    page = client.get(f"/meetings/idm-2027/designate/{token}")
    assert page.status_code == 200
    assert "can no longer be used" in page.get_data(as_text=True)
    refused = client.post(f"/meetings/idm-2027/designate/{token}",
                          data={"given_name": "Ana", "email": "ana@example.org"})  # fmt: skip
    assert refused.status_code == 409
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 0


def test_revoking_closes_the_link_and_its_unanswered_invitations(app, client, now):
    _officer, ngo, meeting, manager, _category = _world(now)
    _login(client, manager)
    assert _send_link(client, ngo).status_code == 303
    designation = db.session.scalar(sa.select(Designation))
    assert designation.sent_to == "secretariat@mfa.example"  # its first address
    from eventsys import links

    token = links.link_for(designation)
    assert client.post(f"/meetings/idm-2027/designate/{token}",
                       data={"given_name": "Ana", "email": "ana@example.org"}).status_code == 303  # fmt: skip
    assert client.get(f"/meetings/another/designate/{token}").status_code == 404
    revoked = client.post(
        f"/manage/meetings/idm-2027/designations/{designation.id}/revoke"
    )
    assert revoked.status_code == 303
    assert client.get(f"/meetings/idm-2027/designate/{token}").status_code == 404
    (invitation,) = db.session.scalars(sa.select(Invitation)).all()
    db.session.refresh(invitation)
    assert invitation.status == "revoked"
    # Sent again: a new link; the revoked one stays closed.
    assert _send_link(client, ngo).status_code == 303
    db.session.refresh(designation)
    fresh = links.link_for(designation)
    assert fresh != token
    assert client.get(f"/meetings/idm-2027/designate/{fresh}").status_code == 200
    # The old link is replaced: it can only have the current one sent to the
    # organisation's address, never open the page.
    assert client.get(f"/meetings/idm-2027/designate/{token}").status_code == 410


def test_bad_input_is_a_form_message(app, client, now):
    _officer, ngo, meeting, manager, _category = _world(now)
    _login(client, manager)
    no_category = _send_link(client, ngo, category="nope")
    assert no_category.status_code == 422
    bad_email = _send_link(client, ngo, email="not an address")
    assert bad_email.status_code == 422
    assert client.post("/manage/meetings/idm-2027/designations",
                       data={"organisation_id": "x", "category": "csos"}).status_code == 422  # fmt: skip
    assert _send_link(client, ngo).status_code == 303
    from eventsys import links

    token = links.link_for(db.session.scalar(sa.select(Designation)))
    missing = client.post(
        f"/meetings/idm-2027/designate/{token}", data={"given_name": "Ana"}
    )
    assert missing.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 0


def test_who_may_send(app, client, now):
    officer, ngo, meeting, _manager, _category = _world(now)
    elsewhere = make_user(email="elsewhere@example.org")
    make_role(elsewhere, make_meeting(), "manager")
    db.session.commit()
    _login(client, elsewhere)
    assert client.get("/manage/meetings/idm-2027/designations").status_code == 403
    assert _send_link(client, ngo).status_code == 403
    client.post("/logout")
    _login(client, officer)  # the partnerships officer manages no meeting
    assert client.get("/manage/meetings/idm-2027/designations").status_code == 200
    assert _send_link(client, ngo).status_code == 303


def test_a_merge_moves_the_designation_unless_the_target_has_one(app, client, now):
    officer, ngo, meeting, manager, _category = _world(now)
    other_meeting = make_meeting(slug="grcp-2027")
    make_category(other_meeting, key="csos", name={"en": "Civil society"})
    duplicate = directory.create_organisation(
        {"kind": "ngo", "name_en": "Migrant Forum Asia (Manila)"}, actor=officer)  # fmt: skip
    directory.record_review(duplicate, APPROVAL, actor=officer, now=now)
    kept, moved = (
        designations.send(m, duplicate, data={"category": "csos", "email": "a@mfa.example"},
                          actor=officer, now=now)
        for m in (meeting, other_meeting)
    )  # fmt: skip
    own = designations.send(
        meeting, ngo, data={"category": "csos"}, actor=officer, now=now
    )
    counts = directory.merge(duplicate, ngo, actor=officer, now=now)
    assert counts["designations"] == 1
    db.session.expire_all()
    assert moved.organisation_id == ngo.id and own.organisation_id == ngo.id
    assert kept.organisation_id == duplicate.id
    assert not designations.usable(kept, now)  # a merged organisation designates nobody
    assert designations.usable(moved, now)
