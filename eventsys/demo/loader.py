"""Loading the demo data set (eventsys/demo/data/README.md), idempotently.

The content lives in data files under eventsys/demo/data/ (see its README.md);
this module only turns them into rows. Anything that already exists (by slug or
email) is left alone, so `demo load` can run any number of times.

Each kind of content is one entry of KINDS: a file pattern under data/ and a
function that loads one item of it and returns a line for the report (or
None). To add a kind (documents, organisations, ...), add its file and one
entry here with its function; files are read in the order of KINDS.
"""

import contextlib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from eventsys import crypto
from eventsys.agenda import notices
from eventsys.agenda import parity
from eventsys.agenda import public as agenda_public
from eventsys.agenda import releases as agenda_releases
from eventsys.agenda import service as agenda_service
from eventsys.agenda import side_events
from eventsys.agenda import signups
from eventsys.agenda import speakers
from eventsys.agenda.models import AgendaSession
from eventsys.agenda.models import SessionPerson
from eventsys.agenda.models import SideEventProposal
from eventsys.auth import roles
from eventsys.auth.models import User
from eventsys.auth.passwords import hash_password
from eventsys.auth.passwords import verify_password
from eventsys.comms import reminders
from eventsys.comms import service as comms
from eventsys.comms.models import Message
from eventsys.comms.models import ReminderSchedule
from eventsys.comms.queries import Audience
from eventsys.dates import local_to_utc
from eventsys.demo.directory import load_designation
from eventsys.demo.directory import load_memberships
from eventsys.demo.directory import load_organisation
from eventsys.demo.red_book import ensure_outcome_document
from eventsys.demo.red_book import parse_document
from eventsys.demo.scale import load_scale
from eventsys.demo.statements import load_statements
from eventsys.documents.storage import from_config
from eventsys.errors import InvalidInput
from eventsys.extensions import db
from eventsys.invitations import queries as invitation_queries
from eventsys.invitations import service as invitations
from eventsys.meetings import queries as meetings_queries
from eventsys.meetings.models import Meeting
from eventsys.meetings.models import MeetingRole
from eventsys.meetings.models import Room
from eventsys.meetings.models import Series
from eventsys.meetings.service import grant_meeting_role
from eventsys.models import utcnow
from eventsys.onsite import letters
from eventsys.onsite import visa
from eventsys.registration import countries
from eventsys.registration import questions
from eventsys.registration import seats
from eventsys.registration import settings
from eventsys.registration.models import Delegation
from eventsys.registration.models import ParticipantCategory
from eventsys.registration.models import Registration
from eventsys.registration.models import RegistrationQuestion

DATA = Path(__file__).parent / "data"


def read_items(pattern: str) -> list[dict]:
    """The items of the data files matching `pattern` under data/.

    A JSON file holds one item (an object) or a list of items; a Markdown file
    is one item: its front matter and its `=== kind: heading` sections.
    """
    items = []
    for path in sorted(DATA.glob(pattern)):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            meta, sections = parse_document(text)
            items.append({**meta, "sections": sections})
            continue
        content = json.loads(text)
        items.extend(content if isinstance(content, list) else [content])
    return items


def read_one(name: str) -> list[dict]:
    """The items of one data file, which must exist."""
    if not (DATA / name).is_file():
        raise FileNotFoundError(DATA / name)
    return read_items(name)


@dataclass(frozen=True)
class Kind:
    """One kind of demo content: where its files are and how one item loads."""

    pattern: str
    load: Callable[[dict], str | None]
    order: Callable[[dict], object] | None = None


def load_demo(scale: int = 0) -> list[str]:
    """Create what is missing of the demo set; return lines to report."""
    report = [ensure_admin()]
    for kind in KINDS:
        items = read_items(kind.pattern)
        if kind.order:
            items.sort(key=kind.order)
        report.extend(line for item in items if (line := kind.load(item)))
    if scale:
        report.append(load_scale(scale))
    return report


def database_is_empty() -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 0


def demo_admin() -> dict:
    """The users.json entry whose password `demo load` generates and prints."""
    return next(item for item in read_one("users.json") if item.get("demo_admin"))


