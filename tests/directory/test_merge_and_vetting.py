"""Merging organisations moves every link; vetting holds registrations of a category."""

from datetime import date
from datetime import datetime
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventsys.agenda.models import SpeakerRequest
from eventsys.audit.models import AuditEvent
from eventsys.directory import matching
from eventsys.directory import service
from eventsys.directory.models import Membership
from eventsys.directory.models import Organisation
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.errors import PermissionDenied
from eventsys.extensions import db
from eventsys.registration import service as registration_service
from eventsys.registration.models import Delegation
from tests.directory.helpers import make_iom
from tests.directory.helpers import partnerships_officer
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_person
from tests.factories import make_registration
from tests.factories import make_session
from tests.factories import make_user
from tests.registration.helpers import form_data

APPROVAL = {
    "decision": "approved",
    "reason": "Registered in Kenya; references from IOM Nairobi.",
    "expires_on": "2028-12-31",
    **{f"criterion_{k}": "y" for k in
       ("registered", "not_for_profit", "mission", "governance", "no_sanctions")},
}  # fmt: skip


def _ngo(officer, name, **extra):
    return service.create_organisation(
        {"kind": "ngo", "name_en": name, **extra}, actor=officer
    )


def test_merge_moves_every_link_and_keeps_the_names(app, now):
    officer = partnerships_officer()
    iom = make_iom(officer)
    duplicate = _ngo(
        officer, "IOM Geneva Office", acronym_en="IOM-GVA", tags="UN system"
    )
    meeting, other = make_meeting(), make_meeting()
    kept = make_registration(meeting, represents="IOM", represents_id=iom.id)
    moved = [
        make_registration(m, represents="IOM Geneva", represents_id=duplicate.id)
        for m in (meeting, other)
    ]
    untouched = make_registration(meeting, represents="UNHCR")
    delegation = Delegation(meeting=meeting, represents="IOM Geneva Office", focal_point_email="fp@example.org",
                            represents_id=duplicate.id)  # fmt: skip
    db.session.add(delegation)
    speaker = make_person(make_session(meeting), organisation_id=duplicate.id)
    plenary = make_session(meeting, has_speakers_list=True)
    floor = SpeakerRequest(session=plenary, registration=moved[0], speaking_for="IOM Geneva",
                           speaking_for_id=duplicate.id)  # fmt: skip
    db.session.add(floor)
    child = _ngo(officer, "IOM Geneva Staff Association")
    child.parent_id = duplicate.id
    db.session.add(
        Membership(organisation=duplicate, series=meeting.series, status="observer")
    )
    service.record_review(duplicate, {"decision": "in_review"}, actor=officer, now=now)
    db.session.flush()

    counts = service.merge(duplicate, iom, actor=officer, now=now)

    assert counts == {"registrations": 2, "delegations": 1, "speakers": 1,
                      "requests_for_the_floor": 1, "children": 1,
                      "reviews": 1, "memberships": 1, "documents": 0,
                      "contributions": 0, "side_events": 0, "designations": 0}  # fmt: skip
    db.session.expire_all()
    assert {r.represents_id for r in moved} == {iom.id}
    assert kept.represents_id == iom.id and untouched.represents_id is None
    assert delegation.represents_id == iom.id and speaker.organisation_id == iom.id
    assert child.parent_id == iom.id
    assert floor.speaking_for_id == iom.id and floor.speaking_for == "IOM Geneva"
    assert [m.series_id for m in iom.memberships] == [meeting.series_id]
    assert len(iom.reviews) == 1
    assert duplicate.merged_into_id == iom.id and duplicate.names == []
    assert "IOM Geneva Office" in iom.aliases and "IOM-GVA" in iom.aliases
    assert "UN system" in iom.tags
    assert matching.exact_match("IOM Geneva Office") == iom
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "organisation.merge")
    )
    assert event.object_id == iom.id
    assert (
        event.before["merged"] == duplicate.id
        and event.before["name"] == "IOM Geneva Office"
    )
    assert event.after["registrations"] == 2
    with pytest.raises(Conflict):
        service.merge(duplicate, iom, actor=officer, now=now)  # already merged


def test_states_are_never_merged_and_only_the_directory_merges(app, now):
    officer = partnerships_officer()
    mexico = service.ensure_state("MX")
    ngo = _ngo(officer, "Sin Fronteras")
    with pytest.raises(Conflict):
        service.merge(ngo, mexico, actor=officer, now=now)
    with pytest.raises(PermissionDenied):
        service.merge(ngo, make_iom(officer), actor=make_user(), now=now)


