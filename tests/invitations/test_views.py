"""Invitations through HTTP: the public form, the invitee's link, the secretariat's page."""

import csv
import io
from datetime import timedelta

import sqlalchemy as sa
from openpyxl import Workbook
from openpyxl import load_workbook

from eventsys.extensions import db
from eventsys.invitations import service
from eventsys.invitations.models import Invitation
from eventsys.models import utcnow
from eventsys.registration.models import Delegation
from eventsys.registration.models import Registration
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_role
from tests.invitations.helpers import LINK
from tests.invitations.helpers import invitations
from tests.invitations.helpers import invite
from tests.invitations.helpers import login
from tests.invitations.helpers import outbox
from tests.invitations.helpers import person
from tests.invitations.helpers import setup_meeting
from tests.registration.helpers import form_data


def _registrations(meeting):
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(Registration).where(Registration.meeting_id == meeting.id)
        )
    )


def test_invitation_only_category_is_not_on_the_public_form(client):
    meeting, _manager, closed, open_category = setup_meeting(slug="closed")
    page = client.get("/meetings/closed/register").get_data(as_text=True)
    assert 'value="public"' in page
    assert 'value="expert"' not in page
    response = client.post(
        "/meetings/closed/register", data=form_data(closed, 1, represents="")
    )
    assert response.status_code == 403
    assert _registrations(meeting) == []


def test_bound_invitation_registers_its_own_address_only(client):
    meeting, manager, _closed, _open = setup_meeting(
        slug="bound", requires_approval=True
    )
    _invitation, token = invite(meeting, manager, "ana@example.org")
    page = client.get(f"/invitations/{token}")
    assert page.status_code == 200
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "no-store" in page.headers["Cache-Control"]
    text = page.get_data(as_text=True)
    assert 'value="ana@example.org"' in text and "readonly" in text
    refused = client.post(
        f"/invitations/{token}/accept", data=person(email="other@example.org")
    )
    assert refused.status_code == 422
    assert "ana@example.org" in refused.get_data(as_text=True)
    assert _registrations(meeting) == []
    accepted = client.post(f"/invitations/{token}/accept", data=person())
    assert accepted.status_code == 303
    (registration,) = _registrations(meeting)
    assert registration.email == "ana@example.org"
    # Invited people skip the meeting's approval unless the category asks for it.
    assert registration.status == "confirmed"
    (invitation,) = invitations(meeting)
    assert invitation.status == "accepted"
    assert invitation.registration_id == registration.id
    again = client.post(f"/invitations/{token}/accept", data=person())
    assert again.status_code == 410
    assert len(_registrations(meeting)) == 1


def test_approval_for_invited_keeps_them_pending(client):
    meeting, manager, closed, _open = setup_meeting(slug="approve")
    login(client, manager)
    form = client.get(f"/manage/meetings/approve/categories/{closed.id}")
    assert 'name="approval_for_invited"' in form.get_data(as_text=True)
    saved = client.post(
        f"/manage/meetings/approve/categories/{closed.id}",
        data={"access": "invitation", "approval_for_invited": "y"},
    )
    assert saved.status_code == 303
    client.post("/logout")
    db.session.expire_all()
    assert closed.approval_for_invited is True
    _invitation, token = invite(meeting, manager)
    client.post(f"/invitations/{token}/accept", data=person())
    (registration,) = _registrations(meeting)
    assert registration.status == "pending"


def test_accepting_works_after_the_public_window_closed(client):
    now = utcnow()
    meeting, manager, closed, _open = setup_meeting(slug="late")
    invitation, token = invite(meeting, manager)
    meeting.registration_closes_at = now - timedelta(hours=1)
    invitation.expires_at = now + timedelta(days=2)
    db.session.commit()
    response = client.post(f"/invitations/{token}/accept", data=person())
    assert response.status_code == 303
    assert [r.status for r in _registrations(meeting)] == ["confirmed"]