def ensure_admin() -> str:
    item = demo_admin()
    path = Path(current_app.instance_path) / "demo-admin-password"
    password = path.read_text().strip() if path.exists() else secrets.token_urlsafe(12)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(password)
        path.chmod(0o600)
    _ensure_user(item)
    user = _user(item["email"])
    if not verify_password(user.password_hash, password):
        user.password_hash = hash_password(password)
    db.session.flush()
    return f"admin login: {item['email']} / password: {password}"


def _user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email))


def _ensure_user(item: dict) -> None:
    """An account of users.json; only the demo admin gets a password (printed)."""
    if _user(item["email"]) is None:
        db.session.add(
            User(
                email=item["email"],
                name=item["name"],
                is_admin=item.get("is_admin", False),
            )
        )
        db.session.flush()


def _ensure_series(item: dict) -> None:
    if db.session.scalar(sa.select(Series.id).where(Series.slug == item["slug"])):
        return
    db.session.add(
        Series(
            slug=item["slug"],
            acronym=item["acronym"],
            name=item["name"],
            kind=item["kind"],
            description=item.get("description", {}),
            default_categories=read_one("categories.json"),
        )
    )
    db.session.flush()


def _load_meeting(item: dict) -> str:
    series = db.session.scalar(sa.select(Series).where(Series.slug == item["series"]))
    meeting, created = _ensure_meeting(item, series)
    _complete_delegations(meeting, item.get("delegations", []))
    line = f"meeting {meeting.slug}: {'created' if created else 'already there'}"
    if created and item.get("asks_gender") and meeting.asks_gender:
        line += ", asks gender"
    elif created and item.get("asks_gender"):
        line += ", does not ask gender: the privacy notice in force does not say why"
    return line


def _ensure_meeting(item: dict, series: Series) -> tuple[Meeting, bool]:
    meeting = db.session.scalar(sa.select(Meeting).where(Meeting.slug == item["slug"]))
    if meeting is not None:
        return meeting, False
    zone = item["timezone"]
    meeting = Meeting(
        slug=item["slug"],
        series=series,
        title=item["title"],
        theme=item.get("theme") or {},
        description=item.get("description") or {},
        practical_info=item.get("practical_info") or {},
        starts_at=_at(item["starts"], zone),
        ends_at=_at(item["ends"], zone),
        timezone=zone,
        venue=item.get("venue", ""),
        city=item.get("city", ""),
        country=item.get("country", ""),
        format=item.get("format", "in_person"),
        online_url=item.get("online_url"),
        online_access_note=item.get("online_access_note") or {},
        contact_email=item.get("contact_email", ""),
        languages=item.get("languages", ["en"]),
        main_language=item.get("main_language", "en"),
        status=item.get("status", "published"),
        capacity=item.get("capacity"),
        in_person_capacity=item.get("in_person_capacity"),
        online_capacity=item.get("online_capacity"),
        registration_opens_at=_at(item.get("registration_opens"), zone),
        registration_closes_at=_at(item.get("registration_closes"), zone),
        requires_approval=item.get("requires_approval", False),
        public_participant_list=item.get("public_participant_list", False),
    )
    db.session.add(meeting)
    db.session.flush()
    if item.get("asks_gender"):
        _ask_gender(meeting)
    rooms = _add_rooms(meeting, item.get("rooms", []))
    _add_sessions(meeting, item.get("sessions", []), rooms)
    categories = _add_categories(meeting, item)
    _add_delegations(meeting, item.get("delegations", []), categories)
    _add_registrations(meeting, item.get("registrations", []), categories)
    seats.recount(meeting)
    _add_manager_roles(meeting)
    return meeting, True


def _ask_gender(meeting: Meeting) -> None:
    """The optional gender question, turned on as the meeting's settings page
    does; where the privacy notice in force does not say why it is asked, the
    meeting does not ask it and the genders of its data are not kept."""
    explains = parity.notice_explains_gender(current_app.config)
    with contextlib.suppress(InvalidInput):  # the service refused: not asked
        parity.set_asking(meeting, actor=_admin(), asks=True,
                          notice_explains=explains, now=utcnow())  # fmt: skip


def _at(text: str | None, zone: str) -> datetime | None:
    return local_to_utc(datetime.fromisoformat(text), zone) if text else None


