"""Dashboard figures against counts made here, by hand; SVG that parses, with titles."""

import csv
import io
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from datetime import timedelta

from eventsys.directory import dashboards
from eventsys.directory import regions
from eventsys.directory.charts import svg
from eventsys.extensions import db
from eventsys.onsite.models import Checkin
from eventsys.registration.models import Delegation
from tests.directory.helpers import make_iom
from tests.directory.helpers import make_unhcr
from tests.directory.helpers import partnerships_officer
from tests.factories import PASSWORD
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_registration
from tests.factories import make_user

SVG = "{http://www.w3.org/2000/svg}"
PEOPLE = [  # (country, status, attendance, organisation)
    ("KE", "confirmed", "in_person", "iom"), ("KE", "confirmed", "online", "iom"),
    ("MX", "pending", "in_person", "unhcr"), ("FR", "waitlisted", "in_person", None),
    ("", "confirmed", "online", None), ("BR", "cancelled", "in_person", "iom"),
    ("FR", "rejected", "online", None), ("JP", "confirmed", "in_person", "unhcr"),
]  # fmt: skip


def _world():
    officer = partnerships_officer()
    orgs = {"iom": make_iom(officer), "unhcr": make_unhcr(officer)}
    earlier = make_meeting(title={"en": "Earlier"})
    make_registration(
        earlier, represents="IOM", represents_id=orgs["iom"].id, status="confirmed"
    )
    meeting = make_meeting(
        starts_at=earlier.starts_at + timedelta(days=200), title={"en": "Now"}
    )
    category = make_category(meeting, name={"en": "Civil society"})
    people = []
    for i, (country, status, attendance, org) in enumerate(PEOPLE):
        people.append(make_registration(
            meeting, category=category, country=country, status=status, attendance=attendance,
            represents_id=orgs[org].id if org else None,
            created_at=meeting.starts_at - timedelta(days=30 - 3 * i)))  # fmt: skip
    db.session.add(Delegation(meeting=meeting, represents="Kenya", focal_point_email="a@example.org",
                              status="accredited"))  # fmt: skip
    first_day = meeting.starts_at.date()
    for registration in people[:3]:
        db.session.add(Checkin(registration_id=registration.id, day=first_day))
    db.session.add(
        Checkin(registration_id=people[0].id, day=first_day + timedelta(days=1))
    )
    db.session.flush()
    return meeting, earlier, orgs


def _chart(charts, key):
    return next(c for c in charts if c.key == key)


def test_meeting_figures_equal_independent_counts(app):
    meeting, _earlier, _orgs = _world()
    charts = {c.key: c for c in dashboards.meeting_charts(db.session, meeting, "en")}
    words = {"confirmed": "Confirmed", "pending": "Pending approval", "waitlisted": "Waiting list",
             "cancelled": "Cancelled", "rejected": "Rejected"}  # fmt: skip
    assert dict(charts["status"].rows) == {
        words[s]: n for s, n in Counter(p[1] for p in PEOPLE).items()
    }
    active = [p for p in PEOPLE if p[1] in ("confirmed", "pending", "waitlisted")]
    assert dict(charts["attendance"].rows) == {
        {"in_person": "In person", "online": "Online"}[k]: v
        for k, v in Counter(p[2] for p in active).items()
    }
    assert dict(charts["category"].rows) == {"Civil society": len(active)}
    by_country = Counter(p[0] for p in active)
    assert dict(charts["country"].rows) == {
        ("Not given" if c == "" else {"KE": "Kenya", "MX": "Mexico", "FR": "France", "JP": "Japan"}[c]): n
        for c, n in by_country.items()}  # fmt: skip
    by_region = Counter(
        regions.name(regions.region_of(c)) if c else "Not given" for c, *_ in active
    )
    assert dict(charts["region"].rows) == dict(by_region)
    assert dict(charts["region"].rows)["Africa"] == 2
    assert dict(charts["iom_region"].rows)["East and Horn of Africa (Nairobi)"] == 2
    kinds = dict(charts["kind"].rows)
    assert kinds == {
        "Intergovernmental organization": 2,
        "United Nations entity": 2,
        "Not linked": 2,
    }
    assert dict(charts["returning"].rows) == {
        "New": 1,
        "Returning": 1,
    }  # IOM came before, UNHCR is new
    assert dict(charts["delegations"].rows) == {"Accredited": 1}
    assert [n for _l, n in charts["checkins"].rows] == [3, 1]
    assert sum(n for _l, n in charts["over_time"].rows) == len(PEOPLE)


