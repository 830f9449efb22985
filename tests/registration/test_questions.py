"""Registration questions: the secretariat's page, keyed choices, languages, order.

Through HTTP as the secretariat and the participant would use them, plus the
migration that gives existing choices their keys.
"""

import csv
import io
import json
import re

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade
from flask_migrate import upgrade

from eventsys import create_app
from eventsys.errors import InvalidInput
from eventsys.extensions import db
from eventsys.registration import questions
from eventsys.registration import service
from eventsys.registration.models import RegistrationQuestion
from tests.conftest import base_config
from tests.factories import PASSWORD
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_role
from tests.factories import make_user
from tests.registration.helpers import form_data

BASE = "/manage/meetings/idm/registration/questions"


@pytest.fixture
def meeting(app):
    meeting = make_meeting(slug="idm", languages=["en", "fr"], capacity=50)
    db.session.commit()
    return meeting


@pytest.fixture
def category(meeting):
    category = make_category(
        meeting,
        key="civil_society",
        name={"en": "Civil society", "fr": "Société civile"},
    )
    db.session.commit()
    return category


@pytest.fixture
def manager(client, meeting):
    user = make_user(email="sec@example.org")
    make_role(user, meeting)
    db.session.commit()
    client.post("/login", data={"email": "sec@example.org", "password": PASSWORD})
    return user


def add(client, **data):
    values = {
        "label_en": "Which breakout group?",
        "label_fr": "Quel groupe de travail ?",
        "kind": "single_choice",
        "category": "",
        "required": "y",
        "asked_of_members": "y",
        "choices": "Labour mobility\nClimate and migration",
    }
    values.update(data)
    response = client.post(BASE, data=values)
    assert response.status_code == 303, response.get_data(as_text=True)
    return db.session.scalars(
        sa.select(RegistrationQuestion).order_by(RegistrationQuestion.id.desc())
    ).first()


def register(client, category, n, **answers):
    response = client.post(
        "/meetings/idm/register", data=form_data(category, n, **answers)
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[1]


def edit_data(question, **changes) -> dict:
    """The edit form as the page fills it in, with some values changed."""
    data = {
        "label_en": question.label.get("en", ""),
        "label_fr": question.label.get("fr", ""),
        "kind": question.kind,
        "category": question.category.key if question.category else "",
        "required": "y" if question.required else "",
        "asked_of_members": "y" if question.asked_of_members else "",
        "choices": "",
    }
    for choice in question.choices:
        for lang, text in choice["label"].items():
            data[f"choice_{choice['key']}_{lang}"] = text
        if choice.get("retired"):
            data[f"retire_{choice['key']}"] = "y"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_add_with_keyed_choices_and_list_shows_labels(client, manager, category):
    question = add(client)
    assert [c["key"] for c in question.choices] == [
        "labour_mobility",
        "climate_and_migration",
    ]
    assert question.label == {
        "en": "Which breakout group?",
        "fr": "Quel groupe de travail ?",
    }
    page = client.get(BASE).get_data(as_text=True)
    listed = page[page.index('<ol class="question-list">') :]
    listed = listed[: listed.index("</ol>")]
    assert "One choice" in listed and "single_choice" not in listed
    assert "asked of delegation members" in listed
    public = client.get("/meetings/idm/register").get_data(as_text=True)
    assert re.search(
        rf'<input[^>]*name="q_{question.id}"[^>]*type="radio"[^>]*value="labour_mobility"',
        public,
    )
    legend = public[public.index(f'id="q_{question.id}"') :]
    assert legend.index('<span class="required"') < legend.index("</legend>")


def test_the_settings_page_links_to_the_questions_page(client, manager):
    page = client.get("/manage/meetings/idm/registration-settings")
    assert f'href="{BASE}"' in page.get_data(as_text=True)


def test_answer_stores_the_key_and_editing_labels_keeps_it(client, manager, category):
    question = add(client)
    token = register(client, category, 1, **{f"q_{question.id}": "labour_mobility"})
    registration = service.find_by_token(token)
    assert [a.value for a in registration.answers] == ["labour_mobility"]

    response = client.post(
        f"{BASE}/{question.id}",
        data=edit_data(
            question,
            label_en="Which working group?",
            choice_labour_mobility_en="Labour migration",
        ),
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert [a.value for a in service.find_by_token(token).answers] == [
        "labour_mobility"
    ]
    page = client.get(f"/registrations/{token}").get_data(as_text=True)
    assert "Which working group?" in page and "Labour migration" in page


def test_retired_choice_is_hidden_but_old_answers_show_and_export(
    client, manager, category
):
    question = add(client, choices="Labour mobility\nClimate and migration\nYouth")
    token = register(client, category, 1, **{f"q_{question.id}": "youth"})
    response = client.post(
        f"{BASE}/{question.id}", data=edit_data(question, retire_youth="y")
    )
    assert response.status_code == 303
    public = client.get("/meetings/idm/register").get_data(as_text=True)
    assert 'value="youth"' not in public and 'value="labour_mobility"' in public
    # A new registration cannot choose it...
    refused = client.post(
        "/meetings/idm/register",
        data=form_data(category, 2, **{f"q_{question.id}": "youth"}),
    )
    assert refused.status_code == 422
    # ...while the one who chose it keeps it, sees it and may save their page.
    registration = service.find_by_token(token)
    manage = client.get(f"/manage/meetings/idm/registrations/{registration.id}")
    assert "Youth" in manage.get_data(as_text=True)
    saved = client.post(
        f"/registrations/{token}",
        data=form_data(category, 1, **{f"q_{question.id}": "youth"}),
    )
    assert saved.status_code == 303
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/manage/meetings/idm/registrations.csv")
                .get_data(as_text=True)
                .lstrip("\ufeff")
            )
        )
    )
    column = rows[0].index("Which breakout group?")
    assert rows[1][column] == "Youth"