def test_unbound_invitation_is_used_once_and_records_who(client):
    meeting, manager, _closed, _open = setup_meeting(slug="unbound")
    _invitation, token = invite(
        meeting, manager, "mission@example.org", bound="n", represents="Mexico"
    )
    response = client.post(
        f"/invitations/{token}/accept",
        data=person(email="delegate@example.org", represents="Somewhere else"),
    )
    assert response.status_code == 303
    (registration,) = _registrations(meeting)
    assert registration.email == "delegate@example.org"
    assert registration.represents == "Mexico"  # locked by the invitation
    (invitation,) = invitations(meeting)
    assert invitation.used_by_email == "delegate@example.org"
    login(client, manager)
    page = client.get("/manage/meetings/unbound/invitations").get_data(as_text=True)
    assert "Used by delegate@example.org" in page
    client.post("/logout")
    second = client.post(
        f"/invitations/{token}/accept", data=person(2, email="third@example.org")
    )
    assert second.status_code == 410
    assert len(_registrations(meeting)) == 1


def test_revoked_and_expired_links_are_refused(client):
    meeting, manager, _closed, _open = setup_meeting(
        slug="gone", contact_email="grcp@example.org"
    )
    _first, revoked_token = invite(meeting, manager, "a@example.org")
    second, expired_token = invite(meeting, manager, "b@example.org")
    login(client, manager)
    client.post(f"/manage/meetings/gone/invitations/{_first.id}/revoke")
    client.post("/logout")
    second.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    for token in (revoked_token, expired_token):
        page = client.get(f"/invitations/{token}")
        assert page.status_code == 410
        assert "grcp@example.org" in page.get_data(as_text=True)
        assert (
            client.post(f"/invitations/{token}/accept", data=person()).status_code
            == 410
        )
        assert client.post(f"/invitations/{token}/decline").status_code == 410
    assert _registrations(meeting) == []
    assert client.get("/invitations/not-a-token").status_code == 404


def _send(runner):
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output


