"""Attendance away from the door: recorded by hand by a manager, imported from
the online platform's report (preview, then exactly the matched rows stored
with source `import`), exported; certificates for online participants."""

import io
import re
from datetime import date

import sqlalchemy as sa
from openpyxl import Workbook
from openpyxl import load_workbook

from eventsys.audit.models import AuditEvent
from eventsys.extensions import db
from eventsys.onsite.models import Checkin
from tests.factories import PASSWORD
from tests.onsite import helpers

DAY1, DAY2 = date(2027, 6, 1), date(2027, 6, 2)


def _world(client):
    world = helpers.door_world(people=4)
    client.post("/login", data={"email": world["manager"].email, "password": PASSWORD})
    return world


def _checkins():
    return {
        (c.registration_id, c.day, c.source)
        for c in db.session.scalars(sa.select(Checkin))
    }


def _report(world, *, extra=""):
    a, b, c, _d = world["registrations"]
    cancelled = world["cancelled"]
    # A Zoom-like report: every join is a row; US dates; a header the platform chose.
    return (
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\r\n"
        f"A,{a.email.upper()},06/01/2027 09:01:22 AM,06/01/2027 12:00:00 PM,179\r\n"
        f"A again,{a.email},06/01/2027 02:00:00 PM,06/01/2027 05:00:00 PM,180\r\n"
        f"B,{b.email},2027-06-02 09:00,2027-06-02 10:00,60\r\n"
        f"C,{c.email},06/02/2027 09:00:00 AM,,\r\n"
        "Stranger,stranger@example.org,06/01/2027 09:00:00 AM,,\r\n"
        f"Cancelled,{cancelled.email},06/01/2027 09:00:00 AM,,\r\n"
        "No email,,06/01/2027 09:00:00 AM,,\r\n"
        f"Bad date,{b.email},someday,,\r\n"
        f"Too late,{b.email},06/09/2027 09:00:00 AM,,\r\n" + extra
    ).encode()


def _preview(client, body, filename="report.csv", day=""):
    return client.post(
        "/manage/meetings/door/attendance/import",
        data={"file": (io.BytesIO(body), filename), "day": day},
        content_type="multipart/form-data",
    )


def _count(page: str, name: str) -> int:
    return int(re.search(rf'data-count="{name}">(\d+)<', page).group(1))


def test_the_preview_sorts_rows_and_confirming_stores_exactly_the_matched(client):
    world = _world(client)
    a, b, c, d = world["registrations"]
    # C was already scanned at the door on day 2: the import records it once.
    db.session.add(Checkin(registration_id=c.id, day=DAY2, source="scan"))
    db.session.commit()
    before = _checkins()

    response = _preview(client, _report(world))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _count(page, "matched") == 2  # A day 1 (twice in the file), B day 2
    assert _count(page, "already") == 1  # C day 2
    assert _count(page, "unmatched") == 2  # the stranger, the cancelled one
    assert _count(page, "invalid") == 3  # no email, bad date, after the meeting
    assert "stranger@example.org" in page
    assert _checkins() == before  # a preview stores nothing

    key = re.search(r"/attendance/import/([0-9a-f]{32})", page).group(1)
    confirmed = client.post(f"/manage/meetings/door/attendance/import/{key}")
    assert confirmed.status_code == 303
    assert _checkins() - before == {
        (a.id, DAY1, "import"),
        (b.id, DAY2, "import"),
    }
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "attendance.import")
    )
    assert event.after == {"recorded": 2, "unmatched": 2, "invalid": 3}
    # The stash is used up: confirming twice records nothing more.
    again = client.post(f"/manage/meetings/door/attendance/import/{key}")
    assert again.status_code == 404
    assert d.id not in {r for r, _d, _s in _checkins()}


