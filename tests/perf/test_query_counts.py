"""Every GET route runs a bounded number of SQL statements, whatever the data size.

The same world is built at two sizes; each GET route of the URL map is requested
in both and its statement count compared. A route that cannot be requested here
must be named in SKIP with a reason, so a new route without coverage fails.
"""

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask import g

from eventsys import crypto
from eventsys.agenda import releases as agenda_releases
from eventsys.agenda import side_events
from eventsys.agenda import signups
from eventsys.agenda import speakers
from eventsys.agenda.models import AgendaSession
from eventsys.auth import invitations as team_invitations
from eventsys.auth.api_tokens import create_token
from eventsys.auth.service import rotate_calendar_token
from eventsys.auth.service import start_password_reset
from eventsys.comms import service as comms
from eventsys.comms.queries import Audience
from eventsys.directory import service as directory
from eventsys.directory.models import Membership
from eventsys.documents import service as documents
from eventsys.documents.storage import from_config
from eventsys.extensions import db
from eventsys.invitations import imports
from eventsys.invitations import service as invitations
from eventsys.onsite import visa
from eventsys.onsite.models import Checkin
from eventsys.outcomes import service as outcomes
from eventsys.registration import delegations
from eventsys.registration import seats
from eventsys.registration.models import RegistrationAnswer
from eventsys.registration.models import RegistrationQuestion
from eventsys.tokens import hash_token
from tests.factories import choices
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_person
from tests.factories import make_registration
from tests.factories import make_role
from tests.factories import make_room
from tests.factories import make_series
from tests.factories import make_session
from tests.factories import make_user
from tests.onsite.visa_helpers import PASSPORT
from tests.statements import counting

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
SMALL = {
    "sessions": 4,
    "registrations": 8,
    "meetings": 2,
    "members": 1,
    "sections": 2,
    "questions": 2,
    "messages": 1,
    "documents": 2,
    "organisations": 2,
}
LARGE = {
    "questions": 10,
    "sessions": 40,
    "registrations": 90,
    "meetings": 25,
    "members": 6,
    "sections": 12,
    "messages": 8,
    "documents": 15,
    "organisations": 12,
}

SKIP = {
    "static": "files, no SQL",
    "designations.designate": "one organisation's link; its list is that organisation's representatives (tests/directory/test_designations.py)",
    "api.docs": "static HTML page of the API documentation",
    "auth.sso_login": "single sign-on is off here (tests/auth/test_sso.py, real provider)",
    "auth.sso_callback": "single sign-on is off here (tests/auth/test_sso.py, real provider)",
    "auth.second_factor": "only after a password step; one account by id (test_totp.py)",
    "onsite.certificate": "one person's PDF, only after the meeting with attendance"
    " (tests/onsite/test_certificate.py)",
}
# Requested logged in as an admin; everything else anonymously (the API with a token).
LOGIN_PREFIXES = ("/manage/", "/account")