def _text(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_content()
    return ""


def test_accept_and_decline_by_real_smtp(app, client, runner, smtp_server):
    smtp_server.configure(app)
    meeting, manager, _closed, _open = setup_meeting(
        slug="smtp", contact_email="sec@example.org"
    )
    login(client, manager)
    for email, language in (("ana@example.org", "en"), ("luc@example.org", "fr")):
        response = client.post(
            "/manage/meetings/smtp/invitations",
            data={
                "email": email,
                "category": "expert",
                "language": language,
                "given_name": "X",
                "bound": "y",
                "send": "y",
            },
        )
        assert response.status_code == 303
    client.post("/logout")
    _send(runner)
    by_address = {m["To"].addresses[0].addr_spec: m for m in smtp_server.messages}
    ana_token = LINK.search(_text(by_address["ana@example.org"])).group(1)
    luc_mail = by_address["luc@example.org"]
    assert "Invitation" in luc_mail["Subject"]  # French: « Invitation à … »
    assert "invité" in _text(luc_mail)
    luc_token = LINK.search(_text(luc_mail)).group(1)

    smtp_server.messages.clear()
    assert (
        client.post(f"/invitations/{ana_token}/accept", data=person()).status_code
        == 303
    )
    response = client.post(
        f"/invitations/{luc_token}/decline", data={"reason": "Another mission"}
    )
    assert response.status_code == 303
    _send(runner)
    sent = [
        (m["To"].addresses[0].addr_spec, m["Subject"]) for m in smtp_server.messages
    ]
    to = [address for address, _subject in sent]
    assert to.count("sec@example.org") == 2
    assert "ana@example.org" in to and "luc@example.org" in to
    secretariat = [
        _text(m)
        for m in smtp_server.messages
        if m["To"].addresses[0].addr_spec == "sec@example.org"
    ]
    assert any("Another mission" in body for body in secretariat)

    login(client, manager)
    page = client.get("/manage/meetings/smtp/invitations").get_data(as_text=True)
    assert 'data-count="accepted">1<' in page
    assert 'data-count="declined">1<' in page
    assert 'data-count="no_answer">0<' in page
    declined = client.get("/manage/meetings/smtp/invitations?status=declined")
    assert "luc@example.org" in declined.get_data(as_text=True)
    assert "ana@example.org" not in declined.get_data(as_text=True)


def test_send_resend_remind_and_revoke(client):
    meeting, manager, _closed, _open = setup_meeting(slug="acts")
    login(client, manager)
    client.post(
        "/manage/meetings/acts/invitations",
        data={"email": "d@example.org", "category": "expert", "language": "es"},
    )
    (invitation,) = invitations(meeting)
    assert invitation.status == "draft" and not outbox("invitation")
    client.post("/manage/meetings/acts/invitations/send-drafts")
    assert invitations(meeting)[0].status == "sent"
    first = outbox("invitation")[-1]
    client.post(f"/manage/meetings/acts/invitations/{invitation.id}/send")
    client.post("/manage/meetings/acts/invitations/remind")
    mails = outbox("invitation")
    assert len(mails) == 3
    assert LINK.search(mails[-1].body_text).group(1) != LINK.search(
        first.body_text
    ).group(1)
    # Only the newest link works.
    assert (
        client.get(f"/invitations/{LINK.search(first.body_text).group(1)}").status_code
        == 404
    )
    client.post(f"/manage/meetings/acts/invitations/{invitation.id}/revoke")
    assert invitations(meeting)[0].status == "revoked"
    client.post("/manage/meetings/acts/invitations/remind")
    assert len(outbox("invitation")) == 3


def _csv_file(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "email",
            "title",
            "given_name",
            "family_name",
            "represents",
            "category",
            "language",
            "bound",
        ]
    )
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def test_import_previews_then_stores_exactly_the_good_rows(client):
    meeting, manager, _closed, _open = setup_meeting(slug="imp")
    invite(meeting, manager, "already@example.org")
    body = _csv_file(
        [
            [
                "good1@example.org",
                "Dr",
                "Ana",
                "Pérez",
                "Mexico",
                "expert",
                "es",
                "yes",
            ],
            ["good2@example.org", "", "Luc", "Martin", "France", "public", "fr", "no"],
            ["already@example.org", "", "", "", "", "expert", "en", ""],
            ["good1@example.org", "", "", "", "", "expert", "en", ""],
            ["not-an-email", "", "", "", "", "expert", "en", ""],
            ["bad-cat@example.org", "", "", "", "", "nosuch", "en", ""],
            ["bad-lang@example.org", "", "", "", "", "expert", "de", ""],
        ]
    )
    login(client, manager)
    preview = client.post(
        "/manage/meetings/imp/invitations/import",
        data={"file": (io.BytesIO(body), "list.csv")},
        content_type="multipart/form-data",
    )
    assert preview.status_code == 200
    page = preview.get_data(as_text=True)
    assert 'data-count="good">2<' in page
    assert 'data-count="duplicates">2<' in page
    assert 'data-count="invalid">3<' in page
    assert "Row 6" in page and "Please enter a valid email address." in page
    assert len(invitations(meeting)) == 1  # nothing stored yet
    key = page.split("/invitations/import/")[1].split('"')[0]
    confirm = client.post(f"/manage/meetings/imp/invitations/import/{key}")
    assert confirm.status_code == 303
    stored = {i.email: i for i in invitations(meeting)}
    assert set(stored) == {
        "already@example.org",
        "good1@example.org",
        "good2@example.org",
    }
    assert stored["good1@example.org"].language == "es"
    assert stored["good2@example.org"].bound is False
    assert stored["good2@example.org"].category.key == "public"
    assert stored["good1@example.org"].status == "draft"
    # The import is finished: confirming twice stores nothing more.
    again = client.post(
        f"/manage/meetings/imp/invitations/import/{key}", follow_redirects=True
    )
    assert "This import is already finished" in again.get_data(as_text=True)
    assert (
        client.post("/manage/meetings/imp/invitations/import/" + "0" * 32).status_code
        == 404
    )
    assert len(invitations(meeting)) == 3


