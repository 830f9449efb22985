from datetime import UTC
from datetime import datetime
from datetime import timedelta

from tests.factories import make_meeting
from tests.factories import make_series
from tests.meetings.helpers import login_manager

UTC = UTC


def test_home_lists_upcoming_then_recent_with_registration_state(client, db):
    now = datetime.now(UTC)
    make_meeting(
        slug="soon",
        title={"en": "Soon meeting"},
        starts_at=now + timedelta(days=20),
        capacity=10,
        registration_closes_at=now + timedelta(days=10),
    )
    make_meeting(
        slug="full",
        title={"en": "Full meeting"},
        starts_at=now + timedelta(days=40),
        capacity=1,
        seats_taken=1,
    )
    make_meeting(
        slug="past", title={"en": "Past meeting"}, starts_at=now - timedelta(days=40)
    )
    make_meeting(
        slug="secret",
        title={"en": "Secret draft"},
        status="draft",
        starts_at=now + timedelta(days=5),
    )
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert page.index("Soon meeting") < page.index("Past meeting")
    assert page.index("Full meeting") < page.index("Past meeting")
    assert "Registration open · closes on" in page
    assert "Full: waiting list" in page
    assert "Secret draft" not in page


def test_meetings_index_filters_and_pagination(client, db):
    idm, grcp = (
        make_series(slug="idm", acronym="IDM"),
        make_series(slug="grcp", acronym="GRCP"),
    )
    for n in range(15):
        make_meeting(
            slug=f"idm-{n}",
            title={"en": f"IDM number {n}"},
            series=idm,
            starts_at=datetime(2019 + n % 3, 3, 1, 9, tzinfo=UTC),
        )
    make_meeting(
        slug="grcp-9",
        title={"en": "GRCP nine"},
        series=grcp,
        format="virtual",
        starts_at=datetime(2021, 5, 1, 9, tzinfo=UTC),
    )
    make_meeting(
        slug="idm-draft", title={"en": "IDM draft"}, series=idm, status="draft"
    )
    db.session.commit()
    first = client.get("/meetings/").get_data(as_text=True)
    assert (
        "16 meetings" in first and "Page 1 of 2" in first and "IDM draft" not in first
    )
    second = client.get("/meetings/?page=2").get_data(as_text=True)
    assert "Page 2 of 2" in second
    only_grcp = client.get("/meetings/?series=grcp").get_data(as_text=True)
    assert "GRCP nine" in only_grcp and "IDM number" not in only_grcp
    year = client.get("/meetings/?series=idm&year=2020").get_data(as_text=True)
    assert (
        "5 meetings" in year and "IDM number 1<" in year and "IDM number 0<" not in year
    )
    virtual = client.get("/meetings/?format=virtual").get_data(as_text=True)
    assert "1 meeting" in virtual and "GRCP nine" in virtual
    for junk in ("?year=abc", "?format=<b>", "?page=999", "?series=nope"):
        assert client.get("/meetings/" + junk).status_code == 200
    assert client.get("/meetings/?page=x").status_code == 404  # not a page number
    filtered_page = client.get("/meetings/?series=idm&page=1").get_data(as_text=True)
    assert "series=idm" in filtered_page and "page=2" in filtered_page


def test_detail_shows_public_facts_never_the_online_link(client, db):
    make_meeting(
        slug="hybrid",
        title={"en": "Hybrid meeting"},
        format="hybrid",
        description={"en": "First paragraph.\n\nSecond paragraph."},
        practical_info={"en": "Badges at the Pregny gate."},
        online_url="https://secret.example.org/join?pwd=xyz",
        online_access_note={"en": "Webcast on UN Web TV."},
        venue="Palais des Nations",
    )
    db.session.commit()
    page = client.get("/meetings/hybrid/").get_data(as_text=True)
    assert "<p>Second paragraph.</p>" in page and "Badges at the Pregny gate." in page
    assert "Webcast on UN Web TV." in page and "Palais des Nations" in page
    assert "secret.example.org" not in page
    assert "/meetings/hybrid/agenda" in page
    assert "Europe/Zurich" in page


def test_drafts_are_404_for_the_public_and_visible_to_managers(client, db):
    meeting = make_meeting(slug="draft-one", status="draft")
    db.session.commit()
    assert client.get("/meetings/draft-one/").status_code == 404
    assert client.get("/meetings/draft-one/agenda").status_code == 404
    assert client.get("/meetings/nope/").status_code == 404
    login_manager(client, meeting)
    assert client.get("/meetings/draft-one/").status_code == 200


def test_cancelled_meeting_shows_its_reason(client, db):
    make_meeting(
        slug="off", status="cancelled", cancel_reason="The host country withdrew."
    )
    db.session.commit()
    page = client.get("/meetings/off/").get_data(as_text=True)
    assert "This meeting is cancelled." in page and "The host country withdrew." in page


def test_series_page_lists_past_and_upcoming(client, db):
    series = make_series(
        slug="csc", acronym="CSC", name={"en": "Civil society consultations"}
    )
    make_meeting(
        series=series,
        title={"en": "Old one"},
        starts_at=datetime(2019, 1, 1, tzinfo=UTC),
    )
    make_meeting(
        series=series,
        title={"en": "New one"},
        starts_at=datetime(2099, 1, 1, tzinfo=UTC),
    )
    db.session.commit()
    page = client.get("/series/csc/").get_data(as_text=True)
    assert "Civil society consultations" in page
    assert page.index("New one") < page.index("Old one")
    assert client.get("/series/none/").status_code == 404


def test_detail_lists_published_outcomes_also_those_covering_it(client, db):
    from eventsys.outcomes.models import DocumentVersion
    from eventsys.outcomes.models import OutcomeDocument

    new_york = make_meeting(slug="idm-ny")
    geneva = make_meeting(slug="idm-ge")
    book = OutcomeDocument(
        meeting=geneva,
        slug="red-book",
        title={"en": "IDM 2019 Red Book"},
        kind="red_book",
        language="en",
        status="published",
    )
    book.versions.append(
        DocumentVersion(
            number=1, title="IDM 2019 Red Book", content=[], content_hash="x"
        )
    )
    book.also_covers.append(new_york)
    db.session.add_all(
        [
            book,
            OutcomeDocument(
                meeting=geneva,
                slug="draft",
                title={"en": "Draft doc"},
                kind="chair_summary",
                language="en",
                status="draft",
            ),
        ]
    )
    db.session.commit()
    for slug in ("idm-ny", "idm-ge"):
        page = client.get(f"/meetings/{slug}/").get_data(as_text=True)
        assert "IDM 2019 Red Book" in page and "Draft doc" not in page
        assert "/meetings/idm-ge/outcomes/red-book" in page
