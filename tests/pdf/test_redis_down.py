"""Redis down when an outcome is published: the job runs in-process, the user sees success."""

from eventsys import faults
from eventsys.outcomes import service
from eventsys.pdf import jobs
from eventsys.pdf import render
from tests.factories import PASSWORD
from tests.outcomes.builders import file_backed_app as app  # noqa: F401  (threads need a file database)
from tests.servers import RedisServer


def test_publishing_with_redis_down_renders_in_process_and_reports_degraded(
    app, db, auth, client, published
):
    faults.clear()
    redis = RedisServer().start()
    app.config["REDIS_URL"] = redis.url
    redis.stop()  # Redis was configured, and is now down
    meeting, document, _version, manager = published
    service.update_section(
        document.sections[0], actor=manager, data={"heading": "New", "kind": "summary"}
    )
    db.session.commit()
    auth.login(manager.email, PASSWORD)
    base = f"/manage/meetings/{meeting.slug}/outcomes/{document.slug}"
    response = client.post(f"{base}/publish", follow_redirects=True)
    assert response.status_code == 200
    assert "Published." in response.get_data(as_text=True)
    db.session.rollback()
    jobs.wait_for_threads()
    renders = render.render_count
    pdf = client.get(f"/meetings/{meeting.slug}/outcomes/{document.slug}/v2.pdf")
    assert pdf.status_code == 200 and render.render_count == renders  # rendered already
    health = client.get("/healthz").get_json()
    assert health["status"] == "degraded" and "redis" in health["reasons"]
    faults.clear()