def _add_rooms(meeting: Meeting, items: list[dict]) -> dict[str, Room]:
    rooms = {}
    for position, item in enumerate(items):
        room = Room(
            meeting=meeting,
            name=item["name"],
            capacity=item.get("capacity"),
            position=position,
        )
        db.session.add(room)
        rooms[room.name] = room
    db.session.flush()
    return rooms


# Optional settings of a session in the demo data (languages, sign-up, speakers).
SESSION_SETTINGS = (
    "floor_language",
    "interpretation",
    "takes_signups",
    "signup_capacity",
    "has_speakers_list",
    "speaking_time",
)


def _add_sessions(meeting: Meeting, items: list[dict], rooms: dict[str, Room]) -> None:
    for position, item in enumerate(items):
        session = AgendaSession(
            meeting=meeting,
            title=item["title"],
            kind=item.get("kind", "plenary"),
            starts_at=_at(item["starts"], meeting.timezone),
            ends_at=_at(item["ends"], meeting.timezone),
            room=rooms.get(item.get("room", "")),
            description=item.get("description") or {},
            position=position,
            **{k: item[k] for k in SESSION_SETTINGS if k in item},
        )
        for index, person in enumerate(item.get("people", [])):
            session.people.append(
                SessionPerson(
                    name=person["name"],
                    affiliation=person.get("affiliation", ""),
                    role=person["role"],
                    position=index,
                    gender=person.get("gender") if meeting.asks_gender else None,
                )
            )
        db.session.add(session)
    db.session.flush()


def _add_categories(meeting: Meeting, item: dict) -> dict[str, ParticipantCategory]:
    defaults = {c["key"]: c for c in read_one("categories.json")}
    order = item.get("category_order") or list(defaults)
    overrides = item.get("categories", {})
    categories = {}
    for position, key in enumerate(order):
        settings = {**defaults[key], **overrides.get(key, {})}
        category = ParticipantCategory(
            meeting=meeting,
            key=key,
            position=position,
            name=settings["name"],
            capacity=settings.get("capacity"),
            in_person_capacity=settings.get("in_person_capacity"),
            online_capacity=settings.get("online_capacity"),
            requires_approval=settings.get("requires_approval"),
            on_public_list=settings.get("on_public_list", True),
            delegation_size_limit=settings.get("delegation_size_limit"),
        )
        db.session.add(category)
        categories[key] = category
    db.session.flush()
    return categories


def _delegation_details(item: dict) -> dict:
    """Country code and focal point as the focal point's own form would give them."""
    country = item.get("country") or _state_code(item["represents"])
    name = item.get("focal_point_name")
    if not name and country:
        name = f"Permanent Mission of {countries.name(country, 'en')}"
    return {"country": country, "focal_point_name": name or ""}


def _state_code(represents: str) -> str:
    """The ISO code of a State given by its UN short name; empty for organisations."""
    return next(
        (code for code, name in countries.choices("en") if name == represents), ""
    )


def _complete_delegations(meeting: Meeting, items: list[dict]) -> None:
    """Fill what databases loaded before the details existed lack; never overwrite."""
    for item in items:
        delegation = db.session.scalar(
            sa.select(Delegation).where(
                Delegation.meeting_id == meeting.id,
                Delegation.represents == item["represents"],
            )
        )
        if delegation is None:
            continue
        for field, value in _delegation_details(item).items():
            if value and not getattr(delegation, field):
                setattr(delegation, field, value)
    db.session.flush()


def _add_delegations(meeting: Meeting, items: list[dict], categories: dict) -> None:
    for item in items:
        delegation = Delegation(
            meeting=meeting,
            represents=item["represents"],
            **_delegation_details(item),
            focal_point_email=item["focal_point_email"],
            status=item.get("status", "accredited"),
            note_reference=item.get("note_reference", ""),
            link_generation=1,
        )
        db.session.add(delegation)
        for member in item.get("members", []):
            status = "confirmed" if delegation.status == "accredited" else "pending"
            _add_registration(
                meeting,
                categories,
                {**member, "represents": item["represents"], "status": status},
                delegation,
            )
    db.session.flush()


def _add_registrations(meeting: Meeting, items: list[dict], categories: dict) -> None:
    for item in items:
        _add_registration(meeting, categories, item, None)
    db.session.flush()


