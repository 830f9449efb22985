import re

import sqlalchemy as sa

from eventsys.extensions import db
from eventsys.models import Base


def _row_counts() -> dict[str, int]:
    return {
        name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for name, table in Base.metadata.tables.items()
        if name != "audit_event"
    }


def test_demo_load_is_idempotent_and_prints_the_admin_login(app, runner):
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    password = re.search(r"admin@example.org / password: (\S+)", first.output).group(1)
    counts = _row_counts()
    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0, second.output
    assert _row_counts() == counts
    assert f"password: {password}" in second.output
    assert counts["meeting"] == 4 and counts["agenda_session"] > 30
    client = app.test_client()
    assert (
        client.post(
            "/login", data={"email": "admin@example.org", "password": password}
        ).status_code
        == 302
    )


def test_demo_meetings_are_listed_on_the_home_page(app, runner, client):
    runner.invoke(args=["demo", "load"])
    page = client.get("/").get_data(as_text=True)
    for title in (
        "International Dialogue on Migration",
        "Global Meeting",
        "civil society",
    ):
        assert title.lower() in page.lower()


def test_demo_red_book_is_published_with_substantial_content(app, runner):
    from eventsys.outcomes.models import OutcomeDocument

    runner.invoke(args=["demo", "load"])
    book = db.session.scalar(
        sa.select(OutcomeDocument).where(OutcomeDocument.slug == "red-book-2019")
    )
    assert book.status == "published"
    assert book.meeting.slug == "idm-2019-geneva"
    assert [m.slug for m in book.also_covers] == ["idm-2019-new-york"]
    words = sum(len(section["body"].split()) for section in book.versions[-1].content)
    assert words > 7500
    assert {s.kind for s in book.sections} >= {
        "good_practice",
        "lesson_learned",
        "recommendation",
    }


def test_scale_load_adds_the_synthetic_meeting_once(app, runner):
    from eventsys.meetings.models import Meeting

    result = runner.invoke(args=["demo", "load", "--scale", "1"])
    assert result.exit_code == 0, result.output
    meeting = db.session.scalar(sa.select(Meeting).where(Meeting.slug == "scale-test"))
    assert meeting.seats_taken == 5000
    again = runner.invoke(args=["demo", "load", "--scale", "1"])
    assert "scale-test: already there" in again.output
    past = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Meeting)
        .where(Meeting.slug.like("scale-past-%"))
    )
    assert past == 200


def test_demo_grcp_and_idm_have_categories_and_delegations(app, runner, client):
    from eventsys.meetings.models import Meeting
    from eventsys.registration.models import Delegation

    output = runner.invoke(args=["demo", "load"]).output
    password = re.search(r"admin@example.org / password: (\S+)", output).group(1)
    for slug in ("grcp-9", "idm-2019-new-york", "idm-2019-geneva"):
        meeting = db.session.scalar(sa.select(Meeting).where(Meeting.slug == slug))
        found = db.session.scalars(
            sa.select(Delegation).where(Delegation.meeting_id == meeting.id)
        ).all()
        assert len(found) >= 5, slug
        states = [d for d in found if d.country]
        assert len(states) >= 4 and all(d.focal_point_name for d in found), slug
        assert all(
            m.country == d.country and m.organisation == d.represents
            for d in states
            for m in d.members
        )
        assert {d.status for d in found} >= {"accredited", "nominated"}
    ghana = db.session.scalar(
        sa.select(Delegation).where(Delegation.represents == "Ghana")
    )
    assert (ghana.country, ghana.focal_point_name) == (
        "GH",
        "Permanent Mission of Ghana",
    )
    # a database loaded before these details existed gets them on the next load, nothing else
    ghana.country, ghana.focal_point_name = "", ""
    db.session.commit()
    counts = _row_counts()
    runner.invoke(args=["demo", "load"])
    db.session.expire_all()
    assert (ghana.country, ghana.focal_point_name) == (
        "GH",
        "Permanent Mission of Ghana",
    )
    assert _row_counts() == counts

    client.post("/login", data={"email": "admin@example.org", "password": password})
    page = client.get("/manage/meetings/grcp-9/delegations").get_data(as_text=True)
    for text in (
        "Costa Rica",
        "Permanent Mission of Costa Rica",
        "International Centre for Migration Policy",
        "Head of delegation",
        "Ricardo SOLANO JIMÉNEZ",
    ):
        assert text in page, text


