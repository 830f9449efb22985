"""Registration questions: the one owner of their kinds and of their service.

Each kind (text, long_text, single_choice, multiple_choice, checkbox) says here
how it is asked (its WTForms field), read (from form or API data), shown to
people and exported. Adding a kind is a class in this file, its name in
``models.QUESTION_KINDS`` (the database's CHECK) and a migration.

Choices have stable keys: an answer stores the key, while the label of a choice
may change, in every language of the meeting. A choice that has answers can be
retired (hidden from the forms, still shown for the answers that use it) but not
removed; a question's kind cannot change once it has answers.
"""

import json
import re
import unicodedata
from abc import ABC
from abc import abstractmethod
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import orm as so
from wtforms import BooleanField
from wtforms import RadioField
from wtforms import SelectMultipleField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms import widgets
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import Optional

from eventsys.audit.service import record
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import require
from eventsys.errors import InvalidInput
from eventsys.extensions import db
from eventsys.i18n import localized
from eventsys.registration import rules
from eventsys.registration.models import QUESTION_KINDS
from eventsys.registration.models import RegistrationAnswer
from eventsys.registration.models import RegistrationQuestion

LABEL_LIMIT = 300
CHOICE_LIMIT = 200
MAX_CHOICES = 50


class Marked:
    """Sets the field's required flag (the form's marker) and checks nothing:
    the service reads and refuses the answer, for the form and the API alike."""

    field_flags = {"required": True}

    def __call__(self, form, field) -> None:
        return None


# ---------------------------------------------------------------- choices


def choice_label(choice: dict, language: str | None, fallback: str) -> str:
    return localized(choice.get("label") or {}, language, fallback) or choice["key"]


def active_choices(question) -> list[dict]:
    """The choices a form offers (retired ones are left out)."""
    return [c for c in question.choices or [] if not c.get("retired")]


def _choice(question, key) -> dict | None:
    return next((c for c in question.choices or [] if c["key"] == key), None)


def choice_key(label: str, taken) -> str:
    """A stable key from a choice's first label: ascii, lowercase, unique."""
    plain = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")[:30] or "choice"
    candidate, n = key, 2
    while candidate in taken:
        candidate, n = f"{key}_{n}", n + 1
    return candidate


# ---------------------------------------------------------------- kinds


class Kind(ABC):
    """How one kind of question is asked, read, shown and exported."""

    name = ""
    title = ""
    has_choices = False

    @abstractmethod
    def field(self, question, label: str, language: str, fallback: str):
        """The WTForms field that asks the question."""

    def raw(self, formdata, name: str):
        """The submitted value in the shape read() takes."""
        return formdata.get(name)

    @abstractmethod
    def read(self, reader, question, name: str, keep: str = "") -> str:
        """The value to store; keep is the stored answer (a retired choice stays valid)."""

    def form_value(self, value: str):
        return value

    def display(self, question, value: str, language: str, fallback: str) -> str:
        return value

    def export(self, question, value: str, language: str, fallback: str) -> str:
        return self.display(question, value, language, fallback)


class Text(Kind):
    name, title, limit, multiline = "text", _l("Short text"), 500, False

    def field(self, question, label, language, fallback):
        checks = [InputRequired()] if question.required else [Optional()]
        field = TextAreaField if self.multiline else StringField
        return field(
            label,
            checks + [Length(max=self.limit)],
            render_kw={"maxlength": self.limit},
        )

    def read(self, reader, question, name, keep=""):
        return reader.text(name, limit=self.limit, multiline=self.multiline)


class LongText(Text):
    name, title, limit, multiline = "long_text", _l("Long text"), 4000, True


class Checkbox(Kind):
    name, title = "checkbox", _l("Checkbox")

    def field(self, question, label, language, fallback):
        return BooleanField(label, [Marked()] if question.required else [])

    def read(self, reader, question, name, keep=""):
        return "yes" if rules.as_bool(reader.data.get(name)) else ""

    def form_value(self, value):
        return value == "yes"

    def display(self, question, value, language, fallback):
        return _("Yes") if value == "yes" else ""

    def export(self, question, value, language, fallback):
        return "yes" if value == "yes" else ""


class SingleChoice(Kind):
    name, title, has_choices = "single_choice", _l("One choice"), True

    def _choices(self, question, language, fallback):
        return [
            (c["key"], choice_label(c, language, fallback))
            for c in active_choices(question)
        ]

    def field(self, question, label, language, fallback):
        return RadioField(
            label,
            [Marked()] if question.required else [],
            choices=self._choices(question, language, fallback),
            validate_choice=False,
        )

    def _allowed(self, question, keep) -> set[str]:
        return {c["key"] for c in active_choices(question)} | set(keep)

    def read(self, reader, question, name, keep=""):
        value = reader.text(name, limit=40)
        if value and value not in self._allowed(question, [keep] if keep else []):
            reader.fail(name, _("Please choose from the options given."))
        return value

    def display(self, question, value, language, fallback):
        choice = _choice(question, value)
        return choice_label(choice, language, fallback) if choice else value


