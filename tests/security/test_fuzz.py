"""Property-based tests: hostile input never gives a 5xx and never stores a partial record.

Hypothesis throws arbitrary unicode (NUL and other control characters, RTL marks,
emoji, HTML/script payloads, strings up to 100,000 characters), wrong types and
malformed bodies at the registration form, the meeting, session and outcome
forms and the JSON API. For every request:
- the status is below 500;
- a 4xx leaves every table exactly as it was (a snapshot of all rows);
- a 2xx/3xx stores complete rows: every string fits its column, none holds a
  NUL (PostgreSQL refuses them, so it would be a 500 there), required fields
  are filled in.
The database is shared by the examples of one test (function-scoped fixture),
so successes accumulate; that is fine: each example compares before and after.
"""

import io
import re
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck
from hypothesis import event
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from eventsys import create_app
from eventsys import crypto
from eventsys.agenda.models import AgendaRelease
from eventsys.agenda.models import AgendaSession
from eventsys.auth import invitations as team_invitations
from eventsys.auth.api_tokens import create_token
from eventsys.auth.models import AccountInvitation
from eventsys.auth.models import User
from eventsys.comms.models import Message
from eventsys.comms.models import NotificationPreference
from eventsys.comms.models import ReminderSchedule
from eventsys.documents import service as documents
from eventsys.documents.models import MeetingDocument
from eventsys.documents.models import MeetingFile
from eventsys.documents.storage import from_config
from eventsys.extensions import db
from eventsys.invitations import service as invitations
from eventsys.invitations.models import Invitation
from eventsys.meetings.models import Meeting
from eventsys.onsite import service as onsite
from eventsys.onsite import visa
from eventsys.onsite.models import Checkin
from eventsys.onsite.models import VisaRequest
from eventsys.outcomes import service as outcomes
from eventsys.outcomes.models import OutcomeDocument
from eventsys.outcomes.models import OutcomeSection
from eventsys.registration import delegations
from eventsys.registration.models import Delegation
from eventsys.registration.models import ParticipantCategory
from eventsys.registration.models import Registration
from eventsys.registration.models import RegistrationAnswer
from eventsys.registration.models import RegistrationQuestion
from eventsys.text import is_clean
from tests.conftest import base_config
from tests.conftest import requires_postgres
from tests.factories import PASSWORD
from tests.factories import choices
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_registration
from tests.factories import make_room
from tests.factories import make_user

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

PAYLOADS = [
    "\x00",
    "a\x00b",
    "\u202eevil\u202c",
    "\u200f\u200e",
    "😀👩🏽‍⚕️🇨🇭",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}",
    "' OR 1=1 --",
    '=HYPERLINK("http://x")',
    "%s%n%x",
    "../../etc/passwd",
    "\r\nBcc: victim@example.org",
    "\ufeff",
    "\u0085\u2028\u2029",
    "   ",
    "",
    "x" * 41,
    "\t\v\f\b",
    # Control characters and line breaks in one-line fields (issue 17: a line feed in a
    # meeting title broke every confirmation and the feed).
    "Line\nfeed",
    "Carriage\rreturn",
    "\x1b[31mred\x1b[0m",
    "a\x7fb\x9fc",
    # Numbers past every integer type (issue 17: ?page=99999999999999999999 was a 500).
    "99999999999999999999",
    str(2**64),
    "-9223372036854775809",
    "-1",
    "0",
    "1e309",
    "NaN",
    "0x10",
]
HUGE_NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["99999999999999999999", "-1", "0", "1e309", "NaN", "", "9" * 400]),
)
# Every code point except lone surrogates (not encodable), so NUL and controls are in.
ANY_CHAR = st.characters(blacklist_categories=("Cs",))
huge = st.builds(
    lambda ch, n: ch * n,
    st.sampled_from(["a", "é", "😀", "\u202e", "<", "\x00"]),
    st.integers(min_value=1_000, max_value=100_000),
)
nasty = st.one_of(st.text(ANY_CHAR, max_size=300), st.sampled_from(PAYLOADS), huge)


def field(valid):
    """Mostly a valid value, often something hostile, sometimes repeated."""
    good = valid if isinstance(valid, st.SearchStrategy) else st.just(valid)
    return st.one_of(good, good, nasty, st.lists(nasty, min_size=2, max_size=3))


def form(**fields):
    """A valid form, then up to three fields made hostile and up to two left out."""
    names = sorted(fields)
    valid = st.fixed_dictionaries(
        {
            name: (value if isinstance(value, st.SearchStrategy) else st.just(value))
            for name, value in fields.items()
        }
    )
    hostile = st.dictionaries(
        st.sampled_from(names),
        st.one_of(nasty, st.lists(nasty, min_size=2, max_size=3)),
        max_size=3,
    )
    dropped = st.sets(st.sampled_from(names), max_size=2)
    return st.builds(
        lambda v, h, d: {k: x for k, x in {**v, **h}.items() if k not in d},
        valid,
        hostile,
        dropped,
    )


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | nasty,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=10,
)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=requires_postgres)])
def app(request, tmp_path):
    """The examples run on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set:
    PostgreSQL enforces column lengths and refuses NUL, where SQLite does not."""
    if request.param == "sqlite":
        yield request.getfixturevalue("app_sqlite")
    else:
        yield request.getfixturevalue("pg_app")


@pytest.fixture
def app_sqlite(tmp_path):
    app = create_app(base_config(tmp_path))
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()


# --- checks

# Tables that a refused request may touch: an API token's last_used_at is a hint, not a record.
BOOKKEEPING = {"api_token"}


def snapshot() -> dict:
    rows = {}
    for table in db.metadata.sorted_tables:
        if table.name in BOOKKEEPING:
            continue
        rows[table.name] = sorted(map(repr, db.session.execute(sa.select(table)).all()))
    return rows


def assert_clean(model, row) -> None:
    """Every string column fits and holds no NUL; recurse into JSON text dicts."""
    for column in model.__table__.columns:
        value = getattr(row, column.key)
        texts = list(value.values()) if isinstance(value, dict) else [value]
        for text in texts:
            if isinstance(text, str):
                assert "\x00" not in text, (
                    f"NUL stored in {model.__name__}.{column.key}"
                )
                assert is_clean(text, multiline=True), (
                    f"control character stored in {model.__name__}.{column.key}"
                )
                limit = getattr(column.type, "length", None)
                if limit:
                    assert len(text) <= limit, (
                        f"{model.__name__}.{column.key} longer than {limit}"
                    )


def check(response, before: dict, model, *, created: bool = True) -> None:
    event(f"{model.__name__} {response.status_code}")
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    db.session.expire_all()
    if response.status_code >= 400:
        assert snapshot() == before, f"{response.status_code} changed the database"
        return
    for row in db.session.scalars(sa.select(model)):
        assert_clean(model, row)
    if created:
        after = db.session.scalar(sa.select(sa.func.count()).select_from(model))
        assert after == len(before[model.__tablename__]) + 1


def post(client, path, data, **kwargs):
    before = snapshot()
    return client.post(path, data=data, **kwargs), before


def sign_in_admin(client) -> None:
    make_user(email="admin@example.org", is_admin=True)
    db.session.commit()
    assert (
        client.post(
            "/login", data={"email": "admin@example.org", "password": PASSWORD}
        ).status_code
        == 302
    )