# The figures of the demo set (eventsys/demo/data/): any edit of the data that
# is not meant to change them must load exactly this. The team (series manager,
# door staff, partnerships officer), the RCP invitations of csc-2027 with the
# registrations accepted through them, the message to its participants and the
# question of idm-2019-geneva added users 3, meeting_role 1, series_role 1,
# global_role 1, participant_category 1, invitation 8, registration 3,
# message 1, registration_question 1 and the queued emails (outbox_email); the
# visa requests of csc-2027 added visa_request 3 and the email of its issued
# letter; the reminder settings of csc-2027 reminder_schedule 1. The programme
# (programme/*.json) added the general debate of idm-2019-geneva (agenda_session
# 1) with a civil society speaker (registration 1), its list of speakers
# (speaker_request 8), the IDM's Member States (membership 6) and the sign-ups
# of a csc-2027 breakout (session_signup 7, of which 2 wait). The statements of
# idm-2019-geneva's general debate (statements/*.json) added meeting_document 4
# and meeting_file 4 (one PDF each).
DEMO_FIGURES = {
    "series": 3,
    "meeting": 4,
    "room": 12,
    "agenda_session": 50,
    "agenda_session_organisation": 2,
    "session_person": 160,
    "agenda_release": 2,
    "agenda_notice": 2,
    "participant_category": 33,
    "delegation": 22,
    # designations/csc-2027.json: one more registration (an accepted designation)
    "registration": 79,
    "membership": 10,
    "first_participation": 36,
    "session_signup": 7,
    "speaker_request": 8,
    "registration_question": 1,
    "meeting_role": 5,
    "series_role": 1,
    "global_role": 1,
    "invitation": 10,
    "message": 1,
    # +5 of the designation: its link, two invitations, one confirmation and the
    # secretariat told of the acceptance
    "outbox_email": 48,
    "visa_request": 3,
    "reminder_schedule": 1,
    "outcome_document": 1,
    "outcome_document_covers": 1,
    "outcome_section": 44,
    "document_version": 1,
    "meeting_document": 4,
    "meeting_file": 4,
    "user": 4,
    # 195 UN member and observer States + 21 organisations and 14 consultation
    # mechanisms of organisations.json
    "organisation": 230,
    "organisation_name": 505,
    "vetting_review": 5,
    # side_events/csc-2027.json: submitted, accepted (one more session and
    # agenda notice) and declined; 8 emails (3 receipts, 2 decisions, the
    # demo admin told of each proposal)
    "side_event_proposal": 3,
    "designation": 1,
}


def test_demo_load_gives_the_known_figures_twice(app, runner):
    for _ in range(2):
        result = runner.invoke(args=["demo", "load"])
        assert result.exit_code == 0, result.output
        counts = {name: n for name, n in _row_counts().items() if n}
        assert counts == DEMO_FIGURES
    assert "meeting csc-2027: already there" in result.output
    assert "outcome document red-book-2019: already there" in result.output


def test_demo_content_comes_from_the_data_files(app, runner):
    from eventsys.agenda.models import AgendaSession
    from eventsys.demo.loader import read_items
    from eventsys.meetings.models import Meeting

    runner.invoke(args=["demo", "load"])
    files = read_items("meetings/*.json")
    # Sessions added by an agenda release (releases/*.json) come from there.
    added = {
        r["meeting"]: [c["add"]["title"]["en"] for e in r["releases"]
                       for c in e.get("changes", []) if "add" in c]
        for r in read_items("releases/*.json")
    }  # fmt: skip
    # So do the accepted side events (side_events/*.json).
    for item in read_items("side_events/*.json"):
        added.setdefault(item["meeting"], []).extend(
            p["title"]["en"]
            for p in item["proposals"]
            if "accept" in p.get("decision", {})
        )
    assert sorted(m["slug"] for m in files) == sorted(
        db.session.scalars(sa.select(Meeting.slug))
    )
    for item in files:
        meeting = db.session.scalar(
            sa.select(Meeting).where(Meeting.slug == item["slug"])
        )
        assert meeting.title == item["title"]
        sessions = db.session.scalars(
            sa.select(AgendaSession.title).where(AgendaSession.meeting_id == meeting.id)
        )
        assert sorted(t["en"] for t in sessions) == sorted(
            [s["title"]["en"] for s in item["sessions"]] + added.get(item["slug"], [])
        )
        assert meeting.timezone == item["timezone"]


