"""The directory pages: who sees what, the engagement timeline, search, export."""

import csv
import io

import sqlalchemy as sa

from eventsys.agenda.models import SessionPerson
from eventsys.audit.models import AuditEvent
from eventsys.auth.models import GlobalRole
from eventsys.auth.models import SeriesRole
from eventsys.directory import service
from eventsys.extensions import db
from eventsys.registration.models import Delegation
from tests.directory.helpers import make_iom
from tests.directory.helpers import make_unhcr
from tests.directory.helpers import partnerships_officer
from tests.factories import PASSWORD
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_person
from tests.factories import make_registration
from tests.factories import make_role
from tests.factories import make_session
from tests.factories import make_user


def _login(client, user):
    db.session.commit()
    client.post("/login", data={"email": user.email, "password": PASSWORD})


def _world(now):
    officer = partnerships_officer()
    iom, unhcr = make_iom(officer), make_unhcr(officer)
    mine = make_meeting(title={"en": "Bali Process Ad Hoc Group"})
    other = make_meeting(title={"en": "Global Dialogue on Migration"})
    cso = make_category(mine, name={"en": "Civil society"})
    for meeting, n in ((mine, 2), (other, 1)):
        category = (
            cso if meeting is mine else make_category(meeting, name={"en": "Observers"})
        )
        for _i in range(n):
            make_registration(meeting, category=category, represents="IOM", represents_id=iom.id,
                              status="confirmed", function="adviser")  # fmt: skip
    db.session.add(Delegation(meeting=other, represents="IOM", focal_point_email="fp@example.org",
                              represents_id=iom.id, status="accredited"))  # fmt: skip
    make_person(make_session(mine, title={"en": "Opening plenary"}), name="Amy Pope",
                organisation_id=iom.id, role="speaker")  # fmt: skip
    make_registration(other, represents="UNHCR", represents_id=unhcr.id)
    service.record_review(iom, {"decision": "declined", "reason": "Confidential reason text"},
                          actor=officer, now=now)  # fmt: skip
    return officer, iom, unhcr, mine, other


def test_officer_sees_the_whole_timeline_and_the_reviews(app, client, now):
    officer, iom, _unhcr, _mine, _other = _world(now)
    _login(client, officer)
    page = client.get(f"/manage/directory/{iom.id}").get_data(as_text=True)
    assert (
        "Bali Process Ad Hoc Group" in page and "Global Dialogue on Migration" in page
    )
    assert "2 registrations" in page and "1 registration" in page
    assert "Opening plenary" in page and "Amy Pope" in page
    assert "Delegation (Accredited)" in page
    assert "Confidential reason text" in page
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).where(AuditEvent.action == "directory.view")
        )
        == 1
    )


def test_timeline_lists_exactly_the_links_of_the_organisation(app, now):
    from eventsys.directory import queries

    _officer, iom, unhcr, mine, other = _world(now)
    rows = db.session.execute(queries.registrations_by_meeting(iom.id)).all()
    assert sorted((m.id, count) for m, _c, _f, _s, count in rows) == sorted(
        [(mine.id, 2), (other.id, 1)]
    )
    assert [
        d.meeting_id for d, _m in db.session.execute(queries.delegations_of(iom.id))
    ] == [other.id]
    assert [
        p.name for p, _s, _m in db.session.execute(queries.speakers_of(iom.id))
    ] == ["Amy Pope"]
    rows = db.session.execute(queries.registrations_by_meeting(unhcr.id)).all()
    assert [(m.id, count) for m, _c, _f, _s, count in rows] == [(other.id, 1)]
    assert db.session.scalar(sa.select(sa.func.count(SessionPerson.id))) == 1


