"""Registration endpoints: public sign-up, managers' list and decisions, auth rules."""

import pytest
import sqlalchemy as sa

from eventsys import create_app
from eventsys.api import schemas
from eventsys.api.http import schema_problems
from eventsys.extensions import db
from eventsys.mail.models import OutboxEmail
from eventsys.registration.models import Registration
from eventsys.registration.models import RegistrationQuestion
from tests.api.helpers import bearer
from tests.api.helpers import make_world
from tests.api.helpers import manager_of
from tests.api.helpers import token_for
from tests.conftest import base_config
from tests.factories import choices
from tests.factories import make_registration
from tests.factories import make_user

PATH = "/api/v1/meetings/csc-next/registrations"


@pytest.fixture
def world(app):
    data = make_world()
    db.session.commit()
    return data


def person(**overrides) -> dict:
    body = {
        "category": "public",
        "title": "Ms",
        "given_name": "Amina",
        "family_name": "Diallo",
        "email": "amina@example.org",
        "organisation": "Migrant Forum",
        "country": "SN",
        "nationality": "SN",
        "attendance": "in_person",
        "consent_to_list": True,
        "privacy_accepted": True,
    }
    body.update(overrides)
    return body


def outbox_to(address: str) -> list[OutboxEmail]:
    return db.session.scalars(
        sa.select(OutboxEmail).where(OutboxEmail.to_addr == address)
    ).all()


# --- public registration --------------------------------------------------------


def test_registering_confirms_and_sends_the_same_email_as_the_form(client, world):
    response = client.post(PATH, json=person())
    assert response.status_code == 201, response.get_json()
    assert response.get_json() == {
        "meeting": "csc-next",
        "category": "public",
        "status": "confirmed",
        "waitlist_position": None,
    }
    registration = db.session.scalar(
        sa.select(Registration).where(Registration.email == "amina@example.org")
    )
    assert (registration.status, registration.organisation, registration.user_id) == (
        "confirmed",
        "Migrant Forum",
        None,
    )
    assert len(outbox_to("amina@example.org")) == 1


def test_full_meeting_waitlists_with_a_position(client, world):
    for n in range(2):
        assert (
            client.post(PATH, json=person(email=f"p{n}@example.org")).get_json()[
                "status"
            ]
            == "confirmed"
        )
    first = client.post(PATH, json=person(email="w1@example.org")).get_json()
    second = client.post(PATH, json=person(email="w2@example.org")).get_json()
    assert (first["status"], first["waitlist_position"]) == ("waitlisted", 1)
    assert (second["status"], second["waitlist_position"]) == ("waitlisted", 2)


def test_category_with_approval_is_pending(client, world):
    body = client.post(PATH, json=person(category="vetted")).get_json()
    assert body["status"] == "pending"


def test_answers_reach_the_service_by_question_id(client, world):
    question = RegistrationQuestion(
        meeting_id=world["upcoming"].id,
        label={"en": "Diet"},
        kind="single_choice",
        choices=choices("vegan", "none"),
        required=True,
    )
    db.session.add(question)
    db.session.commit()
    missing = client.post(PATH, json=person())
    assert missing.status_code == 422
    assert f"answers.{question.id}" in missing.get_json()["errors"]
    ok = client.post(PATH, json=person(answers={str(question.id): "vegan"}))
    assert ok.status_code == 201
    registration = db.session.scalar(sa.select(Registration))
    assert [a.value for a in registration.answers] == ["vegan"]


def test_duplicate_email_is_409(client, world):
    assert client.post(PATH, json=person()).status_code == 201
    response = client.post(PATH, json=person(given_name="Other"))
    assert response.status_code == 409
    assert response.content_type == "application/problem+json"


def test_closed_or_cancelled_meetings_refuse_with_409_and_drafts_are_404(client, world):
    from tests.factories import make_category

    for meeting in (world["cancelled"], world["ny"]):
        make_category(meeting, key="public")
    db.session.commit()
    assert (
        client.post("/api/v1/meetings/csc-old/registrations", json=person()).status_code
        == 409
    )
    assert (
        client.post("/api/v1/meetings/idm-ny/registrations", json=person()).status_code
        == 409
    )
    assert (
        client.post(
            "/api/v1/meetings/csc-draft/registrations", json=person()
        ).status_code
        == 404
    )
    assert (
        client.post("/api/v1/meetings/nothing/registrations", json=person()).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (person(email="not-an-email"), "email"),
        (person(privacy_accepted=False), "privacy_accepted"),
        (person(category="nope"), "category"),
        (person(given_name=42), "given_name"),
        (person(consent_to_list="yes"), "consent_to_list"),
        (person(given_name="x" * 101), "given_name"),
        (person(given_name="nul\x00byte"), "given_name"),
        (person(needs="\ud800"), "needs"),
        (person(country="XX"), "country"),
        (person(attendance="by pigeon"), "attendance"),
        (person(answers={"abc": "x"}), "answers.abc"),
        (person(answers={"1": {"nested": True}}), "answers.1"),
        (person(is_admin=True), "is_admin"),
        ({k: v for k, v in person().items() if k != "family_name"}, "family_name"),
    ],
)
def test_invalid_bodies_are_422_with_field_errors_and_store_nothing(
    client, world, body, field
):
    response = client.post(PATH, json=body)
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert field in response.get_json()["errors"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxEmail)) == 0


