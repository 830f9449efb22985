"""A new edition carries the registration set-up and every title over, and says what it left."""

from datetime import UTC
from datetime import datetime

import pytest
import sqlalchemy as sa

from eventsys.extensions import db
from eventsys.meetings.models import Meeting
from eventsys.outcomes import service as outcomes
from eventsys.registration import delegations
from eventsys.registration import questions
from eventsys.registration import rules
from eventsys.registration.models import RegistrationAnswer
from eventsys.registration.models import RegistrationQuestion
from tests.factories import PASSWORD
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_registration
from tests.factories import make_session
from tests.factories import make_user

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@pytest.fixture
def source(app):
    meeting = make_meeting(
        slug="idm-2026",
        title={"en": "IDM 2026", "fr": "DIM 2026", "es": "DIM 2026"},
        languages=["en", "fr", "es"],
        starts_at=datetime(2026, 6, 22, 7, 0, tzinfo=UTC),
        capacity=120,
        in_person_capacity=80,
        requires_approval=True,
        public_participant_list=True,
        registration_opens_at=datetime(2026, 3, 1, 8, 0, tzinfo=UTC),
        registration_closes_at=datetime(2026, 6, 1, 15, 0, tzinfo=UTC),
    )
    states = make_category(
        meeting,
        key="member_state",
        name={"en": "Member States", "fr": "États membres"},
        position=0,
        capacity=60,
        requires_approval=False,
        delegation_size_limit=4,
        closes_at=datetime(2026, 6, 10, 15, 0, tzinfo=UTC),
    )
    make_category(meeting, key="cso", name={"en": "Civil society"}, position=1)
    general = RegistrationQuestion(
        meeting_id=meeting.id,
        label={"en": "Breakout group", "fr": "Groupe de travail"},
        kind="single_choice",
        choices=[
            {"key": "labour", "label": {"en": "Labour", "fr": "Travail"}},
            {"key": "climate", "label": {"en": "Climate"}},
            {"key": "old", "label": {"en": "Old"}, "retired": True},
        ],
        required=True,
        position=0,
    )
    only_states = RegistrationQuestion(
        meeting_id=meeting.id,
        category=states,
        label={"en": "Protocol rank"},
        kind="text",
        asked_of_members=False,
        position=1,
    )
    db.session.add_all([general, only_states])
    admin = make_user(email="admin@example.org", is_admin=True)
    registration = make_registration(meeting, category=states)
    registration.answers.append(RegistrationAnswer(question=general, value="labour"))
    delegations.invite_delegation(
        meeting,
        data={"country": "PH", "focal_point_email": "focal@example.ph"},
        actor=admin,
        now=NOW,
    )
    outcomes.create_document(
        meeting, actor=admin, data={"title": {"en": "Summary"}}, now=NOW
    )
    make_session(meeting, status="cancelled")
    db.session.commit()
    return meeting


def signed_in(client):
    client.post("/login", data={"email": "admin@example.org", "password": PASSWORD})
    return client


def test_the_page_says_what_it_will_not_copy_and_offers_every_title(client, source):
    page = signed_in(client).get("/manage/meetings/idm-2026/edition")
    text = page.get_data(as_text=True)
    left = text[text.index('id="edition-left-out"') :]
    left = left[: left.index("</div>")]
    for words in (
        "1 registration<",
        "1 delegation<",
        "1 outcome document<",
        "1 cancelled session<",
    ):
        assert words in left
    assert 'name="title_fr"' in text and 'value="DIM 2027"' in text
    assert 'value="IDM 2027"' in text


