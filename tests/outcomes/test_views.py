import sqlalchemy as sa

from eventsys.outcomes.models import OutcomeDocument
from eventsys.pdf import jobs
from tests.factories import PASSWORD
from tests.factories import make_meeting
from tests.outcomes.builders import file_backed_app as app  # noqa: F401  (publishing starts a thread)
from tests.outcomes.builders import make_document
from tests.outcomes.builders import make_team


def login(auth, user):
    assert auth.login(user.email, PASSWORD).status_code == 302


def test_rapporteur_writes_manager_returns_then_publishes(app, db, client, auth):
    meeting, manager, rapporteur = make_team()
    db.session.commit()
    login(auth, rapporteur)
    base = f"/manage/meetings/{meeting.slug}/outcomes"
    response = client.post(
        f"{base}/new",
        data={"kind": "red_book", "language": "en", "title_en": "Red Book 2027"},
    )
    assert response.status_code == 302
    doc = f"{base}/red-book-2027"

    # Preview renders sanitised HTML and saves nothing.
    body = "**Strong** point <script>alert(1)</script> [x](javascript:alert(1))"
    data = {
        "heading": "Good practice 1",
        "kind": "good_practice",
        "session_id": "",
        "body": body,
    }
    response = client.post(f"{doc}/sections/new", data={**data, "preview": "Preview"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<strong>Strong</strong>" in page and "<script>alert" not in page
    assert db.session.scalar(sa.select(OutcomeDocument)).sections == []
    assert (
        client.post(f"{doc}/sections/new", data={**data, "save": "Save"}).status_code
        == 302
    )
    assert (
        client.post(f"{doc}/sections/new", data={**data, "heading": ""}).status_code
        == 422
    )

    assert client.post(f"{doc}/submit").status_code == 302
    assert client.post(f"{doc}/publish").status_code == 403  # only managers publish
    auth.logout()

    login(auth, manager)
    client.post(f"{doc}/return", data={"comment": "Add the recommendations, please."})
    auth.logout()
    login(auth, rapporteur)
    assert "Add the recommendations, please." in client.get(f"{doc}/").get_data(
        as_text=True
    )
    client.post(f"{doc}/submit")
    auth.logout()

    login(auth, manager)
    assert client.post(f"{doc}/publish").status_code == 302
    db.session.rollback()  # the test shares the request's session: release its SQLite lock
    jobs.wait_for_threads()
    public = client.get(f"/meetings/{meeting.slug}/outcomes/red-book-2027")
    assert public.status_code == 200
    text = public.get_data(as_text=True)
    assert (
        "Good practice 1" in text
        and "<strong>Strong</strong>" in text
        and "/v1.pdf" in text
    )
    listing = client.get(f"/meetings/{meeting.slug}/outcomes/").get_data(as_text=True)
    assert "Red Book 2027" in listing


def test_public_sees_latest_version_while_next_is_drafted(app, db, client, auth):
    from eventsys.outcomes import service

    meeting, manager, _ = make_team()
    document = make_document(meeting, manager)
    service.publish_document(document, actor=manager)
    service.update_section(
        document.sections[0],
        actor=manager,
        data={"heading": "Draft heading", "kind": "background"},
    )
    db.session.commit()
    page = client.get(f"/meetings/{meeting.slug}/outcomes/{document.slug}").get_data(
        as_text=True
    )
    assert "Why youth matters" in page and "Draft heading" not in page


def test_unpublished_documents_and_other_meetings_are_closed(app, db, client, auth):
    meeting, manager, rapporteur = make_team()
    other, other_manager, _ = make_team(make_meeting())
    draft_meeting = make_meeting(status="draft")
    document = make_document(other, other_manager)
    db.session.commit()
    assert (
        client.get(f"/meetings/{other.slug}/outcomes/{document.slug}").status_code
        == 404
    )
    assert (
        client.get(f"/meetings/{other.slug}/outcomes/{document.slug}.pdf").status_code
        == 404
    )
    login(auth, rapporteur)
    assert client.get(f"/manage/meetings/{meeting.slug}/outcomes/").status_code == 200
    assert client.get(f"/manage/meetings/{other.slug}/outcomes/").status_code == 403
    assert (
        client.get(
            f"/manage/meetings/{other.slug}/outcomes/{document.slug}/"
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/manage/meetings/{other.slug}/outcomes/{document.slug}/submit"
        ).status_code
        == 403
    )
    assert (
        client.get(f"/manage/meetings/{draft_meeting.slug}/outcomes/").status_code
        == 404
    )
    assert (
        client.get(f"/manage/meetings/{meeting.slug}/outcomes/nope/").status_code == 404
    )


def test_manage_page_offers_summaries_for_sessions_without_one(app, db, client, auth):
    from tests.factories import make_session

    meeting, manager, rapporteur = make_team()
    document = make_document(meeting, rapporteur)  # summarises "Opening session"
    make_session(meeting, title={"en": "Panel on data"})
    db.session.commit()
    login(auth, rapporteur)
    page = client.get(
        f"/manage/meetings/{meeting.slug}/outcomes/{document.slug}/"
    ).get_data(as_text=True)
    assert (
        "Write the summary of Panel on data" in page
        and "summary of Opening session" not in page
    )
    form = client.get(
        f"/manage/meetings/{meeting.slug}/outcomes/{document.slug}/sections/new?session={document.sections[1].session_id}"
    )
    assert '<option selected value="summary">' in form.get_data(as_text=True)