def test_a_new_kind_of_demo_content_is_a_file_and_one_function(
    app, runner, tmp_path, monkeypatch
):
    """What another kind (documents, organisations) needs: its file(s) under
    data/ and one Kind entry with a function that loads one item."""
    import json
    import shutil

    from eventsys.demo import loader

    data = tmp_path / "data"
    shutil.copytree(loader.DATA, data)
    # organisations.json is a real kind now: the example is another file.
    (data / "examples.json").write_text(
        json.dumps([{"name": "IOM"}, {"name": "UNHCR"}]), encoding="utf-8"
    )
    seen = []

    def load_organisation(item: dict) -> str:
        seen.append(item["name"])
        return f"organisation {item['name']}: created"

    monkeypatch.setattr(loader, "DATA", data)
    monkeypatch.setattr(
        loader,
        "KINDS",
        [*loader.KINDS, loader.Kind("examples.json", load_organisation)],
    )
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert seen == ["IOM", "UNHCR"]
    assert "organisation UNHCR: created" in result.output
    assert "meeting csc-2027: created" in result.output


def test_demo_shows_team_roles_invitations_message_and_question(app, runner, client):
    from datetime import timedelta

    from eventsys.auth.models import User
    from eventsys.comms.models import Message
    from eventsys.invitations.models import Invitation
    from eventsys.meetings.models import Meeting
    from eventsys.registration.models import RegistrationQuestion

    output = runner.invoke(args=["demo", "load"]).output
    password = re.search(r"admin@example.org / password: (\S+)", output).group(1)
    users = {u.email: u for u in db.session.scalars(sa.select(User))}
    manager = users["amira.haddad@example.org"]
    assert [r.series.slug for r in manager.series_roles] == ["idm"]
    assert manager.password_hash in (None, "")
    csc = db.session.scalar(sa.select(Meeting).where(Meeting.slug == "csc-2027"))
    (door,) = users["luca.bernasconi@example.org"].roles
    assert (door.meeting_id, door.role) == (csc.id, "checkin")
    assert door.expires_at == csc.ends_at + timedelta(days=1)
    assert [r.role for r in users["ingrid.solberg@example.org"].global_roles] == [
        "partnerships"
    ]

    found = db.session.scalars(
        sa.select(Invitation).where(
            Invitation.meeting_id == csc.id, Invitation.designation_id.is_(None)
        )
    ).all()  # the designation's two are its own test's
    assert len(found) == 8
    assert {i.language for i in found} == {"en", "fr", "es"}
    assert {i.category.access for i in found} == {"invitation"}
    by_status = {}
    for invitation in found:
        by_status.setdefault(invitation.status, []).append(invitation)
    assert {s: len(v) for s, v in by_status.items()} == {
        "accepted": 3,
        "sent": 2,
        "declined": 2,
        "draft": 1,
    }
    assert all(
        i.registration.status == "confirmed"
        and i.registration.email == i.email
        and i.registration.category_id == i.category_id
        for i in by_status["accepted"]
    )
    assert all(i.decline_reason for i in by_status["declined"])

    (message,) = db.session.scalars(
        sa.select(Message).where(Message.meeting_id == csc.id)
    ).all()
    assert set(message.subject) == set(message.body) == {"en", "fr"}
    assert "{manage_link}" in message.body["fr"] and message.recipients >= 15

    (question,) = db.session.scalars(sa.select(RegistrationQuestion)).all()
    assert question.meeting.series.slug == "idm"
    assert question.required and question.asked_of_members
    assert set(question.label) == {"en", "fr", "es"}

    client.post("/login", data={"email": "admin@example.org", "password": password})
    page = client.get("/manage/meetings/csc-2027/invitations").get_data(as_text=True)
    assert "Budapest Process Secretariat" in page and "Rahmawati" in page
    page = client.get("/manage/meetings/csc-2027/messages").get_data(as_text=True)
    assert "practical information for participants" in page
    assert str(message.recipients) in page
    assert 'value="14d, 2d"' in page  # the demo's reminder settings


