"""Notifications to the secretariat and rapporteurs, read back from aiosmtpd."""

import pytest
import sqlalchemy as sa

from eventsys import jobs
from eventsys.comms import notifications
from eventsys.comms.models import NotificationPreference
from eventsys.comms.models import PendingNotification
from eventsys.extensions import db
from eventsys.mail import sender
from eventsys.models import utcnow
from eventsys.outcomes import service as outcomes
from eventsys.registration import delegations
from eventsys.registration import service as registration_service
from eventsys.registration.models import Delegation
from tests.factories import PASSWORD
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_role
from tests.factories import make_user
from tests.outcomes.builders import make_document
from tests.registration.helpers import form_data


@pytest.fixture
def team(app, smtp_server):
    smtp_server.configure(app)
    app.config["MAIL_DEFAULT_SENDER"] = "IOM Dialogue <no-reply@events.test>"
    app.config["MAIL_RATE_PER_MINUTE"] = 1000
    meeting = make_meeting(
        title={"en": "Youth Dialogue", "fr": "Dialogue des jeunes", "es": "Diálogo"},
        languages=["en", "fr", "es"],
        requires_approval=True,
    )
    users = {
        "now": make_user(email="now@example.org"),
        "digest": make_user(email="digest@example.org"),
        "off": make_user(email="off@example.org"),
        "fr": make_user(email="fr@example.org", language="fr"),
        "es": make_user(email="es@example.org", language="es"),
    }
    for user in users.values():
        make_role(user, meeting)
    rapporteur = make_user(email="rapporteur@example.org")
    make_role(rapporteur, meeting, "rapporteur")
    db.session.add_all(
        [
            NotificationPreference(user_id=users["digest"].id, mode="digest"),
            NotificationPreference(user_id=users["off"].id, mode="off"),
        ]
    )
    category = make_category(meeting, key="public")
    db.session.commit()
    return meeting, users, rapporteur, category


def to(smtp_server, email) -> list:
    return smtp_server.to(email)


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def test_a_pending_registration_reaches_managers_as_each_chose(team, smtp_server):
    meeting, users, _rapporteur, category = team
    registration, _token = registration_service.register(
        meeting, data=form_data(category, 1), now=utcnow()
    )
    db.session.commit()
    sender.send_due()
    (now,) = to(smtp_server, "now@example.org")
    assert now["Subject"] == "Registration to approve: Youth Dialogue"
    body = text_of(now)
    assert "Ms. Ana1 PÉREZ1 registered for Youth Dialogue and waits for approval." in (
        body
    )
    assert (
        f"http://events.test/manage/meetings/{meeting.slug}/registrations/"
        f"{registration.id}" in body
    )
    (fr,) = to(smtp_server, "fr@example.org")
    assert fr["Subject"].startswith("Inscription à approuver")
    assert "attend votre approbation" in text_of(fr)
    (es,) = to(smtp_server, "es@example.org")
    assert es["Subject"].startswith("Inscripción por aprobar")
    assert to(smtp_server, "digest@example.org") == []
    assert to(smtp_server, "off@example.org") == []
    # The rapporteur is not told of registrations.
    assert to(smtp_server, "rapporteur@example.org") == []

    # The digest goes out with the daily job, once, then nothing is kept.
    registration_service.register(meeting, data=form_data(category, 2), now=utcnow())
    db.session.commit()
    result = jobs.run_due(worker="test")
    assert result["notification_digest"] == "queued 1 digest(s)"
    sender.send_due()  # daily jobs run after the round's outbox: the next round
    (digest,) = to(smtp_server, "digest@example.org")
    assert digest["Subject"] == "Your daily digest: 2 items"
    body = text_of(digest)
    assert "Ana1 PÉREZ1" in body and "Ana2 PÉREZ2" in body
    assert db.session.scalar(sa.select(sa.func.count(PendingNotification.id))) == 0
    assert to(smtp_server, "off@example.org") == []
    assert notifications.send_digests(now=utcnow()) == 0


