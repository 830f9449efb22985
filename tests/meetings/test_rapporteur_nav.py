"""A rapporteur's way from the manage area to the outcome documents they write."""

from eventsys.extensions import db
from tests.factories import PASSWORD
from tests.factories import make_meeting
from tests.factories import make_role
from tests.factories import make_user


def test_rapporteur_reaches_the_outcomes_from_their_meetings(client, auth, app):
    meeting = make_meeting(slug="idm-x")
    rapporteur = make_user()
    make_role(rapporteur, meeting, "rapporteur")
    db.session.commit()
    auth.login(rapporteur.email, PASSWORD)
    page = client.get("/manage/").get_data(as_text=True)
    assert 'href="/manage/meetings/idm-x/outcomes/"' in page
    assert 'href="/meetings/idm-x/"' in page
    assert client.get("/manage/meetings/idm-x/outcomes/").status_code == 200
