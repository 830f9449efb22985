"""Custom questions on the focal point's member forms (the delegation blocker).

A meeting with a required question: the member form shows it, the answer is
stored, a missing answer is refused with an error that names and links the
question; a question not asked of members is neither shown nor required.
"""

import pytest
import sqlalchemy as sa

from eventsys.errors import InvalidInput
from eventsys.extensions import db
from eventsys.forms import attach_errors
from eventsys.registration import delegations
from eventsys.registration.forms import NoteForm
from eventsys.registration.models import Registration
from eventsys.registration.models import RegistrationQuestion
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_role
from tests.factories import make_user


@pytest.fixture
def meeting(app):
    meeting = make_meeting(slug="idm-q", capacity=20)
    make_category(meeting, key="member_state", name={"en": "Member States"})
    db.session.commit()
    return meeting


@pytest.fixture
def token(meeting, now):
    secretariat = make_user(email="sec@example.org")
    make_role(secretariat, meeting)
    _delegation, token = delegations.invite_delegation(
        meeting,
        data={"country": "PH", "focal_point_email": "focal@dfa.example.ph"},
        actor=secretariat,
        now=now,
    )
    db.session.commit()
    return token


def add_question(meeting, **values) -> RegistrationQuestion:
    question = RegistrationQuestion(meeting_id=meeting.id, **values)
    db.session.add(question)
    db.session.commit()
    return question


def member(**overrides) -> dict:
    data = {
        "category": "member_state",
        "function": "member",
        "title": "Ms.",
        "given_name": "Maria",
        "family_name": "Santos",
        "email": "",
        "nationality": "PH",
        "country": "",
        "position": "Second Secretary",
        "privacy_accepted": "y",
    }
    data.update(overrides)
    return data


def members(meeting) -> list[Registration]:
    return list(
        db.session.scalars(
            sa.select(Registration).where(Registration.meeting_id == meeting.id)
        )
    )


def test_required_question_is_on_the_member_form_and_its_answer_stored(
    client, meeting, token
):
    question = add_question(
        meeting, label={"en": "Breakout group"}, kind="text", required=True
    )
    page = client.get(f"/delegations/{token}").get_data(as_text=True)
    assert f'name="q_{question.id}"' in page
    assert "Breakout group" in page

    response = client.post(
        f"/delegations/{token}/members",
        data=member(**{f"q_{question.id}": "Labour mobility"}),
    )
    assert response.status_code == 303
    (registration,) = members(meeting)
    assert [(a.question_id, a.value) for a in registration.answers] == [
        (question.id, "Labour mobility")
    ]


def test_missing_answer_is_refused_with_the_question_named_and_linked(
    client, meeting, token
):
    question = add_question(
        meeting, label={"en": "Breakout group"}, kind="text", required=True
    )
    response = client.post(f"/delegations/{token}/members", data=member())
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    summary = page[page.index('id="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert f'href="#q_{question.id}"' in summary
    assert "Breakout group: This field is required." in summary
    assert members(meeting) == []


def test_question_not_asked_of_members_is_neither_shown_nor_required(
    client, meeting, token
):
    question = add_question(
        meeting,
        label={"en": "How did you hear of us?"},
        kind="text",
        required=True,
        asked_of_members=False,
    )
    page = client.get(f"/delegations/{token}").get_data(as_text=True)
    assert f'name="q_{question.id}"' not in page
    response = client.post(f"/delegations/{token}/members", data=member())
    assert response.status_code == 303
    assert len(members(meeting)) == 1
    # The public form still asks it, and still requires it.
    public = client.get(f"/meetings/{meeting.slug}/register").get_data(as_text=True)
    assert f'name="q_{question.id}"' in public


def test_member_edit_form_shows_and_keeps_the_answer(client, meeting, token):
    question = add_question(
        meeting, label={"en": "Breakout group"}, kind="text", required=True
    )
    client.post(
        f"/delegations/{token}/members",
        data=member(**{f"q_{question.id}": "Climate"}),
    )
    (registration,) = members(meeting)
    ref = delegations.member_ref(registration)
    edit = client.get(f"/delegations/{token}/members/{ref}").get_data(as_text=True)
    assert 'value="Climate"' in edit

    refused = client.post(
        f"/delegations/{token}/members/{ref}",
        data=member(**{f"q_{question.id}": ""}),
    )
    assert refused.status_code == 422
    assert f'href="#q_{question.id}"' in refused.get_data(as_text=True)

    saved = client.post(
        f"/delegations/{token}/members/{ref}",
        data=member(**{f"q_{question.id}": "Labour mobility"}),
    )
    assert saved.status_code == 303
    db.session.expire_all()
    assert [a.value for a in members(meeting)[0].answers] == ["Labour mobility"]


def test_required_question_carries_the_required_marker(client, meeting):
    question = add_question(
        meeting, label={"en": "Breakout group"}, kind="text", required=True
    )
    page = client.get(f"/meetings/{meeting.slug}/register").get_data(as_text=True)
    label_at = page.index(f'for="q_{question.id}"')
    assert (
        '<span class="required" aria-hidden="true">*</span>'
        in page[label_at : label_at + 200]
    )


def test_an_error_on_a_field_the_form_lacks_still_names_it(app):
    with app.test_request_context():
        form = NoteForm(formdata=None)
        attach_errors(
            form, InvalidInput("x", fields={"focal_point_email": "Not valid."})
        )
    assert form.form_errors == ["Focal point email: Not valid."]
