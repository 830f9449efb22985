"""The list of speakers: protocol order, the secretariat's moves, the public list, the floor."""

import random
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventsys.agenda import speakers
from eventsys.agenda.models import SpeakerRequest
from eventsys.directory import service as directory
from eventsys.directory.models import Membership
from eventsys.directory.models import Organisation
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.extensions import db
from eventsys.models import utcnow
from eventsys.registration.models import Delegation
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_registration
from tests.factories import make_session
from tests.factories import make_user
from tests.meetings.helpers import login_manager

# (represents, category key, level, group, minutes after the first request).
# The category keys only matter for requests the directory cannot place.
SPEAKERS = [
    ("Chile", "member_state", "minister", "", 1),
    ("Kenya", "member_state", "head_of_state_or_government", "", 9),
    ("Nepal", "member_state", "minister", "", 0),
    ("Morocco", "member_state", "other", "African Group", 7),
    ("Holy See", "observer_state", "head_of_delegation", "", 2),
    ("UNHCR", "igo", "other", "", 3),
    ("Caritas", "civil_society", "other", "", 4),
    ("Peru", "member_state", "vice_minister", "", 5),
]
PROTOCOL = [
    "Morocco",
    "Kenya",
    "Nepal",
    "Chile",
    "Peru",
    "Holy See",
    "UNHCR",
    "Caritas",
]


# The directory: States by ISO code with their Membership of the meeting's
# series (None: no membership at all), and the other organisations by kind.
STATES = {"Chile": ("CL", "member"), "Kenya": ("KE", "member"),
          "Nepal": ("NP", "member"), "Morocco": ("MA", "member"),
          "Peru": ("PE", "member"), "Holy See": ("VA", "observer")}  # fmt: skip
OTHERS = {"UNHCR": "un_entity", "Caritas": "ngo"}
# Linked by represents_id; the others are found by their name in the directory.
LINKED = {"Chile", "Kenya", "Holy See", "UNHCR", "Caritas"}


def _directory(meeting) -> dict:
    organisations = {}
    for name, (code, status) in STATES.items():
        state = directory.ensure_state(code)
        if status:
            db.session.add(Membership(organisation=state, series=meeting.series,
                                      status=status))  # fmt: skip
        organisations[name] = state
    for name, kind in OTHERS.items():
        organisations[name] = Organisation(kind=kind, name={"en": name})
        db.session.add(organisations[name])
    db.session.flush()
    return organisations


@pytest.fixture
def plenary(db):
    meeting = make_meeting(slug="idm")
    session = make_session(meeting, has_speakers_list=True, speaking_time=180,
                           title={"en": "General debate"})  # fmt: skip
    organisations = _directory(meeting)
    categories = {}
    people = {}
    for name, key, *_ in SPEAKERS:
        if key not in categories:
            categories[key] = make_category(meeting, key=key)
        linked = organisations[name].id if name in LINKED else None
        people[name] = make_registration(
            meeting, category=categories[key], status="confirmed",
            represents=name, represents_id=linked, consent_to_list=name != "Chile",
            given_name=f"Speaker of {name}",
        )  # fmt: skip
    db.session.commit()
    return meeting, session, people


def _inscribe_shuffled(session, people, seed):
    first = utcnow()
    rows = list(SPEAKERS)
    random.Random(seed).shuffle(rows)
    for name, _key, level, group, minutes in rows:
        speakers.request_floor(
            session, people[name], now=first + timedelta(minutes=minutes),
            data={"level": level, "on_behalf_of_group": group},
        )  # fmt: skip


def _order(session) -> list[str]:
    return [r.speaking_for for r in speakers.list_of(session)]


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_protocol_order_from_shuffled_requests(plenary, seed):
    meeting, session, people = plenary
    _inscribe_shuffled(session, people, seed)
    assert _order(session) == PROTOCOL
    blocks = [r.block for r in speakers.list_of(session)]
    assert blocks == sorted(blocks) and blocks[0] == speakers.GROUP


def _set_membership(meeting, name, status):
    state = directory.ensure_state(STATES[name][0])
    held = db.session.scalar(sa.select(Membership).where(
        Membership.organisation_id == state.id, Membership.series_id == meeting.series_id))  # fmt: skip
    if status is None:
        db.session.delete(held)
    else:
        held.status = status
    db.session.flush()


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_membership_decides_members_and_observer_states(plenary, seed):
    """Every State is in the "member_state" category, yet the directory's
    Membership decides: Peru observes the series, Kenya holds no membership."""
    meeting, session, people = plenary
    _set_membership(meeting, "Peru", "observer")
    _set_membership(meeting, "Kenya", None)
    member_category = people["Chile"].category
    for name in STATES:
        people[name].category = member_category
    # The organisation's kind, not the category, puts UNHCR before civil society.
    people["UNHCR"].category = people["Caritas"].category
    _inscribe_shuffled(session, people, seed)
    assert _order(session) == ["Morocco", "Nepal", "Chile", "Holy See", "Peru",
                               "Kenya", "UNHCR", "Caritas"]  # fmt: skip
    blocks = {r.speaking_for: r.block for r in speakers.list_of(session)}
    assert blocks["Peru"] == blocks["Kenya"] == speakers.OBSERVER_STATE
    assert blocks["Nepal"] == speakers.MEMBER  # unlinked: found by its name
    assert blocks["UNHCR"] == speakers.UN_AND_IGO