def build_world(size: dict) -> dict:
    """A meeting with an agenda, registrations, a delegation and an outcome; its series."""
    admin = make_user(email="admin@example.org", is_admin=True)
    series = make_series(slug="dialogue")
    meeting = make_meeting(
        slug="big",
        series=series,
        format="hybrid",
        public_participant_list=True,
        capacity=1000,
        registration_opens_at=NOW - timedelta(days=30),
        starts_at=datetime(2027, 6, 1, 7, 0, tzinfo=UTC),
    )
    meeting.ends_at = meeting.starts_at + timedelta(days=3)
    make_role(admin, meeting)
    categories = [
        make_category(meeting, requires_approval=False, position=i) for i in range(2)
    ]
    rooms = [make_room(meeting) for _ in range(3)]
    for i in range(size["sessions"]):
        session = make_session(
            meeting, room=rooms[i % 3], starts_at=meeting.starts_at + timedelta(hours=i)
        )
        make_person(session, role="chair")
        make_person(session, role="speaker")
    registrations = [
        make_registration(
            meeting,
            category=categories[i % 2],
            status="confirmed",
            consent_to_list=True,
            represents=f"State {i % 7}",
            organisation=f"Org {i}",
            attendance="online",
        )
        for i in range(size["registrations"])
    ]
    asked = [
        RegistrationQuestion(
            meeting_id=meeting.id,
            category=categories[i % 2] if i % 3 == 2 else None,
            label={"en": f"Question {i}"},
            kind="single_choice",
            choices=choices("Yes please", "No thanks"),
            position=i,
        )
        for i in range(size["questions"])
    ]
    db.session.flush()
    db.session.add_all(  # attendance: at the door, and imported for online people
        Checkin(registration_id=r.id, day=date(2027, 6, 1 + i % 2),
                source=("scan", "import")[i % 2])
        for i, r in enumerate(registrations)
    )  # fmt: skip
    for registration in registrations:
        registration.answers.extend(
            RegistrationAnswer(question=q, value="Yes please") for q in asked
        )
    own = make_registration(
        meeting,
        category=categories[0],
        status="confirmed",
        user=admin,
        email=admin.email,
    )
    for i in range(size["meetings"]):
        other = make_meeting(
            series=series, starts_at=datetime(2019 + i % 8, 3, 1, 8, 0, tzinfo=UTC)
        )
        make_session(other)
        make_registration(other, status="confirmed", user=admin, email=admin.email)
        make_role(make_user(), other, "rapporteur")  # accounts for /manage/accounts
    seats.recount(meeting)
    _sign_up(meeting, registrations, own)
    proposals = _propose(meeting, size["registrations"])
    delegation, delegation_token = delegations.invite_delegation(
        meeting,
        data={
            "represents": "Ruritania",
            "country": "CH",
            "focal_point_email": "fp@example.org",
        },
        actor=admin,
        now=NOW,
    )
    members = [
        delegations.add_member(
            delegation,
            now=NOW,
            data={
                "function": "head_of_delegation" if i == 0 else "member",
                "privacy_accepted": "y",
                "category": str(categories[0].id),
                "title": "Ms.",
                "given_name": f"Member{i}",
                "family_name": "Delegate",
                "email": f"member{i}@example.org",
                "attendance": "in_person",
            },
        )[0]
        for i in range(size["members"])
    ]
    invited = [
        invitations.create_invitation(
            meeting,
            data={
                "email": f"invitee{i}@example.org",
                "category": categories[i % len(categories)].key,
                "represents": f"State {i}",
            },
            actor=admin,
            now=NOW,
        )
        for i in range(size["registrations"])
    ]
    invitation_token = invitations.send_invitation(invited[0], actor=admin, now=NOW)
    document = outcomes.create_document(
        meeting, actor=admin, now=NOW, data={"title": {"en": "Chair's summary"}}
    )
    sections = [
        outcomes.add_section(
            document,
            actor=admin,
            now=NOW,
            data={
                "heading": f"Part {i}",
                "kind": "summary",
                "body": f"Text of part {i}.\n\n- a point\n- another",
                "session_id": str(meeting_sessions(meeting)[i % size["sessions"]]),
            },
        )
        for i in range(size["sections"])
    ]
    version = outcomes.publish_document(document, actor=admin, now=NOW)
    meeting_documents = [
        _meeting_document(meeting, admin, i) for i in range(size["documents"])
    ]
    invited[0].documents.extend(meeting_documents)  # the invitee's page links them
    import_id = imports.preview_rows(
        meeting,
        [(n, {"email": f"new{n}@example.org", "category": "nosuch"}) for n in range(size["registrations"])],
        filename="perf.csv", actor=admin, now=NOW,
        directory=imports.stash_dir(current_app.instance_path),
    ).id  # fmt: skip
    calendar_token = rotate_calendar_token(admin)
    team_tokens = []
    team_invitations.invite(meeting, actor=admin, email="invitee@example.org",
                       role="rapporteur", language="en", now=datetime.now(UTC),
                       links=team_invitations.Links(accept=lambda t: team_tokens.append(t) or t))  # fmt: skip
    for i in range(size["messages"]):
        comms.send(meeting, {"en": f"News {i}"}, {"en": "Dear {given_name}"},
                   audience=Audience(), actor=admin, now=NOW)  # fmt: skip
    visa_id, letter_code = _visa_requests(meeting, [*registrations, own], own)
    for label in ("Provisional programme", "Final programme"):  # the changelog compares
        agenda_releases.release_agenda(meeting, actor=admin, label=label, now=NOW)
    organisations = [_organisation(admin, meeting, registrations, 0)]
    organisations += [
        _organisation(admin, meeting, registrations, i, organisations[0])
        for i in range(1, size["organisations"])
    ]
    api_token = create_token(admin, "query counts", now=NOW)[1]
    _, reset_token = start_password_reset(admin.email, now=datetime.now(UTC))
    db.session.commit()
    return {
        "slug": meeting.slug,
        "doc": document.slug,
        "number": version.number,
        "token": own.plain_token,
        "delegation_token": delegation_token,
        "invitation_token": invitation_token,
        "ref": delegations.member_ref(members[-1]),
        "calendar_token": calendar_token,
        "reset_token": reset_token,
        "session_id": meeting_sessions(meeting)[0],
        "room_id": rooms[0].id,
        "section_id": sections[0].id,
        "registration_id": registrations[0].id,
        "question_id": asked[0].id,
        "category_id": categories[0].id,
        "series_slug": series.slug,
        "api_token": api_token,
        "team_invitation_token": team_tokens[0],
        "user_id": admin.id,
        "unsubscribe_token": comms.unsubscribe_token(own.email),
        "document_id": meeting_documents[0].id,
        "visa_id": visa_id,
        "code": letter_code,
        "lang": "en",
        "filename": "note.pdf",
        "fmt": "xlsx",
        "import_id": import_id,
        "organisation_id": organisations[0].id,
        "format": "csv",
        "chart": "returning",
        "proposal_id": proposals[0][0].id,
        "proposal_token": proposals[0][1],
    }