def test_a_meeting_manager_sees_their_meeting_only_without_reviews(app, client, now):
    _officer, iom, unhcr, mine, _other = _world(now)
    manager = make_user()
    make_role(manager, mine, "manager")
    _login(client, manager)
    listing = client.get("/manage/directory/").get_data(as_text=True)
    assert "International Organization for Migration" in listing
    assert (
        "High Commissioner" not in listing
    )  # UNHCR is linked to the other meeting only
    page = client.get(f"/manage/directory/{iom.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert (
        "Bali Process Ad Hoc Group" in text
        and "Global Dialogue on Migration" not in text
    )
    assert "Declined" in text  # the vetting status
    assert "Confidential reason text" not in text and "New review" not in text
    assert client.get(f"/manage/directory/{unhcr.id}").status_code == 404
    assert client.get("/manage/directory/export.csv").status_code == 403
    assert (
        client.post(
            f"/manage/directory/{iom.id}/review", data={"decision": "approved"}
        ).status_code
        == 403
    )


def test_a_series_manager_sees_the_series_meetings(app, client, now):
    _officer, iom, unhcr, _mine, other = _world(now)
    manager = make_user()
    db.session.add(SeriesRole(user=manager, series=other.series, role="manager"))
    _login(client, manager)
    assert client.get(f"/manage/directory/{unhcr.id}").status_code == 200
    assert "Bali Process" not in client.get(f"/manage/directory/{iom.id}").get_data(
        as_text=True
    )


def test_nobody_else_sees_the_directory(app, client, now):
    _world(now)
    assert client.get("/manage/directory/").status_code == 302  # to sign in
    _login(client, make_user())
    assert client.get("/manage/directory/").status_code == 403


def test_search_filters_and_export(app, client, now):
    officer, iom, unhcr, mine, _other = _world(now)
    service.ensure_state("MX")
    _login(client, officer)
    found = client.get("/manage/directory/?q=oim").get_data(as_text=True)
    assert (
        "International Organization for Migration" in found
        and "High Commissioner" not in found
    )
    by_kind = client.get("/manage/directory/?kind=state").get_data(as_text=True)
    assert ">Mexico</a>" in by_kind and "International Organization" not in by_kind
    by_region = client.get("/manage/directory/?region=019").get_data(
        as_text=True
    )  # Americas
    assert ">Mexico</a>" in by_region and "International Organization" not in by_region
    took_part = client.get(f"/manage/directory/?meeting={mine.id}").get_data(
        as_text=True
    )
    assert "International Organization" in took_part and ">Mexico</a>" not in took_part
    assert ">Mexico</a>" not in client.get(
        "/manage/directory/?vetting=declined"
    ).get_data(as_text=True)
    response = client.get("/manage/directory/export.csv?kind=igo")
    rows = list(
        csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")))
    )
    assert [r[1] for r in rows[1:]] == ["International Organization for Migration"]
    assert client.get("/manage/directory/export.xlsx").data[:2] == b"PK"
    assert client.get("/manage/directory/export.pdf").status_code == 404
    assert client.get("/manage/directory/?page=abc").status_code == 404


def test_officer_creates_merges_and_links_through_the_pages(app, client, now):
    officer, iom, _unhcr, mine, _other = _world(now)
    make_registration(mine, represents="Intl. Org. for Migration")
    _login(client, officer)
    response = client.post(
        "/manage/directory/new",
        data={"kind": "ngo", "name_en": "IOM Staff Association"},
    )
    assert response.status_code == 302
    assert client.post("/manage/directory/new", data={"kind": "ngo"}).status_code == 422
    page = client.get("/manage/directory/unmatched").get_data(as_text=True)
    assert (
        "Intl. Org. for Migration" in page
        and "Link to International Organization for Migration" in page
    )
    client.post("/manage/directory/unmatched", data={"text": "Intl. Org. for Migration",
                                                     "organisation_id": iom.id, "action": "link"})  # fmt: skip
    assert "Every name is linked." in client.get(
        "/manage/directory/unmatched"
    ).get_data(as_text=True)
    registration = make_registration(mine, represents="IOM", represents_id=iom.id)
    db.session.commit()
    response = client.post(
        f"/manage/meetings/{mine.slug}/registrations/{registration.id}/organisation"
    )
    assert response.status_code == 302
    db.session.refresh(registration)
    assert registration.represents_confirmed_by_id == officer.id


