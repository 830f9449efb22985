from eventsys.pdf import jobs
from eventsys.pdf import render
from tests.factories import PASSWORD
from tests.outcomes.builders import file_backed_app as app  # noqa: F401  (threads need a file database)


def test_publishing_renders_in_a_background_thread(app, db, auth, client, published):
    from eventsys.outcomes import service

    meeting, document, _version, manager = published
    service.update_section(document.sections[0], actor=manager, data={"heading": "New", "kind": "background"})
    db.session.commit()
    auth.login(manager.email, PASSWORD)
    client.post(f"/manage/meetings/{meeting.slug}/outcomes/{document.slug}/publish")
    db.session.rollback()  # the test shares the request's session: release its SQLite lock
    jobs.wait_for_threads()
    renders = render.render_count
    assert client.get(f"/meetings/{meeting.slug}/outcomes/{document.slug}/v2.pdf").status_code == 200
    assert render.render_count == renders  # already rendered by the job