def test_demo_idm_releases_show_a_changelog(app, runner, client):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "agenda releases idm-2019-geneva: 2" in result.output
    page = client.get("/meetings/idm-2019-geneva/agenda/changes").get_data(as_text=True)
    assert "Provisional programme" in page and "Final programme" in page
    assert (
        "Panel 4: Digital inclusion — technology, information and young migrants now starts at 11:45 (was 11:30)"
        in page
    )
    assert "New session: Side event: Young women on the move" in page
    agenda = client.get("/meetings/idm-2019-geneva/agenda").get_data(as_text=True)
    assert "Final programme" in agenda and "Young women on the move" in agenda
    assert "Young women on the move" not in client.get(
        "/meetings/idm-2019-geneva/agenda/v1"
    ).get_data(as_text=True)


def test_demo_directory_links_registrations_and_delegations(app, runner):
    from eventsys.directory import service as directory
    from eventsys.directory.models import Organisation
    from eventsys.registration.models import Delegation
    from eventsys.registration.models import Registration

    runner.invoke(args=["demo", "load"])
    linked = db.session.scalar(
        sa.select(sa.func.count()).where(Registration.represents_id.is_not(None))
    )
    assert linked >= 30
    unlinked_delegations = db.session.scalar(
        sa.select(sa.func.count()).where(
            Delegation.represents_id.is_(None), Delegation.country != ""
        )
    )
    assert unlinked_delegations == 0
    iom = db.session.scalar(
        sa.select(Organisation).where(Organisation.acronym["en"].as_string() == "IOM")
    )
    assert iom.name["fr"] == "Organisation internationale pour les migrations"
    # What no organisation matches waits for the partnerships officer.
    assert any("Colombo Process" in g["text"] for g in directory.unmatched_names())


def test_demo_programme_lists_speakers_in_protocol_order_and_a_waiting_list(
    app, runner, client
):
    from eventsys.agenda import signups
    from eventsys.agenda import speakers
    from eventsys.agenda.models import AgendaSession
    from eventsys.meetings.models import Meeting

    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    sessions = db.session.scalars(sa.select(AgendaSession).where(
        AgendaSession.has_speakers_list, AgendaSession.speakers_published_at.is_not(None)))  # fmt: skip
    debate = next(s for s in sessions if s.title["en"].startswith("General debate"))
    listed = speakers.list_of(debate)
    # Spoken first (in list order), then the waiting list in protocol order.
    assert [r.speaking_for for r in listed] == [
        "Nigeria", "Mexico", "Switzerland", "Sri Lanka", "Portugal",
        "Office of the United Nations High Commissioner for Refugees (UNHCR)",
        "European Union", "Global Youth Migration Network",
    ]  # fmt: skip
    assert [r.status for r in listed][:4] == ["spoken"] * 3 + ["inscribed"]
    assert listed[-1].block == speakers.OTHERS and listed[0].block == speakers.MEMBER
    page = client.get(f"/meetings/idm-2019-geneva/agenda/{debate.id}/speakers").text
    assert "Global Youth Migration Network" in page and "Sri Lanka" in page
    csc = db.session.scalar(sa.select(Meeting).where(Meeting.slug == "csc-2027"))
    breakout = next(
        s
        for s in db.session.scalars(
            sa.select(AgendaSession).where(
                AgendaSession.meeting_id == csc.id, AgendaSession.takes_signups
            )
        )  # fmt: skip
        if s.signups_taken
    )
    assert (breakout.signups_taken, signups.places_left(breakout)) == (5, 0)
    assert signups.check_invariant(breakout) == []


