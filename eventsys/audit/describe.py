"""An audit event told as a secretariat's log: one sentence and its changes.

The one place that turns a stored event (action key, object id, raw before and
after values) into words: names instead of record numbers, fields by their
labels, values formatted (times in the page's zone with the zone named, codes
as their labels, multilingual text in the page's language). Every action the
code records has its sentence in SENTENCES (tests/audit/test_describe.py checks
the source for new ones); an unknown action still reads as words.

Use `describe_events(events, zone=...)`: it loads the names of all the objects
a page of events refers to in one query per kind of object.
"""

from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from eventsys import labels
from eventsys.agenda.models import AgendaSession
from eventsys.audit.models import AuditEvent
from eventsys.auth.models import User
from eventsys.dates import format_date
from eventsys.dates import format_time
from eventsys.extensions import db
from eventsys.i18n import current_language
from eventsys.i18n import language_name
from eventsys.i18n import localized
from eventsys.meetings.models import Meeting
from eventsys.meetings.models import MeetingRole
from eventsys.meetings.models import Room
from eventsys.outcomes.models import OutcomeDocument
from eventsys.registration import countries
from eventsys.registration.models import Delegation
from eventsys.registration.models import ParticipantCategory
from eventsys.registration.models import Registration
from eventsys.registration.models import RegistrationQuestion

# Field labels, as the forms that edit them say them.
FIELDS = {
    "title": _l("Title"),
    "theme": _l("Theme"),
    "description": _l("Description"),
    "practical_info": _l("Practical information"),
    "slug": _l("Web address"),
    "starts_at": _l("Starts"),
    "ends_at": _l("Ends"),
    "timezone": _l("Time zone"),
    "venue": _l("Venue"),
    "city": _l("City"),
    "country": _l("Country"),
    "format": _l("Format"),
    "online_url": _l("Online meeting link"),
    "online_access_note": _l("Note on online access"),
    "contact_email": _l("Contact email"),
    "languages": _l("Languages"),
    "main_language": _l("Main language"),
    "status": _l("Status"),
    "cancel_reason": _l("Reason"),
    "capacity": _l("Capacity"),
    "in_person_capacity": _l("In-person seats"),
    "online_capacity": _l("Online seats"),
    "registration_opens_at": _l("Registration opens"),
    "registration_closes_at": _l("Registration closes"),
    "opens_at": _l("Registration opens"),
    "closes_at": _l("Registration closes"),
    "requires_approval": _l("Approval required"),
    "public_participant_list": _l("Public list of participants"),
    "on_public_list": _l("On the public list"),
    "enabled": _l("Reminders on"),
    "offsets": _l("Reminder times"),
    "invitation_alarm_minutes": _l("Alarm in calendar invitations (minutes)"),
    "invitation_reminder_days": _l("Invitation reminder (days before expiry)"),
    "nomination_reminder_days": _l("Focal point reminder (days before the deadline)"),
    "delegation_size_limit": _l("Delegation size limit"),
    "name": _l("Name"),
    "key": _l("Key"),
    "kind": _l("Kind"),
    "label": _l("Question"),
    "room_id": _l("Room"),
    "people": _l("People"),
    "position": _l("Position"),
    "email": _l("Email"),
    "given_name": _l("Given name"),
    "family_name": _l("Family name"),
    "organisation": _l("Organisation"),
    "represents": _l("Represents"),
    "nationality": _l("Nationality"),
    "function": _l("Function"),
    "attendance": _l("Attendance"),
    "category": _l("Category"),
    "consent_to_list": _l("On the list of participants"),
    "note_reference": _l("Note verbale"),
    "focal_point": _l("Focal point"),
    "focal_point_email": _l("Focal point's email"),
    "focal_point_name": _l("Focal point"),
    "size_limit": _l("Delegation size limit"),
    "role": _l("Role"),
    "comment": _l("Comment"),
    "version": _l("Version"),
    "rows": _l("Rows"),
    "format_": _l("Format"),
}
# Fields whose stored codes have labels.
CODES = {
    "status": labels.STATUS,
    "format": labels.FORMAT,
    "attendance": labels.ATTENDANCE,
    "function": labels.FUNCTION,
    "role": labels.MEETING_ROLE,
    "visibility": labels.DOCUMENT_VISIBILITY,
}
SESSION_CODES = {"kind": labels.SESSION_KIND}
NOT_SHOWN = {"people_ids", "reason", "by", "direction", "copied_from", "shift_days"}