def test_kind_cannot_change_once_answered(client, manager, category):
    question = add(client)
    register(client, category, 1, **{f"q_{question.id}": "labour_mobility"})
    response = client.post(
        f"{BASE}/{question.id}", data=edit_data(question, kind="text")
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'href="#kind"' in page
    assert "its kind can no longer change" in page
    db.session.expire_all()
    assert db.session.get(RegistrationQuestion, question.id).kind == "single_choice"


def test_kind_changes_while_unanswered(client, manager, category):
    question = add(client)
    response = client.post(
        f"{BASE}/{question.id}", data=edit_data(question, kind="long_text")
    )
    assert response.status_code == 303
    db.session.expire_all()
    changed = db.session.get(RegistrationQuestion, question.id)
    assert (changed.kind, changed.choices) == ("long_text", [])


def test_used_choice_cannot_be_removed_an_unused_one_can(client, manager, category):
    question = add(client, choices="Labour mobility\nClimate and migration\nYouth")
    register(client, category, 1, **{f"q_{question.id}": "youth"})
    refused = client.post(
        f"{BASE}/{question.id}", data=edit_data(question, remove_youth="y")
    )
    assert refused.status_code == 422
    assert "retire it instead" in refused.get_data(as_text=True)
    removed = client.post(
        f"{BASE}/{question.id}",
        data=edit_data(question, remove_climate_and_migration="y"),
    )
    assert removed.status_code == 303
    db.session.expire_all()
    keys = [c["key"] for c in db.session.get(RegistrationQuestion, question.id).choices]
    assert keys == ["labour_mobility", "youth"]


def test_new_choice_added_on_edit_gets_its_own_key(client, manager, category):
    question = add(client)
    client.post(
        f"{BASE}/{question.id}", data=edit_data(question, choices="Labour mobility")
    )
    db.session.expire_all()
    keys = [c["key"] for c in db.session.get(RegistrationQuestion, question.id).choices]
    assert keys == ["labour_mobility", "climate_and_migration", "labour_mobility_2"]


def test_move_up_and_down(client, manager, category):
    first = add(client, label_en="First", kind="text", choices="")
    second = add(client, label_en="Second", kind="text", choices="")
    third = add(client, label_en="Third", kind="text", choices="")
    client.post(f"{BASE}/{third.id}/move", data={"direction": "up"})
    client.post(f"{BASE}/{first.id}/move", data={"direction": "down"})
    page = client.get("/meetings/idm/register").get_data(as_text=True)
    assert page.index("Third") < page.index("First") < page.index("Second")
    db.session.expire_all()
    order = [q.id for q in questions.questions_for(first.meeting, all_categories=True)]
    assert order == [third.id, first.id, second.id]
    # The top one cannot go higher, and nothing breaks.
    response = client.post(f"{BASE}/{third.id}/move", data={"direction": "up"})
    assert response.status_code == 303


def test_labels_and_choices_shown_in_french(client, manager, category):
    question = add(client)
    client.post(
        f"{BASE}/{question.id}",
        data=edit_data(
            question,
            choice_labour_mobility_fr="Mobilité de main-d'œuvre",
            choice_climate_and_migration_fr="Climat et migration",
        ),
    )
    page = client.get("/meetings/idm/register?lang=fr").get_data(as_text=True)
    assert "Quel groupe de travail ?" in page
    assert "Climat et migration" in page
    english = client.get("/meetings/idm/register?lang=en").get_data(as_text=True)
    assert "Which breakout group?" in english and "Climate and migration" in english


def test_edit_page_offers_every_meeting_language(client, manager, category):
    question = add(client)
    page = client.get(f"{BASE}/{question.id}").get_data(as_text=True)
    assert 'name="label_fr"' in page and 'value="Quel groupe de travail ?"' in page
    assert 'name="choice_labour_mobility_fr"' in page
    assert 'name="retire_labour_mobility"' in page


def test_main_language_label_is_required(client, manager):
    response = client.post(BASE, data={"label_en": "", "kind": "text"})
    assert response.status_code == 422
    assert 'href="#label_en"' in response.get_data(as_text=True)


def test_service_refuses_a_single_choice_with_one_option(meeting, now):
    user = make_user(is_admin=True)
    with pytest.raises(InvalidInput) as caught:
        questions.create_question(
            meeting,
            data={"label_en": "Pick", "kind": "single_choice", "choices": "Only"},
            actor=user,
            now=now,
        )
    assert "choices" in caught.value.fields


def test_multiple_choice_display_and_export_use_labels(meeting, category, now):
    user = make_user(is_admin=True)
    question = questions.create_question(
        meeting,
        data={"label_en": "Days", "kind": "multiple_choice", "choices": "Mon\nTue"},
        actor=user,
        now=now,
    )
    question.choices[1]["label"]["fr"] = "Mardi"
    registration, _token = service.register(
        meeting,
        data=form_data(category, 1, **{f"q_{question.id}": ["tue", "mon"]}),
        now=now,
    )
    (answer,) = registration.answers
    assert json.loads(answer.value) == ["mon", "tue"]
    assert questions.display(question, answer.value, "fr") == "Mon, Mardi"
    assert questions.export_value(question, answer.value, "en") == "Mon, Tue"


def test_migration_keys_old_choices_and_their_answers(tmp_path):
    app = create_app(
        base_config(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/m.db")
    )
    with app.app_context():
        upgrade(revision="0001")
        with db.engine.begin() as connection:
            row = lambda table, **values: _insert(connection, table, values)  # noqa: E731
            row("series", id=1, kind="other", name="{}", default_categories="[]")
            row(
                "meeting",
                id=1,
                series_id=1,
                slug="m",
                format="in_person",
                status="published",
                languages='["fr"]',
                main_language="fr",
                timezone="UTC",
                ends_at="2026-01-02 00:00:00.000000",
            )
            row("participant_category", id=1, meeting_id=1, key="p", name="{}")
            row(
                "registration_question",
                id=1,
                meeting_id=1,
                label="{}",
                kind="single_choice",
                choices='["Végétarien", "Aucun"]',
            )
            row(
                "registration_question",
                id=2,
                meeting_id=1,
                label="{}",
                kind="multiple_choice",
                choices='["Lundi", "Mardi"]',
            )
            row(
                "registration",
                id=1,
                meeting_id=1,
                category_id=1,
                email="a@example.org",
                attendance="in_person",
                status="confirmed",
            )
            row(
                "registration_answer",
                registration_id=1,
                question_id=1,
                value="Végétarien",
            )
            row(
                "registration_answer",
                registration_id=1,
                question_id=2,
                value='["Lundi", "Mardi"]',
            )
        upgrade()
        single = db.session.get(RegistrationQuestion, 1)
        assert single.choices == [
            {"key": "vegetarien", "label": {"fr": "Végétarien"}, "retired": False},
            {"key": "aucun", "label": {"fr": "Aucun"}, "retired": False},
        ]
        assert single.asked_of_members is True
        values = dict(
            db.session.execute(
                sa.text("SELECT question_id, value FROM registration_answer")
            ).all()
        )
        assert values == {1: "vegetarien", 2: '["lundi", "mardi"]'}
        multiple = db.session.get(RegistrationQuestion, 2)
        assert questions.display(multiple, values[2], "fr") == "Lundi, Mardi"
        assert questions.display(single, values[1], "fr") == "Végétarien"
        db.session.remove()
        downgrade(revision="0001")
        with db.engine.connect() as connection:
            back = dict(
                connection.execute(
                    sa.text("SELECT question_id, value FROM registration_answer")
                ).all()
            )
        assert back == {1: "Végétarien", 2: '["Lundi", "Mardi"]'}
        db.engine.dispose()


def _insert(connection, table: str, given: dict) -> None:
    """A row as the old schema stored it: given values, blanks for other required ones."""
    values = dict(given)
    for column in sa.inspect(connection).get_columns(table):
        name = column["name"]
        if name in values or column["nullable"] or name == "id":
            continue
        kind = str(column["type"]).upper()
        if "DATE" in kind or "TIME" in kind:
            values[name] = "2026-01-01 00:00:00.000000"
        elif "INT" in kind or "BOOL" in kind:
            values[name] = 0
        elif "JSON" in kind:
            values[name] = "{}"
        else:
            values[name] = ""
    names = ", ".join(values)
    marks = ", ".join(f":{n}" for n in values)
    connection.execute(
        sa.text(f"INSERT INTO {table} ({names}) VALUES ({marks})"), values
    )
