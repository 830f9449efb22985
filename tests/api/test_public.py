"""Public read endpoints: meetings, one meeting, series, outcomes; CORS and ETags."""

import pytest

from eventsys.extensions import db
from eventsys.meetings.models import Meeting
from eventsys.outcomes.models import DocumentVersion
from eventsys.outcomes.models import OutcomeDocument
from tests.api.helpers import SECRET_URL
from tests.api.helpers import make_world
from tests.api.helpers import utc


@pytest.fixture
def world(app):
    data = make_world()
    db.session.commit()
    return data


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.get_json()["items"]]


def test_meetings_are_listed_oldest_first_without_drafts(client, world):
    response = client.get("/api/v1/meetings")
    assert response.status_code == 200
    assert response.content_type == "application/json"
    assert slugs(response) == ["idm-ny", "idm-geneva", "csc-old", "csc-next"]
    body = response.get_json()
    assert (body["page"], body["per_page"], body["total"], body["pages"]) == (
        1,
        20,
        4,
        1,
    )


def test_meetings_paginate_in_a_stable_order(client, world, app):
    from tests.factories import make_meeting

    for n in range(3):  # same start as idm-geneva: ordered by id after starts_at
        make_meeting(slug=f"same-{n}", starts_at=utc(2019, 10, 15, 7))
    db.session.commit()
    pages = [
        slugs(client.get(f"/api/v1/meetings?per_page=2&page={n}")) for n in (1, 2, 3, 4)
    ]
    assert pages == [
        ["idm-ny", "idm-geneva"],
        ["same-0", "same-1"],
        ["same-2", "csc-old"],
        ["csc-next"],
    ]
    assert slugs(client.get("/api/v1/meetings?page=99")) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("series=idm", ["idm-ny", "idm-geneva"]),
        ("series=nothing", []),
        ("status=cancelled", ["csc-old"]),
        ("status=published&series=csc", ["csc-next"]),
        ("from=2019-10-15", ["idm-geneva", "csc-old", "csc-next"]),
        ("to=2019-10-15", ["idm-ny", "idm-geneva"]),
        ("from=2019-03-01&to=2020-12-31", ["idm-geneva", "csc-old"]),
    ],
)
def test_meetings_filter(client, world, query, expected):
    response = client.get(f"/api/v1/meetings?{query}")
    assert response.status_code == 200
    assert slugs(response) == expected


@pytest.mark.parametrize(
    "query",
    [
        "status=draft",
        "status=",
        "from=2019-02-30",
        "from=yesterday",
        "to=2019-1-1",
        "per_page=101",
        "per_page=0",
        "page=0",
        "page=-1",
        "page=abc",
        "page=100000000000000000000",
        "series=Not%20A%20Slug",
        "series=%00",
    ],
)
def test_bad_query_parameters_are_400_problems(client, world, query):
    response = client.get(f"/api/v1/meetings?{query}")
    assert response.status_code == 400
    assert response.content_type == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == 400 and problem["title"]


def test_meeting_detail_has_rooms_sessions_people_and_categories(client, world):
    body = client.get("/api/v1/meetings/idm-ny").get_json()
    assert body["timezone"] == "America/New_York"
    assert body["starts_at"] == "2019-02-28T09:00:00-05:00"
    assert body["rooms"] == [{"name": "Trusteeship Council", "capacity": 100}]
    session = body["sessions"][0]
    assert session["title"] == {"en": "Opening"}
    assert session["room"] == "Trusteeship Council"
    assert session["starts_at"] == "2019-02-28T09:00:00-05:00"
    assert session["people"] == [
        {"name": "Antonio Vitorino", "affiliation": "IOM", "role": "chair"}
    ]
    upcoming = client.get("/api/v1/meetings/csc-next").get_json()
    assert upcoming["registration"]["state"] == "open"
    assert body["registration"]["state"] == "closed"
    categories = upcoming["categories"]
    assert {c["registration_state"] for c in categories} == {"open"}
    assert [(c["key"], c["requires_approval"]) for c in categories] == [
        ("public", False),
        ("vetted", True),
    ]