def test_speaking_for_links_the_organisation_of_the_delegation(plenary):
    meeting, session, people = plenary
    peru = directory.ensure_state("PE")
    delegation = Delegation(meeting=meeting, represents="Peru", represents_id=peru.id,
                            focal_point_email="fp@peru.example")  # fmt: skip
    people[
        "Caritas"
    ].delegation = delegation  # a civil society adviser on Peru's delegation
    db.session.flush()
    request = speakers.request_floor(session, people["Caritas"], data={}, now=utcnow())
    assert (request.speaking_for, request.speaking_for_id) == ("Peru", peru.id)
    assert request.block == speakers.MEMBER
    unlinked = speakers.request_floor(session, people["Nepal"], data={}, now=utcnow())
    assert unlinked.speaking_for_id is None and unlinked.block == speakers.MEMBER


def test_one_request_per_delegation_unless_allowed(plenary):
    meeting, session, people = plenary
    delegation = Delegation(meeting=meeting, represents="Chile",
                            focal_point_email="fp@chile.example")  # fmt: skip
    for name in ("Chile", "Peru"):
        people[name].delegation = delegation
    db.session.flush()
    speakers.request_floor(session, people["Chile"], data={}, now=utcnow())
    with pytest.raises(Conflict, match="delegation is already"):
        speakers.request_floor(session, people["Peru"], data={}, now=utcnow())
    with pytest.raises(Conflict, match="already on the list"):
        speakers.request_floor(session, people["Chile"], data={}, now=utcnow())
    session.speakers_per_delegation = 2
    speakers.request_floor(session, people["Peru"], data={}, now=utcnow())
    with pytest.raises(InvalidInput):
        speakers.request_floor(session, people["Nepal"], data={"level": "king"},
                               now=utcnow())  # fmt: skip


def test_absent_moves_to_end_of_block_and_spoken_leaves_the_queue(plenary):
    meeting, session, people = plenary
    _inscribe_shuffled(session, people, 7)
    admin = make_user(is_admin=True)
    kenya = speakers.list_of(session)[1]
    speakers.act(kenya, "call", actor=admin)
    speakers.act(kenya, "absent", actor=admin)
    assert _order(session) == ["Morocco", "Nepal", "Chile", "Peru", "Kenya",
                               "Holy See", "UNHCR", "Caritas"]  # fmt: skip
    morocco = speakers.list_of(session)[0]
    speakers.act(morocco, "spoken", actor=admin)
    assert morocco.status == "spoken"
    assert speakers.on_spoken(morocco) == 0  # no statement of theirs to release
    caritas = speakers.list_of(session)[-1]
    speakers.act(caritas, "up", actor=admin)
    assert _order(session)[-2:] == ["Caritas", "UNHCR"]
    with pytest.raises(Conflict):
        speakers.act(morocco, "call", actor=admin)
    with pytest.raises(Conflict):
        speakers.act(speakers.list_of(session)[-1], "down", actor=admin)


def test_published_list_matches_the_secretariats_order(client, plenary):
    meeting, session, people = plenary
    _inscribe_shuffled(session, people, 5)
    db.session.commit()
    login_manager(client, meeting)
    holy_see = next(
        r for r in speakers.list_of(session) if r.speaking_for == "Holy See"
    )
    url = f"/manage/meetings/idm/agenda/{session.id}/speakers/{holy_see.id}/up"
    assert client.post(url).status_code == 303
    public = f"/meetings/idm/agenda/{session.id}/speakers"
    unpublished = client.get(public).text
    assert "not been published" in unpublished and "Morocco" not in unpublished
    publish = f"/manage/meetings/idm/agenda/{session.id}/speakers/publish"
    assert client.post(publish).status_code == 303
    expected = ["Morocco", "Kenya", "Nepal", "Chile", "Holy See", "Peru", "UNHCR",
                "Caritas"]  # fmt: skip
    db.session.expire_all()
    assert _order(session) == expected
    page = client.get(public).text
    positions = [page.index(name) for name in expected]
    assert positions == sorted(positions)
    assert "Speaker of Kenya" in page and "Speaker of Chile" not in page  # consent
    assert "Head of State or Government" in page and "3 minutes" in page
    assert "African Group" in page


def test_floor_page_calls_and_marks_spoken(client, plenary):
    meeting, session, people = plenary
    _inscribe_shuffled(session, people, 3)
    db.session.commit()
    login_manager(client, meeting)
    floor = f"/manage/meetings/idm/agenda/{session.id}/speakers/floor"
    page = client.get(floor).text
    assert "Morocco" in page and "Call" in page
    first = speakers.list_of(session)[0]
    base = f"/manage/meetings/idm/agenda/{session.id}/speakers/{first.id}"
    response = client.post(f"{base}/call", data={"back": "floor"})
    assert response.headers["Location"].endswith("/speakers/floor")
    assert "Has the floor" in client.get(floor).text
    client.post(f"{base}/spoken", data={"back": "floor"})
    db.session.expire_all()
    assert db.session.get(SpeakerRequest, first.id).status == "spoken"
    assert client.post(f"{base}/spoken").status_code == 303  # refused, flashed


