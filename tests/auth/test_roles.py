"""Series managers, door staff and global roles, through the page, the CLI and services."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventsys.auth import roles
from eventsys.auth.models import GlobalRole
from eventsys.auth.permissions import can_check_in
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import can_use_directory
from eventsys.auth.permissions import can_use_manage_area
from eventsys.errors import PermissionDenied
from eventsys.meetings.models import Meeting
from eventsys.meetings.service import grant_meeting_role
from eventsys.models import utcnow
from tests.factories import PASSWORD
from tests.factories import make_meeting
from tests.factories import make_series
from tests.factories import make_user
from tests.meetings.helpers import meeting_form


def _sign_in(client, user):
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def _meeting(db, slug):
    return db.session.scalar(sa.select(Meeting).where(Meeting.slug == slug))


@pytest.fixture
def two_series(db):
    admin = make_user(email="admin@example.org", is_admin=True)
    ours, theirs = make_series(slug="ours"), make_series(slug="theirs")
    boss = make_user(email="boss@example.org")
    roles.grant_series_role(ours, boss, actor=admin)
    db.session.commit()
    return admin, boss, ours, theirs


def test_series_manager_creates_a_meeting_in_their_series_on_the_page(
    client, db, two_series
):
    _admin, boss, ours, theirs = two_series
    _sign_in(client, boss)
    page = client.get("/manage/meetings/new").get_data(as_text=True)
    assert f'value="{ours.id}"' in page and f'value="{theirs.id}"' not in page
    refused = client.post("/manage/meetings/new", data=meeting_form(theirs))
    assert refused.status_code == 403 and _meeting(db, "idm-2027-geneva") is None
    created = client.post("/manage/meetings/new", data=meeting_form(ours))
    assert created.status_code == 302
    meeting = _meeting(db, "idm-2027-geneva")
    assert meeting.series_id == ours.id
    assert client.get(f"/manage/meetings/{meeting.slug}/").status_code == 200


def test_series_manager_runs_every_meeting_of_the_series_only(client, db, two_series):
    _admin, boss, ours, theirs = two_series
    mine, other = make_meeting(series=ours), make_meeting(series=theirs)
    db.session.commit()
    _sign_in(client, boss)
    assert client.get(f"/manage/meetings/{mine.slug}/edit").status_code == 200
    assert client.get(f"/manage/meetings/{other.slug}/edit").status_code == 403
    assert client.get("/manage/series/new").status_code == 403  # admins only


def test_meeting_manager_no_longer_creates_meetings(client, db, two_series):
    _admin, _boss, ours, _theirs = two_series
    meeting = make_meeting(series=ours)
    manager = make_user()
    grant_meeting_role(meeting, manager, "manager", actor=None)
    db.session.commit()
    _sign_in(client, manager)
    assert client.get("/manage/meetings/new").status_code == 403
    assert (
        client.post("/manage/meetings/new", data=meeting_form(ours)).status_code == 403
    )
    assert client.get(f"/manage/meetings/{meeting.slug}/edition").status_code == 403
    assert client.get(f"/manage/meetings/{meeting.slug}/edit").status_code == 200


def _cli_create(runner, actor, series, slug):
    return runner.invoke(
        args=["meetings", "create", slug, "--as", actor, "--series", series,
              "--title", "A meeting", "--starts", "2027-05-03T09:00",
              "--ends", "2027-05-04T18:00", "--city", "Geneva", "--country", "CH"]
    )  # fmt: skip


def test_cli_follows_the_same_rule(runner, db, two_series):
    _admin, boss, _ours, _theirs = two_series
    refused = _cli_create(runner, boss.email, "theirs", "not-here")
    assert refused.exit_code != 0 and "managers of a series" in refused.output
    assert _meeting(db, "not-here") is None
    created = _cli_create(runner, boss.email, "ours", "here")
    assert created.exit_code == 0, created.output
    assert _meeting(db, "here").series.slug == "ours"
    admin_made = _cli_create(runner, "admin@example.org", "theirs", "admin-made")
    assert admin_made.exit_code == 0 and _meeting(db, "admin-made") is not None


def test_only_admins_grant_series_roles(runner, db, two_series):
    admin, boss, _ours, theirs = two_series
    with pytest.raises(PermissionDenied):
        roles.grant_series_role(theirs, boss, actor=boss)
    result = runner.invoke(
        args=["accounts", "grant-series", boss.email, "theirs", "--as", admin.email]
    )
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert {r.series.slug for r in boss.series_roles} == {"ours", "theirs"}


def test_door_staff_can_check_in_until_the_role_expires_and_nothing_else(db):
    meeting = make_meeting()
    door = make_user()
    role = grant_meeting_role(meeting, door, "checkin", actor=None)
    db.session.commit()
    assert role.expires_at == meeting.ends_at + timedelta(days=1)
    assert can_check_in(door, meeting)
    assert not can_manage_meeting(door, meeting) and not can_use_manage_area(door)
    assert not can_check_in(door, make_meeting())
    role.expires_at = utcnow() - timedelta(minutes=1)  # the meeting is over
    assert not can_check_in(door, meeting)


def test_door_staff_get_403_in_the_secretariat_area(client, db):
    meeting = make_meeting()
    door = make_user()
    grant_meeting_role(meeting, door, "checkin", actor=None)
    db.session.commit()
    _sign_in(client, door)
    for path in ("/manage/", f"/manage/meetings/{meeting.slug}/",
                 f"/manage/meetings/{meeting.slug}/registrations"):  # fmt: skip
        assert client.get(path).status_code == 403, path


def test_partnerships_is_granted_by_admins_only(db):
    admin = make_user(is_admin=True)
    officer = make_user()
    with pytest.raises(PermissionDenied):
        roles.grant_global_role(officer, "partnerships", actor=officer)
    roles.grant_global_role(officer, "partnerships", actor=admin)
    db.session.commit()
    assert can_use_directory(officer) and can_use_manage_area(officer)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(GlobalRole)) == 1
    roles.revoke_global_role(officer, "partnerships", actor=admin)
    db.session.commit()
    assert not can_use_directory(officer)