def test_import_of_two_thousand_xlsx_rows(client):
    meeting, manager, _closed, _open = setup_meeting(slug="big")
    book = Workbook()
    sheet = book.active
    sheet.append(["email", "given_name", "category", "language"])
    for n in range(2000):
        sheet.append([f"p{n}@example.org", f"P{n}", "expert", "en"])
    buffer = io.BytesIO()
    book.save(buffer)
    login(client, manager)
    preview = client.post(
        "/manage/meetings/big/invitations/import",
        data={"file": (io.BytesIO(buffer.getvalue()), "list.xlsx")},
        content_type="multipart/form-data",
    )
    page = preview.get_data(as_text=True)
    assert 'data-count="good">2000<' in page
    key = page.split("/invitations/import/")[1].split('"')[0]
    client.post(f"/manage/meetings/big/invitations/import/{key}")
    count = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Invitation)
        .where(Invitation.meeting_id == meeting.id)
    )
    assert count == 2000


def test_unreadable_import_is_refused(client):
    _meeting, manager, _closed, _open = setup_meeting(slug="junk")
    login(client, manager)
    response = client.post(
        "/manage/meetings/junk/invitations/import",
        data={"file": (io.BytesIO(b"\x00\x01PK garbage"), "list.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422


def test_list_and_exports_hold_invitations_and_delegations(client):
    meeting, manager, _closed, _open = setup_meeting(slug="both")
    invite(meeting, manager, "ana@example.org", represents="Chile")
    db.session.add(
        Delegation(
            meeting=meeting,
            represents="Peru",
            focal_point_email="fp@example.org",
            status="invited",
        )
    )
    db.session.commit()
    login(client, manager)
    page = client.get("/manage/meetings/both/invitations").get_data(as_text=True)
    assert "fp@example.org" in page and "ana@example.org" in page
    assert 'data-count="no_answer">2<' in page
    only = client.get("/manage/meetings/both/invitations?category=delegation").get_data(
        as_text=True
    )
    assert "fp@example.org" in only and "ana@example.org" not in only
    by_state = client.get("/manage/meetings/both/invitations?represents=chi").get_data(
        as_text=True
    )
    assert "ana@example.org" in by_state and "fp@example.org" not in by_state
    exported = client.get("/manage/meetings/both/invitations.csv")
    rows = list(
        csv.reader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff")))
    )
    assert rows[0][:4] == ["Kind", "Represents", "Name", "Email"]
    assert {r[3] for r in rows[1:]} == {"ana@example.org", "fp@example.org"}
    xlsx = client.get("/manage/meetings/both/invitations.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet.max_row == 3


def test_another_meetings_manager_is_forbidden(client):
    meeting, manager, _closed, _open = setup_meeting(slug="mine")
    invitation, _token = invite(meeting, manager)
    _other, stranger, _c, _o = setup_meeting(slug="theirs")
    login(client, stranger)
    assert client.get("/manage/meetings/mine/invitations").status_code == 403
    assert (
        client.post(
            f"/manage/meetings/mine/invitations/{invitation.id}/revoke"
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/manage/meetings/theirs/invitations/{invitation.id}/revoke"
        ).status_code
        == 404
    )
    assert invitations(meeting)[0].status == "sent"


def test_invite_the_same_people_as_another_edition(client):
    old, manager, _closed, _open = setup_meeting(slug="ed-2026")
    invite(old, manager, "kept@example.org", represents="Chile", language="es")
    gone, _token = invite(old, manager, "gone@example.org")
    invite(old, manager, "twice@example.org")
    service.revoke(gone, actor=manager, now=utcnow())
    new = make_meeting(slug="ed-2027", series=old.series)
    make_role(manager, new)
    make_category(new, key="expert", name={"en": "Experts"}, access="invitation")
    db.session.commit()
    invite(new, manager, "twice@example.org")
    login(client, manager)
    page = client.get("/manage/meetings/ed-2027/invitations").get_data(as_text=True)
    assert 'value="ed-2026"' in page
    response = client.post(
        "/manage/meetings/ed-2027/invitations/copy", data={"source": "ed-2026"}
    )
    assert response.status_code == 303
    copied = {i.email: i for i in invitations(new)}
    assert set(copied) == {"kept@example.org", "twice@example.org"}
    kept = copied["kept@example.org"]
    assert (kept.status, kept.represents, kept.language) == ("draft", "Chile", "es")
    assert kept.category.meeting_id == new.id