def test_demo_side_events_submitted_accepted_and_declined(app, runner, client):
    from eventsys.agenda.models import SideEventProposal

    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "side events csc-2027: 3 proposal(s) added" in result.output
    proposals = db.session.scalars(
        sa.select(SideEventProposal).order_by(SideEventProposal.id)
    ).all()
    assert [p.status for p in proposals] == ["accepted", "submitted", "declined"]
    assert set(proposals[1].title) == {"es", "en"} and proposals[2].comment
    agenda = client.get("/meetings/csc-2027/agenda?lang=fr").get_data(as_text=True)
    assert "Des couloirs de recrutement équitable" in agenda
    assert "Migrant Rights Network East Africa" in agenda
    again = runner.invoke(args=["demo", "load"])
    assert "side events csc-2027" not in again.output


def test_demo_statements_are_real_pdfs_released_by_the_list_of_speakers(
    app, runner, client
):
    from eventsys.directory.models import Organisation
    from eventsys.documents import queries as documents_queries
    from eventsys.documents.models import MeetingDocument
    from eventsys.documents.storage import from_config
    from eventsys.meetings.models import Meeting

    output = runner.invoke(args=["demo", "load"]).output
    assert "statements idm-2019-geneva: 4 sent" in output
    password = re.search(r"admin@example.org / password: (\S+)", output).group(1)
    found = db.session.scalars(
        sa.select(MeetingDocument).order_by(MeetingDocument.id)
    ).all()
    by_delegation = {d.delegation.represents: d for d in found}
    assert set(by_delegation) == {"Mexico", "Switzerland", "Nigeria", "Sri Lanka"}
    assert {lang for d in found for lang in d.title} == {"es", "fr", "en"}
    storage = from_config(app.config)
    for document in found:
        assert document.kind == "statement" and document.session_id is not None
        # The delegation's organisation in the directory: the State of its country.
        assert document.organisation_id == document.delegation.represents_id
        state = db.session.get(Organisation, document.organisation_id)
        assert state.iso_code == document.delegation.country
        (file,) = document.files
        assert file.media_type == "application/pdf" and file.scan_status == "approved"
        assert storage.read(file.sha256).startswith(b"%PDF-")
    # Marked as spoken on the list of speakers: released, public if allowed.
    released = {name for name, d in by_delegation.items() if d.released_at}
    assert released == {"Mexico", "Switzerland", "Nigeria"}
    geneva = by_delegation["Mexico"].meeting
    public = db.session.scalars(documents_queries.public_documents(geneva)).all()
    assert {d.delegation.represents for d in public} == {"Mexico", "Switzerland"}
    assert by_delegation["Mexico"].title == {"es": "Declaración de México"}

    client.post("/login", data={"email": "admin@example.org", "password": password})
    mexico = by_delegation["Mexico"].organisation_id
    page = client.get(f"/manage/directory/{mexico}").get_data(as_text=True)
    assert f"Statement at {geneva.title['en']}" in page
    other = db.session.scalar(sa.select(Meeting).where(Meeting.slug == "grcp-9"))
    assert f"Statement at {other.title['en']}" not in page


def test_demo_csc_asks_gender_and_its_dashboard_shows_parity(app, runner, client):
    from eventsys.agenda import parity
    from eventsys.agenda.models import AgendaSession
    from eventsys.agenda.models import SessionPerson
    from eventsys.meetings.models import Meeting
    from eventsys.registration.models import Registration

    output = runner.invoke(args=["demo", "load"]).output
    assert "meeting csc-2027: created, asks gender" in output
    password = re.search(r"admin@example.org / password: (\S+)", output).group(1)
    meetings = {m.slug: m for m in db.session.scalars(sa.select(Meeting))}
    csc = meetings.pop("csc-2027")
    assert csc.asks_gender and not any(m.asks_gender for m in meetings.values())
    registrations = db.session.scalars(
        sa.select(Registration).where(Registration.meeting_id == csc.id)
    ).all()
    # Registered under a privacy notice that says why gender is asked.
    versions = app.config["EVENTSYS_GENDER_NOTICE_VERSIONS"]
    assert {r.notice_version for r in registrations} <= set(versions)
    given = [r.gender for r in registrations]
    assert "prefer_not_to_say" in given and None in given
    assert sum(g in ("woman", "man") for g in given) >= 0.75 * len(given)
    people = db.session.scalars(
        sa.select(SessionPerson.gender)
        .join(AgendaSession)
        .where(AgendaSession.meeting_id == csc.id)
    ).all()
    assert None in people and {"another", "prefer_not_to_say"} <= set(people)
    # Nobody of a meeting that does not ask has a gender.
    elsewhere = [
        sa.select(sa.func.count()).where(
            Registration.gender.is_not(None), Registration.meeting_id != csc.id
        ),
        sa.select(sa.func.count())
        .select_from(SessionPerson)
        .join(AgendaSession)
        .where(SessionPerson.gender.is_not(None), AgendaSession.meeting_id != csc.id),
    ]
    assert [db.session.scalar(query) for query in elsewhere] == [0, 0]
    table = parity.meeting_table(csc)
    assert table["speakers"] == {"woman": "28", "man": "17", "another": "<5",
                                 "prefer_not_to_say": "<5", "not_given": "<5"}  # fmt: skip
    # the man registered through MRNEA's designation is one of the seven
    assert table["participants"] == {"woman": "8", "man": "7",
                                     "prefer_not_to_say": "<5", "not_given": "<5"}  # fmt: skip

    client.post("/login", data={"email": "admin@example.org", "password": password})
    page = client.get("/manage/meetings/csc-2027/dashboard").get_data(as_text=True)
    speakers, participants = (
        page.split(f'id="parity_{key}-heading"')[1].split("</section>")[0]
        for key in ("speakers", "participants")
    )
    assert '<th scope="row">Woman</th><td>28</td>' in speakers
    assert '<th scope="row">Man</th><td>17</td>' in speakers
    assert '<th scope="row">Woman</th><td>8</td>' in participants
    assert '<th scope="row">Man</th><td>7</td>' in participants
    assert '<th scope="row">Not given</th><td>&lt;5</td>' in participants
    assert "<svg" in speakers and "<svg" in participants
    idm = client.get("/manage/meetings/idm-2019-geneva/dashboard").get_data(
        as_text=True
    )
    assert "Gender balance" not in idm


def test_demo_asks_no_gender_under_a_notice_that_does_not_say_why(app, runner):
    from eventsys.meetings.models import Meeting
    from eventsys.registration.models import Registration

    app.config["EVENTSYS_PRIVACY_NOTICE_VERSION"] = "2026-12"
    output = runner.invoke(args=["demo", "load"]).output
    assert "meeting csc-2027: created, does not ask gender" in output
    csc = db.session.scalar(sa.select(Meeting).where(Meeting.slug == "csc-2027"))
    assert not csc.asks_gender
    given = db.session.scalar(
        sa.select(sa.func.count()).where(Registration.gender.is_not(None))
    )
    assert given == 0


def test_demo_designation_confirms_its_representatives(app, runner):
    import sqlalchemy as sa

    from eventsys.directory.models import Designation
    from eventsys.extensions import db
    from eventsys.invitations.models import Invitation
    from eventsys.registration.models import Registration

    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    designation = db.session.scalar(sa.select(Designation))
    assert (
        designation.organisation.display_name() == "Migrant Rights Network East Africa"
    )
    assert designation.sent_to == "secretariat@mrnea.example.org"  # its Nairobi address
    confirmed = db.session.scalars(sa.select(Registration.email).where(
        Registration.represents_designation_id == designation.id)).all()  # fmt: skip
    assert sorted(confirmed) == ["otieno.ochieng@mrnea.example.org",
                                 "wanjiku.mwangi@example.org"]  # fmt: skip
    waiting = db.session.scalars(sa.select(Invitation.email).where(
        Invitation.designation_id == designation.id, Invitation.status == "sent")).all()  # fmt: skip
    assert waiting == ["amani.njeri@mrnea.example.org"]