@dataclass
class Change:
    label: str
    before: str | None
    after: str | None


@dataclass
class Described:
    event: AuditEvent
    sentence: str
    who: str
    changes: list[Change] = field(default_factory=list)


@dataclass
class _Context:
    zone: str
    language: str
    names: dict[tuple[str, int], object]
    categories: dict[tuple[int, str], str]
    rooms: dict[int, str]


# --------------------------------------------------------------- loading names

_MODELS = {
    "Registration": Registration,
    "AgendaSession": AgendaSession,
    "Delegation": Delegation,
    "OutcomeDocument": OutcomeDocument,
    "Room": Room,
    "ParticipantCategory": ParticipantCategory,
    "RegistrationQuestion": RegistrationQuestion,
    "MeetingRole": MeetingRole,
    "Meeting": Meeting,
    "User": User,
}


def describe_events(events: Iterable[AuditEvent], *, zone: str) -> list[Described]:
    """The events as sentences, times in `zone`, in the page's language."""
    events = list(events)
    context = _Context(
        zone=zone,
        language=current_language(),
        names=_load_objects(events),
        categories=_load_categories(events),
        rooms=_load_rooms(events),
    )
    return [describe(event, context) for event in events]


def _load_objects(events: list[AuditEvent]) -> dict[tuple[str, int], object]:
    wanted: dict[str, set[int]] = {}
    for event in events:
        if event.object_type in _MODELS and event.object_id:
            wanted.setdefault(event.object_type, set()).add(event.object_id)
    found = {}
    for kind, ids in wanted.items():
        model = _MODELS[kind]
        for row in db.session.scalars(sa.select(model).where(model.id.in_(ids))):
            found[(kind, row.id)] = row
    return found


def _load_categories(events: list[AuditEvent]) -> dict[tuple[int, str], str]:
    """Category names by (meeting, key), for events that give a category key."""
    meetings = {e.meeting_id for e in events if e.meeting_id and _has(e, "category")}
    if not meetings:
        return {}
    rows = db.session.execute(
        sa.select(
            ParticipantCategory.meeting_id,
            ParticipantCategory.key,
            ParticipantCategory.name,
        ).where(ParticipantCategory.meeting_id.in_(meetings))
    )
    return {(m, key): name for m, key, name in rows}


def _load_rooms(events: list[AuditEvent]) -> dict[int, str]:
    ids = {
        value
        for e in events
        for value in (e.before.get("room_id"), e.after.get("room_id"))
        if isinstance(value, int)
    }
    if not ids:
        return {}
    rows = db.session.execute(sa.select(Room.id, Room.name).where(Room.id.in_(ids)))
    return dict(rows.all())


def _has(event: AuditEvent, key: str) -> bool:
    return key in event.before or key in event.after


# ------------------------------------------------------------------ sentences


def describe(event: AuditEvent, context: _Context) -> Described:
    words = _Words(event, context)
    sentence_for = SENTENCES.get(event.action)
    sentence = sentence_for(words) if sentence_for else words.unknown()
    return Described(
        event=event, sentence=sentence, who=_who(event), changes=words.changes()
    )


# Actions taken without an account: by whom, in words.
_BY_PARTICIPANT = {
    "session.signup",
    "session.signup_cancel",
    "speaker.request",
    "speaker.withdraw",
    "registration.create",
    "registration.cancel",
    "registration.update",
    "registration.attendance",
    "registration.link",
    "privacy.exported",
    "privacy.erased",
    "message.opt_out",
}
_BY_FOCAL_POINT = {"delegation.request", "delegation.nominate"}


def _who(event: AuditEvent) -> str:
    actor = event.actor
    if actor is not None:
        return actor.name or actor.email
    if event.actor_label:
        return event.actor_label
    if event.action in _BY_PARTICIPANT:
        return _("The participant")
    if event.action in _BY_FOCAL_POINT:
        return _("The focal point")
    return _("Automatic")