def test_global_role_is_the_partnerships_one(app):
    user = make_user()
    user.global_roles.append(GlobalRole(role="partnerships"))
    db.session.flush()
    assert user.global_roles[0].role == "partnerships"


def test_processes_page_lists_the_mechanisms_with_their_members(app, client):
    from eventsys.directory.models import Membership
    from eventsys.directory.models import Organisation
    from tests.factories import make_series

    series = make_series(slug="bali", acronym="BP", kind="interregional_forum")
    bali = Organisation(kind="iscm", name={"en": "Bali Process"}, secretariat="Regional Support Office, Bangkok",
                        website="https://www.baliprocess.net", series_id=series.id,
                        description="A voluntary, non-binding forum.")  # fmt: skip
    db.session.add(bali)
    db.session.add(Organisation(kind="iscm", name={"en": "Colombo Process"}))
    db.session.add(Organisation(kind="ngo", name={"en": "Not a process"}))
    for code, status in (("AU", "member"), ("ID", "member"), ("US", "observer")):
        db.session.add(
            Membership(
                organisation=service.ensure_state(code), series=series, status=status
            )
        )
    db.session.commit()
    page = client.get("/processes/").get_data(as_text=True)
    assert (
        "Bali Process" in page
        and "Colombo Process" in page
        and "Not a process" not in page
    )
    assert (
        "Regional Support Office, Bangkok" in page
        and "https://www.baliprocess.net" in page
    )
    assert "Australia, Indonesia, United States of America (Observer)" in page
    assert "/series/bali" in page


def test_the_registration_page_shows_the_link_and_why_it_waits(app, client, now):
    officer, iom, _unhcr, mine, _other = _world(now)
    category = make_category(mine, key="vetted", requires_approved_organisation=True)
    registration = make_registration(
        mine, category=category, represents="OIM", represents_id=iom.id
    )
    manager = make_user()
    make_role(manager, mine, "manager")
    _login(client, manager)
    page = client.get(
        f"/manage/meetings/{mine.slug}/registrations/{registration.id}"
    ).get_data(as_text=True)
    assert (
        "suggested, not confirmed" in page
        and "Link to the organisation not confirmed" in page
    )
    client.post(
        f"/manage/meetings/{mine.slug}/registrations/{registration.id}/organisation"
    )
    page = client.get(
        f"/manage/meetings/{mine.slug}/registrations/{registration.id}"
    ).get_data(as_text=True)
    assert "link confirmed" in page and "Organisation not vetted" in page
    response = client.post(
        f"/manage/meetings/{mine.slug}/registrations/{registration.id}/approve"
    )
    db.session.refresh(registration)
    assert registration.status == "pending" and response.status_code in (302, 303, 409)


def test_timeline_lists_the_sessions_where_it_took_the_floor(app, client, now):
    from eventsys.agenda import speakers

    officer, iom, _unhcr, mine, _other = _world(now)
    debate = make_session(mine, title={"en": "General debate"}, has_speakers_list=True)
    closing = make_session(mine, title={"en": "Closing debate"}, has_speakers_list=True)
    speaker = make_registration(mine, represents="IOM", represents_id=iom.id,
                                status="confirmed")  # fmt: skip
    spoke = speakers.request_floor(debate, speaker, data={}, now=now)
    withdrawn = speakers.request_floor(closing, speaker, data={}, now=now)
    assert spoke.speaking_for_id == iom.id
    admin = make_user(is_admin=True)
    speakers.act(spoke, "spoken", actor=admin)
    speakers.act(withdrawn, "withdraw", actor=admin)
    _login(client, officer)
    page = client.get(f"/manage/directory/{iom.id}").get_data(as_text=True)
    assert "Spoke at General debate" in page
    assert "Closing debate" not in page