def open_meeting() -> Meeting:
    meeting = make_meeting(slug="fuzz", capacity=10_000)
    make_category(meeting, key="public", name={"en": "Public"})
    make_room(meeting, name="Room A")
    db.session.commit()
    return meeting


# --- targets


REGISTRATION = form(
    category="public",
    title="Ms",
    given_name="Amina",
    family_name="Diallo",
    email=st.from_regex(r"\A[a-z]{1,8}@example\.org\Z"),
    organisation="IOM",
    represents="Senegal",
    nationality="SN",
    country="SN",
    position="Adviser",
    attendance=st.sampled_from(["in_person", "online"]),
    needs="",
    consent_to_list="y",
    privacy_accepted="y",
)


def test_registration_form(app, client):
    open_meeting()

    @FUZZ
    @given(data=REGISTRATION)
    def run(data):
        response, before = post(client, "/meetings/fuzz/register", data)
        check(response, before, Registration)
        if response.status_code < 400:
            registration = db.session.scalars(
                sa.select(Registration).order_by(Registration.id.desc())
            ).first()
            assert registration.given_name.strip() and registration.family_name.strip()
            assert "@" in registration.email and registration.status in (
                "confirmed",
                "pending",
                "waitlisted",
            )

    run()


PARTICIPANT_UPDATE = form(
    title="Dr",
    given_name="Amina",
    family_name="Diallo",
    organisation="IOM",
    represents="Senegal",
    nationality="SN",
    country="SN",
    position="Adviser",
    attendance=st.sampled_from(["in_person", "online"]),
    needs="Step-free access",
    consent_to_list=st.sampled_from(["y", ""]),
)


def test_participant_update_form(app, client):
    """The participant's own page (personal link) updates the registration in place."""
    meeting = open_meeting()
    registration = make_registration(
        meeting, category=meeting_category(meeting), status="confirmed"
    )
    db.session.commit()
    path = f"/registrations/{registration.plain_token}"

    @FUZZ
    @given(data=PARTICIPANT_UPDATE)
    def run(data):
        response, before = post(client, path, data)
        check(response, before, Registration, created=False)
        if response.status_code < 400:
            db.session.refresh(registration)
            assert registration.given_name.strip() and registration.family_name.strip()

    run()


QUESTION = form(
    label_en="Dietary needs",
    label_fr="Régime alimentaire",
    kind=st.sampled_from(["text", "long_text", "single_choice", "multiple_choice"]),
    category=st.sampled_from(["", "public", "nope"]),
    required=st.sampled_from(["y", ""]),
    asked_of_members=st.sampled_from(["y", ""]),
    choices="Vegetarian\nHalal",
    choice_veg_en="Veggie",
    choice_veg_fr="Végétarien",
    retire_veg=st.sampled_from(["y", ""]),
    remove_none=st.sampled_from(["y", ""]),
)


def test_question_forms(app, client):
    """The secretariat's question page: add a question, edit one that has answers."""
    sign_in_admin(client)
    meeting = open_meeting()
    meeting.languages = ["en", "fr"]
    question = RegistrationQuestion(
        meeting_id=meeting.id,
        label={"en": "Diet"},
        kind="single_choice",
        choices=choices("veg", "none"),
    )
    db.session.add(question)
    registration = make_registration(meeting, category=meeting_category(meeting))
    registration.answers.append(RegistrationAnswer(question=question, value="veg"))
    db.session.commit()
    base = "/manage/meetings/fuzz/registration/questions"

    @FUZZ
    @given(data=QUESTION, edit=st.booleans())
    def run(data, edit):
        path = f"{base}/{question.id}" if edit else base
        response, before = post(client, path, data)
        check(response, before, RegistrationQuestion, created=not edit)
        db.session.refresh(question)
        assert question.kind == "single_choice"  # it has answers
        assert "veg" in [c["key"] for c in question.choices]  # used: never removed

    run()


def meeting_category(meeting):
    from eventsys.registration.models import ParticipantCategory

    return db.session.scalar(
        sa.select(ParticipantCategory).where(
            ParticipantCategory.meeting_id == meeting.id
        )
    )


MEETING = form(
    series_id=st.just("SERIES"),
    slug=st.from_regex(r"\A[a-z][a-z0-9-]{2,20}\Z"),
    title="A meeting",
    theme="Youth",
    description="Text",
    practical_info="",
    timezone="Europe/Zurich",
    starts_at="2027-06-01T09:00",
    ends_at="2027-06-02T18:00",
    format=st.sampled_from(["in_person", "hybrid"]),
    venue="Palais",
    city="Geneva",
    country="CH",
    online_url="https://example.org/m",
    online_access_note="",
    contact_email="s@example.org",
    languages="en",
    main_language="en",
    registration_opens_at="",
    registration_closes_at="",
    capacity=st.sampled_from(["", "100", "-1", "1e9"]),
    in_person_capacity="",
    online_capacity="",
    requires_approval="y",
    public_participant_list="y",
    title_fr="Une réunion",
)


def _with_series(data: dict, series_id: int) -> dict:
    return {k: (str(series_id) if v == "SERIES" else v) for k, v in data.items()}


def test_meeting_create_and_edit(app, client):
    sign_in_admin(client)
    existing = open_meeting()

    @FUZZ
    @given(data=MEETING, edit=st.booleans())
    def run(data, edit):
        data = _with_series(data, existing.series_id)
        if edit:
            response, before = post(client, "/manage/meetings/fuzz/edit", data)
            check(response, before, Meeting, created=False)
        else:
            response, before = post(client, "/manage/meetings/new", data)
            check(response, before, Meeting)
        if response.status_code < 400:
            for meeting in db.session.scalars(sa.select(Meeting)):
                assert meeting.title and meeting.starts_at <= meeting.ends_at

    run()


SETTINGS = form(
    concern=st.sampled_from(["capacity", "window", "approval", "access", ""]),
    capacity=st.sampled_from(["", "20000", "-1", "1e9", "10"]),
    in_person_capacity=st.sampled_from(["", "5000"]),
    online_capacity="",
    registration_opens_at=st.sampled_from(["", "2027-01-01T09:00", "2027-13-01T09:00"]),
    registration_closes_at=st.sampled_from(["", "2026-12-01T09:00"]),
    requires_approval="y",
    public_participant_list="y",
    access=st.sampled_from(["open", "invitation"]),
)
CATEGORY_SETTINGS = form(
    capacity=st.sampled_from(["", "500", "-1"]),
    in_person_capacity="",
    online_capacity="",
    delegation_size_limit=st.sampled_from(["", "5", "99999999999"]),
    requires_approval=st.sampled_from(["inherit", "yes", "no"]),
    access=st.sampled_from(["inherit", "open", "invitation"]),
    opens_at=st.sampled_from(["", "2027-01-01T09:00"]),
    closes_at="",
    on_public_list="y",
)


def test_registration_settings_forms(app, client):
    sign_in_admin(client)
    meeting = open_meeting()
    category_url = f"/manage/meetings/fuzz/categories/{meeting_category(meeting).id}"

    @FUZZ
    @given(data=SETTINGS, category=CATEGORY_SETTINGS)
    def run(data, category):
        url = "/manage/meetings/fuzz/registration-settings"
        response, before = post(client, url, data)
        check(response, before, Meeting, created=False)
        response, before = post(client, category_url, category)
        check(response, before, ParticipantCategory, created=False)

    run()


