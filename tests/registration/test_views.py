import csv
import io
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventsys import links
from eventsys.extensions import db
from eventsys.models import utcnow
from eventsys.registration import service
from eventsys.registration.models import Registration
from eventsys.registration.models import RegistrationAnswer
from eventsys.registration.models import RegistrationQuestion
from tests.factories import PASSWORD
from tests.factories import choices
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_role
from tests.factories import make_user
from tests.registration.helpers import assert_invariant
from tests.registration.helpers import form_data
from tests.registration.helpers import outbox

FIELDS = [
    "category",
    "title",
    "given_name",
    "family_name",
    "email",
    "organisation",
    "represents",
    "nationality",
    "country",
    "position",
    "attendance",
    "needs",
    "consent_to_list",
    "privacy_accepted",
    "csrf_token",
]


@pytest.fixture
def meeting(app):
    meeting = make_meeting(
        slug="csc", format="hybrid", capacity=2, public_participant_list=True
    )
    db.session.commit()
    return meeting


@pytest.fixture
def category(meeting):
    category = make_category(meeting, key="civil_society", name={"en": "Civil society"})
    db.session.commit()
    return category


def count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Registration))


def login_manager(client, meeting):
    user = make_user(email="manager@example.org")
    make_role(user, meeting)
    db.session.commit()
    client.post("/login", data={"email": "manager@example.org", "password": PASSWORD})
    return user


def test_form_has_every_contract_field_with_labels(client, meeting, category, app):
    app.config["WTF_CSRF_ENABLED"] = True
    question = RegistrationQuestion(
        meeting_id=meeting.id, label={"en": "Topic"}, kind="text"
    )
    db.session.add(question)
    db.session.commit()
    html = client.get("/meetings/csc/register").get_data(as_text=True)
    for name in FIELDS + [f"q_{question.id}"]:
        assert f'name="{name}"' in html, name
    ids = re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html)
    for input_id in ids:
        if input_id.startswith("csrf"):
            continue
        assert f'for="{input_id}"' in html, input_id
    assert '<option value="BO">Bolivia (Plurinational State of)</option>' in html
    assert "<script>" not in html and 'style="' not in html
    assert "js/registration.js" in html


def test_register_confirms_and_redirects_to_manage_page(client, meeting, category):
    response = client.post("/meetings/csc/register", data=form_data(category, 1))
    assert response.status_code == 303
    token = response.headers["Location"].rsplit("/", 1)[1]
    page = client.get(f"/registrations/{token}")
    assert page.status_code == 200
    assert "Your seat is confirmed" in page.get_data(as_text=True)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert outbox("confirmed")[0].to_addr == "ana1@example.org"


def test_waitlist_position_shown(client, meeting, category):
    for n in (1, 2):
        client.post("/meetings/csc/register", data=form_data(category, n))
    response = client.post(
        "/meetings/csc/register", data=form_data(category, 3), follow_redirects=True
    )
    assert "waiting list, at position 1" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "field, value",
    [
        ("email", "nope"),
        ("given_name", ""),
        ("country", "XX"),
        ("category", "unknown"),
        ("family_name", "F" * 500),
        ("privacy_accepted", ""),
    ],
)
def test_bad_input_is_422_and_stores_nothing(client, meeting, category, field, value):
    response = client.post(
        "/meetings/csc/register", data=form_data(category, 1, **{field: value})
    )
    assert response.status_code == 422
    assert "error-summary" in response.get_data(as_text=True)
    assert count() == 0