class _Words:
    """What a sentence needs to know about one event, already in words."""

    def __init__(self, event: AuditEvent, context: _Context):
        self.event, self.context = event, context
        self.before, self.after = event.before or {}, event.after or {}
        self.obj = context.names.get((event.object_type, event.object_id or 0))

    # Names of the object, from the row when it still exists, else the record.
    @property
    def person(self) -> str:
        if isinstance(self.obj, Registration):
            return self.obj.display_name
        return _("a registration that no longer exists")

    @property
    def title(self) -> str:
        obj = self.obj
        if isinstance(obj, AgendaSession | OutcomeDocument | Meeting):
            return self.text(obj.title)
        value = self.before.get("title") or self.after.get("title")
        if value:
            return self.text(value)
        return self.after.get("slug") or self.before.get("slug") or "—"

    @property
    def name(self) -> str:
        obj = self.obj
        if isinstance(obj, Room):
            return obj.name
        if isinstance(obj, ParticipantCategory):
            return self.text(obj.name)
        if isinstance(obj, RegistrationQuestion):
            return self.text(obj.label)
        for key in ("name", "label"):
            value = self.before.get(key) or self.after.get(key)
            if value:
                return self.text(value)
        return "—"

    @property
    def represents(self) -> str:
        if isinstance(self.obj, Delegation):
            return self.obj.represents
        return self.after.get("represents") or "—"

    @property
    def user(self) -> str:
        if isinstance(self.obj, MeetingRole) and self.obj.user is not None:
            user = self.obj.user
            return f"{user.name} <{user.email}>" if user.name else user.email
        return self.after.get("email") or self.before.get("email") or "—"

    def value(self, key: str) -> str | None:
        """A field's new value in words (or the old one when there is no new)."""
        raw = self.after.get(key, self.before.get(key))
        return self.format(key, raw)

    def text(self, value) -> str:
        if isinstance(value, dict):
            return localized(value, self.context.language)
        return str(value)

    def category(self, key: str | None) -> str:
        name = self.context.categories.get((self.event.meeting_id, key or ""))
        return self.text(name) if name else (key or "—")

    def format(self, key: str, value) -> str | None:
        """One stored value as the page shows it."""
        if value is None or value == "":
            return None
        if key in CODES and isinstance(value, str):
            return labels.label(CODES[key], value)
        if key == "kind" and self.event.object_type == "AgendaSession":
            return labels.label(labels.SESSION_KIND, value)
        if key == "kind" and self.event.object_type == "MeetingDocument":
            return labels.label(labels.MEETING_DOCUMENT_KIND, value)
        if key == "category":
            return self.category(value)
        if key == "room_id":
            return self.context.rooms.get(value) or _("a room that no longer exists")
        if key in ("country", "nationality") and isinstance(value, str):
            return countries.name(value, self.context.language) or value
        if key in ("languages", "main_language"):
            codes = value if isinstance(value, list) else [value]
            return ", ".join(language_name(c, self.context.language) for c in codes)
        if key == "people" and isinstance(value, list):
            return "; ".join(_person(p) for p in value) or None
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, dict):
            return _shorten(self.text(value))
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        if isinstance(value, str) and (key.endswith("_at") or key == "cutoff"):
            return self.moment(value)
        return _shorten(str(value))

    def moment(self, text: str) -> str:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return text
        zone, language = self.context.zone, self.context.language
        return _(
            "%(date)s, %(time)s (%(zone)s)",
            date=format_date(moment, zone, language),
            time=format_time(moment, zone, language),
            zone=zone,
        )

    def changes(self) -> list[Change]:
        keys = [k for k in self.before if k not in NOT_SHOWN]
        keys += [k for k in self.after if k not in NOT_SHOWN and k not in keys]
        if self.event.action in _NO_DETAILS:
            return []
        return [
            Change(
                label=str(FIELDS.get(key, key.replace("_", " ").capitalize())),
                before=self.format(key, self.before[key])
                if key in self.before
                else None,
                after=self.format(key, self.after[key]) if key in self.after else None,
            )
            for key in keys
        ]

    def unknown(self) -> str:
        what = self.event.action.replace("_", " ").replace(".", ": ")
        return _("Recorded: %(what)s", what=what)


def _person(item) -> str:
    if not isinstance(item, dict):
        return str(item)
    role = labels.label(labels.PERSON_ROLE, item.get("role", ""))
    name = item.get("name", "")
    return f"{name} ({role})" if role else name