SESSION = form(
    kind=st.sampled_from(["plenary", "panel", "break"]),
    day="2027-06-01",
    starts_at="09:00",
    ends_at="10:00",
    room_id="0",
    title="Opening",
    title_fr="Ouverture",
    description="",
    floor_language=st.sampled_from(["", "en", "fr", "sgn", "xx"]),
    interpretation=st.sampled_from(["en", "sgn", "zz"]),
    takes_signups=st.sampled_from(["y", ""]),
    signup_capacity=st.sampled_from(["", "10", "0", "-3", "1e9"]),
    has_speakers_list=st.sampled_from(["y", ""]),
    speaking_time=st.sampled_from(["", "3", "0", "999"]),
    speakers_per_delegation=st.sampled_from(["", "1", "2", "-1"]),
    **{
        "people-0-name": "Ms A",
        "people-0-affiliation": "IOM",
        "people-0-role": "speaker",
        "people-0-gender": st.sampled_from(["", "woman", "robot"]),
    },
)


def test_session_form(app, client):
    sign_in_admin(client)
    open_meeting()

    @FUZZ
    @given(data=SESSION)
    def run(data):
        response, before = post(client, "/manage/meetings/fuzz/agenda/new", data)
        check(response, before, AgendaSession)
        if response.status_code < 400:
            session = db.session.scalars(
                sa.select(AgendaSession).order_by(AgendaSession.id.desc())
            ).first()
            assert session.title and session.starts_at < session.ends_at

    run()


RELEASE = form(label="Provisional programme", note="Subject to change.")
VISIBILITY = form(agenda_visibility=st.sampled_from(["always", "released"]))


def test_agenda_release_and_visibility_forms(app, client):
    sign_in_admin(client)
    open_meeting()

    @FUZZ
    @given(data=RELEASE, visibility=VISIBILITY)
    def run(data, visibility):
        response, before = post(client, "/manage/meetings/fuzz/agenda/releases", data)
        check(response, before, AgendaRelease)
        url = "/manage/meetings/fuzz/agenda/visibility"
        response, before = post(client, url, visibility)
        check(response, before, Meeting, created=False)
        db.session.expire_all()
        meeting = db.session.scalar(sa.select(Meeting).where(Meeting.slug == "fuzz"))
        assert meeting.agenda_visibility in ("always", "released")

    run()


DOCUMENT = form(
    kind=st.sampled_from(["red_book", "chair_summary"]),
    language="en",
    title_en="Chair's summary",
    title_fr="",
    title_es="",
    also_covers="",
)
SECTION = form(
    heading="Opening",
    kind=st.sampled_from(["summary", "recommendation"]),
    session_id="",
    body="Some *text*.",
    save="Save section",
)


def test_outcome_forms(app, client):
    sign_in_admin(client)
    meeting = open_meeting()
    document = outcomes.create_document(
        meeting, actor=_admin(), data={"title": {"en": "Doc"}}
    )
    db.session.commit()
    path = f"/manage/meetings/fuzz/outcomes/{document.slug}/sections/new"

    @FUZZ
    @given(data=DOCUMENT, section=SECTION, which=st.booleans())
    def run(data, section, which):
        if which:
            response, before = post(client, "/manage/meetings/fuzz/outcomes/new", data)
            check(response, before, OutcomeDocument)
        else:
            response, before = post(client, path, section)
            check(response, before, OutcomeSection)
            if response.status_code < 400:
                assert all(
                    s.heading.strip()
                    for s in db.session.scalars(sa.select(OutcomeSection))
                )

    run()


MESSAGE = form(
    kind="registrations",
    statuses="confirmed",
    attendance="",
    delegation="",
    attended=st.sampled_from(["", "y"]),
    subject_en=field("News for {given_name}"),
    body_en=field(
        st.sampled_from(
            [
                "Dear {title} {family_name},\n\n**{meeting}**: {dates}",
                "Your certificate: {certificate_link}",
            ]
        )
    ),
    action="send",
)


def test_message_compose_form(app, client):
    sign_in_admin(client)
    meeting = open_meeting()
    make_registration(meeting, status="confirmed", email="reader@example.org")
    db.session.commit()

    @FUZZ
    @given(data=MESSAGE)
    def run(data):
        response, before = post(client, "/manage/meetings/fuzz/messages", data)
        check(response, before, Message, created=response.status_code == 302)


REMINDERS = form(
    **{
        "reminders-enabled": st.sampled_from(["y", "", "on"]),
        "reminders-offsets": field("7d, 1d"),
        "reminders-invitation_alarm_minutes": field("60"),
        "reminders-invitation_reminder_days": field("3"),
        "reminders-nomination_reminder_days": field(""),
    }
)


def test_reminder_settings_form(app, client):
    sign_in_admin(client)
    open_meeting()

    @FUZZ
    @given(data=REMINDERS)
    def run(data):
        response, before = post(client, "/manage/meetings/fuzz/reminders", data)
        check(response, before, ReminderSchedule, created=False)

    run()


ACCOUNT_CHOICES = form(**{"notify-mode": field("digest"), "alarm-minutes": field("60")})


def test_notification_and_calendar_alarm_choices(app, client):
    sign_in_admin(client)

    @FUZZ
    @given(data=ACCOUNT_CHOICES)
    def run(data):
        response, before = post(client, "/account/notifications", data)
        check(response, before, NotificationPreference, created=False)
        response, before = post(client, "/account/calendar-alarm", data)
        check(response, before, User, created=False)

    run()


MEETING_DOCUMENT = form(
    kind=st.sampled_from(["concept_note", "programme", "note_verbale"]),
    symbol="IDM/2027/1",
    title_en="Concept note",
    visibility=st.sampled_from(["public", "participants", "secretariat"]),
    session_id="",
    publish=st.sampled_from(["", "y"]),
)
UPLOAD_NAME = st.one_of(
    st.sampled_from(["note.pdf", "note.PDF", "../../etc/passwd.pdf", "a.docx", ".pdf"]),
    nasty.filter(lambda t: "\x00" not in t),
)
UPLOAD_BYTES = st.one_of(
    st.just(b"%PDF-1.4\n%%EOF\n"), st.binary(max_size=300), st.just(b"MZ" + bytes(64))
)


def _stored_count(app) -> int:
    root = Path(app.config["DOCUMENTS_DIR"])
    return sum(1 for p in root.rglob("*") if p.is_file()) if root.exists() else 0


