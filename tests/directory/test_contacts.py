"""An organisation's contacts: inside the retention period and told of the directory."""

from datetime import UTC
from datetime import datetime

from eventsys.extensions import db
from eventsys.privacy import service as privacy
from tests.directory.helpers import make_iom
from tests.directory.helpers import partnerships_officer
from tests.factories import PASSWORD
from tests.factories import make_meeting
from tests.factories import make_registration


def _login(client, user):
    db.session.commit()
    client.post("/login", data={"email": user.email, "password": PASSWORD})


def test_contacts_are_inside_retention_and_under_the_directory_notice(app, client):
    app.config["EVENTSYS_PRIVACY_RETENTION"] = "24months"
    officer = partnerships_officer()
    iom = make_iom(officer)
    recent = make_meeting(title={"en": "Recent dialogue"})
    ancient = make_meeting(title={"en": "Ancient dialogue"},
                           starts_at=datetime(2019, 3, 1, 8, 0, tzinfo=UTC))  # fmt: skip
    listed = {"represents_id": iom.id, "consent_to_list": True,
              "notice_version": "2026-12", "status": "confirmed"}  # fmt: skip
    make_registration(recent, email="kept@example.org", **listed)
    make_registration(ancient, email="past.retention@example.org", **listed)
    make_registration(recent, email="older.notice@example.org",
                      **{**listed, "notice_version": "2024-01"})  # fmt: skip
    make_registration(recent, email="no.consent@example.org",
                      **{**listed, "consent_to_list": False})  # fmt: skip
    _login(client, officer)
    page = client.get(f"/manage/directory/{iom.id}").get_data(as_text=True)
    assert "kept@example.org" in page
    assert "past.retention@example.org" not in page
    assert "older.notice@example.org" not in page
    assert "no.consent@example.org" not in page
    # Without a retention period set, the purge keeps everything, and so do contacts.
    app.config["EVENTSYS_PRIVACY_RETENTION"] = ""
    page = client.get(f"/manage/directory/{iom.id}").get_data(as_text=True)
    assert "past.retention@example.org" in page
    assert "older.notice@example.org" not in page


def test_the_purge_and_the_contacts_share_one_cutoff(app, now):
    cutoff = privacy.retention_cutoff("24months", now)
    assert cutoff == datetime(2024, 11, 27, 12, 0, tzinfo=UTC)
    assert privacy.retention_cutoff("", now) is None
    ended = make_meeting(starts_at=datetime(2024, 11, 1, 8, 0, tzinfo=UTC))
    kept = make_meeting(starts_at=datetime(2024, 12, 1, 8, 0, tzinfo=UTC))
    gone, stays = make_registration(ended), make_registration(kept)
    db.session.flush()
    assert privacy.purge_older_than(cutoff, now=now) == 1
    assert gone.anonymised_at is not None and stays.anonymised_at is None