class MultipleChoice(SingleChoice):
    name, title = "multiple_choice", _l("Several choices")

    def field(self, question, label, language, fallback):
        return SelectMultipleField(
            label,
            [Marked()] if question.required else [],
            choices=self._choices(question, language, fallback),
            validate_choice=False,
            widget=widgets.ListWidget(prefix_label=False),
            option_widget=widgets.CheckboxInput(),
        )

    def raw(self, formdata, name):
        return formdata.getlist(name)

    def read(self, reader, question, name, keep=""):
        raw = reader.data.get(name)
        picked = raw if isinstance(raw, (list, tuple)) else ([raw] if raw else [])
        allowed = self._allowed(question, self.keys(keep))
        if any(not isinstance(p, str) or p not in allowed for p in picked):
            reader.fail(name, _("Please choose from the options given."))
            return ""
        keys = [c["key"] for c in question.choices if c["key"] in picked]
        return json.dumps(keys) if keys else ""

    @staticmethod
    def keys(value: str) -> list[str]:
        try:
            keys = json.loads(value) if value else []
        except ValueError:
            return []
        return [k for k in keys if isinstance(k, str)] if isinstance(keys, list) else []

    def form_value(self, value):
        return self.keys(value)

    def display(self, question, value, language, fallback):
        return ", ".join(
            super(MultipleChoice, self).display(question, key, language, fallback)
            for key in self.keys(value)
        )


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (Text(), LongText(), SingleChoice(), MultipleChoice(), Checkbox())
}
assert tuple(KINDS) == QUESTION_KINDS, "models.QUESTION_KINDS must list every kind"


def kind_choices() -> list[tuple[str, str]]:
    """(value, label) of every kind, for the secretariat's select."""
    return [(name, kind.title) for name, kind in KINDS.items()]


def kind_title(name: str) -> str:
    kind = KINDS.get(name)
    return str(kind.title) if kind else name


# ---------------------------------------------------------------- asking and reading


def field(question, language: str, fallback: str):
    """The WTForms field that asks a question (named q_<id> on the form)."""
    label = localized(question.label, language, fallback)
    return KINDS[question.kind].field(question, label, language, fallback)


def form_defaults(registration, questions) -> dict:
    """{q_<id>: value} of a registration's answers, as the form's fields hold them."""
    values = {a.question_id: a.value for a in registration.answers}
    return {
        f"q_{q.id}": KINDS[q.kind].form_value(values.get(q.id, "")) for q in questions
    }


def answer_payload(formdata, questions) -> dict:
    """{q_<id>: value} from submitted form data, for the service."""
    return {f"q_{q.id}": KINDS[q.kind].raw(formdata, f"q_{q.id}") for q in questions}


def read_answers(reader, questions, current: dict | None = None) -> dict[int, str]:
    """Stored values of the answers, keyed by question id.

    current: {question id: stored value}, so a retired choice already chosen stays valid.
    """
    current = current or {}
    answers = {}
    for question in questions:
        name = f"q_{question.id}"
        value = KINDS[question.kind].read(
            reader, question, name, current.get(question.id, "")
        )
        if question.required and not value and name not in reader.errors:
            reader.fail(name, _("This field is required."))
        if value:
            answers[question.id] = value
    return answers


def display(question, value: str, language: str | None = None) -> str:
    """An answer as people read it, in their language."""
    fallback = _main_language(question)
    return KINDS[question.kind].display(question, value, language, fallback)


def export_value(question, value: str, language: str) -> str:
    """An answer as an export cell, in the export's language."""
    fallback = _main_language(question)
    return KINDS[question.kind].export(question, value, language, fallback)


def shown_answers(registration, language: str | None = None) -> list[tuple]:
    """(question, answer as read) of a registration, in the questions' order."""
    answers = db.session.scalars(
        sa.select(RegistrationAnswer)
        .join(RegistrationAnswer.question)
        .where(RegistrationAnswer.registration_id == registration.id)
        .options(so.contains_eager(RegistrationAnswer.question))
        .order_by(RegistrationQuestion.position, RegistrationQuestion.id)
    )
    return [(a.question, display(a.question, a.value, language)) for a in answers]


def _main_language(question) -> str:
    meeting = question.meeting
    return (meeting.main_language if meeting is not None else None) or "en"


# ---------------------------------------------------------------- queries