def _add_registration(meeting, categories, item: dict, delegation) -> None:
    category = categories.get(item.get("category", "")) or next(
        iter(categories.values())
    )
    email = item.get("email") or (delegation.focal_point_email if delegation else "")
    db.session.add(
        Registration(
            meeting=meeting,
            category=category,
            delegation=delegation,
            email=email.lower(),
            title=item.get("title", ""),
            given_name=item["given_name"],
            family_name=item["family_name"],
            organisation=item.get("organisation")
            or (delegation.represents if delegation else ""),
            represents=item.get("represents", ""),
            nationality=item.get("nationality", ""),
            country=item.get("country")
            or (delegation.country if delegation else "")
            or item.get("nationality", ""),
            position=item.get("position", ""),
            function=item.get("function"),
            attendance=item.get("attendance", "in_person"),
            status=item.get("status", "confirmed"),
            consent_to_list=item.get("consent_to_list", True),
            consent_at=meeting.created_at,
            notice_version=current_app.config["EVENTSYS_PRIVACY_NOTICE_VERSION"],
            # Given where the meeting asks it (the form's rule, registration/rules.py).
            gender=item.get("gender") if meeting.asks_gender else None,
        )
    )


def _add_manager_roles(meeting: Meeting) -> None:
    """Users of users.json with `manages_every_meeting` (the demo admin) manage it."""
    for item in read_one("users.json"):
        if item.get("demo_admin") or item.get("manages_every_meeting"):
            user = _user(item["email"])
            db.session.add(MeetingRole(meeting=meeting, user=user, role="manager"))


def _load_outcome_document(item: dict) -> str:
    admin = _user(demo_admin()["email"])
    return ensure_outcome_document(item, actor=admin)


def _admin() -> User:
    return _user(demo_admin()["email"])


def _meeting(slug: str) -> Meeting:
    return db.session.scalar(meetings_queries.get_meeting_by_slug(slug))


def _load_team_member(item: dict) -> str | None:
    """An account without password and its role: series manager, door staff
    (role of one meeting, which ends a day after it) or a global role."""
    _ensure_user(item)
    user, admin, role = _user(item["email"]), _admin(), item["role"]
    if "series" in item:
        series = db.session.scalar(meetings_queries.get_series_by_slug(item["series"]))
        if any(r.series_id == series.id for r in user.series_roles):
            return None
        roles.grant_series_role(series, user, actor=admin)
        where = f"series {series.slug}"
    elif "meeting" in item:
        meeting = _meeting(item["meeting"])
        if any(r.meeting_id == meeting.id and r.role == role for r in user.roles):
            return None
        grant_meeting_role(meeting, user, role, actor=admin)
        where = f"meeting {meeting.slug}"
    else:
        if any(r.role == role for r in user.global_roles):
            return None
        roles.grant_global_role(user, role, actor=admin)
        where = "the whole site"
    return f"team: {user.email} is {role} of {where}"


def _demo_now(meeting: Meeting) -> datetime:
    """Now, or a week before registration closes once the demo's date has passed
    (the invitees answer while the window is open)."""
    now = utcnow()
    closes = meeting.registration_closes_at
    return min(now, closes - timedelta(days=7)) if closes else now


def _invitation_category(meeting: Meeting, item: dict, now) -> ParticipantCategory:
    names = item["name"]
    for category in invitations.categories_by_key(meeting).values():
        if category.name.get("en") == names["en"]:
            return category
    admin = _admin()
    category = settings.add_category(
        meeting,
        data={"name": names["en"], "on_public_list": item.get("on_public_list")},
        actor=admin,
        now=now,
    )
    category.name = dict(names)
    settings.update_category_settings(
        category, data={"access": item["access"]}, actor=admin, now=now
    )
    return category


