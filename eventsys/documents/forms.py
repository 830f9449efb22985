"""Forms of the documents pages; the service and documents.safety hold the rules."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import Length
from wtforms.validators import Optional

from eventsys.documents.service import MAX_REASON
from eventsys.documents.service import MAX_SYMBOL
from eventsys.documents.service import MAX_TITLE
from eventsys.forms import Form
from eventsys.forms import strip_whitespace
from eventsys.i18n import language_name
from eventsys.labels import DOCUMENT_VISIBILITY
from eventsys.labels import MEETING_DOCUMENT_KIND

STRIP = [strip_whitespace]
TITLE_LABELS = {
    "en": _l("Title (English)"),
    "fr": _l("Title (French)"),
    "es": _l("Title (Spanish)"),
}
FILE_LABELS = {
    "en": _l("File (English)"),
    "fr": _l("File (French)"),
    "es": _l("File (Spanish)"),
}


def _none_or_int(value):
    return int(value) if value not in (None, "", "None") else None


class DocumentForm(Form):
    kind = SelectField(
        _l("Kind of document"), choices=list(MEETING_DOCUMENT_KIND.items())
    )
    symbol = StringField(
        _l("Symbol"), filters=STRIP, validators=[Optional(), Length(max=MAX_SYMBOL)]
    )
    title_en = StringField(
        TITLE_LABELS["en"], filters=STRIP, validators=[Length(max=MAX_TITLE)]
    )
    title_fr = StringField(
        TITLE_LABELS["fr"], filters=STRIP, validators=[Length(max=MAX_TITLE)]
    )
    title_es = StringField(
        TITLE_LABELS["es"], filters=STRIP, validators=[Length(max=MAX_TITLE)]
    )
    visibility = SelectField(
        _l("Who may see it"), choices=list(DOCUMENT_VISIBILITY.items())
    )
    session_id = SelectField(
        _l("Session (optional)"), coerce=_none_or_int, validate_choice=False
    )
    file_en = FileField(FILE_LABELS["en"])
    file_fr = FileField(FILE_LABELS["fr"])
    file_es = FileField(FILE_LABELS["es"])
    publish = BooleanField(_l("Publish now (otherwise it stays a draft)"))

    def to_data(self, languages) -> dict:
        return {
            "kind": self.kind.data,
            "symbol": self.symbol.data or "",
            "title": {code: self[f"title_{code}"].data or "" for code in languages},
            "visibility": self.visibility.data,
            "session_id": self.session_id.data,
        }


class FileForm(Form):
    language = SelectField(_l("Language"), validate_choice=False)
    file = FileField(_l("File"))

    def set_languages(self, languages) -> None:
        self.language.choices = [(code, language_name(code)) for code in languages]


class WithdrawForm(Form):
    reason = TextAreaField(
        _l("Why is it withdrawn?"), filters=STRIP, validators=[Length(max=MAX_REASON)]
    )


class DelegationDocumentForm(Form):
    """What a focal point sends: a statement, a note verbale or credentials."""

    kind = SelectField(_l("What is it?"), validate_choice=False)
    language = SelectField(_l("Language"), validate_choice=False)
    title = StringField(
        _l("Title (optional)"), filters=STRIP, validators=[Length(max=MAX_TITLE)]
    )
    session_id = SelectField(
        _l("Session of the statement (optional)"),
        coerce=_none_or_int,
        validate_choice=False,
    )
    allow_publication = BooleanField(
        _l("Publish the statement once it has been delivered"), default=True
    )
    file = FileField(_l("File"))

    def set_choices(self, kinds, languages, sessions) -> None:
        self.kind.choices = kinds
        self.language.choices = [(code, language_name(code)) for code in languages]
        self.session_id.choices = sessions


class DeliveredForm(FileForm):
    """The delivered text of a statement (a new version)."""