def test_meeting_document_forms(app, client):
    sign_in_admin(client)
    meeting = open_meeting()
    document = documents.create_document(
        meeting, actor=_admin(),
        data={"kind": "programme", "title": {"en": "Programme"}, "visibility": "public"},
        uploads={"en": documents.Upload("p.pdf", b"%PDF-1.4\n%%EOF\n")},
        storage=from_config(app.config), max_bytes=1024 * 1024, publish=True,
    )  # fmt: skip
    db.session.commit()
    manage = f"/manage/meetings/fuzz/documents/{document.id}"
    file_id = document.files[0].id

    @FUZZ
    @given(data=MEETING_DOCUMENT, name=UPLOAD_NAME, content=UPLOAD_BYTES,
           which=st.sampled_from(["new", "file", "withdraw", "publish", "download"]),
           language=field("en"), reason=field("Wrong file"))  # fmt: skip
    def run(data, name, content, which, language, reason):
        stored = _stored_count(app)
        upload = (io.BytesIO(content), name)
        if which == "new":
            response, before = post(client, "/manage/meetings/fuzz/documents/new",
                                    {**data, "file_en": upload})  # fmt: skip
            check(response, before, MeetingDocument)
        elif which == "file":
            response, before = post(client, f"{manage}/files",
                                    {"language": language, "file": upload})  # fmt: skip
            check(response, before, MeetingFile)
        elif which == "withdraw":
            response, before = post(client, f"{manage}/files/{file_id}/withdraw",
                                    {"reason": reason})  # fmt: skip
            check(response, before, MeetingFile, created=False)
        elif which == "publish":
            response, before = post(client, f"{manage}/publish", data)
            check(response, before, MeetingDocument, created=False)
        else:
            segment = quote(name.replace("/", "_"), safe="") or "x"
            response = client.get(
                f"/meetings/fuzz/documents/{document.id}/{segment}/{segment}"
            )
            assert response.status_code in (404, 410), response.status_code
            return
        if response.status_code >= 400:
            assert _stored_count(app) == stored, "a refused upload stored a file"

    run()


def _admin():
    from eventsys.auth.models import User

    return db.session.scalar(sa.select(User).where(User.is_admin))


API_REGISTRATION = st.one_of(
    json_value,
    st.fixed_dictionaries(
        {},
        optional={
            "category": field("public") | json_value,
            "given_name": field("Amina") | json_value,
            "family_name": field("Diallo") | json_value,
            "email": field("amina@example.org") | json_value,
            "country": field("SN") | json_value,
            "privacy_accepted": st.just(True) | json_value,
            "consent_to_list": st.booleans() | json_value,
            "needs": field("") | json_value,
            "title": field("Dr") | json_value,
            "attendance": field("online") | json_value,
            "answers": json_value,
            "language": field("fr") | json_value,
        },
    ),
)


def test_api_create_registration(app, client):
    open_meeting()

    @FUZZ
    @given(body=API_REGISTRATION, raw=st.none() | st.binary(max_size=200))
    def run(body, raw):
        before = snapshot()
        if raw is not None:
            response = client.post(
                "/api/v1/meetings/fuzz/registrations",
                data=raw,
                content_type="application/json",
            )
        else:
            response = client.post("/api/v1/meetings/fuzz/registrations", json=body)
        check(response, before, Registration)
        assert response.is_json

    run()


def test_api_decide_registration(app, client):
    meeting = open_meeting()
    manager = make_user(email="api-admin@example.org", is_admin=True)
    _token, plain = create_token(manager, "fuzz", now=NOW)
    registrations = [make_registration(meeting, status="pending") for _ in range(3)]
    db.session.commit()
    ids = [r.id for r in registrations]

    @FUZZ
    @given(
        body=json_value
        | st.fixed_dictionaries(
            {
                "status": st.sampled_from(
                    ["confirmed", "rejected", "waitlisted", "cancelled"]
                )
                | json_value
            },
            optional={"message": field("Sorry.") | json_value},
        ),
        index=st.integers(0, 3),
    )
    def run(body, index):
        target = ids[index] if index < len(ids) else 999_999
        before = snapshot()
        response = client.patch(
            f"/api/v1/meetings/fuzz/registrations/{target}",
            json=body,
            headers={"Authorization": f"Bearer {plain}"},
        )
        check(response, before, Registration, created=False)
        assert response.is_json

    run()


TEAM = form(
    email=st.from_regex(r"\A[a-z]{1,8}@example\.org\Z"),
    role=st.sampled_from(["manager", "rapporteur", "checkin"]),
    language=st.sampled_from(["en", "fr", "es"]),
)
ACCEPT = form(name="Rosa Rapporteur", password="a long enough passphrase")


def test_team_invitation_and_acceptance_forms(app, client):
    sign_in_admin(client)
    meeting = open_meeting()
    admin = db.session.scalar(sa.select(User).where(User.is_admin))

    @FUZZ
    @given(data=TEAM)
    def team(data):
        response, before = post(client, "/manage/meetings/fuzz/people", data)
        check(response, before, AccountInvitation, created=False)

    team()
    tokens = []
    links = team_invitations.Links(accept=lambda token: tokens.append(token) or token)

    @FUZZ
    @given(data=ACCEPT)
    def accept(data):
        team_invitations.invite(meeting, actor=admin, email=f"f{len(tokens)}@example.org",
                           role="rapporteur", language="en", links=links)  # fmt: skip
        db.session.commit()
        response, before = post(
            app.test_client(), f"/account/invitation/{tokens[-1]}", data
        )
        check(response, before, User)

    accept()


def test_second_factor_forms(app, client):
    """The code fields: hostile codes are refused, nothing half-stored, no 5xx."""
    sign_in_admin(client)

    @FUZZ
    @given(code=field("123456"), action=st.sampled_from(["confirm", "disable", "x"]))
    def run(code, action):
        response, before = post(
            client, "/account/2fa", {"code": code, "action": action}
        )
        check(response, before, User, created=False)
        response, before = post(client, "/login/2fa", {"code": code})
        check(response, before, User, created=False)


VISA_REQUEST = form(
    surnames="Okafor",
    given_names="Chidi",
    passport_number="A1234567",
    passport_type=st.sampled_from(["ordinary", "diplomatic", "forged"]),
    nationality=st.sampled_from(["NG", "XX", ""]),
    date_of_birth=st.sampled_from(["1990-01-31", "1990-02-30", "2999-01-01"]),
    passport_expiry=st.sampled_from(["2031-01-01", "2001-01-01"]),
    place_of_issue="Abuja",
    consulate="Embassy of Switzerland",
    consulate_email=st.sampled_from(["", "visa@example.org", "not an email"]),
)
VISA_DECISION = form(
    funding=st.sampled_from(["none", "travel", "travel_and_subsistence", "all"]),
    language=st.sampled_from(["en", "fr", "xx"]),
    reason="Not eligible",
)
VISA_SETTINGS = form(
    concern=st.sampled_from(["visa", "grounds_pass"]),
    visa_support=st.sampled_from(["y", ""]),
    visa_deadline=st.sampled_from(["2027-05-01T09:00", "2027-13-01T09:00", ""]),
    visa_signatory_name="Amina Diallo",
    visa_signatory_title="Secretary",
    un_premises=st.sampled_from(["y", ""]),
)


def assert_clean_passport(app) -> None:
    """The decrypted passport data holds no control character either."""
    cipher = crypto.cipher(app.config)
    for request in db.session.scalars(sa.select(VisaRequest)):
        for value in visa.passport_of(request, cipher).values():
            assert is_clean(value, multiline=False), "control character in passport"


def test_visa_request_and_decision_forms(app, client):
    """The participant's request, the secretariat's settings and decisions."""
    meeting = open_meeting()
    meeting.visa_support = True
    registration = make_registration(
        meeting, category=meeting_category(meeting), status="confirmed"
    )
    db.session.commit()
    sign_in_admin(client)
    path = f"/registrations/{registration.plain_token}/visa"

    @FUZZ
    @given(data=VISA_REQUEST, decision=VISA_DECISION, settings_data=VISA_SETTINGS)
    def run(data, decision, settings_data):
        response, before = post(client, path, data)
        check(response, before, VisaRequest, created=False)
        assert_clean_passport(app)
        request = db.session.scalar(sa.select(VisaRequest))
        if request is not None:
            base = f"/manage/meetings/fuzz/visa/{request.id}"
            for action in ("refuse", "issue"):
                response, before = post(client, f"{base}/{action}", decision)
                check(response, before, VisaRequest, created=False)
        url = "/manage/meetings/fuzz/visa-settings"
        response, before = post(client, url, settings_data)
        check(response, before, Meeting, created=False)
        db.session.execute(sa.update(Meeting).values(visa_support=True))
        db.session.commit()

    run()