def _load_invitations(item: dict) -> str:
    """An invitation-only category and its invitations, answered as the data says
    (through the invitee's own accept and decline)."""
    meeting = _meeting(item["meeting"])
    now = _demo_now(meeting)
    category = _invitation_category(meeting, item["category"], now)
    admin = _admin()
    invited = invitation_queries.invited_emails(meeting)
    added = 0
    for person in item["invitations"]:
        if person["email"].lower() in invited:
            continue
        fields = ("email", "title", "given_name", "family_name", "represents")
        data = {k: person[k] for k in fields} | {
            "language": person["language"],
            "category": category.key,
        }
        invitation = invitations.create_invitation(
            meeting, data=data, actor=admin, now=now, send=person["status"] != "draft"
        )
        if person["status"] == "accepted":
            invitations.accept(
                invitation,
                data={
                    "given_name": person["given_name"],
                    "family_name": person["family_name"],
                    "title": person["title"],
                    "country": person["country"],
                    "attendance": person["attendance"],
                    "consent_to_list": "y",
                    "privacy_accepted": "y",
                    "gender": person.get("gender", ""),
                },
                now=now,
                language=person["language"],
            )
        elif person["status"] == "declined":
            invitations.decline(invitation, reason=person["reason"], now=now)
        added += 1
    db.session.flush()
    return f"invitations {meeting.slug}: {added} added"


def _load_message(item: dict) -> str | None:
    """A message sent to the meeting's participants, unless one with its subject was."""
    meeting = _meeting(item["meeting"])
    sent = db.session.scalars(
        sa.select(Message.subject).where(Message.meeting_id == meeting.id)
    )
    if any(subject.get("en") == item["subject"]["en"] for subject in sent):
        return None
    audience = Audience.from_dict(item["audience"])
    message = comms.send(
        meeting,
        item["subject"],
        item["body"],
        audience=audience,
        actor=_admin(),
        now=utcnow(),
    )
    return f"message {meeting.slug}: sent to {message.recipients}"


def _load_reminders(item: dict) -> str | None:
    """A meeting's reminder settings, unless the meeting has some already."""
    meeting = _meeting(item["meeting"])
    if db.session.get(ReminderSchedule, meeting.id) is not None:
        return None
    data = {
        name: "" if item.get(name) is None else str(item[name])
        for name in reminders.SETTING_FIELDS
    }
    data["enabled"] = "y" if item.get("enabled", True) else ""
    reminders.update_schedule(meeting, data=data, actor=_admin(), now=utcnow())
    return f"reminders {meeting.slug}: {item.get('offsets')}"


def _load_releases(item: dict) -> str | None:
    """A meeting's agenda releases, each after its changes, unless it has releases.

    Through the agenda services, so the releases, the changelog and the change
    emails' record are what a secretariat's own work would leave; nobody is
    emailed for these past releases.
    """
    meeting = _meeting(item["meeting"])
    if agenda_public.latest_release(meeting) is not None:
        return None
    admin = _admin()
    zone = meeting.timezone
    agenda_releases.set_visibility(meeting, item.get("visibility", "released"),
                                   actor=admin, now=utcnow())  # fmt: skip
    for entry in item["releases"]:
        released = _at(entry["released"], zone)
        for change in entry.get("changes", []):
            _apply_agenda_change(meeting, change, actor=admin, now=released)
        agenda_releases.release_agenda(meeting, actor=admin, label=entry["label"],
                                       note=entry.get("note", ""), now=released)  # fmt: skip
    meeting.invites_due_at = None
    notices.mark_notified(meeting, agenda_public.public_snapshot(meeting), now=utcnow())
    return f"agenda releases {meeting.slug}: {len(item['releases'])}"


def _apply_agenda_change(meeting: Meeting, change: dict, *, actor, now) -> None:
    zone = meeting.timezone
    rooms = {room.name: room.id for room in meeting.rooms}
    if "add" in change:  # a row, as the meeting's own sessions are loaded
        new = change["add"]
        db.session.add(AgendaSession(
            meeting=meeting, title=new["title"], kind=new.get("kind", "plenary"),
            starts_at=_at(new["starts"], zone), ends_at=_at(new["ends"], zone),
            room_id=rooms.get(new.get("room")), status="scheduled", updated_at=now))  # fmt: skip
        db.session.flush()
        return
    session = db.session.scalars(
        sa.select(AgendaSession).where(AgendaSession.meeting_id == meeting.id)
    ).all()
    session = next(s for s in session if s.title.get("en") == change["session"])
    data = {
        "title": dict(session.title), "kind": session.kind,
        "starts_at": _at(change["starts"], zone) if "starts" in change else session.starts_at,
        "ends_at": _at(change["ends"], zone) if "ends" in change else session.ends_at,
        "room_id": rooms[change["room"]] if "room" in change else session.room_id,
        "description": dict(session.description or {}),
        "people": [{"name": p.name, "affiliation": p.affiliation, "role": p.role}
                   for p in session.people] + change.get("add_people", []),
    }  # fmt: skip
    agenda_service.update_session(session, actor=actor, data=data, now=now)