@pytest.mark.parametrize(
    ("data", "content_type", "status"),
    [
        ("{not json", "application/json", 400),
        ('{"a": NaN}', "application/json", 400),
        ("[" * 100000 + "]" * 100000, "application/json", 400),
        (b"\xff\xfe", "application/json", 400),
        ("[1, 2]", "application/json", 422),
        ('"text"', "application/json", 422),
        ("null", "application/json", 422),
        ("category=public", "application/x-www-form-urlencoded", 415),
        ("", None, 415),
    ],
)
def test_malformed_requests_are_4xx_problems(client, world, data, content_type, status):
    response = client.post(PATH, data=data, content_type=content_type)
    assert response.status_code == status
    assert response.content_type == "application/problem+json"


def test_too_large_body_is_413(client, world):
    response = client.post(
        PATH, data="[" + "1," * 1_100_000 + "1]", content_type="application/json"
    )
    assert response.status_code == 413
    assert response.content_type == "application/problem+json"


def test_a_session_cookie_is_not_honoured_and_no_csrf_token_is_needed(tmp_path):
    app = create_app(base_config(tmp_path, WTF_CSRF_ENABLED=True))
    with app.app_context():
        db.create_all()
        world = make_world()
        admin = make_user(email="boss@example.org", is_admin=True)
        db.session.commit()
        client = app.test_client()
        with client.session_transaction() as session:  # a signed-in browser
            session["_user_id"] = admin.get_id()
            session["_fresh"] = True
        assert client.get(PATH).status_code == 401
        assert (
            client.patch(f"{PATH}/1", json={"status": "confirmed"}).status_code == 401
        )
        response = client.post(PATH, json=person())
        assert response.status_code == 201
        registration = db.session.scalar(sa.select(Registration))
        assert registration.user_id is None
        assert world["upcoming"].slug == "csc-next"
        db.session.remove()
        db.drop_all()


def test_registrations_are_rate_limited_like_the_form(tmp_path):
    app = create_app(
        base_config(
            tmp_path, RATELIMIT_ENABLED=True, REGISTRATION_RATE_PER_EMAIL="2 per hour"
        )
    )
    with app.app_context():
        db.create_all()
        make_world()
        db.session.commit()
        client = app.test_client()
        body = person(email="flood@example.org")
        statuses = [client.post(PATH, json=body).status_code for _ in range(3)]
        assert statuses == [201, 409, 429]
        response = client.post(PATH, json=body)
        assert response.content_type == "application/problem+json"
        assert (
            client.post(PATH, json=person(email="other@example.org")).status_code == 201
        )
        deep = client.post(
            PATH, data="[" * 100000 + "]" * 100000, content_type="application/json"
        )
        assert deep.status_code == 400
        db.session.remove()
        db.drop_all()


# --- managers: bearer tokens ----------------------------------------------------


@pytest.fixture
def manager_token(world):
    token = token_for(manager_of(world["upcoming"]))
    db.session.commit()
    return token


def test_list_needs_a_bearer_token(client, world):
    response = client.get(PATH)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="eventsys"'
    assert response.content_type == "application/problem+json"
    for header in ("Bearer evs_wrong", "Basic YTpi", "Bearer ", "bearer"):
        response = client.get(PATH, headers={"Authorization": header})
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert (
        'error="invalid_token"'
        in client.get(PATH, headers=bearer("evs_wrong")).headers["WWW-Authenticate"]
    )


def test_non_managers_get_403_and_hidden_drafts_404(client, world):
    stranger = token_for(manager_of(world["ny"]))
    db.session.commit()
    assert client.get(PATH, headers=bearer(stranger)).status_code == 403
    assert (
        client.get(
            "/api/v1/meetings/csc-draft/registrations", headers=bearer(stranger)
        ).status_code
        == 404
    )
    assert (
        client.get(
            "/api/v1/meetings/nope/registrations", headers=bearer(stranger)
        ).status_code
        == 404
    )