def _visa_requests(meeting, people, own) -> tuple[int, str]:
    """A visa request from everyone; own's letter issued (its file a stand-in PDF)."""
    meeting.visa_support = meeting.un_premises = True
    cipher = crypto.cipher(current_app.config)
    requests = [
        visa.request_letter(
            person, data=PASSPORT, asked_by="participant", cipher=cipher, now=NOW
        )
        for person in people
    ]
    issued = requests[-1]
    assert issued.registration is own
    code = "letter-code-for-query-counts"
    issued.status, issued.code_hash, issued.reference = "issued", hash_token(code), "R1"
    storage = from_config(current_app.config)
    issued.letter_key = storage.save(cipher.encrypt(b"%PDF-1.4\n%%EOF\n"))
    return requests[0].id, code


def _organisation(admin, meeting, registrations, i: int, first=None):
    """An organisation, and one more review of the first one: its profile (reviews,
    linked registrations) and the names to link grow with the data."""
    organisation = directory.create_organisation(
        {"kind": "ngo", "name_en": f"Migrant Network {i}", "acronym_en": f"MN{i}", "tags": "diaspora"},
        actor=admin, now=NOW,
    )  # fmt: skip
    first = first or organisation
    directory.record_review(first, {"decision": "in_review"}, actor=admin, now=NOW)
    # Every one a member: the series' members page and /processes/ grow with the data.
    db.session.add(Membership(organisation=organisation, series=meeting.series))
    if i == 0:
        for registration in registrations:
            registration.represents, registration.represents_id = "MN0", organisation.id
    make_registration(meeting, represents=f"Unlinked Group {i}")
    return organisation


def _sign_up(meeting, registrations, own) -> None:
    """Every session takes sign-ups; the first fills and queues; `own` holds all."""
    sessions = [db.session.get(AgendaSession, i) for i in meeting_sessions(meeting)]
    for session in sessions:
        session.takes_signups, session.signup_capacity = True, 5
    for registration in registrations:
        signups.sign_up(sessions[0], registration, now=NOW)
    for session in sessions:
        signups.sign_up(session, own, now=NOW)
    sessions[0].has_speakers_list = True
    for registration in [*registrations, own]:
        speakers.request_floor(sessions[0], registration, data={}, now=NOW)
    sessions[0].speakers_published_at = NOW  # the public page and the API list them


def _propose(meeting, n: int) -> list:
    """An open call for side events and n proposals."""
    meeting.side_events_open = True
    return [
        side_events.propose(
            meeting,
            now=NOW,
            data={
                "organisers": f"Partner {i}\nCo-organiser {i}",
                "contact_name": f"Ana {i}",
                "contact_email": f"ana{i}@partner.example",
                "title_en": f"Side event {i}",
                "description_en": "Practitioners meet.",
                "format": "hybrid",
            },
        )  # fmt: skip
        for i in range(n)
    ]