def test_engagement_across_meetings(app):
    meeting, earlier, _orgs = _world()
    charts = {
        c.key: c
        for c in dashboards.engagement_charts(db.session, [earlier, meeting], "en")
    }
    assert charts["organisations"].rows == [("Earlier", 1), ("Now", 2)]
    assert charts["returning"].rows == [("Earlier", 0), ("Now", 1)]
    assert charts["civil_society"].rows == [("Earlier", 0), ("Now", 0)]
    assert charts["countries"].rows == [("Earlier", 0), ("Now", 4)]
    assert dict(charts["kinds"].rows) == {
        "Intergovernmental organization": 1,
        "United Nations entity": 1,
    }


def test_every_chart_is_valid_svg_with_a_title_and_a_description(app):
    meeting, _earlier, _orgs = _world()
    for chart in dashboards.meeting_charts(db.session, meeting, "fr"):
        root = ET.fromstring(svg(chart))
        assert root.tag == f"{SVG}svg" and root.get("role") == "img"
        assert root.find(f"{SVG}title").text == chart.title
        assert root.find(f"{SVG}desc").text == chart.description
        assert len(root.findall(f"{SVG}rect")) == len(chart.rows)
        assert "script" not in svg(chart)


def test_dashboard_pages_tables_csv_and_access(app, client):
    meeting, _earlier, _orgs = _world()
    manager = make_user()
    from tests.factories import make_role

    make_role(manager, meeting, "manager")
    db.session.commit()
    client.post("/login", data={"email": manager.email, "password": PASSWORD})
    page = client.get(f"/manage/meetings/{meeting.slug}/dashboard").get_data(
        as_text=True
    )
    assert page.count("<svg") == 11 and '<th scope="row">Kenya</th>' in page
    response = client.get(f"/manage/meetings/{meeting.slug}/dashboard/status.csv")
    rows = list(
        csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")))
    )
    assert rows[0] == ["Label", "Count"] and ["Confirmed", "4"] in rows
    assert (
        client.get(f"/manage/meetings/{meeting.slug}/dashboard/nothing.csv").status_code
        == 404
    )
    assert client.get("/manage/dashboard").status_code == 403
    client.post("/logout")
    officer = partnerships_officer()
    db.session.commit()
    client.post("/login", data={"email": officer.email, "password": PASSWORD})
    page = client.get("/manage/dashboard").get_data(as_text=True)
    assert "Organisations per meeting" in page and "<svg" in page
    assert (
        client.get(
            f"/manage/dashboard/organisations.csv?series={meeting.series_id}"
        ).status_code
        == 200
    )
    assert client.get(f"/manage/meetings/{meeting.slug}/dashboard").status_code == 403
    assert date.today()  # the clock is real


def test_figures_and_search_on_postgresql(pg_app):
    from eventsys.directory import queries

    meeting, earlier, orgs = _world()
    orgs["iom"].tags = ["UN system"]
    db.session.flush()
    charts = {c.key: c for c in dashboards.meeting_charts(db.session, meeting, "en")}
    assert sum(n for _l, n in charts["over_time"].rows) == len(PEOPLE)
    assert dict(charts["returning"].rows) == {"New": 1, "Returning": 1}
    assert [n for _l, n in charts["checkins"].rows] == [3, 1]
    found = db.session.scalars(
        queries.directory(queries.Filters(q="ACNUR"), today=date(2027, 1, 1))
    ).all()
    assert found == [orgs["unhcr"]]
    tagged = db.session.scalars(
        queries.directory(queries.Filters(tag="UN system"), today=date(2027, 1, 1))
    ).all()
    assert tagged == [orgs["iom"]]
    took_part = queries.Filters(series_id=earlier.series_id)
    assert db.session.scalars(
        queries.directory(took_part, today=date(2027, 1, 1))
    ).all() == [orgs["iom"]]