def test_a_nomination_by_a_focal_point_reaches_the_managers_once(team, smtp_server):
    meeting, _users, _rapporteur, category = team
    delegation = Delegation(
        meeting=meeting,
        represents="Ecuador",
        status="invited",
        focal_point_email="fp@example.org",
    )
    db.session.add(delegation)
    db.session.flush()
    delegations.record_note(delegation, note_reference="NV/EC/2027/4", now=utcnow())
    delegations.add_member(
        delegation,
        data={**form_data(category, 3), "function": "member"},
        now=utcnow(),
    )
    # A corrected note is not a new nomination.
    delegations.record_note(delegation, note_reference="NV/EC/2027/5", now=utcnow())
    db.session.commit()
    sender.send_due()
    (mail,) = to(smtp_server, "now@example.org")
    assert mail["Subject"] == "Delegation nominated: Youth Dialogue"
    body = text_of(mail)
    assert "The focal point of Ecuador recorded the nominating note NV/EC/2027/4" in (
        body
    )
    assert f"/manage/meetings/{meeting.slug}/delegations" in body


def test_review_return_and_publication(team, smtp_server):
    meeting, users, rapporteur, _category = team
    document = make_document(meeting, rapporteur, title="Youth Red Book")
    outcomes.submit_document(document, actor=rapporteur)
    db.session.commit()
    sender.send_due()
    (review,) = to(smtp_server, "now@example.org")
    assert review["Subject"] == "Document to review: Youth Red Book"
    assert "“Youth Red Book” (Youth Dialogue) was sent for review." in text_of(review)

    manager = users["now"]
    outcomes.return_document(document, actor=manager, comment="Shorten section 2.")
    db.session.commit()
    sender.send_due()
    (returned,) = to(smtp_server, "rapporteur@example.org")
    assert returned["Subject"] == "Document returned: Youth Red Book"
    assert "with this comment: Shorten section 2." in text_of(returned)
    # Nobody is told of their own act.
    assert len(to(smtp_server, "now@example.org")) == 1

    outcomes.submit_document(document, actor=rapporteur)
    outcomes.publish_document(document, actor=manager)
    db.session.commit()
    sender.send_due()
    published = to(smtp_server, "rapporteur@example.org")[-1]
    assert published["Subject"] == "Document published: Youth Red Book"
    assert "is published as version 1" in text_of(published)


def test_each_user_chooses_on_the_account_page(team, client, auth):
    _meeting, users, _rapporteur, _category = team
    assert auth.login("now@example.org", PASSWORD).status_code == 302
    page = client.get("/account").get_data(as_text=True)
    assert 'id="notifications"' in page
    assert '<option selected value="immediate">' in page
    bad = client.post("/account/notifications", data={"notify-mode": "loud"})
    assert bad.status_code == 303
    assert db.session.get(NotificationPreference, users["now"].id) is None
    good = client.post("/account/notifications", data={"notify-mode": "digest"})
    assert good.status_code == 303
    db.session.expire_all()
    assert db.session.get(NotificationPreference, users["now"].id).mode == "digest"
    page = client.get("/account").get_data(as_text=True)
    assert '<option selected value="digest">' in page


def test_the_manage_home_shows_what_waits(team, client, auth):
    meeting, _users, rapporteur, category = team
    for n in (1, 2):
        registration_service.register(
            meeting, data=form_data(category, n), now=utcnow()
        )
    document = make_document(meeting, rapporteur)
    outcomes.submit_document(document, actor=rapporteur)
    db.session.commit()
    assert auth.login("now@example.org", PASSWORD).status_code == 302
    page = client.get("/manage/").get_data(as_text=True)
    assert "Waiting for you" in page
    assert "2 registrations to approve" in page
    assert f"/manage/meetings/{meeting.slug}/registrations?status=pending" in page
    assert "1 document in review" in page
    # A rapporteur manages nothing: no counts of the secretariat's work.
    client.post("/logout")
    assert auth.login("rapporteur@example.org", PASSWORD).status_code == 302
    assert "Waiting for you" not in client.get("/manage/").get_data(as_text=True)