def test_markup_in_names_is_escaped(client, meeting, category):
    evil = "<script>alert(1)</script>"
    response = client.post(
        "/meetings/csc/register",
        data=form_data(category, 1, given_name=evil),
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert evil not in html and "&lt;script&gt;" in html
    assert evil not in outbox("confirmed")[0].body_html


def test_duplicate_offers_resend_without_revealing(client, meeting, category):
    client.post("/meetings/csc/register", data=form_data(category, 1))
    response = client.post(
        "/meetings/csc/register", data=form_data(category, 1, given_name="Other")
    )
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "already registered" in html and "Send me a new link" in html
    assert "Ana1" not in html.split("<form")[0]
    assert count() == 1
    resent = client.post(
        "/meetings/csc/register/resend",
        data={"email": "ana1@example.org"},
        follow_redirects=True,
    )
    unknown = client.post(
        "/meetings/csc/register/resend",
        data={"email": "who@example.org"},
        follow_redirects=True,
    )
    message = "If this address has a registration"
    assert message in resent.get_data(as_text=True) and message in unknown.get_data(
        as_text=True
    )
    assert len(outbox("link")) == 1


def test_closed_and_draft_meetings(client, app):
    closed = make_meeting(
        slug="closed", registration_closes_at=utcnow() - timedelta(days=1)
    )
    cat = make_category(closed)
    draft = make_meeting(slug="draft", status="draft")
    make_category(draft)
    db.session.commit()
    page = client.get("/meetings/closed/register")
    assert "Registration for this meeting is closed" in page.get_data(as_text=True)
    response = client.post("/meetings/closed/register", data=form_data(cat, 1))
    assert response.status_code == 409
    assert client.get("/meetings/draft/register").status_code == 404
    assert (
        client.post("/meetings/draft/register", data=form_data(cat, 1)).status_code
        == 404
    )
    assert count() == 0


def test_csrf_missing_is_400(client, meeting, category, app):
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/meetings/csc/register", data=form_data(category, 1))
    assert response.status_code == 400
    assert count() == 0


def test_manage_update_and_cancel_with_promotion(client, meeting, category):
    tokens = []
    for n in (1, 2, 3):
        response = client.post("/meetings/csc/register", data=form_data(category, n))
        tokens.append(response.headers["Location"].rsplit("/", 1)[1])
    update = form_data(category, 1, position="Director", attendance="online")
    response = client.post(f"/registrations/{tokens[0]}", data=update)
    assert response.status_code == 303
    first = service.find_by_token(tokens[0])
    assert (first.position, first.attendance) == ("Director", "online")
    response = client.post(f"/registrations/{tokens[0]}/cancel")
    assert response.status_code == 303
    assert service.find_by_token(tokens[0]).status == "cancelled"
    # The promotion email repeats the same link: the one the participant has open.
    assert service.find_by_token(tokens[2]).status == "confirmed"
    assert tokens[2] in outbox("promoted")[0].body_text
    assert outbox("promoted")[0].to_addr == "ana3@example.org"
    assert_invariant(meeting)
    assert client.get("/registrations/not-a-token").status_code == 404
    assert client.get(f"/registrations/{first.id}").status_code == 404


def test_online_link_only_for_confirmed_online(client, app):
    meeting = make_meeting(
        slug="hy", format="hybrid", capacity=1, online_url="https://secret.example/x"
    )
    cat = make_category(meeting)
    db.session.commit()
    first = client.post(
        "/meetings/hy/register", data=form_data(cat, 1, attendance="online")
    )
    second = client.post(
        "/meetings/hy/register", data=form_data(cat, 2, attendance="online")
    )
    page1 = client.get(first.headers["Location"]).get_data(as_text=True)
    page2 = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "https://secret.example/x" in page1
    assert "https://secret.example/x" not in page2


def test_public_participant_list(client, meeting, category):
    hidden_cat = make_category(meeting, key="media", on_public_list=False)
    db.session.commit()
    client.post(
        "/meetings/csc/register", data=form_data(category, 1, family_name="Zeta")
    )
    client.post(
        "/meetings/csc/register", data=form_data(category, 2, consent_to_list="")
    )
    client.post(
        "/meetings/csc/register", data=form_data(hidden_cat, 3, family_name="Media")
    )
    html = client.get("/meetings/csc/participants").get_data(as_text=True)
    assert "ZETA" in html
    assert "PÉREZ2" not in html and "MEDIA" not in html
    assert "@example.org" not in html
    meeting.public_participant_list = False
    db.session.commit()
    assert client.get("/meetings/csc/participants").status_code == 404


def test_rate_limits_per_email_and_address(tmp_path):
    from eventsys import create_app
    from tests.conftest import base_config

    app = create_app(
        base_config(
            tmp_path,
            RATELIMIT_ENABLED=True,
            REGISTRATION_RATE_PER_EMAIL="2 per hour",
            REGISTRATION_RATE_PER_ADDRESS="4 per hour",
        )
    )
    with app.app_context():
        db.create_all()
        meeting = make_meeting(slug="rl")
        cat = make_category(meeting)
        db.session.commit()
        client = app.test_client()
        same = [
            client.post("/meetings/rl/register", data=form_data(cat, 9)).status_code
            for _ in range(3)
        ]
        others = [
            client.post("/meetings/rl/register", data=form_data(cat, n)).status_code
            for n in (10, 11, 12)
        ]
        assert same == [303, 409, 429]
        assert others == [303, 303, 429]  # the address's 4 per hour are used up
        limited = client.post("/meetings/rl/register", data=form_data(cat, 13))
        assert "Too many requests" in limited.get_data(as_text=True)
        assert count() == 3
        db.session.remove()
        db.drop_all()


def test_manager_list_actions_and_csv(client, meeting, category):
    category.requires_approval = True
    db.session.commit()
    for n in (1, 2, 3):
        client.post(
            "/meetings/csc/register",
            data=form_data(
                category, n, organisation='=HYPERLINK("x")' if n == 1 else "NGO"
            ),
        )
    assert client.get("/manage/meetings/csc/registrations").status_code in (302, 401)
    login_manager(client, meeting)
    page = client.get("/manage/meetings/csc/registrations")
    assert page.status_code == 200
    assert "Pending approval" in page.get_data(as_text=True)
    ids = [
        str(r.id)
        for r in db.session.scalars(sa.select(Registration).order_by(Registration.id))
    ]
    response = client.post(
        "/manage/meetings/csc/registrations/bulk",
        data={"action": "approve", "ids": ids},
    )
    assert response.status_code == 303
    statuses = [
        r.status
        for r in db.session.scalars(sa.select(Registration).order_by(Registration.id))
    ]
    assert statuses == ["confirmed", "confirmed", "waitlisted"]
    filtered = client.get(
        "/manage/meetings/csc/registrations?status=waitlisted"
    ).get_data(as_text=True)
    assert "PÉREZ3" in filtered and "PÉREZ1" not in filtered
    response = client.post(
        f"/manage/meetings/csc/registrations/{ids[0]}/reject", data={"message": "Sorry"}
    )
    assert response.status_code == 303
    assert db.session.get(Registration, int(ids[2])).status == "confirmed"
    export = client.get("/manage/meetings/csc/registrations.csv")
    raw = export.get_data()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Status", "Category", "Title"]
    assert len(rows) == 4
    organisations = {row[7] for row in rows[1:]}
    assert '\'=HYPERLINK("x")' in organisations
    assert_invariant(meeting)


def test_other_manager_is_forbidden(client, meeting, category):
    other = make_meeting(slug="other")
    user = make_user(email="m2@example.org")
    make_role(user, other)
    db.session.commit()
    client.post("/login", data={"email": "m2@example.org", "password": PASSWORD})
    assert client.get("/manage/meetings/csc/registrations").status_code == 403
    assert client.get("/manage/meetings/csc/registrations.csv").status_code == 403


def test_settings_capacity_raise_promotes_and_questions(client, meeting, category):
    for n in (1, 2, 3):
        client.post("/meetings/csc/register", data=form_data(category, n))
    login_manager(client, meeting)
    assert client.get("/manage/meetings/csc/registration-settings").status_code == 200
    response = client.post(
        "/manage/meetings/csc/registration-settings", data={"capacity": "1"}
    )
    assert response.status_code == 422
    response = client.post(
        "/manage/meetings/csc/registration-settings",
        data={"capacity": "3", "public_participant_list": "y"},
    )
    assert response.status_code == 303
    assert outbox("promoted")
    response = client.post(
        f"/manage/meetings/csc/categories/{category.id}",
        data={"capacity": "5", "requires_approval": "yes", "on_public_list": "y"},
    )
    assert response.status_code == 303
    db.session.refresh(category)
    assert (category.capacity, category.requires_approval) == (5, True)
    response = client.post(
        "/manage/meetings/csc/registration/questions",
        data={
            "label_en": "Dietary needs",
            "kind": "single_choice",
            "choices": "Veg\nNone",
        },
    )
    assert response.status_code == 303
    assert "Dietary needs" in client.get("/meetings/csc/register").get_data(
        as_text=True
    )
    assert_invariant(meeting)


def test_participant_updates_answers(client, meeting, category):
    topic = RegistrationQuestion(
        meeting_id=meeting.id, label={"en": "Topic"}, kind="text", required=True
    )
    days = RegistrationQuestion(
        meeting_id=meeting.id,
        label={"en": "Days"},
        kind="multiple_choice",
        choices=choices("Mon", "Tue"),
    )
    db.session.add_all([topic, days])
    db.session.commit()
    data = form_data(category, 1, **{f"q_{topic.id}": "Youth", f"q_{days.id}": "Mon"})
    token = (
        client.post("/meetings/csc/register", data=data)
        .headers["Location"]
        .rsplit("/", 1)[1]
    )
    page = client.get(f"/registrations/{token}").get_data(as_text=True)
    assert 'value="Youth"' in page
    assert re.search(r'<input checked[^>]*value="Mon"', page)
    assert not re.search(r'<input checked[^>]*value="Tue"', page)
    bad = client.post(
        f"/registrations/{token}", data=form_data(category, 1, **{f"q_{topic.id}": ""})
    )
    assert bad.status_code == 422
    ok = client.post(
        f"/registrations/{token}",
        data=form_data(
            category, 1, **{f"q_{topic.id}": "Labour", f"q_{days.id}": ["Tue"]}
        ),
    )
    assert ok.status_code == 303
    registration = service.find_by_token(token)
    assert sorted(a.value for a in registration.answers) == ["Labour", '["Tue"]']


def test_public_list_names_states_in_the_page_language(client, app):
    meeting = make_meeting(slug="states", public_participant_list=True)
    states = make_category(meeting, key="member_state")
    db.session.commit()
    client.post(
        "/meetings/states/register",
        data=form_data(states, 1, organisation="", country="DE"),
    )
    assert "Allemagne" in client.get("/meetings/states/participants?lang=fr").get_data(
        as_text=True
    )
    assert "Germany" in client.get("/meetings/states/participants?lang=en").get_data(
        as_text=True
    )


def test_csrf_token_from_another_session_is_refused(app, meeting, category):
    app.config["WTF_CSRF_ENABLED"] = True
    first, second = app.test_client(), app.test_client()
    html = first.get("/meetings/csc/register").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    replayed = second.post(
        "/meetings/csc/register", data={**form_data(category, 1), "csrf_token": token}
    )
    assert replayed.status_code == 400
    assert "form expired" in replayed.get_data(as_text=True)
    assert count() == 0
    accepted = first.post(
        "/meetings/csc/register", data={**form_data(category, 1), "csrf_token": token}
    )
    assert accepted.status_code == 303


def test_manager_adds_and_removes_categories(client, meeting, category):
    login_manager(client, meeting)
    assert (
        client.post(
            "/manage/meetings/csc/categories",
            data={"name": "Diaspora groups", "on_public_list": "y"},
        ).status_code
        == 303
    )
    added = [
        c
        for c in service.rules.meeting_categories(meeting)
        if c.key == "diaspora_groups"
    ]
    assert added and added[0].position > category.position
    assert "Diaspora groups" in client.get("/meetings/csc/register").get_data(
        as_text=True
    )
    client.post("/meetings/csc/register", data=form_data(category, 1))
    client.post(f"/manage/meetings/csc/categories/{category.id}/delete")
    assert (
        db.session.get(type(category), category.id) is not None
    )  # it has a registration
    client.post(f"/manage/meetings/csc/categories/{added[0].id}/delete")
    assert [c.key for c in service.rules.meeting_categories(meeting)] == [
        "civil_society"
    ]


def test_manager_sends_a_new_link(client, meeting, category):
    token = (
        client.post("/meetings/csc/register", data=form_data(category, 1))
        .headers["Location"]
        .rsplit("/", 1)[1]
    )
    login_manager(client, meeting)
    registration = service.find_by_token(token)
    page = client.get(f"/manage/meetings/csc/registrations/{registration.id}")
    assert page.status_code == 200 and "ana1@example.org" in page.get_data(as_text=True)
    client.post(f"/manage/meetings/csc/registrations/{registration.id}/link")
    assert isinstance(service.find_by_token(token), links.Stale)
    assert outbox("link")[0].to_addr == "ana1@example.org"
    assert (
        client.post(
            f"/manage/meetings/csc/registrations/{registration.id}/explode"
        ).status_code
        == 404
    )


def _select(page: str, name: str) -> str:
    return re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S).group(0)


