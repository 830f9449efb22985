"""Imports: delegations in the same file, cancel, stash files deleted and purged."""

import csv
import io
import os
from datetime import timedelta

import sqlalchemy as sa

from eventsys import jobs
from eventsys.extensions import db
from eventsys.invitations import imports
from eventsys.invitations.models import InvitationImport
from eventsys.models import utcnow
from eventsys.registration.models import Delegation
from tests.invitations.helpers import invitations
from tests.invitations.helpers import login
from tests.invitations.helpers import outbox
from tests.invitations.helpers import setup_meeting

HEADER = ["kind", "email", "given_name", "family_name", "represents", "category"]


def _csv(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _preview(client, slug, body):
    response = client.post(
        f"/manage/meetings/{slug}/invitations/import",
        data={"file": (io.BytesIO(body), "list.csv")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    return response, page, page.split("/invitations/import/")[1].split('"')[0][:32]


def _stashes(app):
    folder = imports.stash_dir(app.instance_path)
    return sorted(p.name for p in folder.glob("*.json")) if folder.is_dir() else []


def _delegations(meeting):
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(Delegation).where(Delegation.meeting_id == meeting.id)
        )
    )


def test_the_same_import_invites_focal_points(app, client):
    meeting, manager, _closed, _open = setup_meeting(slug="mixed")
    body = _csv(
        [
            ["", "ana@example.org", "Ana", "Pérez", "Mexico", "expert"],
            ["delegation", "fp@mission-fr.example", "Luc", "Martin", "France", ""],
            ["", "fp@mission-ke.example", "Wanjiru", "Otieno", "Kenya", ""],
            ["focal_point", "fp2@mission-fr.example", "", "", "France", ""],
            ["delegation", "not-an-email", "", "", "Chile", ""],
        ]
    )
    login(client, manager)
    response, page, key = _preview(client, "mixed", body)
    assert response.status_code == 200
    assert 'data-count="good">3<' in page
    assert 'data-count="duplicates">1<' in page  # France twice
    assert 'data-count="invalid">1<' in page
    assert _delegations(meeting) == [] and invitations(meeting) == []
    assert len(_stashes(app)) == 1
    confirm = client.post(
        f"/manage/meetings/mixed/invitations/import/{key}", follow_redirects=True
    )
    text = confirm.get_data(as_text=True)
    assert "1 invitation imported as a draft." in text
    assert "2 focal points invited." in text
    delegations = {d.represents: d for d in _delegations(meeting)}
    assert set(delegations) == {"France", "Kenya"}
    assert delegations["France"].status == "invited"
    assert delegations["France"].focal_point_name == "Luc Martin"
    assert delegations["Kenya"].link_generation  # the link that went out
    assert {e.to_addr for e in outbox("delegation_invited")} == {
        "fp@mission-fr.example",
        "fp@mission-ke.example",
    }
    assert [i.email for i in invitations(meeting)] == ["ana@example.org"]
    assert _stashes(app) == []  # deleted on confirmation
    job = db.session.scalar(sa.select(InvitationImport))
    assert (job.status, job.created, job.good) == ("confirmed", 3, 3)


def test_an_existing_delegation_is_a_duplicate(client):
    meeting, manager, _closed, _open = setup_meeting(slug="dupdel")
    db.session.add(
        Delegation(
            meeting=meeting,
            represents="Kenya",
            focal_point_email="old@example.org",
            status="invited",
            created_at=utcnow(),
            updated_at=utcnow(),
        )
    )
    db.session.commit()
    login(client, manager)
    _response, page, _key = _preview(
        client, "dupdel", _csv([["delegation", "new@example.org", "", "", "Kenya", ""]])
    )
    assert 'data-count="good">0<' in page
    assert 'data-count="duplicates">1<' in page
    assert "Import the rows that will be created" not in page


def test_cancel_deletes_the_stash_and_stores_nothing(app, client):
    meeting, manager, _closed, _open = setup_meeting(slug="cancel")
    login(client, manager)
    _response, _page, key = _preview(
        client, "cancel", _csv([["", "ana@example.org", "", "", "", "expert"]])
    )
    assert len(_stashes(app)) == 1
    cancel = client.post(f"/manage/meetings/cancel/invitations/import/{key}/cancel")
    assert cancel.status_code == 303
    assert _stashes(app) == []
    assert db.session.scalar(sa.select(InvitationImport.status)) == "cancelled"
    confirm = client.post(
        f"/manage/meetings/cancel/invitations/import/{key}", follow_redirects=True
    )
    assert "This import is already finished" in confirm.get_data(as_text=True)
    assert invitations(meeting) == []


def test_another_manager_cannot_confirm_an_import(client):
    meeting, manager, _closed, _open = setup_meeting(slug="theirs")
    other, other_manager, _c, _o = setup_meeting(slug="other")
    login(client, manager)
    _response, _page, key = _preview(
        client, "theirs", _csv([["", "ana@example.org", "", "", "", "expert"]])
    )
    client.post("/logout")
    login(client, other_manager)
    assert (
        client.post(f"/manage/meetings/theirs/invitations/import/{key}").status_code
        == 403
    )
    assert (
        client.post(f"/manage/meetings/other/invitations/import/{key}").status_code
        == 404
    )
    assert invitations(meeting) == [] and invitations(other) == []


def test_daily_job_purges_stale_stashes(app, client):
    meeting, manager, _closed, _open = setup_meeting(slug="stale")
    login(client, manager)
    _preview(client, "stale", _csv([["", "ana@example.org", "", "", "", "expert"]]))
    folder = imports.stash_dir(app.instance_path)
    orphan = folder / ("f" * 32 + ".json")
    orphan.write_text("{}")
    now = utcnow()
    assert (
        jobs.invitation_import_purge(now, "w")
        == "removed 0 stale invitation import file(s)"
    )
    old = (now - timedelta(days=2)).timestamp()
    for path in folder.glob("*.json"):
        os.utime(path, (old, old))
    later = now + timedelta(days=2)
    result = jobs.invitation_import_purge(later, "w")
    assert result == "removed 2 stale invitation import file(s)"
    assert _stashes(app) == []
    assert db.session.scalar(sa.select(InvitationImport.status)) == "expired"
    assert "invitation_import_purge" in [job.name for job in jobs.DAILY_JOBS]