def _shorten(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _rows(words: _Words) -> int:
    rows = words.after.get("rows")
    return rows if isinstance(rows, int) else 0


def _registration_created(w: _Words) -> str:
    status = w.after.get("status")
    category = w.category(w.after.get("category"))
    if status == "confirmed":
        return _(
            "%(name)s registered (%(category)s) and was confirmed",
            name=w.person,
            category=category,
        )
    if status == "waitlisted":
        return _(
            "%(name)s registered (%(category)s) and was put on the waiting list",
            name=w.person,
            category=category,
        )
    return _(
        "%(name)s registered (%(category)s); the registration awaits approval",
        name=w.person,
        category=category,
    )


def _registration_approved(w: _Words) -> str:
    if w.after.get("status") == "waitlisted":
        return _(
            "Registration of %(name)s approved; no seat was free, so it is on the waiting list",
            name=w.person,
        )
    return _("Registration of %(name)s approved and confirmed", name=w.person)


def _speaker_words(w: _Words) -> dict:
    return {"name": w.person, "session": w.text(w.after.get("session") or {}),
            "for": w.after.get("speaking_for") or "—", "position": w.after.get("position", "—")}  # fmt: skip


def _registration_cancelled(w: _Words) -> str:
    if w.after.get("reason") == "meeting cancelled":
        return _("Registration of %(name)s cancelled with the meeting", name=w.person)
    if w.event.actor_id is None:
        return _("%(name)s cancelled their registration", name=w.person)
    return _("Registration of %(name)s cancelled", name=w.person)


def _delegation_export(w: _Words) -> str:
    rows = _rows(w)
    if w.after.get("format") == "pdf":
        return ngettext(
            "List of delegations downloaded as PDF (%(num)d delegation)",
            "List of delegations downloaded as PDF (%(num)d delegations)",
            rows,
        )
    return ngettext(
        "List of delegations exported (%(num)d row)",
        "List of delegations exported (%(num)d rows)",
        rows,
    )


def _delegation_accredited(w: _Words) -> str:
    confirmed = w.after.get("confirmed") or 0
    waitlisted = w.after.get("waitlisted") or 0
    sentence = _("Delegation of %(state)s accredited", state=w.represents)
    if confirmed or waitlisted:
        sentence += " · " + ngettext(
            "%(num)d member confirmed", "%(num)d members confirmed", confirmed
        )
    if waitlisted:
        sentence += " · " + ngettext(
            "%(num)d member on the waiting list",
            "%(num)d members on the waiting list",
            waitlisted,
        )
    return sentence


def _privacy_erased(w: _Words) -> str:
    if w.after.get("by") == "secretariat":
        return _("Personal data of a registration erased by the secretariat")
    return _("Personal data of a registration erased at the participant's request")


def _session_reordered(w: _Words) -> str:
    if w.after.get("direction") == "up":
        return _("Session “%(title)s” moved up in the agenda", title=w.title)
    return _("Session “%(title)s” moved down in the agenda", title=w.title)


def _edition(w: _Words) -> str:
    return _(
        "Meeting created as a new edition of %(source)s, dates moved by %(days)s days",
        source=w.after.get("copied_from", "—"),
        days=w.after.get("shift_days", 0),
    )


# fmt: off
def _file_words(w: _Words) -> dict[str, str]:
    code = w.after.get("language") or ""
    return {
        "file": w.after.get("filename") or "—",
        "language": language_name(code, w.context.language) if code else "—",
        "version": w.after.get("version") or "—",
        "title": w.title,
    }


SENTENCES: dict[str, Callable[[_Words], str]] = {
    # registrations
    "registration.create": _registration_created,
    "registration.approve": _registration_approved,
    "registration.waitlist": lambda w: _("Registration of %(name)s moved to the waiting list", name=w.person),
    "registration.reject": lambda w: _("Registration of %(name)s not accepted", name=w.person),
    "registration.cancel": _registration_cancelled,
    "registration.promote": lambda w: _("Registration of %(name)s confirmed from the waiting list", name=w.person),
    "registration.update": lambda w: _("Details of %(name)s changed", name=w.person),
    "registration.attendance": lambda w: _("%(name)s now attends: %(attendance)s", name=w.person, attendance=w.value("attendance")),
    "registration.category": lambda w: _("%(name)s moved to the category %(category)s", name=w.person, category=w.category(w.after.get("category"))),
    "registration.link": lambda w: _("A new personal link was sent to %(name)s", name=w.person),
    "registration.export": lambda w: ngettext("List of registrations exported (%(num)d row)", "List of registrations exported (%(num)d rows)", _rows(w)),
    "registration.settings": lambda w: _("Registration settings changed"),
    "registration.category_settings": lambda w: _("Settings of the category %(category)s changed", category=w.name),
    "registration.category_add": lambda w: _("Category %(category)s added", category=w.name),
    "registration.category_delete": lambda w: _("Category %(category)s removed", category=w.name),
    "registration.question_add": lambda w: _("Question “%(question)s” added to the form", question=w.name),
    "registration.question_delete": lambda w: _("Question “%(question)s” removed from the form", question=w.name),
    "registration.question_update": lambda w: _("Question “%(question)s” changed", question=w.name),
    "registration.question_move": lambda w: _("Question “%(question)s” moved on the form", question=w.name),
    "registration.settings_promoted": lambda w: ngettext("%(num)d person confirmed from the waiting list after a change of seats", "%(num)d people confirmed from the waiting list after a change of seats", len(w.after.get("promoted") or [])),
    # delegations
    "delegation.invite": lambda w: _("Focal point of %(state)s invited (%(email)s)", state=w.represents, email=w.after.get("focal_point", "—")),
    "delegation.request": lambda w: _("%(state)s asked to send a delegation (focal point %(email)s)", state=w.represents, email=w.after.get("focal_point", "—")),
    "delegation.nominate": lambda w: _("%(state)s nominated its delegation (note %(reference)s)", state=w.represents, reference=w.after.get("note_reference", "—")),
    "delegation.accredit": _delegation_accredited,
    "delegation.link": lambda w: _("A new link was sent to the focal point of %(state)s", state=w.represents),
    "delegation.export": _delegation_export,
    # agenda and rooms
    "session.create": lambda w: _("Session “%(title)s” added to the agenda", title=w.title),
    "session.update": lambda w: _("Session “%(title)s” changed", title=w.title),
    "session.cancel": lambda w: _("Session “%(title)s” cancelled", title=w.title),
    "session.reinstate": lambda w: _("Session “%(title)s” reinstated", title=w.title),
    "session.delete": lambda w: _("Session “%(title)s” deleted from the agenda", title=w.title),
    "session.reorder": _session_reordered,
    "agenda.release": lambda w: _("Agenda released: %(label)s (version %(number)s)", label=w.after.get("label", "—"), number=w.after.get("number", "—")),
    "agenda.visibility": lambda w: _("Public agenda setting changed to: %(value)s", value=labels.label(labels.AGENDA_VISIBILITY, w.after.get("agenda_visibility", "—"))),
    "parity.setting": lambda w: _("Optional gender question turned on") if w.after.get("asks_gender") else _("Optional gender question turned off"),
    "side_events.call": lambda w: _("Call for side events opened") if w.after.get("open") else _("Call for side events closed"),
    "side_event.accept": lambda w: _("Side event “%(title)s” accepted onto the agenda", title=w.text(w.after.get("title") or {})),
    "side_event.decline": lambda w: _("Side event proposal “%(title)s” declined", title=w.text(w.after.get("title") or {})),
    "side_event.link": lambda w: _("A new personal link was sent to the proposer of the side event “%(title)s”", title=w.text(w.after.get("title") or {})),
    "session.organisation_link": lambda w: _("Side event “%(title)s” linked to the organisation %(name)s", title=w.title, name=w.after.get("name", "—")),
    "session.organisation_unlink": lambda w: _("Side event “%(title)s” no longer linked to the organisation %(name)s", title=w.title, name=w.before.get("name", "—")),
    "room.create": lambda w: _("Room %(room)s added", room=w.name),
    "room.update": lambda w: _("Room %(room)s changed", room=w.name),
    "room.delete": lambda w: _("Room %(room)s removed", room=w.name),
    # the meeting and its team
    "meeting.create": lambda w: _("Meeting created"),
    "meeting.update": lambda w: _("Meeting details changed"),
    "meeting.publish": lambda w: _("Meeting published"),
    "meeting.cancel": lambda w: _("Meeting cancelled"),
    "meeting.delete": lambda w: _("Draft meeting “%(title)s” deleted", title=w.title),
    "meeting.edition": _edition,
    "meeting.role_add": lambda w: _("%(user)s added to the team as %(role)s", user=w.user, role=w.value("role")),
    "meeting.role_remove": lambda w: _("%(user)s removed from the team (%(role)s)", user=w.user, role=w.value("role")),
    "series.create": lambda w: _("Series created"),
    "series.update": lambda w: _("Series changed"),
    # outcome documents
    # messages to participants
    "message.sent": lambda w: ngettext("Message “%(subject)s” sent to %(num)d person", "Message “%(subject)s” sent to %(num)d people", int(w.after.get("recipients") or 0), subject=w.after.get("subject") or "—"),
    "message.opt_out": lambda w: _("An address at %(domain)s opted out of messages", domain=w.after.get("email_domain") or "—"),
    "reminders.update": lambda w: _("Reminder settings changed"),
    "outcome.created": lambda w: _("Outcome document “%(title)s” created", title=w.title),
    "outcome.submitted": lambda w: _("Outcome document “%(title)s” submitted for review", title=w.title),
    "outcome.returned": lambda w: _("Outcome document “%(title)s” returned to the rapporteur", title=w.title),
    "outcome.published": lambda w: _("Outcome document “%(title)s” published (version %(version)s)", title=w.title, version=w.after.get("version", "—")),
    # personal data
    "privacy.exported": lambda w: _("Personal data of %(name)s exported at their request", name=w.person),
    "privacy.erased": _privacy_erased,
    "privacy.purged": lambda w: ngettext("%(num)d past registration anonymised after the retention period", "%(num)d past registrations anonymised after the retention period", w.after.get("anonymised") or 0),
    # accounts and security
    "user.created": lambda w: _("Account %(email)s created", email=w.after.get("email", "—")),
    "login": lambda w: _("Signed in"),
    "login.failed": lambda w: _("Failed sign-in as %(email)s", email=w.after.get("email", "—")),
    "login.blocked": lambda w: _("Sign-in as %(email)s refused: too many failed attempts", email=w.after.get("email", "—")),
    "password.changed": lambda w: _("Password changed"),
    "password.reset": lambda w: _("Password reset with an emailed link"),
    "password.reset_requested": lambda w: _("Password reset link requested"),
    "calendar_token.rotated": lambda w: _("Private calendar link replaced"),
    "api_token.created": lambda w: _("API token “%(name)s” created", name=w.name),
    "api_token.revoked": lambda w: _("API token “%(name)s” revoked", name=w.name),
    "login.sso": lambda w: _("Signed in with single sign-on"),
    "identity.linked": lambda w: _("Single sign-on identity linked (%(issuer)s)", issuer=w.after.get("issuer", "—")),
    "totp.enabled": lambda w: _("Two-step sign-in turned on"),
    "totp.disabled": lambda w: _("Two-step sign-in turned off"),
    "totp.recovery_code_used": lambda w: _("A recovery code was used to sign in"),
    "account.admin": lambda w: _("Administrator rights given") if w.after.get("is_admin") else _("Administrator rights taken away"),
    "account.deactivated": lambda w: _("Account deactivated: its sessions and API tokens ended"),
    "account.reactivated": lambda w: _("Account reactivated"),
    "account.role_add": lambda w: _("Role %(role)s given", role=w.value("role")),
    "account.role_remove": lambda w: _("Role %(role)s taken away", role=w.value("role")),
    "series.role_add": lambda w: _("%(email)s made a manager of the series %(series)s", email=w.user, series=w.value("series")),
    "series.role_remove": lambda w: _("%(email)s no longer manages the series %(series)s", email=w.user, series=w.value("series")),
    # invitations to register (invitations/)
    "invitation.create": lambda w: _("%(email)s invited to register (%(category)s)", email=w.user, category=w.category(w.after.get("category"))),
    "invitation.send": lambda w: _("Invitation to register sent (%(email)s)", email=w.user),
    "invitation.accept": lambda w: _("Invitation to register accepted (%(email)s)", email=w.user),
    "invitation.decline": lambda w: _("Invitation to register declined (%(email)s)", email=w.user),
    "invitation.revoke": lambda w: _("Invitation to register revoked (%(email)s)", email=w.user),
    "designation.send": lambda w: _("Designation link sent (%(email)s)", email=w.after.get("email", "—")),
    "designation.revoke": lambda w: _("Designation link revoked"),
    "invitation.copy": lambda w: _("Invitations copied from %(source)s: %(copied)s copied, %(skipped)s left out", source=w.after.get("from", "—"), copied=w.after.get("copied", 0), skipped=w.after.get("skipped", 0)),
    "invitation.import": lambda w: ngettext("%(num)d invitation imported", "%(num)d invitations imported", w.after.get("created") or 0),
    "invitation.export": lambda w: _("List of invitations exported"),
    "delegation.accept": lambda w: _("Request of %(state)s to send a delegation accepted", state=w.represents),
    "delegation.decline": lambda w: _("Request of %(state)s to send a delegation declined", state=w.represents),
    # check-in
    "checkin.device": lambda w: _("Check-in device issued"),
    "checkin.manual": lambda w: _("%(name)s checked in by hand (%(day)s)", name=w.person, day=w.after.get("day", "—")),
    # visa support letters and the grounds pass (no passport values are ever recorded)
    "visa.settings": lambda w: _("Visa and grounds-pass settings changed"),
    "visa.requested": lambda w: _("%(name)s asked for a visa support letter", name=w.person),
    "visa.issued": lambda w: _("Visa support letter %(reference)s issued to %(name)s", reference=w.after.get("reference", "—"), name=w.person),
    "visa.refused": lambda w: _("Request of %(name)s for a visa support letter refused", name=w.person),
    "visa.revoked": lambda w: _("Visa support letter of %(name)s revoked", name=w.person),
    "visa.purged": lambda w: _("Passport data and visa letters of the meeting erased"),
    "onsite.grounds_pass_export": lambda w: _("UN grounds-pass list exported"),
    "attendance.import": lambda w: ngettext("Attendance report imported: %(num)d person-day recorded", "Attendance report imported: %(num)d person-days recorded", w.after.get("recorded") or 0),
    "attendance.export": lambda w: _("Attendance list exported"),
    # invitations to a meeting's team
    "team_invitation.sent": lambda w: _("%(email)s invited to the team as %(role)s", email=w.user, role=w.value("role")),
    "team_invitation.resent": lambda w: _("Invitation to the team sent again to %(email)s", email=w.user),
    "team_invitation.revoked": lambda w: _("Invitation of %(email)s to the team revoked", email=w.user),
    "team_invitation.accepted": lambda w: _("Invitation to the team accepted by %(email)s", email=w.user),
    # meeting documents
    "document.create": lambda w: _("Document “%(title)s” created as a draft", title=w.title),
    "document.publish": lambda w: _("Document “%(title)s” published", title=w.title),
    "document.file_upload": lambda w: _("File %(file)s (%(language)s, version %(version)s) uploaded to “%(title)s”", **_file_words(w)),
    "document.delegation_upload": lambda w: _("The delegation of %(state)s sent “%(title)s”", state=w.after.get("delegation") or "—", title=w.title),
    "document.statement_release": lambda w: _("Statement “%(title)s” released and published", title=w.title) if w.after.get("public") else _("Statement “%(title)s” released; kept with the secretariat as its delegation asked", title=w.title),
    "document.file_approve": lambda w: _("File %(file)s (%(language)s, version %(version)s) of “%(title)s” published without a virus scan", **_file_words(w)),
    "document.file_infected": lambda w: _("The virus scan found %(signature)s in file %(file)s of “%(title)s”", signature=w.after.get("signature") or "—", **_file_words(w)),
    "document.file_withdraw": lambda w: _("File %(file)s (%(language)s, version %(version)s) withdrawn from “%(title)s”: %(reason)s", reason=w.after.get("reason") or "—", **_file_words(w)),
    # the stakeholder directory
    # sign-up for sessions and the list of speakers (agenda/signups.py, agenda/speakers.py)
    "session.signup": lambda w: (_("%(name)s signed up for “%(session)s”", name=w.person, session=w.text(w.after.get("session") or {}))
                                 if w.after.get("status") == "confirmed" else
                                 _("%(name)s joined the waiting list of “%(session)s”", name=w.person, session=w.text(w.after.get("session") or {}))),
    "session.signup_cancel": lambda w: _("%(name)s gave up their sign-up for “%(session)s”", name=w.person, session=w.text(w.after.get("session") or {})),
    "session.signup_remove": lambda w: _("%(name)s taken off “%(session)s”", name=w.person, session=w.text(w.after.get("session") or {})),
    "session.signup_promote": lambda w: _("%(name)s moved from the waiting list to a place in “%(session)s”", name=w.person, session=w.text(w.after.get("session") or {})),
    "speaker.request": lambda w: _("%(name)s inscribed on the list of speakers of “%(session)s” for %(for)s, number %(position)s", **_speaker_words(w)),
    "speaker.withdraw": lambda w: _("%(name)s withdrawn from the list of speakers of “%(session)s”", **_speaker_words(w)),
    "speaker.call": lambda w: _("%(name)s called to the floor in “%(session)s”", **_speaker_words(w)),
    "speaker.spoken": lambda w: _("%(name)s has spoken in “%(session)s” for %(for)s", **_speaker_words(w)),
    "speaker.absent": lambda w: _("%(name)s absent when called in “%(session)s”: to the end of their block", **_speaker_words(w)),
    "speaker.move": lambda w: (_("%(name)s moved up the list of speakers of “%(session)s”, now number %(position)s", **_speaker_words(w))
                               if w.after.get("direction") == "up" else
                               _("%(name)s moved down the list of speakers of “%(session)s”, now number %(position)s", **_speaker_words(w))),
    "speaker.publish": lambda w: _("List of speakers of “%(title)s” published", title=w.title),
    "speaker.unpublish": lambda w: _("List of speakers of “%(title)s” taken off the public page", title=w.title),
    "organisation.create": lambda w: _("Organisation “%(name)s” added to the directory", name=w.after.get("name", "—")),
    "organisation.update": lambda w: _("Organisation changed in the directory"),
    "organisation.merge": lambda w: _("Organisation “%(name)s” (number %(number)s) merged into this one: %(registrations)s registrations and %(delegations)s delegations moved", name=w.before.get("name", "—"), number=w.before.get("merged", "—"), registrations=w.after.get("registrations", 0), delegations=w.after.get("delegations", 0)),
    "organisation.review": lambda w: _("Vetting review recorded: %(decision)s", decision=w.after.get("vetting_status", "—")),
    "organisation.link": lambda w: _("Registrations typed as “%(name)s” linked to this organisation (%(linked)s)", name=w.after.get("name", "—"), linked=w.after.get("linked", 0)),
    "organisation.membership": lambda w: _("Membership of the series %(series)s changed", series=w.after.get("series", "—")),
    "registration.represents_confirm": lambda w: _("%(name)s confirmed as representing “%(organisation)s”", name=w.person, organisation=w.after.get("name", "—")),
    "directory.export": lambda w: _("Directory of stakeholders exported"),
    "directory.view": lambda w: _("Directory profile opened"),
}
# fmt: on
# Events whose values are all in the sentence already.
_NO_DETAILS = {
    "session.signup",
    "session.signup_cancel",
    "session.signup_remove",
    "session.signup_promote",
    "speaker.request",
    "speaker.withdraw",
    "speaker.call",
    "speaker.spoken",
    "speaker.absent",
    "speaker.move",
    "speaker.publish",
    "speaker.unpublish",
    "visa.issued",
    "agenda.release",
    "agenda.visibility",
    "organisation.merge",
    "organisation.link",
    "organisation.review",
    "registration.represents_confirm",
    "directory.view",
    "invitation.copy",
    "invitation.import",
    "checkin.manual",
    "attendance.import",
    "attendance.export",
    "registration.settings_promoted",
    "registration.question_move",
    "series.role_add",
    "series.role_remove",
    "team_invitation.sent",
    "team_invitation.resent",
    "team_invitation.revoked",
    "team_invitation.accepted",
    "identity.linked",
    "message.sent",
    "message.opt_out",
    "document.file_upload",
    "document.file_withdraw",
    "document.delegation_upload",
    "document.statement_release",
    "document.file_approve",
    "document.file_infected",
    "meeting.create",
    "series.create",
    "registration.create",
    "registration.approve",
    "registration.waitlist",
    "registration.reject",
    "registration.cancel",
    "registration.promote",
    "registration.attendance",
    "registration.category",
    "registration.export",
    "registration.category_add",
    "registration.category_delete",
    "registration.question_add",
    "registration.question_delete",
    "delegation.invite",
    "delegation.request",
    "delegation.accredit",
    "delegation.export",
    "session.reorder",
    "session.cancel",
    "session.reinstate",
    "session.delete",
    "meeting.publish",
    "meeting.delete",
    "meeting.edition",
    "meeting.role_add",
    "meeting.role_remove",
    "outcome.created",
    "outcome.published",
    "privacy.erased",
    "privacy.purged",
    "privacy.exported",
    "user.created",
    "login.failed",
    "login.blocked",
    "api_token.created",
    "api_token.revoked",
    "room.create",
    "room.delete",
}