def questions_for(
    meeting, category=None, *, all_categories=False, members=False
) -> list[RegistrationQuestion]:
    """The meeting's questions asked of a category (or of every category).

    members: only the questions a focal point answers for a delegation member.
    One query for the meeting's questions; which are asked is asked_of's rule.
    """
    query = (
        sa.select(RegistrationQuestion)
        .where(RegistrationQuestion.meeting_id == meeting.id)
        .options(so.joinedload(RegistrationQuestion.category))
        .order_by(RegistrationQuestion.position, RegistrationQuestion.id)
    )
    return asked_of(
        db.session.scalars(query),
        category,
        all_categories=all_categories,
        members=members,
    )


def asked_of(
    questions, category=None, *, all_categories=False, members=False
) -> list[RegistrationQuestion]:
    """Of a meeting's questions (in their order), those asked of a category:
    the ones for every category and the category's own; all of them with
    all_categories. A view that already holds the meeting's questions calls
    this instead of reading them again."""
    return [
        question
        for question in questions
        if (not members or question.asked_of_members)
        and (
            all_categories
            or question.category_id is None
            or (category is not None and question.category_id == category.id)
        )
    ]


def answer_counts(meeting) -> dict[int, int]:
    """{question id: number of answers} for every question of a meeting, in one query."""
    rows = db.session.execute(
        sa.select(RegistrationAnswer.question_id, sa.func.count())
        .join(RegistrationQuestion)
        .where(RegistrationQuestion.meeting_id == meeting.id)
        .group_by(RegistrationAnswer.question_id)
    ).all()
    return dict(rows)


def answer_count(question) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(RegistrationAnswer)
        .where(RegistrationAnswer.question_id == question.id)
    )


def choice_usage(question) -> dict[str, int]:
    """How many answers use each choice key."""
    values = db.session.scalars(
        sa.select(RegistrationAnswer.value).where(
            RegistrationAnswer.question_id == question.id
        )
    )
    usage: dict[str, int] = {}
    for value in values:
        keys = (
            MultipleChoice.keys(value)
            if question.kind == "multiple_choice"
            else [value]
        )
        for key in keys:
            usage[key] = usage.get(key, 0) + 1
    return usage


# ---------------------------------------------------------------- service


def _languages(meeting) -> list[str]:
    main = meeting.main_language or "en"
    return [main] + [lang for lang in meeting.languages or [] if lang != main]


def _text(data: dict, name: str, limit: int, errors: dict) -> str:
    value = data.get(name)
    value = value.strip() if isinstance(value, str) else ""
    if len(value) > limit or "\n" in value or "\r" in value:
        errors[name] = _("Please use one line of at most %(n)d characters.", n=limit)
    return value


def _label(meeting, data: dict, errors: dict) -> dict[str, str]:
    label = {}
    for lang in _languages(meeting):
        text = _text(data, f"label_{lang}", LABEL_LIMIT, errors)
        if text:
            label[lang] = text
    main = f"label_{_languages(meeting)[0]}"
    if not label.get(_languages(meeting)[0]) and main not in errors:
        errors[main] = _("Please write the question (at most 300 characters).")
    return label


def _choices(meeting, question, kind: str, data: dict, errors: dict) -> list[dict]:
    """The question's choices after the form: labels edited, retired, removed, added."""
    if not KINDS[kind].has_choices:
        return []
    languages = _languages(meeting)
    usage = choice_usage(question) if question is not None else {}
    kept = []
    for old in question.choices if question is not None else []:
        key = old["key"]
        if rules.as_bool(data.get(f"remove_{key}")):
            if usage.get(key):
                errors[f"remove_{key}"] = _(
                    "Answers use this choice: retire it instead of removing it."
                )
            else:
                continue
        label = {}
        for lang in languages:
            text = _text(data, f"choice_{key}_{lang}", CHOICE_LIMIT, errors)
            if text:
                label[lang] = text
        if not label.get(languages[0]):
            label = {**old.get("label", {}), **label}
        retired = rules.as_bool(data.get(f"retire_{key}"))
        kept.append({"key": key, "label": label, "retired": retired})
    taken = {c["key"] for c in kept}
    raw = data.get("choices") if isinstance(data.get("choices"), str) else ""
    for line in raw.splitlines():
        text = line.strip()
        if not text:
            continue
        if len(text) > CHOICE_LIMIT:
            errors["choices"] = _(
                "Please keep each choice under %(n)d characters.", n=CHOICE_LIMIT
            )
            break
        key = choice_key(text, taken)
        taken.add(key)
        kept.append({"key": key, "label": {languages[0]: text}, "retired": False})
    if len([c for c in kept if not c["retired"]]) < 2 and "choices" not in errors:
        errors["choices"] = _("Please give at least two choices, one per line.")
    elif len(kept) > MAX_CHOICES:
        errors["choices"] = _("At most %(n)d choices.", n=MAX_CHOICES)
    return kept


