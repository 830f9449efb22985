"""The audit log page: admins only, filterable, paginated, read only."""

from eventsys.audit.service import record
from eventsys.extensions import db
from tests.factories import make_meeting
from tests.factories import make_role
from tests.factories import make_user


def test_anonymous_users_are_sent_to_login(client):
    response = client.get("/manage/audit")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_manager_who_is_not_admin_gets_403(app, client, auth):
    user = make_user(email="admin@example.org")
    make_role(user, make_meeting())
    db.session.commit()
    auth.login()
    assert client.get("/manage/audit").status_code == 403


def test_admin_sees_and_filters_events(app, client, auth):
    make_user(email="admin@example.org", is_admin=True)
    record("meeting.updated", after={"title": "Plain change"})
    db.session.commit()
    auth.login()  # records a security event "login"
    page = client.get("/manage/audit").get_data(as_text=True)
    assert "meeting.updated" in page and "login" in page
    security = client.get("/manage/audit?security=1").get_data(as_text=True)
    assert (
        "<code>meeting.updated</code>" not in security
        and "<code>login</code>" in security
    )
    only = client.get("/manage/audit?action=meeting.updated").get_data(as_text=True)
    assert "<code>meeting.updated</code>" in only and "<code>login</code>" not in only


def test_admins_find_the_log_in_the_navigation(app, client, auth):
    make_user(email="admin@example.org", is_admin=True)
    db.session.commit()
    auth.login()
    assert 'href="/manage/audit"' in client.get("/account").get_data(as_text=True)


def test_the_log_is_paginated(app, client, auth):
    app.config["AUDIT_PER_PAGE"] = 5
    make_user(email="admin@example.org", is_admin=True)
    for n in range(12):
        record("test.event", after={"n": n})
    db.session.commit()
    auth.login()
    first = client.get("/manage/audit?action=test.event").get_data(as_text=True)
    assert "Page 1 of 3" in first
    assert client.get("/manage/audit?action=test.event&page=3").status_code == 200
    assert client.get("/manage/audit?page=abc").status_code == 404  # not a page
    assert client.get("/manage/audit?page=99999999999999999999").status_code == 200


def test_no_route_can_change_or_delete_audit_events(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("audit."):
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule
