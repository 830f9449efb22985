"""French typography: a no-break space before the colon, on pages, emails and feeds."""

from datetime import UTC
from datetime import datetime

from eventsys.extensions import db
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_person
from tests.factories import make_session
from tests.registration.helpers import form_data
from tests.registration.helpers import outbox

NBSP = "\u00a0"


def test_french_labels_take_a_no_break_space_before_the_colon(app, client):
    meeting = make_meeting(
        slug="typo",
        title={"en": "Dialogue", "fr": "Dialogue"},
        languages=["en", "fr"],
        theme={"en": "Youth", "fr": "Jeunesse"},
    )
    category = make_category(meeting, key="civil_society", position=1)
    session = make_session(
        meeting,
        title={"en": "Opening", "fr": "Ouverture"},
        starts_at=datetime(2027, 6, 1, 8, 0, tzinfo=UTC),
    )
    make_person(session, name="Amy Chair", role="chair")
    db.session.commit()

    french = client.get("/meetings/typo/agenda?lang=fr").get_data(as_text=True)
    assert f"Ordre du jour{NBSP}: Dialogue" in french
    english = client.get("/meetings/typo/agenda?lang=en").get_data(as_text=True)
    assert "Agenda: Dialogue" in english

    client.post("/meetings/typo/register?lang=fr", data=form_data(category, 3))
    (email,) = outbox(to="ana3@example.org")
    assert f"Réunion{NBSP}: Dialogue" in email.body_text
    assert "Réunion:" not in email.body_text

    feed = client.get("/meetings/typo/calendar.ics?lang=fr").get_data(as_text=True)
    unfolded = feed.replace("\r\n ", "")
    assert f"Thème{NBSP}: Jeunesse" in unfolded