def _load_question(item: dict) -> str | None:
    """A registration question, unless the meeting asks one with its English label."""
    meeting = _meeting(item["meeting"])
    asked = db.session.scalars(
        sa.select(RegistrationQuestion.label).where(
            RegistrationQuestion.meeting_id == meeting.id
        )
    )
    if any(label.get("en") == item["label"]["en"] for label in asked):
        return None
    data = {f"label_{lang}": text for lang, text in item["label"].items()}
    data |= {
        "kind": item.get("kind", "text"),
        "category": item.get("category", ""),
        "required": "y" if item.get("required") else "",
        "asked_of_members": "y" if item.get("asked_of_members") else "",
    }
    questions.create_question(meeting, data=data, actor=_admin(), now=utcnow())
    return f"question {meeting.slug}: added"


def _load_visa_requests(item: dict) -> str:
    """A meeting's visa support settings and requests; one letter issued as the data says."""
    meeting = _meeting(item["meeting"])
    admin = _admin()
    now = min(utcnow(), visa.deadline(meeting) - timedelta(days=1))
    if not meeting.visa_support:
        visa.update_settings(
            meeting, concern="visa", data=item["settings"], actor=admin,
            key_problem=crypto.key_problem(current_app.config), now=now,
        )  # fmt: skip
    cipher = crypto.cipher(current_app.config)
    added = 0
    for person in item["requests"]:
        registration = _registration_by_email(meeting, person["email"])
        if visa.request_of(registration) is not None:
            continue
        request = visa.request_letter(
            registration, data=person["passport"], asked_by="participant",
            cipher=cipher, now=now,
        )  # fmt: skip
        if person.get("decision", {}).get("issue"):
            _issue_letter(request, person["decision"], cipher, now)
        added += 1
    return f"visa letters {meeting.slug}: {added} request(s) added"


def _issue_letter(request, decision: dict, cipher, now) -> None:
    visa.issue(
        request, actor=_admin(), funding=decision["funding"],
        language=decision["language"],
        base_url=current_app.config["EVENTSYS_BASE_URL"], now=now,
    )  # fmt: skip
    # The CLI is no request: the letter renders here, as its job would.
    visa.render_letter(
        request, cipher=cipher, storage=from_config(current_app.config),
        render=lambda v, passport, code: letters.letter_pdf(
            v, passport, code, issued_at=now
        ),
    )  # fmt: skip


def _registration_by_email(meeting: Meeting, email: str) -> Registration:
    return db.session.scalars(
        sa.select(Registration).where(
            Registration.meeting_id == meeting.id, Registration.email == email
        )
    ).one()


def _load_programme(item: dict) -> str | None:
    """A meeting's programme around the plenary, through the services: a list of
    speakers inscribed in protocol order (spoken, published) and the sign-ups of
    sessions; skipped once there are any. The series' Memberships, which decide
    the protocol order, come from memberships.json (loaded before)."""
    meeting = _meeting(item["meeting"])
    lines = []
    if "speakers" in item:
        lines.append(_add_speakers(meeting, item["speakers"]))
    for entry in item.get("signups", []):
        lines.append(_add_signups(meeting, entry))
    lines = [line for line in lines if line]
    return f"programme {meeting.slug}: {', '.join(lines)}" if lines else None


def _session_titled(meeting: Meeting, title: str) -> AgendaSession:
    sessions = db.session.scalars(
        sa.select(AgendaSession).where(AgendaSession.meeting_id == meeting.id)
    )
    return next(s for s in sessions if s.title.get("en") == title)