def test_the_approved_filter_finds_approvals_without_expiry(app):
    from eventsys.directory import queries

    officer = partnerships_officer()
    iom, unhcr = make_iom(officer), make_unhcr(officer)
    iom.vetting_status, iom.vetting_expires_on = "approved", None
    unhcr.vetting_status, unhcr.vetting_expires_on = "approved", date(2026, 1, 1)
    db.session.flush()

    def found(status):
        filters = queries.Filters(q="united nations", vetting=status)
        return db.session.scalars(
            queries.directory(filters, today=date(2026, 6, 1))
        ).all()

    assert found("approved") == []  # UNHCR's approval ran out
    assert found("expired") == [unhcr]
    filters = queries.Filters(q="migration", vetting="approved")
    assert db.session.scalars(
        queries.directory(filters, today=date(2026, 6, 1))
    ).all() == [iom]


def test_gender_balance_where_the_meeting_asks_it(app, client):
    from tests.factories import make_person
    from tests.factories import make_role
    from tests.factories import make_session

    meeting = make_meeting(asks_gender=True)
    panel = make_session(meeting, kind="panel")
    for i, gender in enumerate(["woman"] * 6 + ["man"] * 2):
        make_person(panel, name=f"Person {i}", role="panelist", gender=gender)
    delegation = Delegation(meeting=meeting, represents="Kenya",
                            focal_point_email="fp@example.org", status="accredited")  # fmt: skip
    db.session.add(delegation)
    db.session.flush()
    people = [("woman", delegation.id)] * 5 + [("man", None)] * 6 + [(None, None)]
    for gender, delegation_id in people:
        make_registration(
            meeting, gender=gender, delegation_id=delegation_id, status="confirmed"
        )
    make_registration(meeting, gender="man", status="cancelled")  # not counted
    charts = {c.key: c for c in dashboards.meeting_charts(db.session, meeting, "en")}
    assert charts["parity_speakers"].rows == [("Woman", 6), ("Man", "<5")]
    assert charts["parity_delegations"].rows == [("Woman", 5)]
    assert charts["parity_participants"].rows == [
        ("Woman", 5), ("Man", 6), ("Not given", "<5")
    ]  # fmt: skip
    root = ET.fromstring(svg(charts["parity_speakers"]))
    assert root.find(f"{SVG}title").text == "Gender balance of speakers"
    widths = [r.get("width") for r in root.findall(f"{SVG}rect")]
    assert widths[1] == "0" and int(widths[0]) > 0  # a suppressed count draws no bar
    manager = make_user()
    make_role(manager, meeting, "manager")
    db.session.commit()
    client.post("/login", data={"email": manager.email, "password": PASSWORD})
    page = client.get(f"/manage/meetings/{meeting.slug}/dashboard").text
    assert "Gender balance of delegations" in page and "&lt;5" in page
    data = client.get(
        f"/manage/meetings/{meeting.slug}/dashboard/parity_participants.csv"
    )
    rows = list(csv.reader(io.StringIO(data.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[1:] == [["Woman", "5"], ["Man", "6"], ["Not given", "<5"]]


def test_no_gender_charts_where_the_meeting_does_not_ask(app):
    meeting, _earlier, _orgs = _world()
    keys = [c.key for c in dashboards.meeting_charts(db.session, meeting, "en")]
    assert not [k for k in keys if k.startswith("parity")]
