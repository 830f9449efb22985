from datetime import timedelta

from tests.factories import PASSWORD
from tests.factories import make_category
from tests.factories import make_person
from tests.factories import make_registration
from tests.factories import make_room
from tests.factories import make_session
from tests.factories import make_user
from tests.pdf.conftest import pdf_pages
from tests.pdf.conftest import pdfinfo


def people(meeting):
    category = make_category(meeting, name={"en": "Member States"})
    make_registration(
        meeting,
        category=category,
        status="confirmed",
        given_name="Ana",
        family_name="Listed",
        represents="Mexico",
        consent_to_list=True,
    )
    make_registration(
        meeting,
        category=category,
        status="confirmed",
        given_name="Ben",
        family_name="Private",
        represents="Norway",
        consent_to_list=False,
    )
    make_registration(
        meeting,
        category=category,
        status="pending",
        given_name="Cy",
        family_name="Pending",
        represents="Peru",
        consent_to_list=True,
    )


def test_agenda_pdf_by_day_in_the_meeting_zone(client, db, published):
    meeting, *_ = published
    room = make_room(meeting, name="Room XVII")
    first = make_session(
        meeting, title={"en": "Opening"}, room=room
    )  # 07:00 UTC = 09:00 in Zurich (summer)
    make_person(first, name="Amy Chair", affiliation="IOM", role="chair")
    make_session(
        meeting,
        title={"en": "Day two panel"},
        starts_at=meeting.starts_at + timedelta(days=1),
    )
    meeting.online_url = "https://secret.example/join"
    db.session.commit()
    pdf = client.get(f"/meetings/{meeting.slug}/agenda.pdf").data
    text = "\n".join(pdf_pages(pdf))
    for expected in (
        "Opening",
        "Room XVII",
        "Amy Chair (IOM)",
        "Chair:",
        "9:00",
        "Europe/Zurich",
        "Day two panel",
        "Tuesday 1 June 2027",
        "Wednesday 2 June 2027",
    ):
        assert expected in text, expected
    assert "secret.example" not in text
    assert "Tagged:          yes" in pdfinfo(pdf)


def test_participant_pdfs_public_and_for_managers(client, db, auth, published):
    meeting, _document, _version, manager = published
    people(meeting)
    db.session.commit()
    assert client.get(f"/meetings/{meeting.slug}/participants.pdf").status_code == 404
    meeting.public_participant_list = True
    db.session.commit()
    public = "\n".join(
        pdf_pages(client.get(f"/meetings/{meeting.slug}/participants.pdf").data)
    )
    assert "Ana LISTED" in public and "Mexico" in public
    assert "PRIVATE" not in public and "PENDING" not in public and "@" not in public

    url = f"/manage/meetings/{meeting.slug}/participants.pdf"
    assert client.get(url).status_code == 302  # login first
    outsider = make_user()
    db.session.commit()
    auth.login(outsider.email, PASSWORD)
    assert client.get(url).status_code == 403
    auth.logout()
    auth.login(manager.email, PASSWORD)
    response = client.get(url)
    full = "\n".join(pdf_pages(response.data))
    assert "Ana LISTED" in full and "Ben PRIVATE" in full and "PENDING" not in full
    assert "private" in response.headers["Cache-Control"]


def test_proceedings_pdf_has_agenda_summaries_documents_and_consenting_people(
    client, db, published
):
    meeting, document, _version, _ = published
    meeting.public_participant_list = True
    people(meeting)
    db.session.commit()
    pages = pdf_pages(client.get(f"/meetings/{meeting.slug}/proceedings.pdf").data)
    text = "\n".join(pages)
    assert "PROCEEDINGS" in pages[0]  # upper case by CSS
    for expected in (
        "Agenda",
        "Opening session",
        "Session summaries",
        "Opening session summary",
        "Youth Red Book",
        "Youth advisory boards",
        "Recommendations to States",
        "List of participants",
        "Ana LISTED",
    ):
        assert expected in text, expected
    assert "PRIVATE" not in text


def test_draft_meetings_have_no_public_pdfs(client, db, published):
    meeting, document, *_ = published
    meeting.status = "draft"
    db.session.commit()
    for path in (
        "agenda.pdf",
        "proceedings.pdf",
        f"outcomes/{document.slug}.pdf",
        f"outcomes/{document.slug}/v1.pdf",
    ):
        assert client.get(f"/meetings/{meeting.slug}/{path}").status_code == 404


def test_pdf_build_prerenders_then_serves_from_cache(runner, db, published):
    meeting, *_ = published
    result = runner.invoke(args=["pdf", "build", meeting.slug])
    assert result.exit_code == 0, result.output
    assert (
        result.output.count("rendered") == 5
    )  # agenda, proceedings, 2 participant lists, v1
    again = runner.invoke(args=["pdf", "build", meeting.slug])
    assert again.output.count("cached") == 5 and "rendered" not in again.output
    assert runner.invoke(args=["pdf", "build", "nope"]).exit_code != 0