ATTENDANCE = form(
    email=st.sampled_from(
        ["came@example.org", "CAME@example.org", "nobody@example.org"]
    ),
    day=st.sampled_from(["2027-06-01", "2027-06-02", "2027-13-01", ""]),
)
REPORT_ROWS = st.lists(
    st.tuples(
        st.sampled_from(["came@example.org", "x@example.org", "not an email"]) | nasty,
        st.sampled_from(["2027-06-01 09:00", "06/01/2027 9:00 AM", "someday"]) | nasty,
    ),
    max_size=6,
)


def _report_csv(header, rows) -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8", "surrogatepass")


def test_attendance_forms(app, client):
    """Recording by hand and importing a report: never a 5xx; a preview stores
    nothing; at most one check-in per person and day, whatever is sent."""
    sign_in_admin(client)
    meeting = open_meeting()
    make_registration(meeting, status="confirmed", email="came@example.org")
    db.session.commit()

    @FUZZ
    @given(data=ATTENDANCE, rows=REPORT_ROWS, header=st.sampled_from(
               [["Email", "Join Time"], ["User Email", "Date"], ["Name"], []]),
           name=st.sampled_from(["r.csv", "r.xlsx", "r.txt", ""]) | nasty,
           raw=st.none() | st.binary(max_size=200),
           which=st.sampled_from(["record", "preview", "confirm"]),
           key=st.from_regex(r"\A[0-9a-f]{32}\Z") | field("k"))  # fmt: skip
    def run(data, rows, header, name, raw, which, key):
        if which == "record":
            response, before = post(client, "/manage/meetings/fuzz/attendance", data)
            check(response, before, Checkin, created=False)
        elif which == "preview":
            body = raw if raw is not None else _report_csv(header, rows)
            safe_name = name.replace("\x00", "")
            response, before = post(
                client, "/manage/meetings/fuzz/attendance/import",
                {"file": (io.BytesIO(body), safe_name), "day": data.get("day", "")},
                content_type="multipart/form-data",
            )  # fmt: skip
            assert response.status_code < 500
            db.session.expire_all()
            assert snapshot() == before, "a preview changed the database"
        else:
            segment = quote(key if isinstance(key, str) else "k", safe="") or "k"
            response, before = post(
                client, f"/manage/meetings/fuzz/attendance/import/{segment}", {}
            )
            check(response, before, Checkin, created=False)
        per_day = db.session.execute(
            sa.select(Checkin.registration_id, Checkin.day, sa.func.count())
            .group_by(Checkin.registration_id, Checkin.day)
            .having(sa.func.count() > 1)
        ).all()
        assert per_day == []

    run()


def test_api_record_checkins(app, client):
    """Hostile batches of scans: never a 5xx; a refused batch changes nothing; a
    check-in is recorded at most once per person and day, whatever is sent."""
    meeting = open_meeting()
    manager = make_user(email="door-admin@example.org", is_admin=True)
    _token, plain = create_token(manager, "fuzz", now=NOW)
    people = [make_registration(meeting, status="confirmed") for _ in range(3)]
    people.append(make_registration(meeting, status="cancelled"))
    device = onsite.issue_device(meeting, actor=manager, label="A", now=NOW)
    db.session.commit()
    codes = [p.checkin_code for p in people]
    scan = st.fixed_dictionaries(
        {
            "nonce": st.from_regex(r"\A[a-f0-9]{8,16}\Z") | json_value,
            "code": st.sampled_from(codes) | field("x") | json_value,
            "at": st.sampled_from(
                [
                    "2027-06-01T09:12:00+02:00",
                    "2027-06-03T09:00:00+02:00",
                    "2027-09-01T09:00:00Z",
                    "2027-06-01T09:12:00",
                    "not a time",
                ]
            )
            | field("2027")
            | json_value,
            "device": st.just(device.key) | field("d") | json_value,
        }
    )

    @FUZZ
    @given(body=st.lists(scan, max_size=8) | json_value)
    def run(body):
        before = snapshot()
        response = client.post(
            "/api/v1/meetings/fuzz/checkins",
            json=body,
            headers={"Authorization": f"Bearer {plain}"},
        )
        check(response, before, Checkin, created=False)
        assert response.is_json
        per_day = db.session.execute(
            sa.select(Checkin.registration_id, Checkin.day, sa.func.count())
            .group_by(Checkin.registration_id, Checkin.day)
            .having(sa.func.count() > 1)
        ).all()
        assert per_day == []

    run()


def test_nul_in_path_query_or_form_is_a_400(app, client):
    """PostgreSQL refuses NUL in text: the app answers 400 before any query runs."""
    open_meeting()
    assert client.get("/meetings/fu%00zz/").status_code == 400
    assert client.get("/meetings/?series=%00").status_code == 400
    assert client.get("/api/v1/meetings?series=%00").status_code == 400
    before = snapshot()
    assert (
        client.post("/meetings/fuzz/register", data={"given_name": "A\x00"}).status_code
        == 400
    )
    assert snapshot() == before


LIST_PAGES = [
    "/meetings/",
    "/meetings/fuzz/documents",
    "/manage/meetings/fuzz/documents/",
    "/api/v1/meetings/fuzz/documents",
    "/api/v1/meetings/fuzz/agenda/releases",
    "/manage/audit",
    "/manage/meetings/fuzz/registrations",
    "/manage/meetings/fuzz/history",
    "/api/v1/meetings",
    "/api/v1/meetings/fuzz/registrations",
]
QUERY_PARAMS = ["page", "per_page", "year", "series", "q", "status", "category",
                "country", "attendance", "sort", "format", "from", "to", "action"]  # fmt: skip


def test_query_parameters_with_huge_numbers_and_controls(app, client):
    """Every list page and its query parameters: huge numbers, controls, never a 5xx."""
    sign_in_admin(client)
    meeting = open_meeting()
    for _ in range(3):
        make_registration(meeting, category=meeting_category(meeting))
    db.session.commit()
    value = st.one_of(HUGE_NUMBERS, nasty.filter(lambda t: "\x00" not in t))

    @FUZZ
    @given(path=st.sampled_from(LIST_PAGES),
           query=st.dictionaries(st.sampled_from(QUERY_PARAMS), value, max_size=4))  # fmt: skip
    def run(path, query):
        response = client.get(path, query_string=query)
        event(f"{path} {response.status_code}")
        assert response.status_code < 500, (path, query, response.status_code)


# --- invitations

INVITATION = form(
    email=st.from_regex(r"\A[a-z]{1,8}@example\.org\Z"),
    category="public",
    language=st.sampled_from(["en", "fr", "es", "de"]),
    title="Dr",
    given_name="Amina",
    family_name="Diallo",
    represents="Senegal",
    bound=st.sampled_from(["y", ""]),
    send=st.sampled_from(["y", ""]),
)
ACCEPT = form(
    title="Ms",
    given_name="Amina",
    family_name="Diallo",
    email=st.sampled_from(["", "invitee@example.org", "other@example.org"]),
    organisation="IOM",
    represents="Senegal",
    country="SN",
    attendance="in_person",
    privacy_accepted="y",
)


