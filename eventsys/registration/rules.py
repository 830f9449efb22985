"""Reading a registration's input: limits, required fields, codes and answers.

Everything a participant sends goes through clean_registration(), whether it
came from the HTML form or the JSON API, so both refuse the same things with
the same per-field messages (field names as in the form).
"""

from datetime import datetime

from email_validator import EmailNotValidError
from email_validator import validate_email
from flask_babel import gettext as _

from eventsys.errors import InvalidInput
from eventsys.extensions import db
from eventsys.registration import countries
from eventsys.registration import queries
from eventsys.registration import seats
from eventsys.registration.models import ATTENDANCE
from eventsys.registration.models import GENDERS
from eventsys.registration.models import ParticipantCategory
from eventsys.text import NOT_ALLOWED
from eventsys.text import is_clean

LIMITS = {
    "title": 40,
    "given_name": 100,
    "family_name": 100,
    "email": 254,
    "organisation": 200,
    "represents": 200,
    "position": 200,
    "needs": 2000,
    "focal_point_email": 254,
    "focal_point_name": 200,
    "note_reference": 100,
    "mission": 200,
}
MULTILINE = {"needs"}
# Categories whose participants represent a State rather than an organisation.
STATE_CATEGORY_KEYS = frozenset({"member_state", "observer_state"})
TRUE_VALUES = {"y", "yes", "on", "true", "1"}


def is_state_category(category: ParticipantCategory) -> bool:
    return category.key in STATE_CATEGORY_KEYS


def as_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value.strip().lower() in TRUE_VALUES


class Reader:
    """Collects per-field errors while reading plain data."""

    def __init__(self, data: dict):
        self.data = data or {}
        self.errors: dict[str, str] = {}

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def text(self, name: str, *, required=False, limit=None, multiline=None) -> str:
        value = self.data.get(name)
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.fail(name, _("This value is not valid."))
            return ""
        value = value.strip()
        limit = limit or LIMITS.get(name, 200)
        multiline = name in MULTILINE if multiline is None else multiline
        if required and not value:
            self.fail(name, _("This field is required."))
        elif len(value) > limit:
            self.fail(name, _("Please use at most %(n)d characters.", n=limit))
        elif not is_clean(value, multiline=multiline):
            self.fail(name, str(NOT_ALLOWED))
        return value

    def email(self, name: str = "email") -> str:
        value = self.text(name, required=True)
        if name in self.errors:
            return value
        try:
            checked = validate_email(value, check_deliverability=False)
        except EmailNotValidError:
            self.fail(name, _("Please enter a valid email address."))
            return value
        return checked.normalized.lower()

    def country(self, name: str, *, required=False) -> str:
        value = self.text(name, required=required, limit=2).upper()
        if value and name not in self.errors and not countries.is_known(value):
            self.fail(name, _("Please choose a country from the list."))
        return value


def meeting_categories(meeting) -> list[ParticipantCategory]:
    return list(db.session.scalars(queries.meeting_categories(meeting)))


def find_category(meeting, value) -> ParticipantCategory | None:
    """A category of this meeting by key (the form's value) or by id."""
    if isinstance(value, ParticipantCategory):
        return value if value.meeting_id == meeting.id else None
    value = str(value or "").strip()
    if not value or len(value) > 40:
        return None
    for category in meeting_categories(meeting):
        if category.key == value or str(category.id) == value:
            return category
    return None


def read_attendance(reader: Reader, meeting) -> str:
    if meeting.format == "virtual":
        return "online"
    if meeting.format != "hybrid":
        return "in_person"
    value = reader.text("attendance", required=True, limit=20)
    if value and value not in ATTENDANCE:
        reader.fail("attendance", _("Please choose in person or online."))
    return value


def read_gender(reader: Reader, meeting) -> str | None:
    """Optional, asked only where the meeting asks it; never required."""
    if not getattr(meeting, "asks_gender", False):
        return None
    value = reader.text("gender", limit=20)
    if value and value not in GENDERS:
        reader.fail("gender", _("Please choose from the list."))
    return value or None


def read_person(reader: Reader, meeting, category, *, with_email=True) -> dict:
    """The participant's own fields, cleaned; organisation or State as the category needs."""
    values = {
        "title": reader.text("title"),
        "given_name": reader.text("given_name", required=True),
        "family_name": reader.text("family_name", required=True),
        "organisation": reader.text("organisation"),
        "represents": reader.text("represents"),
        "nationality": reader.country("nationality"),
        "country": reader.country("country", required=True),
        "position": reader.text("position"),
        "attendance": read_attendance(reader, meeting),
        "needs": reader.text("needs"),
        "consent_to_list": as_bool(reader.data.get("consent_to_list")),
    }
    if reader.data.get("gender") is not None:  # forms without the question keep it
        values["gender"] = read_gender(reader, meeting)
    if with_email:
        values["email"] = reader.email()
    if category is not None:
        _complete_affiliation(reader, category, values)
    return values


def _complete_affiliation(reader: Reader, category, values: dict) -> None:
    if is_state_category(category):
        if (
            not values["represents"]
            and values["country"]
            and "country" not in reader.errors
        ):
            values["represents"] = countries.name(values["country"], "en")
    elif not values["organisation"]:
        reader.fail("organisation", _("Please give your organisation."))
    elif not values["represents"]:
        values["represents"] = values["organisation"]


def window(meeting, category) -> tuple[datetime | None, datetime | None]:
    """When registration opens and closes for a category (NULL inherits the meeting;
    without a date it closes when the meeting starts)."""
    opens = (category.opens_at if category else None) or meeting.registration_opens_at
    closes = (
        category.closes_at if category else None
    ) or meeting.registration_closes_at
    return opens, closes or meeting.starts_at


def closes_at(meeting, category=None) -> datetime:
    """When registration closes (for a category, if given)."""
    return window(meeting, category)[1]


def window_state(meeting, category, now: datetime) -> str:
    """'open', 'not_open', 'closed' or 'cancelled' for a meeting (and category)."""
    if meeting.status != "published":
        return "cancelled" if meeting.status == "cancelled" else "closed"
    opens, closes = window(meeting, category)
    if opens is not None and now < opens:
        return "not_open"
    if now >= closes:
        return "closed"
    return "open"


def registration_state(meeting, now: datetime) -> str:
    """'open', 'not_open', 'closed' or 'full' for the meeting as a whole, as its
    page and the lists of meetings show it."""
    state = window_state(meeting, None, now)
    if state == "cancelled":
        return "closed"
    return "full" if state == "open" and seats.no_seat_left(meeting) else state


def access(category) -> str:
    """'open' or 'invitation': the category's own setting, else the meeting's."""
    return category.access or category.meeting.access or "open"


def by_invitation(meeting) -> bool:
    """Nobody may register on the public form: every category is by invitation."""
    categories = meeting_categories(meeting)
    if not categories:
        return meeting.access == "invitation"
    return all(access(c) == "invitation" for c in categories)


def requires_approval(category) -> bool:
    if category.requires_approval is not None:
        return category.requires_approval
    return bool(category.meeting.requires_approval)


def fail_if_errors(reader: Reader) -> None:
    if reader.errors:
        raise InvalidInput(
            _("Please check the highlighted fields."), fields=reader.errors
        )