def test_an_xlsx_report_without_dates_takes_the_chosen_day(client):
    world = _world(client)
    a, b, *_ = world["registrations"]
    book = Workbook()
    sheet = book.active
    sheet.append(["Full Name", "Email", "Role"])
    sheet.append(["A", a.email, "Attendee"])
    sheet.append(["B", b.email, "Attendee"])
    buffer = io.BytesIO()
    book.save(buffer)
    no_day = _preview(client, buffer.getvalue(), "teams.xlsx")
    assert _count(no_day.get_data(as_text=True), "invalid") == 2
    page = _preview(client, buffer.getvalue(), "teams.xlsx", day="2027-06-02")
    text = page.get_data(as_text=True)
    assert _count(text, "matched") == 2
    key = re.search(r"/attendance/import/([0-9a-f]{32})", text).group(1)
    client.post(f"/manage/meetings/door/attendance/import/{key}")
    assert _checkins() == {(a.id, DAY2, "import"), (b.id, DAY2, "import")}


def test_a_file_without_an_email_column_or_unreadable_is_refused(client):
    _world(client)
    for body, name in (
        (b"name,date\r\nA,2027-06-01\r\n", "r.csv"),
        (b"\x00\x01not a workbook", "r.xlsx"),
        (b"", "r.csv"),
    ):
        response = _preview(client, body, name)
        assert response.status_code == 422, name
        assert 'data-count="matched"' not in response.get_data(as_text=True)
    outside = _preview(client, b"email\r\nx@example.org\r\n", day="2027-07-01")
    assert outside.status_code == 422  # not a day offered by the form
    assert _checkins() == set()


def test_another_managers_key_or_a_made_up_one_confirms_nothing(client, app):
    world = _world(client)
    page = _preview(client, _report(world)).get_data(as_text=True)
    key = re.search(r"/attendance/import/([0-9a-f]{32})", page).group(1)
    assert (
        client.post("/manage/meetings/door/attendance/import/" + "0" * 32).status_code
        == 404
    )
    assert client.post("/manage/meetings/door/attendance/import/zz").status_code == 404
    client.post("/logout")
    from tests.factories import make_role
    from tests.factories import make_user

    other = make_user(email="other-manager@example.org")
    make_role(other, world["meeting"], "manager")
    db.session.commit()
    client.post("/login", data={"email": other.email, "password": PASSWORD})
    assert (
        client.post(f"/manage/meetings/door/attendance/import/{key}").status_code == 404
    )
    assert _checkins() == set()


def test_a_manager_records_attendance_by_hand_on_any_day(client):
    world = _world(client)
    a = world["registrations"][0]
    response = client.post(
        "/manage/meetings/door/attendance",
        data={"email": a.email.upper(), "day": "2027-06-02"},
    )
    assert response.status_code == 303
    assert _checkins() == {(a.id, DAY2, "manual")}
    unknown = client.post(
        "/manage/meetings/door/attendance",
        data={"email": world["cancelled"].email, "day": "2027-06-02"},
    )
    assert unknown.status_code == 422
    assert "No confirmed participant" in unknown.get_data(as_text=True)
    bad_day = client.post(
        "/manage/meetings/door/attendance", data={"email": a.email, "day": "2027-06-05"}
    )
    assert bad_day.status_code == 422
    assert _checkins() == {(a.id, DAY2, "manual")}


def test_attendance_is_exported_per_person_and_as_counts(client):
    world = _world(client)
    a, b, *_ = world["registrations"]
    db.session.add_all(
        [
            Checkin(registration_id=a.id, day=DAY1, source="scan"),
            Checkin(registration_id=b.id, day=DAY2, source="import"),
        ]
    )
    db.session.commit()
    people = client.get("/manage/meetings/door/attendance.csv")
    assert people.status_code == 200
    assert "no-store" in people.headers["Cache-Control"]
    text = people.get_data(as_text=True)
    assert a.email in text and b.email in text
    assert "2027-06-01" in text and "online" in text and "in person" in text
    counts = client.get("/manage/meetings/door/attendance.xlsx?table=counts")
    sheet = load_workbook(io.BytesIO(counts.data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Category", "2027-06-01", "2027-06-02"]
    assert rows[-2] == ["Total", "1", "1"]
    assert rows[-1] == ["of whom online", "0", "1"]  # B's attendance was imported
    assert client.get("/manage/meetings/door/attendance.pdf").status_code == 404
    assert client.get("/manage/meetings/door/attendance.csv?table=x").status_code == 404
    overview = client.get("/manage/meetings/door/").get_data(as_text=True)
    assert "/manage/meetings/door/attendance.xlsx" in overview
    assert "/manage/meetings/door/attendance" in overview
