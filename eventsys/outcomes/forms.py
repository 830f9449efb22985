"""Forms of the outcome document pages; the service holds the real rules."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms import SelectMultipleField
from wtforms import StringField
from wtforms import SubmitField
from wtforms import TextAreaField
from wtforms import widgets
from wtforms.validators import DataRequired
from wtforms.validators import Length
from wtforms.validators import Optional

from eventsys.forms import Form
from eventsys.forms import strip_whitespace
from eventsys.labels import DOCUMENT_KIND
from eventsys.labels import SECTION_KIND
from eventsys.outcomes.service import MAX_BODY
from eventsys.outcomes.service import MAX_COMMENT
from eventsys.outcomes.service import MAX_HEADING
from eventsys.outcomes.service import MAX_TITLE

LANGUAGE_CHOICES = [("en", "English"), ("fr", "Français"), ("es", "Español")]
STRIP = [strip_whitespace]


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class DocumentForm(Form):
    kind = SelectField(_l("Kind of document"), choices=list(DOCUMENT_KIND.items()))
    language = SelectField(_l("Language of the document"), choices=LANGUAGE_CHOICES)
    title_en = StringField(
        _l("Title (English)"), filters=STRIP, validators=[Length(max=MAX_TITLE)]
    )
    title_fr = StringField(
        _l("Title (French)"), filters=STRIP, validators=[Length(max=MAX_TITLE)]
    )
    title_es = StringField(
        _l("Title (Spanish)"), filters=STRIP, validators=[Length(max=MAX_TITLE)]
    )
    also_covers = MultiCheckboxField(
        _l("Also covers these meetings"), choices=[], validate_choice=False
    )

    contributors = TextAreaField(
        _l("Contributing organisations (names or directory numbers, one a line)"),
        validators=[Length(max=20_000)],
    )

    def data_for_service(self) -> dict:
        return {
            "contributors": self.contributors.data or "",
            "kind": self.kind.data,
            "language": self.language.data,
            "title": {
                code: getattr(self, f"title_{code}").data or ""
                for code in ("en", "fr", "es")
            },
            "also_covers": self.also_covers.data or [],
        }


class SectionForm(Form):
    heading = StringField(
        _l("Heading"),
        filters=STRIP,
        validators=[DataRequired(), Length(max=MAX_HEADING)],
    )
    kind = SelectField(_l("Kind of section"), choices=list(SECTION_KIND.items()))
    session_id = SelectField(
        _l("Session"), choices=[], validate_choice=False, validators=[Optional()]
    )
    body = TextAreaField(
        _l("Text (Markdown)"), validators=[Length(max=MAX_BODY)], render_kw={"rows": 18}
    )
    preview = SubmitField(_l("Preview"))
    save = SubmitField(_l("Save section"))

    def data_for_service(self) -> dict:
        return {
            "heading": self.heading.data,
            "kind": self.kind.data,
            "session_id": self.session_id.data or None,
            "body": self.body.data or "",
        }


class ReturnForm(Form):
    comment = TextAreaField(
        _l("Comment for the rapporteur"),
        filters=STRIP,
        validators=[DataRequired(), Length(max=MAX_COMMENT)],
        render_kw={"rows": 5},
    )


class EmptyForm(Form):
    """A button that posts: only the CSRF token."""