def test_invitation_forms(app, client):
    sign_in_admin(client)
    open_meeting()

    @FUZZ
    @given(data=INVITATION)
    def run(data):
        response, before = post(client, "/manage/meetings/fuzz/invitations", data)
        check(response, before, Invitation)

    run()


def test_invitation_answers(app, client):
    meeting = open_meeting()
    admin = make_user(email="inviter@example.org", is_admin=True)
    db.session.commit()

    @FUZZ
    @given(data=ACCEPT, reason=field("Another mission"), accept=st.booleans())
    def run(data, reason, accept):
        invitation = invitations.create_invitation(
            meeting,
            data={"email": "invitee@example.org", "category": "public"},
            actor=admin,
            now=NOW,
        )
        token = invitations.send_invitation(invitation, actor=admin, now=NOW)
        db.session.commit()
        if accept:
            response, before = post(client, f"/invitations/{token}/accept", data)
            check(response, before, Registration)
        else:
            response, before = post(
                client, f"/invitations/{token}/decline", {"reason": reason}
            )
            check(response, before, Invitation, created=False)
        # Free the address for the next example, whatever happened.
        db.session.expire_all()
        for row in db.session.scalars(sa.select(Invitation)):
            row.status = "revoked"
        for row in db.session.scalars(sa.select(Registration)):
            row.status = "cancelled"
        db.session.commit()

    run()


def test_invitation_import(app, client):
    sign_in_admin(client)
    open_meeting()
    header = "email,title,given_name,family_name,represents,category,language,bound\n"

    @FUZZ
    @given(
        body=st.one_of(
            st.binary(max_size=2000),
            st.lists(nasty, max_size=8).map(
                lambda cells: (header + ",".join(cells)).encode("utf-8", "replace")
            ),
        ),
        name=st.sampled_from(["list.csv", "list.xlsx", "list.txt", ""]),
        action=st.sampled_from(["", "/cancel"]),
    )
    def run(body, name, action):
        before = _without_imports(snapshot())
        response = client.post(
            "/manage/meetings/fuzz/invitations/import",
            data={"file": (io.BytesIO(body), name)},
            content_type="multipart/form-data",
        )
        event(f"import {response.status_code}")
        assert response.status_code < 500, response.get_data(as_text=True)[:500]
        # A preview stores nothing but its own status (an InvitationImport).
        assert _without_imports(snapshot()) == before
        found = re.search(
            r"/invitations/import/([0-9a-f]{32})", response.get_data(as_text=True)
        )
        if found:
            key = found.group(1)
            confirm = client.post(
                f"/manage/meetings/fuzz/invitations/import/{key}{action}"
            )
            # A preview without good rows keeps no stash: confirming it is a 404.
            assert confirm.status_code in (303, 404), confirm.status_code

    run()


def _without_imports(rows: dict) -> dict:
    return {name: value for name, value in rows.items() if name != "invitation_import"}


def test_invitation_import_confirm_with_hostile_keys(app, client):
    sign_in_admin(client)
    open_meeting()

    @FUZZ
    @given(key=nasty, action=st.sampled_from(["", "/cancel"]))
    def run(key, action):
        before = snapshot()
        segment = quote(key, safe="") or "x"
        response = client.post(
            f"/manage/meetings/fuzz/invitations/import/{segment}{action}"
        )
        assert response.status_code in (400, 404, 405), response.status_code
        assert snapshot() == before

    run()


API_IMPORT = st.one_of(
    json_value,
    st.fixed_dictionaries(
        {
            "rows": st.lists(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "kind": st.sampled_from(["", "delegation", "person"])
                        | json_value,
                        "email": field("a@example.org") | json_value,
                        "category": field("public") | json_value,
                        "represents": field("Senegal") | json_value,
                        "country": field("SN") | json_value,
                        "bound": st.booleans() | json_value,
                        "language": field("fr") | json_value,
                    },
                ),
                max_size=4,
            )
            | json_value
        }
    ),
)


def test_api_invitation_import(app, client):
    open_meeting()
    manager = make_user(email="api-admin@example.org", is_admin=True)
    _token, plain = create_token(manager, "fuzz", now=NOW)
    db.session.commit()
    headers = {"Authorization": f"Bearer {plain}"}

    @FUZZ
    @given(body=API_IMPORT, then=st.sampled_from(["", "confirm", "cancel"]))
    def run(body, then):
        before = snapshot()
        response = client.post(
            "/api/v1/meetings/fuzz/invitations/imports", json=body, headers=headers
        )
        event(f"api import {response.status_code}")
        assert response.status_code < 500 and response.is_json
        if response.status_code >= 400:
            assert snapshot() == before
            return
        assert response.status_code == 201
        if then:
            job = response.get_json()["id"]
            done = client.post(
                f"/api/v1/meetings/fuzz/invitations/imports/{job}/{then}",
                headers=headers,
            )
            assert done.status_code < 500 and done.is_json
        for row in db.session.scalars(sa.select(Invitation)):
            assert_clean(Invitation, row)
        for row in db.session.scalars(sa.select(Delegation)):
            assert_clean(Delegation, row)

    run()


def test_focal_point_upload_forms(app, client):
    meeting = open_meeting()
    admin = make_user(email="fp-admin@example.org", is_admin=True)
    delegation, token = delegations.invite_delegation(
        meeting,
        data={"country": "SN", "focal_point_email": "fp@example.org"},
        actor=admin,
        now=NOW,
    )
    db.session.commit()

    @FUZZ
    @given(
        kind=st.sampled_from(["statement", "note_verbale", "credentials", "report"])
        | field("statement"),
        language=field("en"),
        title=field("Statement"),
        session_id=st.sampled_from(["", "1", "999999999999", "x"]),
        allow=st.sampled_from(["y", ""]),
        name=UPLOAD_NAME,
        content=UPLOAD_BYTES,
        delivered=st.booleans(),
    )
    def run(kind, language, title, session_id, allow, name, content, delivered):
        stored = _stored_count(app)
        upload = (io.BytesIO(content), name)
        if delivered:
            own = db.session.scalar(
                sa.select(MeetingDocument.id).where(
                    MeetingDocument.delegation_id == delegation.id,
                    MeetingDocument.kind == "statement",
                )
            )
            response, before = post(
                client,
                f"/delegations/{token}/documents/{own or 1}/delivered",
                {"language": language, "file": upload},
            )
            check(response, before, MeetingFile)
        else:
            data = {"kind": kind, "language": language, "title": title,
                    "session_id": session_id, "allow_publication": allow, "file": upload}  # fmt: skip
            response, before = post(client, f"/delegations/{token}/documents", data)
            check(response, before, MeetingDocument)
        if response.status_code >= 400:
            assert _stored_count(app) == stored, "a refused upload stored a file"

    run()