def test_a_review_records_the_checklist_decision_reason_and_expiry(app, now):
    officer = partnerships_officer()
    ngo = _ngo(officer, "Kenya Migrant Workers Alliance")
    with pytest.raises(InvalidInput) as refused:
        service.record_review(ngo, {**APPROVAL, "criterion_no_sanctions": "", "expires_on": ""},
                              actor=officer, now=now)  # fmt: skip
    assert set(refused.value.fields) == {"criteria", "expires_on"}
    with pytest.raises(InvalidInput):
        service.record_review(
            ngo, {"decision": "declined"}, actor=officer, now=now
        )  # no reason
    review = service.record_review(ngo, APPROVAL, actor=officer, now=now)
    assert (
        review.criteria["governance"] is True and review.criteria["references"] is False
    )
    assert ngo.vetting_status == "approved" and ngo.vetting_expires_on == date(
        2028, 12, 31
    )
    assert ngo.vetting_in_force(date(2029, 1, 1)) == "expired"
    assert service.expire_vetting(date(2029, 1, 1)) == 1
    assert (
        ngo.vetting_status == "expired"
        or db.session.get(Organisation, ngo.id).vetting_status == "expired"
    )


def _vetted_category(meeting):
    return make_category(meeting, key="ngo", requires_approved_organisation=True)


def test_a_category_that_requires_an_approved_organisation_holds_registrations(
    app, now
):
    officer = partnerships_officer()
    manager = make_user(is_admin=True)
    meeting = make_meeting()
    category = _vetted_category(meeting)
    ngo = _ngo(officer, "Kenya Migrant Workers Alliance", acronym_en="KMWA")

    unknown, _t = registration_service.register(
        meeting, data=form_data(category, 1, represents="Unknown Group"), now=now
    )
    typed, _t = registration_service.register(
        meeting, data=form_data(category, 2, represents="KMWA"), now=now
    )
    assert unknown.status == typed.status == "pending"
    assert registration_service.held_reason(unknown, now) == "not_linked"
    # Typing an accredited NGO's name is not accreditation: the link waits for a confirmation.
    assert typed.represents_id == ngo.id
    assert registration_service.held_reason(typed, now) == "not_confirmed"
    service.confirm_link(typed, None, actor=manager, now=now)
    assert registration_service.held_reason(typed, now) == "not_vetted"
    with pytest.raises(Conflict):
        registration_service.approve(typed, actor=manager, now=now)
    assert registration_service.bulk_approve(meeting, [typed.id], actor=manager, now=now) == {
        "confirmed": 0, "waitlisted": 0}  # fmt: skip

    service.record_review(ngo, APPROVAL, actor=officer, now=now)
    # Approval lists the pending registrations; it confirms none of them.
    assert typed.status == "pending"
    assert [r.id for r in service.pending_for_organisation(ngo, today=now.date())] == [
        typed.id
    ]
    assert registration_service.held_reason(typed, now) is None
    assert registration_service.approve(typed, actor=manager, now=now) == "confirmed"

    later = now.replace(year=2029)
    ngo.vetting_expires_on = date(2028, 12, 31)
    third, _t = registration_service.register(
        meeting, data=form_data(category, 3, represents="KMWA"), now=now
    )
    service.confirm_link(third, None, actor=officer, now=now)
    assert registration_service.held_reason(third, later) == "expired"
    assert (
        typed.status == "confirmed"
    )  # vetting that expires after confirmation changes nothing
    # A manager may approve anyway, with a reason, audited.
    assert registration_service.approve(third, actor=manager, now=later,
                                        override_reason="Renewal under review") == "confirmed"  # fmt: skip
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "registration.approve")
                               .order_by(AuditEvent.id.desc())).first()  # fmt: skip
    assert (
        event.after["held"] == "expired"
        and event.after["reason"] == "Renewal under review"
    )


def test_only_staff_confirm_a_link(app, now):
    officer = partnerships_officer()
    iom = make_iom(officer)
    registration = make_registration(
        make_meeting(), represents="IOM", represents_id=iom.id
    )
    with pytest.raises(PermissionDenied):
        service.confirm_link(registration, None, actor=make_user(), now=now)
    service.confirm_link(registration, None, actor=officer, now=now)
    assert registration.represents_confirmed_by_id == officer.id
    assert registration.represents_confirmed_at is not None
    assert now - timedelta(seconds=1) < registration.represents_confirmed_at


def test_the_category_setting_and_speakers_link(app, now):
    from eventsys.agenda import service as agenda
    from eventsys.registration import settings

    manager = make_user(is_admin=True)
    iom = make_iom(partnerships_officer())
    meeting = make_meeting()
    category = make_category(meeting)
    settings.update_category_settings(
        category, data={"requires_approved_organisation": "y"}, actor=manager, now=now
    )
    assert category.requires_approved_organisation is True
    session = agenda.create_session(meeting, actor=manager, now=now, data={
        "title": {"en": "Opening"}, "kind": "plenary",
        "starts_at": datetime(2027, 6, 1, 9, 0), "ends_at": datetime(2027, 6, 1, 10, 0),
        "people": [{"name": "Amy Pope", "affiliation": "OIM", "role": "speaker"},
                   {"name": "A. Guest", "affiliation": "Somewhere", "role": "speaker"}]})  # fmt: skip
    assert [p.organisation_id for p in session.people] == [iom.id, None]