def _meeting_document(meeting, admin, i: int):
    """A public document of a rotating kind, in English, replaced once (two versions)."""
    storage = from_config(current_app.config)
    kinds = ("concept_note", "programme", "background_paper", "presentation")
    document = documents.create_document(
        meeting, actor=admin, now=NOW, storage=storage, max_bytes=1024 * 1024,
        data={"kind": kinds[i % len(kinds)], "title": {"en": f"Paper {i}"},
              "visibility": "public"},
        uploads={"en": documents.Upload("note.pdf", b"%PDF-1.4\n%%EOF\n")},
        publish=True,
    )  # fmt: skip
    documents.add_file(
        document, language="en", actor=admin, now=NOW, storage=storage,
        max_bytes=1024 * 1024,
        upload=documents.Upload("note.pdf", b"%PDF-1.4\n%" + str(i).encode() + b"\n"),
    )  # fmt: skip
    return document


def meeting_sessions(meeting) -> list[int]:
    return list(
        db.session.scalars(
            sa.select(AgendaSession.id)
            .where(AgendaSession.meeting_id == meeting.id)
            .order_by(AgendaSession.id)
        )
    )


def url_values(rule, world: dict) -> dict:
    names = dict(world)
    if rule.rule.startswith("/series/"):
        names["slug"] = world["series_slug"]
    if rule.rule.startswith("/side-events/"):
        names["token"] = world["proposal_token"]
    elif rule.rule.startswith("/delegations/"):
        names["token"] = world["delegation_token"]
    elif rule.rule.startswith("/invitations/"):
        names["token"] = world["invitation_token"]
    elif rule.rule.startswith("/calendar/"):
        names["token"] = world["calendar_token"]
    elif rule.rule.startswith("/password/reset/"):
        names["token"] = world["reset_token"]
    elif rule.rule.startswith("/messages/unsubscribe/"):
        names["token"] = world["unsubscribe_token"]
    elif rule.rule.startswith("/account/invitation/"):
        names["token"] = world["team_invitation_token"]
    if (
        rule.endpoint.startswith("meetings.manage_series")
        or rule.endpoint == "directory.series_members"
    ):
        names["slug"] = world["series_slug"]
    return {name: names[name] for name in rule.arguments}


def get_rules(app):
    return sorted(
        (
            r
            for r in app.url_map.iter_rules()
            if "GET" in r.methods and r.endpoint not in SKIP
        ),
        key=lambda r: r.rule,
    )


def measure(app, size: dict) -> dict[str, int]:
    world = build_world(size)
    anonymous, admin = app.test_client(), app.test_client()
    admin.post(
        "/login",
        data={"email": "admin@example.org", "password": "correct horse battery"},
    )
    counts = {}
    for rule in get_rules(app):
        with app.test_request_context():
            url = app.url_for(rule.endpoint, **url_values(rule, world))
        client = admin if url.startswith(LOGIN_PREFIXES) else anonymous
        headers = (
            {"Authorization": f"Bearer {world['api_token']}"}
            if url.startswith("/api/")
            else {}
        )
        g.pop("_login_user", None)  # the test's app context outlives each request
        with counting() as statements:
            response = client.get(url, headers=headers)
        assert response.status_code in (200, 304), (
            f"{url}: {response.status_code} {response.location}"
        )
        counts[rule.rule] = len(statements)
        db.session.remove()
    return counts


def test_skip_set_names_real_get_routes(app):
    endpoints = {r.endpoint for r in app.url_map.iter_rules() if "GET" in r.methods}
    assert set(SKIP) <= endpoints, set(SKIP) - endpoints


def test_query_count_does_not_grow_with_data(app):
    small = measure(app, SMALL)
    db.session.remove()
    db.drop_all()
    db.create_all()
    large = measure(app, LARGE)
    grown = {
        route: (small[route], large[route])
        for route in small
        if large[route] > small[route]
    }
    assert not grown, (
        f"statements per request grew with the data (small, large): {grown}"
    )
