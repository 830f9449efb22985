"""The secretariat's list of delegations as PDF: order, names, languages, permissions."""

import pytest
import sqlalchemy as sa

from eventsys.audit.models import AuditEvent
from eventsys.extensions import db
from eventsys.pdf import documents
from tests.factories import PASSWORD
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_registration
from tests.factories import make_role
from tests.factories import make_user
from tests.pdf.conftest import pdf_pages
from tests.pdf.conftest import pdfinfo


def make_delegation(meeting, represents, country="", **overrides):
    from eventsys.registration.models import Delegation

    values = {
        "meeting": meeting,
        "represents": represents,
        "country": country,
        "status": "nominated",
        "focal_point_email": f"mission.{represents[:5].lower()}@example.org",
        "focal_point_name": f"Mission {represents}",
        "note_reference": f"NV/{represents[:3]}/1",
    }
    values.update(overrides)
    delegation = Delegation(**values)
    db.session.add(delegation)
    return delegation


def member(
    meeting,
    delegation,
    category,
    given,
    family,
    function,
    status="confirmed",
    **overrides,
):
    return make_registration(
        meeting,
        delegation=delegation,
        category=category,
        given_name=given,
        family_name=family,
        function=function,
        status=status,
        represents=delegation.represents,
        email=delegation.focal_point_email,
        **overrides,
    )


@pytest.fixture
def meeting(db):
    meeting = make_meeting(
        slug="grcp-x",
        languages=["en", "fr"],
        title={"en": "GRCP X", "fr": "GRCP X (fr)"},
    )
    states = make_category(
        meeting,
        key="member_state",
        name={"en": "Member States", "fr": "États membres"},
        position=0,
    )
    igos = make_category(
        meeting, key="igo", name={"en": "IGOs", "fr": "OIG"}, position=1
    )
    germany = make_delegation(meeting, "Germany", "DE", status="accredited")
    member(meeting, germany, states, "Zoe", "Zimmer", "member", title="Ms.")
    member(meeting, germany, states, "Anna", "Adler", "member", title="Ms.")
    member(meeting, germany, states, "Karl", "Kraus", "adviser", title="Mr.")
    member(
        meeting,
        germany,
        states,
        "Helga",
        "Vogt",
        "head_of_delegation",
        title="H.E. Ms.",
    )
    member(
        meeting,
        germany,
        states,
        "Otto",
        "Brandt",
        "alternate",
        title="Mr.",
        status="pending",
    )
    member(meeting, germany, states, "Willi", "Withdrawn", "member", status="cancelled")
    chad = make_delegation(meeting, "Chad", "TD")
    member(
        meeting, chad, states, "Idriss", "Mahamat", "head_of_delegation", title="Mr."
    )
    make_delegation(meeting, "Ecuador", "EC")
    ilo = make_delegation(meeting, "International Labour Organization")
    member(
        meeting,
        ilo,
        igos,
        "Siobhan",
        "O'Rourke",
        "head_of_delegation",
        title="Dr.",
        position="Director",
    )
    db.session.commit()
    return meeting


def test_delegations_in_list_order_of_each_language(meeting):
    english = documents.delegations_pdf(meeting, "en").data["delegations"]
    assert [d["name"] for d in english] == [
        "Chad",
        "Ecuador",
        "Germany",
        "International Labour Organization",
    ]
    french = documents.delegations_pdf(meeting, "fr").data["delegations"]
    # UN short names in French, "Équateur" sorted among the Es
    assert [d["name"] for d in french] == [
        "Allemagne",
        "Équateur",
        "International Labour Organization",
        "Tchad",
    ]
    germany = english[2]
    assert [m["name"] for m in germany["members"]] == [
        "H.E. Ms. Helga VOGT",
        "Mr. Otto BRANDT",
        "Mr. Karl KRAUS",
        "Ms. Anna ADLER",
        "Ms. Zoe ZIMMER",
    ]
    assert [m["function"] for m in germany["members"]][:3] == [
        "head_of_delegation",
        "alternate",
        "adviser",
    ]
    assert english[1]["members"] == []


def test_a_custom_name_is_kept_as_written(meeting):
    make_delegation(
        meeting,
        "Mission of Chad to the UN",
        "TD",
        focal_point_email="other@example.org",
    )
    db.session.commit()
    names = [
        d["name"] for d in documents.delegations_pdf(meeting, "fr").data["delegations"]
    ]
    assert "Mission of Chad to the UN" in names and names.count("Tchad") == 1


def test_manager_downloads_the_pdf_linked_from_the_delegations_page(
    client, auth, meeting
):
    manager = make_user()
    make_role(manager, meeting)
    db.session.commit()
    auth.login(manager.email, PASSWORD)
    page = client.get("/manage/meetings/grcp-x/delegations").get_data(as_text=True)
    assert "/manage/meetings/grcp-x/delegations.pdf" in page

    response = client.get("/manage/meetings/grcp-x/delegations.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "private" in response.headers["Cache-Control"]
    assert "grcp-x-delegations.pdf" in response.headers["Content-Disposition"]
    text = "\n".join(pdf_pages(response.data))
    positions = [
        text.index(name)
        for name in ("Chad", "Ecuador", "Germany", "International Labour Organization")
    ]
    assert positions == sorted(positions)
    assert (
        text.index("H.E. Ms. Helga VOGT")
        < text.index("Mr. Otto BRANDT")
        < text.index("Ms. Zoe ZIMMER")
    )
    for expected in (
        "List of delegations",
        "Head of delegation",
        "Pending",
        "NV/Ger/1",
        "Mission Germany",
        "Director",
        "IGOs",
        "No members yet.",
    ):
        assert expected in text, expected
    assert "WITHDRAWN" not in text
    assert "Tagged:          yes" in pdfinfo(response.data)
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "delegation.export")
    )
    assert event is not None and event.actor_id == manager.id

    french = "\n".join(
        pdf_pages(client.get("/manage/meetings/grcp-x/delegations.pdf?lang=fr").data)
    )
    assert (
        "Allemagne" in french
        and "Chef de délégation" in french
        and "États membres" in french
    )
    assert french.index("Allemagne") < french.index("Équateur") < french.index("Tchad")


def test_only_managers_get_the_pdf(client, auth, meeting):
    url = "/manage/meetings/grcp-x/delegations.pdf"
    assert client.get(url).status_code == 302  # login first
    outsider, rapporteur = make_user(), make_user()
    make_role(rapporteur, meeting, "rapporteur")
    db.session.commit()
    for user in (outsider, rapporteur):
        auth.login(user.email, PASSWORD)
        assert client.get(url).status_code == 403
        auth.logout()
    admin = make_user(is_admin=True)
    db.session.commit()
    auth.login(admin.email, PASSWORD)
    assert (
        client.get("/manage/meetings/no-such-meeting/delegations.pdf").status_code
        == 404
    )