def test_participant_requests_and_withdraws_from_their_page(client, plenary):
    meeting, session, people = plenary
    token = people["Nepal"].plain_token
    page = client.get(f"/registrations/{token}/sessions").text
    assert "Request the floor" in page and "General debate" in page
    url = f"/registrations/{token}/sessions/{session.id}/speak"
    response = client.post(url, data={"level": "minister", "on_behalf_of_group": ""})
    assert response.status_code == 303
    request = db.session.scalar(sa.select(SpeakerRequest))
    assert (request.speaking_for, request.level, request.block) == (
        "Nepal",
        "minister",
        speakers.MEMBER,
    )
    client.post(f"{url}/withdraw")
    db.session.expire_all()
    assert db.session.get(SpeakerRequest, request.id).status == "withdrawn"
    bad = client.post(url, data={"level": "emperor"})
    assert bad.status_code == 303
    count = db.session.scalar(sa.select(sa.func.count(SpeakerRequest.id)))
    assert count == 1


def test_no_list_no_page(client, plenary):
    meeting, _session, _people = plenary
    other = make_session(meeting)
    db.session.commit()
    assert client.get(f"/meetings/idm/agenda/{other.id}/speakers").status_code == 404


def test_focal_point_inscribes_a_member(client, plenary):
    from eventsys.registration import delegations

    meeting, session, people = plenary
    admin = make_user(is_admin=True)
    delegation, token = delegations.invite_delegation(
        meeting, data={"represents": "Ruritania", "focal_point_email": "fp@ru.example"},
        actor=admin, now=utcnow(),
    )  # fmt: skip
    member = make_registration(meeting, category=people["Nepal"].category,
                               delegation=delegation, function="head_of_delegation",
                               status="confirmed")  # fmt: skip
    db.session.commit()
    page = client.get(f"/delegations/{token}/speakers")
    assert page.status_code == 200 and member.display_name in page.text
    data = {"session_id": str(session.id), "member": delegations.member_ref(member),
            "level": "head_of_delegation", "on_behalf_of_group": ""}  # fmt: skip
    assert client.post(f"/delegations/{token}/speakers", data=data).status_code == 303
    request = db.session.scalar(sa.select(SpeakerRequest))
    assert request.registration_id == member.id and request.speaking_for == "Ruritania"
    again = client.post(f"/delegations/{token}/speakers", data=data)
    assert again.status_code == 409 and "already on the list" in again.text
    wrong = client.post(f"/delegations/{token}/speakers", data={**data, "member": "x"})
    assert wrong.status_code == 422


def _actions(meeting) -> list[str]:
    from eventsys.audit.models import AuditEvent

    return list(db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.meeting_id == meeting.id)
        .where(AuditEvent.action.like("speaker.%")).order_by(AuditEvent.id)))  # fmt: skip


def test_every_move_on_the_list_is_audited_in_words(client, plenary):
    meeting, session, people = plenary
    admin = make_user(is_admin=True)
    nepal = speakers.request_floor(session, people["Nepal"], data={}, now=utcnow())
    kenya = speakers.request_floor(session, people["Kenya"], data={}, now=utcnow())
    speakers.withdraw(kenya)
    chile = speakers.request_floor(session, people["Chile"], data={}, now=utcnow())
    speakers.act(chile, "up", actor=admin)
    speakers.act(chile, "call", actor=admin)
    speakers.act(chile, "absent", actor=admin)
    speakers.act(nepal, "call", actor=admin)
    speakers.act(nepal, "spoken", actor=admin)
    speakers.publish(session, published=True, actor=admin, now=utcnow())
    assert _actions(meeting) == [
        "speaker.request", "speaker.request", "speaker.withdraw", "speaker.request",
        "speaker.move", "speaker.call", "speaker.absent", "speaker.call",
        "speaker.spoken", "speaker.publish",
    ]  # fmt: skip
    db.session.commit()
    login_manager(client, meeting)
    history = client.get("/manage/meetings/idm/history").text
    assert (
        f"{people['Nepal'].display_name} has spoken in “General debate” for Nepal"
        in history
    )
    assert (
        f"{people['Kenya'].display_name} withdrawn from the list of speakers" in history
    )
    assert "moved up the list of speakers of “General debate”, now number 1" in history
    assert "List of speakers of “General debate” published" in history
    assert "The participant" in history  # requests made from the personal page


def test_publishing_needs_a_manager_and_a_list(plenary):
    from eventsys.errors import PermissionDenied

    meeting, session, _people = plenary
    with pytest.raises(PermissionDenied):
        speakers.publish(session, published=True, actor=make_user(), now=utcnow())
    plain = make_session(meeting)
    with pytest.raises(Conflict):
        speakers.publish(plain, published=True, actor=make_user(is_admin=True),
                         now=utcnow())  # fmt: skip
    assert speakers.published_list(session) == []