def test_managers_and_admins_list_registrations_with_filters(
    client, world, manager_token
):
    meeting = world["upcoming"]
    public, vetted = sorted(meeting_categories(meeting), key=lambda c: c.position)
    regs = [
        make_registration(meeting, category=public, status="confirmed")
        for _ in range(3)
    ]
    regs.append(make_registration(meeting, category=vetted, status="pending"))
    make_registration(world["ny"], status="confirmed")
    admin = token_for(make_user(is_admin=True))
    db.session.commit()
    for token in (manager_token, admin):
        body = client.get(PATH, headers=bearer(token)).get_json()
        assert [r["id"] for r in body["items"]] == [r.id for r in regs]
        assert body["total"] == 4
    headers = bearer(manager_token)
    assert [
        r["status"]
        for r in client.get(f"{PATH}?status=pending", headers=headers).get_json()[
            "items"
        ]
    ] == ["pending"]
    assert (
        client.get(f"{PATH}?category=vetted", headers=headers).get_json()["total"] == 1
    )
    page = client.get(f"{PATH}?per_page=2&page=2", headers=headers).get_json()
    assert [r["id"] for r in page["items"]] == [regs[2].id, regs[3].id]
    item = page["items"][0]
    assert item["email"] == regs[2].email and item["category"] == public.key
    assert client.get(f"{PATH}?status=bogus", headers=headers).status_code == 400
    assert client.get(f"{PATH}?per_page=500", headers=headers).status_code == 400


def meeting_categories(meeting):
    from eventsys.registration.models import ParticipantCategory

    return db.session.scalars(
        sa.select(ParticipantCategory).where(
            ParticipantCategory.meeting_id == meeting.id
        )
    ).all()


def test_manager_list_is_private_and_conditional(client, world, manager_token):
    response = client.get(PATH, headers=bearer(manager_token))
    assert "private" in response.headers["Cache-Control"]
    assert "Authorization" in response.headers["Vary"]
    again = client.get(
        PATH,
        headers={**bearer(manager_token), "If-None-Match": response.headers["ETag"]},
    )
    assert again.status_code == 304


def test_token_use_is_noted(client, world, manager_token):
    from eventsys.auth.models import ApiToken

    client.get(PATH, headers=bearer(manager_token))
    token = db.session.scalar(sa.select(ApiToken))
    db.session.refresh(token)
    assert token.last_used_at is not None


def _registered(client, **overrides) -> Registration:
    assert client.post(PATH, json=person(**overrides)).status_code == 201
    return db.session.scalar(
        sa.select(Registration).where(
            Registration.email == person(**overrides)["email"]
        )
    )