def test_country_lists_written_once_keep_what_was_chosen(client, meeting, category):
    """The long country lists are reused between requests: a chosen country is
    still the selected one, the language still the page's, and only one."""
    french = client.get("/meetings/csc/register?lang=fr").get_data(as_text=True)
    assert '<option value="TD">Tchad</option>' in _select(french, "country")
    response = client.post(
        "/meetings/csc/register",
        data=form_data(category, 1, country="TD", nationality="EG", family_name=""),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    country, nationality = _select(page, "country"), _select(page, "nationality")
    assert country.count(" selected") == 1 and '<option value="TD" selected>' in country
    assert nationality.count(" selected") == 1 and 'value="EG" selected' in nationality
    assert "required" in country.split(">", 1)[0]
    again = client.get("/meetings/csc/register").get_data(as_text=True)
    assert " selected" not in _select(again, "country")


def test_a_registration_post_reads_nothing_after_its_commit(client, meeting, category):
    """The flash is chosen from the status read before the commit: a confirmed
    registration's POST sends no statement after it (no reload, no second
    transaction), and the message still says what happened."""
    events = []

    def statement(conn, cursor, sql, parameters, context, executemany):
        events.append("sql")

    def commit(conn):
        events.append("commit")

    sa.event.listen(db.engine, "before_cursor_execute", statement)
    sa.event.listen(db.engine, "commit", commit)
    try:
        response = client.post("/meetings/csc/register", data=form_data(category, 1))
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", statement)
        sa.event.remove(db.engine, "commit", commit)
    assert response.status_code == 303
    assert events.count("commit") == 1 and events[-1] == "commit", events
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your registration is confirmed" in page


def test_a_registration_post_reads_the_questions_once(client, meeting, category):
    """The service answers from the questions the form loaded (asked_of), so an
    accepted POST reads the meeting's questions once, and a category's own question is
    still asked of that category only."""

    def required_text(asked_of, label):
        return RegistrationQuestion(
            meeting=meeting, category=asked_of, kind="text", label={"en": label},
            required=True,
        )  # fmt: skip

    other = make_category(meeting)
    db.session.add_all(
        [required_text(category, "Own question"),
         required_text(other, "Another category's")]
    )  # fmt: skip
    db.session.commit()
    own = db.session.scalar(
        sa.select(RegistrationQuestion).where(RegistrationQuestion.category == category)
    )
    reads = []

    def statement(conn, cursor, sql, parameters, context, executemany):
        if sql.lstrip().startswith("SELECT") and "FROM registration_question" in sql:
            reads.append(sql)

    sa.event.listen(db.engine, "before_cursor_execute", statement)
    try:
        refused = client.post("/meetings/csc/register", data=form_data(category, 1))
        reads_refused = len(reads)
        data = {**form_data(category, 2), f"q_{own.id}": "An answer"}
        accepted = client.post("/meetings/csc/register", data=data)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", statement)
    assert refused.status_code == 422  # the category's own required question
    assert accepted.status_code == 303, accepted.get_data(as_text=True)[:500]
    # (a refusal rolls back, and its page reloads the expired questions by id)
    assert len(reads) - reads_refused == 1, reads[reads_refused:]
    answers = db.session.scalars(sa.select(RegistrationAnswer)).all()
    assert [(a.question_id, a.value) for a in answers] == [(own.id, "An answer")]