def test_new_edition_carries_the_registration_set_up_and_titles(client, source):
    client = signed_in(client)
    response = client.post(
        "/manage/meetings/idm-2026/edition",
        data={
            "title": "IDM 2027",
            "title_fr": "DIM 2027",
            "title_es": "DIM 2027",
            "slug": "idm-2027",
            "start_date": "2027-06-21",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert (
        "Not copied from the earlier meeting: 1 registration, 1 delegation,"
        " 1 outcome document, 1 cancelled session." in page
    )
    edition = db.session.scalar(sa.select(Meeting).where(Meeting.slug == "idm-2027"))
    assert edition.title == {"en": "IDM 2027", "fr": "DIM 2027", "es": "DIM 2027"}
    assert (edition.capacity, edition.in_person_capacity) == (120, 80)
    assert edition.requires_approval and edition.public_participant_list
    # 364 days later on the wall clock of Geneva, like the meeting itself.
    assert edition.registration_opens_at == datetime(2027, 2, 28, 8, 0, tzinfo=UTC)
    assert edition.registration_closes_at == datetime(2027, 5, 31, 15, 0, tzinfo=UTC)

    categories = rules.meeting_categories(edition)
    assert [(c.key, c.name) for c in categories] == [
        ("member_state", {"en": "Member States", "fr": "États membres"}),
        ("cso", {"en": "Civil society"}),
    ]
    states = categories[0]
    assert (states.capacity, states.requires_approval) == (60, False)
    assert states.delegation_size_limit == 4 and states.seats_taken == 0
    assert states.closes_at == datetime(2027, 6, 9, 15, 0, tzinfo=UTC)

    copied = questions.questions_for(edition, all_categories=True)
    assert [q.label["en"] for q in copied] == ["Breakout group", "Protocol rank"]
    general, only_states = copied
    assert general.label["fr"] == "Groupe de travail" and general.required
    assert [c["key"] for c in general.choices] == ["labour", "climate"]
    assert general.choices[0]["label"]["fr"] == "Travail"
    assert only_states.category_id == states.id
    assert only_states.asked_of_members is False
    # People and their answers stay behind.
    assert questions.answer_count(general) == 0
    assert edition.seats_taken == 0


def test_new_edition_keeps_the_sessions_programme_settings(source):
    from eventsys.agenda.models import AgendaSession
    from eventsys.agenda.models import SessionSignup
    from eventsys.auth.models import User
    from eventsys.meetings import service as meetings

    admin = db.session.scalar(sa.select(User).where(User.email == "admin@example.org"))
    make_session(source, title={"en": "General debate"}, has_speakers_list=True,
                 speaking_time=180, speakers_per_delegation=2, floor_language="fr",
                 interpretation=["en", "es", "sgn"],
                 speakers_published_at=NOW)  # fmt: skip
    breakout = make_session(source, title={"en": "Breakout"}, takes_signups=True,
                            signup_capacity=25, kind="breakout")  # fmt: skip
    make_session(source, title={"en": "Side event"}, kind="side_event",
                 organisers=["Caritas", "ILO"])  # fmt: skip
    db.session.add(SessionSignup(session=breakout, status="waitlisted", created_at=NOW,
                                 status_changed_at=NOW,
                                 registration=make_registration(source)))  # fmt: skip
    db.session.flush()
    edition = meetings.create_edition(source, actor=admin, now=NOW,
        data={"slug": "idm-2027", "title": "IDM 2027",
              "start_date": datetime(2027, 6, 21).date()})  # fmt: skip
    copied = {
        s.title["en"]: s
        for s in db.session.scalars(
            sa.select(AgendaSession).where(AgendaSession.meeting_id == edition.id)
        )  # fmt: skip
    }
    debate = copied["General debate"]
    assert debate.has_speakers_list and debate.speaking_time == 180
    assert debate.speakers_per_delegation == 2
    assert (debate.floor_language, debate.interpretation) == ("fr", ["en", "es", "sgn"])
    assert debate.speakers_published_at is None  # a new list, not yet public
    assert copied["Breakout"].takes_signups and copied["Breakout"].signup_capacity == 25
    assert copied["Breakout"].signups_taken == 0
    assert copied["Side event"].organisers == ["Caritas", "ILO"]
    assert copied["Side event"].kind == "side_event"