def _values(meeting, question, data: dict) -> dict:
    errors: dict[str, str] = {}
    label = _label(meeting, data, errors)
    kind = data.get("kind") or "text"
    if kind not in KINDS:
        errors["kind"] = _("Please choose from the list.")
        kind = question.kind if question is not None else "text"
    elif question is not None and kind != question.kind and answer_count(question):
        errors["kind"] = _(
            "People have answered this question: its kind can no longer change."
        )
        kind = question.kind
    category = None
    if data.get("category"):
        category = rules.find_category(meeting, data.get("category"))
        if category is None:
            errors["category"] = _("Please choose a category from the list.")
    values = {
        "label": label,
        "kind": kind,
        "category_id": category.id if category is not None else None,
        "required": rules.as_bool(data.get("required")),
        "asked_of_members": rules.as_bool(data.get("asked_of_members")),
        "choices": _choices(meeting, question, kind, data, errors),
    }
    if errors:
        raise InvalidInput(_("Please check the highlighted fields."), fields=errors)
    return values


def create_question(
    meeting, *, data: dict, actor, now: datetime
) -> RegistrationQuestion:
    """Add a question at the end of the meeting's form (for every category, or one).

    data: label_<lang>, kind, category (key or empty), required, asked_of_members,
    choices (new choices, one per line, in the main language).
    Raises: PermissionDenied, InvalidInput.
    """
    require(can_manage_meeting(actor, meeting))
    values = _values(meeting, None, data)
    position = len(questions_for(meeting, all_categories=True))
    question = RegistrationQuestion(meeting_id=meeting.id, position=position, **values)
    db.session.add(question)
    db.session.flush()
    record(
        "registration.question_add",
        actor=actor,
        obj=question,
        meeting=meeting,
        after={"label": values["label"], "kind": values["kind"]},
        now=now,
    )
    return question


def update_question(question, *, data: dict, actor, now: datetime) -> None:
    """Change a question: labels, kind (until answered), scope, required, choices.

    data as create_question, plus per existing choice choice_<key>_<lang>,
    retire_<key> and remove_<key>.
    Raises: PermissionDenied, InvalidInput (kind changed with answers, a used choice removed).
    """
    meeting = question.meeting
    require(can_manage_meeting(actor, meeting))
    values = _values(meeting, question, data)
    before = {
        k: getattr(question, k) for k in values if getattr(question, k) != values[k]
    }
    for name, value in values.items():
        setattr(question, name, value)
    db.session.flush()
    if before:
        record(
            "registration.question_update",
            actor=actor,
            obj=question,
            meeting=meeting,
            before=before,
            after={k: values[k] for k in before},
            now=now,
        )


def move_question(question, *, direction: str, actor, now: datetime) -> None:
    """Move a question one place up or down the form.

    Raises: PermissionDenied, InvalidInput (unknown direction).
    """
    meeting = question.meeting
    require(can_manage_meeting(actor, meeting))
    if direction not in ("up", "down"):
        raise InvalidInput(_("Please choose up or down."))
    ordered = questions_for(meeting, all_categories=True)
    index = ordered.index(question)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered):
        item.position = position
    db.session.flush()
    record(
        "registration.question_move",
        actor=actor,
        obj=question,
        meeting=meeting,
        after={"position": question.position},
        now=now,
    )


def delete_question(question, *, actor, now: datetime) -> None:
    """Remove a question and its answers.

    Raises: PermissionDenied.
    """
    meeting = question.meeting
    require(can_manage_meeting(actor, meeting))
    record(
        "registration.question_delete",
        actor=actor,
        obj=question,
        meeting=meeting,
        before={"label": question.label, "answers": answer_count(question)},
        now=now,
    )
    db.session.delete(question)
    db.session.flush()


def copy_questions(source, target, category_map: dict) -> list[RegistrationQuestion]:
    """The source meeting's questions, choices included, on another meeting's form.

    category_map: {source category id: target category}. Retired choices stay
    behind: the new meeting has no answers that use them.
    """
    copies = []
    for position, old in enumerate(questions_for(source, all_categories=True)):
        category = category_map.get(old.category_id)
        if old.category_id is not None and category is None:
            continue
        copies.append(
            RegistrationQuestion(
                meeting_id=target.id,
                category=category,
                label=dict(old.label),
                kind=old.kind,
                choices=[dict(c) for c in active_choices(old)],
                required=old.required,
                asked_of_members=old.asked_of_members,
                position=position,
            )
        )
    db.session.add_all(copies)
    db.session.flush()
    return copies