def test_patch_approves_a_pending_registration(client, world, manager_token):
    registration = _registered(client, category="vetted")
    response = client.patch(
        f"{PATH}/{registration.id}",
        json={"status": "confirmed"},
        headers=bearer(manager_token),
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == "confirmed"
    db.session.refresh(registration)
    assert registration.status == "confirmed"
    assert len(outbox_to(registration.email)) == 2  # received, then confirmed


def test_patch_rejects_with_a_message_and_waitlists(client, world, manager_token):
    first = _registered(client, category="vetted", email="a@example.org")
    second = _registered(client, category="vetted", email="b@example.org")
    headers = bearer(manager_token)
    rejected = client.patch(
        f"{PATH}/{first.id}",
        json={"status": "rejected", "message": "Not eligible."},
        headers=headers,
    )
    assert rejected.get_json()["status"] == "rejected"
    assert rejected.get_json()["decision_note"] == "Not eligible."
    waitlisted = client.patch(
        f"{PATH}/{second.id}", json={"status": "waitlisted"}, headers=headers
    )
    assert waitlisted.get_json()["status"] == "waitlisted"


def test_patch_cancel_frees_the_seat_for_the_waitlist(client, world, manager_token):
    seated = [_registered(client, email=f"s{n}@example.org") for n in range(2)]
    waiting = _registered(client, email="wait@example.org")
    assert waiting.status == "waitlisted"
    response = client.patch(
        f"{PATH}/{seated[0].id}",
        json={"status": "cancelled"},
        headers=bearer(manager_token),
    )
    assert response.get_json()["status"] == "cancelled"
    db.session.refresh(waiting)
    assert waiting.status == "confirmed"


def test_patch_impossible_transition_is_409(client, world, manager_token):
    registration = _registered(client)
    headers = bearer(manager_token)
    assert (
        client.patch(
            f"{PATH}/{registration.id}", json={"status": "cancelled"}, headers=headers
        ).status_code
        == 200
    )
    response = client.patch(
        f"{PATH}/{registration.id}", json={"status": "rejected"}, headers=headers
    )
    assert response.status_code == 409
    assert response.content_type == "application/problem+json"


@pytest.mark.parametrize(
    "body",
    [
        {"status": "approved"},
        {},
        {"status": "confirmed", "extra": 1},
        {"status": ["confirmed"]},
        {"status": "rejected", "message": 5},
    ],
)
def test_patch_bad_bodies_are_422(client, world, manager_token, body):
    registration = _registered(client, category="vetted")
    response = client.patch(
        f"{PATH}/{registration.id}", json=body, headers=bearer(manager_token)
    )
    assert response.status_code == 422
    db.session.refresh(registration)
    assert registration.status == "pending"


def test_patch_registration_of_another_meeting_is_404(client, world, manager_token):
    other = make_registration(world["ny"], status="pending")
    db.session.commit()
    headers = bearer(manager_token)
    assert (
        client.patch(
            f"{PATH}/{other.id}", json={"status": "confirmed"}, headers=headers
        ).status_code
        == 404
    )
    assert (
        client.patch(
            f"{PATH}/99999999999999", json={"status": "confirmed"}, headers=headers
        ).status_code
        == 404
    )
    assert (
        client.patch(
            f"{PATH}/abc", json={"status": "confirmed"}, headers=headers
        ).status_code
        == 404
    )
    db.session.refresh(other)
    assert other.status == "pending"


def test_patch_by_a_non_manager_is_403_and_changes_nothing(client, world):
    registration = _registered(client, category="vetted")
    stranger = token_for(manager_of(world["ny"]))
    db.session.commit()
    response = client.patch(
        f"{PATH}/{registration.id}",
        json={"status": "confirmed"},
        headers=bearer(stranger),
    )
    assert response.status_code == 403
    db.session.refresh(registration)
    assert registration.status == "pending"


def test_form_and_api_share_one_rate_limit_per_email(tmp_path):
    app = create_app(
        base_config(
            tmp_path, RATELIMIT_ENABLED=True, REGISTRATION_RATE_PER_EMAIL="2 per hour"
        )
    )
    with app.app_context():
        db.create_all()
        make_world()
        db.session.commit()
        client = app.test_client()
        form_body = {
            **person(email="both@example.org"),
            "consent_to_list": "y",
            "privacy_accepted": "y",
        }
        first = client.post("/meetings/csc-next/register", data=form_body)
        assert first.status_code in (200, 303)
        assert (
            client.post(PATH, json=person(email="both@example.org")).status_code == 409
        )
        assert (
            client.post(PATH, json=person(email="both@example.org")).status_code == 429
        )
        db.session.remove()
        db.drop_all()


def test_every_problem_of_a_body_is_reported_at_once(client, world):
    """Finding 26: the schema's problems and the service's come in one answer."""
    question = RegistrationQuestion(
        meeting_id=world["upcoming"].id,
        label={"en": "Diet"},
        kind="single_choice",
        choices=["vegan", "none"],
        required=True,
    )
    db.session.add(question)
    db.session.commit()
    body = person(email="amina@@example")
    del body["family_name"]
    body["country"] = "XX"
    response = client.post(PATH, json=body)
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert {"family_name", "email", "country", f"answers.{question.id}"} <= set(errors)
    assert errors["email"] == "Please enter a valid email address."
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0


@pytest.mark.parametrize(
    "email", ["no-at-sign", "two@@example.org", "a@b", "amina@example..org"]
)
def test_email_format_is_enforced_by_the_schema(app, email):
    problems = schema_problems(person(email=email), schemas.REGISTRATION_INPUT)
    assert problems == {"email": "Please enter a valid email address."}
    assert schema_problems(person(), schemas.REGISTRATION_INPUT) == {}


def test_a_trailing_newline_does_not_pass_a_single_line_pattern(client, world):
    response = client.post(PATH, json=person(category="public\n"))
    assert response.status_code == 422
    assert "category" in response.get_json()["errors"]


def test_schema_and_service_problems_keep_the_schemas_message(client, world):
    response = client.post(PATH, json=person(given_name=42, answers={"x": 1}))
    errors = response.get_json()["errors"]
    assert errors["given_name"] == "Must be of type string."
    assert errors["answers.x"] == "Not an accepted name."


def test_deeply_nested_unknown_fields_are_a_4xx_not_a_crash(client, world):
    deep = "[" * 900 + "]" * 900
    body = '{"category": "public", "extra": ' + deep + "}"
    response = client.post(PATH, data=body, content_type="application/json")
    assert response.status_code in (400, 422)
    assert response.content_type == "application/problem+json"
