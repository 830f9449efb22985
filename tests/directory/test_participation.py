"""FirstParticipation stays equal to a full scan of every registration and delegation."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventsys.directory import service
from eventsys.directory.models import FirstParticipation
from eventsys.extensions import db
from eventsys.meetings.models import Meeting
from eventsys.models import utcnow
from eventsys.privacy.service import erase_registration
from eventsys.registration.models import ACTIVE_STATUSES
from eventsys.registration.models import Delegation
from eventsys.registration.models import Registration
from tests.directory.helpers import make_iom
from tests.directory.helpers import make_unhcr
from tests.directory.helpers import partnerships_officer
from tests.factories import make_meeting
from tests.factories import make_registration


def _full_scan() -> dict[int, int]:
    """{organisation id: first meeting id}, computed here from every row in Python."""
    starts = {m.id: m.starts_at for m in db.session.scalars(sa.select(Meeting))}
    links = [
        (r.represents_id, r.meeting_id)
        for r in db.session.scalars(sa.select(Registration))
        if r.represents_id and r.status in ACTIVE_STATUSES
    ] + [
        (d.represents_id, d.meeting_id)
        for d in db.session.scalars(sa.select(Delegation))
        if d.represents_id
    ]
    first: dict[int, int] = {}
    for organisation_id, meeting_id in links:
        known = first.get(organisation_id)
        if known is None or (starts[meeting_id], meeting_id) < (starts[known], known):
            first[organisation_id] = meeting_id
    return first


def _table() -> dict[int, int]:
    db.session.flush()
    rows = db.session.execute(
        sa.select(FirstParticipation.organisation_id, FirstParticipation.meeting_id)
    )
    return dict(rows.all())


def _world():
    officer = partnerships_officer()
    iom, unhcr = make_iom(officer), make_unhcr(officer)
    duplicate = service.create_organisation(
        {"kind": "igo", "name_en": "Intl Organisation of Migrants"}, actor=officer
    )
    start = utcnow() + timedelta(days=30)
    old, middle, new = (
        make_meeting(starts_at=start + timedelta(days=d), title={"en": t})
        for d, t in ((0, "Old"), (100, "Middle"), (200, "New"))
    )
    return officer, (iom, unhcr, duplicate), (old, middle, new)


def test_first_participation_agrees_with_a_full_scan(app):
    officer, (iom, unhcr, duplicate), (old, middle, new) = _world()
    make_registration(new, represents_id=iom.id, status="confirmed")
    early = make_registration(middle, represents_id=iom.id, status="pending")
    make_registration(old, represents_id=unhcr.id, status="cancelled")  # not counted
    make_registration(new, represents_id=unhcr.id, status="waitlisted")
    make_registration(old, represents="Intl Org for Migration", status="confirmed")
    db.session.add(
        Delegation(meeting=old, represents="Duplicate", represents_id=duplicate.id,
                   focal_point_email="fp@example.org", status="invited")
    )  # fmt: skip
    assert (
        _table()
        == _full_scan()
        == {iom.id: middle.id, unhcr.id: new.id, duplicate.id: old.id}
    )

    early.status = "rejected"  # a status change: IOM's first is now the new meeting
    assert _table() == _full_scan() and _table()[iom.id] == new.id

    assert service.link_unmatched("Intl Org for Migration", iom, actor=officer) == 1
    assert _table() == _full_scan() and _table()[iom.id] == old.id

    service.merge(duplicate, unhcr, actor=officer)  # moves the old delegation
    assert _table() == _full_scan() and _table()[unhcr.id] == old.id
    assert duplicate.id not in _table()

    mine = make_registration(old, represents_id=iom.id, status="confirmed")
    for registration in db.session.scalars(
        sa.select(Registration).where(
            Registration.meeting_id == old.id, Registration.represents_id == iom.id
        )
    ).all():
        erase_registration(registration, actor=None)  # cancels: the meeting is ahead
    assert mine.status == "cancelled"
    assert _table() == _full_scan() and _table()[iom.id] == new.id


def test_a_moved_or_deleted_meeting_moves_the_first_participation(app):
    _officer, (iom, unhcr, _d), (old, middle, new) = _world()
    make_registration(old, represents_id=iom.id, status="confirmed")
    make_registration(middle, represents_id=iom.id, status="confirmed")
    make_registration(middle, represents_id=unhcr.id, status="confirmed")
    assert _table() == _full_scan() == {iom.id: old.id, unhcr.id: middle.id}
    old.starts_at, old.ends_at = (
        new.starts_at + timedelta(days=10),
        new.ends_at + timedelta(days=10),
    )
    assert _table() == _full_scan() == {iom.id: middle.id, unhcr.id: middle.id}
    db.session.delete(middle)
    assert _table() == _full_scan() == {iom.id: old.id}


@pytest.mark.parametrize("status", ["confirmed", "cancelled"])
def test_a_new_link_on_postgresql(pg_app, status):
    _officer, (iom, _u, _d), (old, _m, _n) = _world()
    make_registration(old, represents_id=iom.id, status=status)
    assert _table() == _full_scan()
    assert (iom.id in _table()) is (status == "confirmed")


def test_two_registrations_for_one_organisation_at_once_on_postgresql(pg_app):
    """Both commit (no duplicate key) and the row counts the earlier meeting."""
    import threading

    _officer, (iom, _u, _d), (old, middle, _new) = _world()
    categories = {m.id: make_registration(m, status="cancelled").category_id
                  for m in (old, middle)}  # fmt: skip
    db.session.commit()
    ids = (iom.id, old.id, middle.id)
    barrier, errors = threading.Barrier(2), []

    def register(meeting_id):
        with pg_app.app_context():
            try:
                db.session.add(Registration(
                    meeting_id=meeting_id, category_id=categories[meeting_id],
                    email=f"p{meeting_id}@example.org", given_name="A", family_name="B",
                    status="confirmed", represents_id=ids[0]))  # fmt: skip
                barrier.wait(timeout=10)
                db.session.commit()
            except Exception as error:
                errors.append(error)
                db.session.rollback()

    threads = [threading.Thread(target=register, args=(m,)) for m in ids[1:]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    db.session.expire_all()
    assert _table() == _full_scan() == {ids[0]: ids[1]}
