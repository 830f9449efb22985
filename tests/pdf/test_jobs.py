from eventsys.pdf import jobs
from eventsys.pdf import render
from tests.factories import PASSWORD
from tests.outcomes.builders import file_backed_app as app  # noqa: F401  (threads need a file database)


def test_publishing_renders_in_a_background_thread(app, db, auth, client, published):
    from eventsys.outcomes import service

    meeting, document, _version, manager = published
    service.update_section(
        document.sections[0],
        actor=manager,
        data={"heading": "New", "kind": "background"},
    )
    db.session.commit()
    auth.login(manager.email, PASSWORD)
    client.post(f"/manage/meetings/{meeting.slug}/outcomes/{document.slug}/publish")
    db.session.rollback()  # the test shares the request's session: release its SQLite lock
    jobs.wait_for_threads()
    renders = render.render_count
    assert (
        client.get(
            f"/meetings/{meeting.slug}/outcomes/{document.slug}/v2.pdf"
        ).status_code
        == 200
    )
    assert render.render_count == renders  # already rendered by the job


def test_with_redis_publishing_queues_an_rq_job(app, db, published):
    import pytest
    from redis import Redis
    from redis.exceptions import ConnectionError
    from rq import Queue

    url = "redis://127.0.0.1:6379/15"
    try:
        Redis.from_url(url).ping()
    except ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    _meeting, document, _version, _ = published
    app.config["REDIS_URL"] = url
    queue = Queue(jobs.QUEUE_NAME, connection=Redis.from_url(url))
    queue.empty()
    try:
        assert jobs.enqueue_document_pdfs(document) == ["rq"]
        [job] = queue.get_jobs()
        recipe = ["outcome", document.meeting_id, document.versions[0].id]
        assert job.func_name == "eventsys.pdf.jobs.rq_render" and job.args == (recipe,)
        # Asked again while the job is pending: coalesced, nothing more queued.
        assert jobs.enqueue_document_pdfs(document) == ["pending"]
        assert len(queue.get_jobs()) == 1
    finally:
        queue.empty()
    # What the worker runs, inside this app instead of one built from the environment.
    renders = render.render_count
    assert jobs.render_recipe(tuple(recipe)) is True
    assert render.render_count == renders + 1
    assert jobs.render_recipe(tuple(recipe)) is False  # cached: nothing rendered