def test_cancelled_meeting_carries_its_reason(client, world):
    body = client.get("/api/v1/meetings/csc-old").get_json()
    assert (body["status"], body["cancel_reason"]) == ("cancelled", "Pandemic")


@pytest.mark.parametrize("slug", ["csc-draft", "no-such-meeting", "UPPER", "x" * 200])
def test_drafts_and_unknown_meetings_are_404(client, world, slug):
    for path in (f"/api/v1/meetings/{slug}", f"/api/v1/meetings/{slug}/outcomes"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.content_type == "application/problem+json"


def test_series_are_listed(client, world):
    body = client.get("/api/v1/series").get_json()
    assert [s["slug"] for s in body["items"]] == ["csc", "idm"]
    assert body["items"][1]["url"] == "http://events.test/series/idm/"


def _publish(meeting, covers=(), versions=1) -> OutcomeDocument:
    document = OutcomeDocument(
        meeting=meeting, slug="red-book", title={"en": "Red Book"}, status="published"
    )
    document.also_covers = list(covers)
    for number in range(1, versions + 1):
        document.versions.append(
            DocumentVersion(
                number=number,
                title=f"Red Book v{number}",
                content=[],
                content_hash="x",
                published_at=utc(2020, 1, number),
            )
        )
    db.session.add(document)
    db.session.commit()
    return document


def test_outcomes_list_published_versions_with_absolute_pdf_links(client, world):
    _publish(world["geneva"], covers=[world["ny"]], versions=2)
    draft_doc = OutcomeDocument(
        meeting=world["geneva"], slug="draft", title={"en": "Draft"}
    )
    db.session.add(draft_doc)
    db.session.commit()
    for slug in ("idm-geneva", "idm-ny"):
        items = client.get(f"/api/v1/meetings/{slug}/outcomes").get_json()["items"]
        assert [d["slug"] for d in items] == ["red-book"]
        assert items[0]["meeting"] == "idm-geneva"
        assert (
            items[0]["pdf_url"]
            == "http://events.test/meetings/idm-geneva/outcomes/red-book.pdf"
        )
        assert [v["pdf_url"] for v in items[0]["versions"]] == [
            "http://events.test/meetings/idm-geneva/outcomes/red-book/v1.pdf",
            "http://events.test/meetings/idm-geneva/outcomes/red-book/v2.pdf",
        ]
    assert client.get("/api/v1/meetings/csc-next/outcomes").get_json() == {"items": []}


def test_outcomes_of_a_draft_meeting_never_show(client, world):
    _publish(world["draft"], covers=[world["ny"]])
    assert client.get("/api/v1/meetings/idm-ny/outcomes").get_json() == {"items": []}


PUBLIC_READS = [
    "/api/v1/meetings",
    "/api/v1/meetings/idm-ny",
    "/api/v1/series",
    "/api/v1/meetings/idm-ny/outcomes",
    "/api/v1/openapi.json",
]


@pytest.mark.parametrize("path", PUBLIC_READS)
def test_public_reads_allow_cross_origin_and_preflight(client, world, path):
    response = client.get(path, headers={"Origin": "https://rcp.example.net"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        path,
        headers={
            "Origin": "https://rcp.example.net",
            "Access-Control-Request-Method": "GET",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    assert "POST" not in preflight.headers["Access-Control-Allow-Methods"]


def test_write_and_manager_endpoints_allow_no_cross_origin(client, world):
    path = "/api/v1/meetings/csc-next/registrations"
    origin = {"Origin": "https://evil.example"}
    preflight = client.options(
        path, headers={**origin, "Access-Control-Request-Method": "POST"}
    )
    assert "Access-Control-Allow-Origin" not in preflight.headers
    assert (
        "Access-Control-Allow-Origin"
        not in client.post(path, json={}, headers=origin).headers
    )
    assert "Access-Control-Allow-Origin" not in client.get(path, headers=origin).headers
    patch = client.patch(f"{path}/1", json={"status": "confirmed"}, headers=origin)
    assert "Access-Control-Allow-Origin" not in patch.headers


@pytest.mark.parametrize("path", [*PUBLIC_READS, "/api/v1/docs"])
def test_gets_carry_an_etag_and_answer_304(client, world, path):
    first = client.get(path)
    etag = first.headers["ETag"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200


def test_etag_changes_when_the_meeting_changes(client, world):
    etag = client.get("/api/v1/meetings/idm-ny").headers["ETag"]
    world["ny"].venue = "UN Headquarters"
    db.session.commit()
    response = client.get("/api/v1/meetings/idm-ny", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response.get_json()["venue"] == "UN Headquarters"


def test_online_url_never_appears_in_any_public_response(client, world):
    _publish(world["geneva"], covers=[world["ny"]])
    paths = [
        "/api/v1/meetings",
        "/api/v1/series",
        "/api/v1/openapi.json",
        "/api/v1/docs",
    ]
    for meeting in world.values():
        slug = getattr(meeting, "slug", None)
        if slug:
            paths += [f"/api/v1/meetings/{slug}", f"/api/v1/meetings/{slug}/outcomes"]
    paths += [f"/api/v1/meetings?page={n}&per_page=1" for n in range(1, 6)]
    for path in paths:
        body = client.get(path).get_data(as_text=True)
        assert SECRET_URL not in body, path
        assert "online_url" not in body, path
        assert "secret-room" not in body, path


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/meetings?year=2019",
        "/api/v1/meetings/idm-ny?lang=fr",
        "/api/v1/series?x=1",
        "/api/v1/meetings/idm-ny/outcomes?=0",
        "/api/v1/openapi.json?v=2",
        "/api/v1/docs?foo=bar",
    ],
)
def test_unknown_query_parameters_are_400(client, world, path):
    response = client.get(path)
    assert response.status_code == 400
    assert response.content_type == "application/problem+json"


def test_docs_page_speaks_the_interface_languages(client, world):
    assert client.get("/api/v1/docs?lang=fr").status_code == 200
    assert client.get("/api/v1/docs?lang=xx").status_code == 400


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, *_args):
        self.count += 1


def _queries(client, path: str) -> int:
    import sqlalchemy as sa

    counter = QueryCounter()
    sa.event.listen(db.engine, "before_cursor_execute", counter)
    try:
        assert client.get(path).status_code == 200
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", counter)
    return counter.count


def test_query_counts_do_not_grow_with_the_data(client, world):
    from tests.factories import make_meeting
    from tests.factories import make_person
    from tests.factories import make_room
    from tests.factories import make_session

    few_meetings = _queries(client, "/api/v1/meetings")
    few_sessions = _queries(client, "/api/v1/meetings/idm-ny")
    for n in range(8):
        make_meeting(slug=f"more-{n}")
        session = make_session(world["ny"], room=make_room(world["ny"]))
        make_person(session)
        make_person(session)
    db.session.commit()
    assert _queries(client, "/api/v1/meetings") == few_meetings
    assert _queries(client, "/api/v1/meetings/idm-ny") == few_sessions


def test_query_problems_name_the_parameter(client, world):
    problem = client.get("/api/v1/meetings?per_page=101&from=x").get_json()
    assert set(problem["errors"]) in ({"per_page"}, {"from"})
    assert client.get("/api/v1/meetings?colour=red").get_json()["errors"] == {
        "colour": "Unknown parameter."
    }


def _side_events(meeting, count: int) -> list:
    """`count` side events, each with its first organiser linked to the directory."""
    from eventsys.directory.models import Organisation
    from tests.factories import make_person
    from tests.factories import make_session

    sides = []
    for i in range(count):
        name = {"en": f"Migrant Forum {meeting.slug} {i}", "fr": f"Forum {i}"}
        organisations = [Organisation(kind="ngo", name=name),
                         Organisation(kind="ngo", name={"en": f"Partner {i}"})]  # fmt: skip
        side = make_session(meeting, kind="side_event",
                            organisers=[name["en"], f"Partner {i}", "Unknown"])  # fmt: skip
        side.organisations = organisations
        make_person(side)
        make_person(side)
        sides.append(side)
    db.session.commit()
    return sides


def test_sessions_carry_the_linked_organisations_in_constant_statements(client, world):
    from tests.statements import counting

    (side,) = _side_events(world["ny"], 1)
    expected = [{"id": o.id, "name": o.name} for o in side.organisations]
    opening, ny = world["opening"].id, world["ny"].id

    def export():
        db.session.remove()
        with counting() as statements:
            body = client.get("/api/v1/meetings/idm-ny").get_json()
        return len(statements), body

    few, body = export()
    (item,) = [s for s in body["sessions"] if s["kind"] == "side_event"]
    assert item["organisers"] == ["Migrant Forum idm-ny 0", "Partner 0", "Unknown"]
    assert item["organisations"] == expected
    assert item["organisations"][0]["name"] == {"en": "Migrant Forum idm-ny 0",
                                                "fr": "Forum 0"}  # fmt: skip
    assert len(item["people"]) == 2  # the join keeps each person once
    assert {s["id"]: s["organisations"] for s in body["sessions"]
            if s["kind"] != "side_event"} == {opening: []}  # fmt: skip
    _side_events(db.session.get(Meeting, ny), 6)
    many, body = export()
    assert many == few
    sides = [s for s in body["sessions"] if s["kind"] == "side_event"]
    assert [len(s["organisations"]) for s in sides] == [2] * 7
    assert all(len(s["people"]) == 2 for s in sides)


def test_released_sessions_carry_the_organisations_linked_now(client, world):
    """A release freezes the agenda; the directory's links are read as they are now."""
    from eventsys.agenda import releases
    from eventsys.directory.models import Organisation
    from tests.factories import make_user
    from tests.statements import counting

    meeting = world["ny"]
    meeting.agenda_visibility = "released"
    (side,) = _side_events(meeting, 1)
    side_id, linked = side.id, [o.id for o in side.organisations]
    admin = make_user(is_admin=True)
    releases.release_agenda(
        meeting, actor=admin, label="Provisional", now=utc(2019, 1, 2)
    )
    releases.release_agenda(meeting, actor=admin, label="Final", now=utc(2019, 1, 3))
    db.session.commit()

    def read(path):
        db.session.remove()
        with counting() as statements:
            body = client.get(path).get_json()
        return len(statements), body

    count, body = read("/api/v1/meetings/idm-ny/agenda/releases")
    for release in body["items"]:
        (item,) = [s for s in release["sessions"] if s["kind"] == "side_event"]
        assert [o["id"] for o in item["organisations"]] == linked
    added = Organisation(kind="ngo", name={"en": "Late Link"})
    reloaded = db.session.get(type(side), side_id)
    reloaded.organisations.append(added)
    db.session.commit()
    added_id = added.id
    _count, detail = read("/api/v1/meetings/idm-ny")
    (item,) = [s for s in detail["sessions"] if s["kind"] == "side_event"]
    assert item["organisations"][-1] == {"id": added_id, "name": {"en": "Late Link"}}
    meeting, admin = db.session.merge(meeting), db.session.merge(admin)
    releases.release_agenda(meeting, actor=admin, label="Third", now=utc(2019, 1, 4))
    db.session.commit()
    more, body = read("/api/v1/meetings/idm-ny/agenda/releases")
    assert more == count and len(body["items"]) == 3
    for release in body["items"]:
        (item,) = [s for s in release["sessions"] if s["kind"] == "side_event"]
        assert [o["id"] for o in item["organisations"]] == [*linked, added_id]
