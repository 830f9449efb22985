"""The certificate of attendance: after the meeting, for recorded attendance only."""

from datetime import UTC
from datetime import datetime

from eventsys.extensions import db
from eventsys.onsite import service
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_registration
from tests.factories import make_role
from tests.factories import make_user
from tests.pdf.conftest import pdf_pages


def test_certificate_lists_the_days_attended(client, app):
    meeting = make_meeting(
        slug="past",
        starts_at=datetime(2025, 6, 2, 7, tzinfo=UTC),
        ends_at=datetime(2025, 6, 3, 16, tzinfo=UTC),
        languages=["en", "fr"],
    )
    manager = make_user()
    make_role(manager, meeting, "manager")
    category = make_category(meeting)
    came = make_registration(
        meeting, category=category, status="confirmed", title="Dr", language="fr"
    )
    stayed_home = make_registration(meeting, category=category, status="confirmed")
    now = datetime(2025, 6, 2, 9, tzinfo=UTC)
    for day in (datetime(2025, 6, 2).date(), datetime(2025, 6, 3).date()):
        service.check_in_manually(came, day=day, actor=manager, now=now)
    db.session.commit()
    response = client.get(f"/registrations/{came.plain_token}/certificate.pdf")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"].split(", ")
    text = pdf_pages(response.data)[0]
    assert "Attestation de participation" in text or "Certificate of attendance" in text
    assert came.display_name in text
    assert "2025" in text and text.count("2025") >= 3  # the dates, and each day
    absent = client.get(f"/registrations/{stayed_home.plain_token}/certificate.pdf")
    assert absent.status_code == 404