def _add_speakers(meeting: Meeting, entry: dict) -> str | None:
    session = _session_titled(meeting, entry["session"])
    if speakers.list_of(session):
        return None
    admin, first = _admin(), session.starts_at - timedelta(days=1)
    for request in entry["requests"]:
        registration = _registration_by_email(meeting, request["email"])
        speakers.request_floor(
            session, registration, now=first + timedelta(minutes=request["minutes"]),
            data={"level": request["level"],
                  "on_behalf_of_group": request.get("on_behalf_of_group", "")},
        )  # fmt: skip
    # Who has spoken took the floor in list order, as the phone page marks them.
    done = {r["email"] for r in entry["requests"] if r.get("status") == "spoken"}
    for listed in speakers.list_of(session, statuses=speakers.WAITING):
        if listed.registration.email in done:
            speakers.act(listed, "spoken", actor=admin)
    if entry.get("published"):
        speakers.publish(session, published=True, actor=admin, now=first)
    return f"{len(entry['requests'])} requests for the floor"


def _add_signups(meeting: Meeting, entry: dict) -> str | None:
    session = _session_titled(meeting, entry["session"])
    if session.signups_taken or signups.places_left(session) != signups.capacity_of(
        session
    ):
        return None
    now = _demo_now(meeting)
    for email in entry["emails"]:
        signups.sign_up(session, _registration_by_email(meeting, email), now=now)
    return f"{len(entry['emails'])} sign-ups"


def _load_side_events(item: dict) -> str | None:
    """A meeting's call for side events and its proposals, decided as the data says
    (through the side events service); skipped when the meeting has proposals."""
    meeting = _meeting(item["meeting"])
    has_some = db.session.scalar(sa.select(SideEventProposal.id).where(
        SideEventProposal.meeting_id == meeting.id).limit(1))  # fmt: skip
    if has_some:
        return None
    admin = _admin()
    deadline = _at(item["call"]["deadline"], meeting.timezone)
    # Proposals come in while the call is open, even once the demo's dates passed.
    now = min(utcnow(), deadline - timedelta(days=1))
    side_events.set_call(meeting, actor=admin, open=item["call"]["open"],
                         deadline=deadline, now=now)  # fmt: skip
    for data in item["proposals"]:
        _demo_proposal(meeting, data, admin, now)
    return f"side events {meeting.slug}: {len(item['proposals'])} proposal(s) added"


def _demo_proposal(meeting: Meeting, data: dict, admin: User, now) -> None:
    form = {k: v for k, v in data.items() if k not in ("title", "description",
                                                       "organisers", "decision")}  # fmt: skip
    form = {k: str(v) for k, v in form.items()} | {
        f"{field}_{code}": text
        for field in ("title", "description")
        for code, text in data[field].items()
    }
    form["organisers"] = "\n".join(data["organisers"])
    proposal, _token = side_events.propose(meeting, data=form, now=now)
    decision = data.get("decision")
    if decision is None:
        return
    if decision.get("decline"):
        side_events.decline(proposal, actor=admin, comment=decision["comment"], now=now)
        return
    slot = decision["accept"]
    rooms = {room.name: room.id for room in meeting.rooms}
    side_events.accept(proposal, actor=admin, comment=decision["comment"], now=now,
                       slot={"starts_at": datetime.fromisoformat(slot["starts"]),
                             "ends_at": datetime.fromisoformat(slot["ends"]),
                             "room_id": rooms[slot["room"]]})  # fmt: skip


# The kinds of demo content, in loading order (a kind may use the ones above it).
KINDS = [
    Kind("users.json", _ensure_user),
    Kind("series.json", _ensure_series),
    Kind("meetings/*.json", _load_meeting, order=lambda item: item["starts"]),
    Kind("outcomes/*.md", _load_outcome_document),
    Kind("team.json", _load_team_member),
    Kind("questions.json", _load_question),
    Kind("invitations/*.json", _load_invitations),
    Kind("messages/*.json", _load_message),
    Kind("visa/*.json", _load_visa_requests),
    Kind("reminders/*.json", _load_reminders),
    Kind("releases/*.json", _load_releases),
    Kind("organisations.json", lambda item: load_organisation(item, _admin())),
    Kind("memberships.json", lambda item: load_memberships(item, _admin())),
    Kind(
        "designations/*.json",
        lambda item: load_designation(
            item, _admin(), _demo_now(_meeting(item["meeting"]))
        ),
    ),  # fmt: skip
    # Before the programme: its list of speakers releases the statements.
    Kind("statements/*.json", lambda item: load_statements(item, _admin())),
    Kind("programme/*.json", _load_programme),
    Kind("side_events/*.json", _load_side_events),
]