def test_hostile_personal_links_are_404(app, client):
    """Personal links (eventsys/links.py): any hostile token on any of their routes is
    a 404 (a NUL a 400), never a 500, and nothing is written."""
    meeting = open_meeting()
    link = make_registration(meeting, status="confirmed").plain_token
    db.session.commit()
    public_id = link.split(".")[0]
    tokens = [quote(p, safe="") for p in PAYLOADS if p.strip()] + [
        f"{public_id}.{'x' * 22}",
        f"{public_id}.{'x' * 21}%00",
        f"{public_id}..{link.split('.')[1]}",
        f"{public_id}.{'A' * 5000}",
        "." * 39,
    ]
    paths = ["/registrations/{}", "/registrations/{}/invite.ics",
             "/registrations/{}/badge.pdf", "/delegations/{}",
             "/calendar/{}.ics", "/meetings/fuzz/designate/{}",
             "/side-events/{}"]  # fmt: skip
    posts = ["/registrations/{}/resend", "/registrations/{}/cancel",
             "/delegations/{}/resend", "/meetings/fuzz/designate/{}",
             "/designations/{}/resend", "/side-events/{}/withdraw",
             "/side-events/{}/resend"]  # fmt: skip
    before = snapshot()
    for token in tokens:
        for path in paths:
            status = client.get(path.format(token)).status_code
            assert status in (400, 404), (path, token, status)
        for path in posts:
            status = client.post(path.format(token)).status_code
            assert status in (400, 404), (path, token, status)
    assert snapshot() == before


ORGANISATION = form(
    kind=st.sampled_from(["ngo", "igo", "state", "media"]),
    name_en=st.sampled_from(["Migrant Forum in Asia", "IOM", "Sin Fronteras"]),
    name_fr="Forum des migrants en Asie",
    acronym_en="MFA",
    country=st.sampled_from(["PH", "", "XX"]),
    website="https://mfasia.org",
    aliases="Migrant Forum Asia\nMFA Manila",
    tags="diaspora",
    contacts="Manila: info@mfasia.org",
)
REVIEW = form(
    decision=st.sampled_from(["approved", "declined", "in_review"]),
    reason="Registered; references from IOM Manila.",
    expires_on=st.sampled_from(["2030-12-31", "2020-01-01", "31/12/2030"]),
    criterion_registered="y",
    criterion_not_for_profit="y",
    criterion_mission="y",
    criterion_governance="y",
    criterion_no_sanctions="y",
)


def test_directory_forms(app, client):
    from eventsys.directory.models import Membership
    from eventsys.directory.models import Organisation
    from eventsys.directory.models import VettingReview

    sign_in_admin(client)
    meeting = open_meeting()
    organisation = Organisation(kind="ngo", name={"en": "Kenya Migrant Alliance"})
    other = Organisation(kind="ngo", name={"en": "KMA Nairobi"})
    db.session.add_all([organisation, other])
    db.session.flush()
    registration = make_registration(
        meeting, represents="KMA", represents_id=organisation.id
    )
    db.session.commit()

    @FUZZ
    @given(data=ORGANISATION, review=REVIEW, number=field(HUGE_NUMBERS),
           which=st.sampled_from(["new", "edit", "review", "merge", "link", "confirm",
                                  "members", "member", "membership"]),
           states=field(st.sampled_from(["ID\nth", "Australia; Japón", "Atlantis"])),
           status=field(st.sampled_from(["member", "observer", "none"])))  # fmt: skip
    def run(data, review, number, which, states, status):
        if which == "members":
            response, before = post(client, f"/manage/series/{meeting.series.slug}/members",
                                    {"states": states, "status": status})  # fmt: skip
            check(response, before, Membership, created=False)
        elif which == "member":
            response, before = post(
                client,
                f"/manage/series/{meeting.series.slug}/members/{organisation.id}",
                {"status": status},
            )
            check(response, before, Membership, created=False)
        elif which == "membership":
            response, before = post(client, f"/manage/directory/{organisation.id}/memberships",
                                    {"series_id": number, "status": status})  # fmt: skip
            check(response, before, Membership, created=False)
        elif which == "new":
            response, before = post(client, "/manage/directory/new", data)
            check(response, before, Organisation)
        elif which == "edit":
            response, before = post(
                client, f"/manage/directory/{organisation.id}/edit", data
            )
            check(response, before, Organisation, created=False)
        elif which == "review":
            response, before = post(
                client, f"/manage/directory/{organisation.id}/review", review
            )
            check(response, before, VettingReview, created=False)
        elif which == "merge":
            response, before = post(
                client, f"/manage/directory/{other.id}/merge", {"target_id": number}
            )
            check(response, before, Organisation, created=False)
        elif which == "link":
            response, before = post(client, "/manage/directory/unmatched",
                                    {"text": data.get("name_en", ""), "organisation_id": number,
                                     "action": "link", "kind": data.get("kind", "")})  # fmt: skip
            check(response, before, Organisation, created=False)
        else:
            response, before = post(
                client,
                f"/manage/meetings/fuzz/registrations/{registration.id}/organisation",
                {"organisation_id": number},
            )
            check(response, before, Organisation, created=False)

    run()


SPEAK = form(
    level=st.sampled_from(["minister", "other", "emperor", ""]),
    on_behalf_of_group=st.sampled_from(["", "African Group", "G77 and China"]),
)


def _plenary_with_speakers(meeting):
    from eventsys.agenda.models import AgendaSession

    session = AgendaSession(meeting=meeting, title={"en": "General debate"},
                            starts_at=meeting.starts_at, has_speakers_list=True,
                            ends_at=meeting.starts_at + timedelta(hours=2))  # fmt: skip
    db.session.add(session)
    return session


def test_participant_speak_form(app, client):
    from eventsys.agenda.models import SpeakerRequest

    meeting = open_meeting()
    session = _plenary_with_speakers(meeting)
    registration = make_registration(
        meeting, category=meeting_category(meeting), status="confirmed"
    )
    db.session.commit()
    path = f"/registrations/{registration.plain_token}/sessions/{session.id}/speak"

    @FUZZ
    @given(data=SPEAK)
    def run(data):
        response, before = post(client, path, data)
        check(response, before, SpeakerRequest, created=False)
        db.session.execute(sa.delete(SpeakerRequest))  # the next example asks anew
        db.session.commit()

    run()


def test_focal_point_speak_form(app, client):
    from eventsys.agenda.models import SpeakerRequest
    from eventsys.registration import delegations

    meeting = open_meeting()
    session = _plenary_with_speakers(meeting)
    delegation, token = delegations.invite_delegation(
        meeting, data={"represents": "Ruritania", "focal_point_email": "fp@ru.org"},
        actor=make_user(is_admin=True), now=datetime.now(UTC),
    )  # fmt: skip
    member = make_registration(meeting, category=meeting_category(meeting),
                               delegation=delegation, function="member",
                               status="confirmed")  # fmt: skip
    db.session.commit()
    valid = {"session_id": str(session.id), "member": delegations.member_ref(member)}

    @FUZZ
    @given(data=SPEAK, keep=st.sampled_from([True, False]))
    def run(data, keep):
        body = {**valid, **data} if keep else data
        response, before = post(client, f"/delegations/{token}/speakers", body)
        check(response, before, SpeakerRequest, created=response.status_code == 303)
        db.session.execute(sa.delete(SpeakerRequest))
        db.session.commit()

    run()


SIDE_EVENT = form(
    organisers=st.sampled_from(["Partner", "A\nB", ""]),
    contact_name="Ana Pérez",
    contact_email=st.sampled_from(["ana@partner.org", "no"]),
    title_en=st.sampled_from(["Fair recruitment", ""]),
    description_en=st.sampled_from(["Practitioners meet.", ""]),
    title_fr=st.sampled_from(["Recrutement équitable", ""]),
    language=st.sampled_from(["en", "xx"]),
    format=st.sampled_from(["hybrid", "in_person", "zeppelin"]),
    wished_day=st.sampled_from(["2027-06-01", "2027-06-09", "2027-13-40", ""]),
    wished_start=st.sampled_from(["13:00", "25:61", ""]),
    wished_minutes=st.sampled_from(["", "90", "0", "99999"]),
    wished_slot="Day 1",
    expected_attendance=st.sampled_from(["", "40", "-2", "1e9"]),
)
REVIEW = form(
    decision=st.sampled_from(["accept", "decline", "maybe"]),
    comment="Thank you.",
    room_id=st.sampled_from(["0", "999999"]),
    day=st.sampled_from(["2027-06-01", "2027-13-40", ""]),
    starts_at=st.sampled_from(["12:00", "25:00", ""]),
    ends_at=st.sampled_from(["13:00", ""]),
)


def test_side_event_proposal_form(app, client):
    from eventsys.agenda.models import SideEventProposal

    meeting = open_meeting()
    meeting.side_events_open = True
    db.session.commit()

    @FUZZ
    @given(data=SIDE_EVENT)
    def run(data):
        response, before = post(client, "/meetings/fuzz/side-events/propose", data)
        check(response, before, SideEventProposal)

    run()


def _proposal_as_admin(client):
    """A side event proposal at the open meeting, and an admin signed in."""
    from eventsys.agenda import side_events

    sign_in_admin(client)
    meeting = open_meeting()
    meeting.side_events_open = True
    data = {"organisers": "Partner", "contact_name": "Ana", "contact_email": "a@b.org",
            "title_en": "Side", "description_en": "Text."}  # fmt: skip
    proposal, _token = side_events.propose(meeting, data=data, now=datetime.now(UTC))
    db.session.commit()
    return proposal


def test_side_event_review_form(app, client):
    from eventsys.agenda.models import AgendaSession
    from eventsys.agenda.models import SideEventProposal

    proposal = _proposal_as_admin(client)
    path = f"/manage/meetings/fuzz/side-events/{proposal.id}"

    @FUZZ
    @given(data=REVIEW)
    def run(data):
        response, before = post(client, path, data)
        check(response, before, AgendaSession, created=False)
        db.session.execute(sa.update(SideEventProposal).values(status="submitted"))
        db.session.commit()

    run()


def test_side_event_new_link(app, client):
    """The secretariat's "Send a new link": hostile proposal numbers are a 404 and
    write nothing; whatever the form holds, a 303 renews the link and sends one email."""
    from eventsys import links
    from eventsys.agenda.models import SideEventProposal
    from eventsys.mail.models import OutboxEmail

    proposal = _proposal_as_admin(client)
    seen = set()

    @FUZZ
    @given(number=st.one_of(st.just(str(proposal.id)), HUGE_NUMBERS), body=nasty)
    def run(number, body):
        before_link = links.link_for(db.session.get(SideEventProposal, proposal.id))
        path = f"/manage/meetings/fuzz/side-events/{quote(number, safe='')}/link"
        response, before = post(client, path, {"csrf_token": body, "x": body})
        check(response, before, OutboxEmail, created=response.status_code == 303)
        db.session.expire_all()
        after_link = links.link_for(db.session.get(SideEventProposal, proposal.id))
        assert (after_link != before_link) == (response.status_code == 303)
        if response.status_code != 303:  # a NUL anywhere is a 400 (security_headers)
            expected = 400 if "\x00" in body else 404
            assert response.status_code == expected, (number, response.status_code)
        seen.add(response.status_code)

    run()
    assert {303, 404} <= seen


DESIGNATION_SEND = form(
    category=st.sampled_from(["public", "nope", ""]),
    email=st.sampled_from(["registry@mfa.example", "", "not an address"]),
    duty_station=st.sampled_from(["Manila", "", "Atlantis"]),
    language=st.sampled_from(["en", "fr", "xx"]),
)
DESIGNATE = form(
    title="Ms.",
    given_name="Ana",
    family_name="Reyes",
    email=st.sampled_from(["ana@example.org", "bo@example.org", "", "nope"]),
    language=st.sampled_from(["en", "es", "zz"]),
)


def test_designation_forms(app, client):
    """The secretariat's form sending a designation link, and the organisation's
    form naming a representative."""
    from eventsys import links
    from eventsys.directory import designations
    from eventsys.directory import service as directory
    from eventsys.directory import vetting
    from eventsys.directory.models import Designation
    from eventsys.invitations.models import Invitation

    sign_in_admin(client)
    admin = db.session.scalar(sa.select(User))
    meeting = open_meeting()
    ngo = directory.create_organisation(
        {"kind": "ngo", "name_en": "Migrant Forum in Asia",
         "contacts": "Manila: info@mfasia.org"}, actor=admin)  # fmt: skip
    directory.record_review(ngo, {"decision": "approved", "reason": "Checked.",
                                  "expires_on": "2030-12-31",
                                  **{f"criterion_{c.key}": "y" for c in vetting.criteria()}},
                            actor=admin, now=datetime.now(UTC))  # fmt: skip
    db.session.commit()
    path = "/manage/meetings/fuzz/designations"

    @FUZZ
    @given(
        data=DESIGNATION_SEND,
        organisation=st.sampled_from([str(ngo.id), "", "x", "99999999999"]),
    )
    def send(data, organisation):
        response, before = post(client, path, {**data, "organisation_id": organisation})
        check(response, before, Designation, created=False)

    send()
    designation = designations.send(meeting, ngo, data={"category": "public"},
                                     actor=admin, now=datetime.now(UTC))  # fmt: skip
    db.session.commit()
    link = links.link_for(designation)

    @FUZZ
    @given(data=DESIGNATE)
    def designate(data):
        response, before = post(client, f"/meetings/fuzz/designate/{link}", data)
        check(response, before, Invitation, created=False)

    designate()


def test_side_event_organisation_link_form(app, client):
    """The session page's link/unlink of a side event's organisations: hostile
    numbers and actions are form messages; only live organisations get linked."""
    from eventsys.directory.models import Organisation
    from tests.factories import make_session

    sign_in_admin(client)
    meeting = open_meeting()
    live = Organisation(kind="ngo", name={"en": "Migrant Forum in Asia"})
    merged = Organisation(kind="ngo", name={"en": "Asian Migrant Forum"})
    db.session.add_all([live, merged])
    db.session.flush()
    merged.merged_into_id = live.id
    session = make_session(meeting, kind="side_event", organisers=["MFA"])
    db.session.commit()
    path = f"/manage/meetings/fuzz/agenda/{session.id}/organisations"
    link = form(
        organisation_id=st.sampled_from(
            [str(live.id), str(merged.id), "999999", "", str(2**40)]
        ),
        action=st.sampled_from(["link", "unlink", "zap"]),
    )

    @FUZZ
    @given(data=link)
    def run(data):
        response, before = post(client, path, data)
        check(response, before, AgendaSession, created=False)
        linked = {o.id for o in db.session.get(AgendaSession, session.id).organisations}
        assert linked <= {live.id}

    run()
