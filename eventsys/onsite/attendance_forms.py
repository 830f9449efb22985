"""Forms of the attendance page: record by hand, import a platform's report."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import SelectField
from wtforms import StringField
from wtforms.validators import Length
from wtforms.validators import Optional

from eventsys.forms import Form
from eventsys.forms import strip_whitespace


class ManualAttendanceForm(Form):
    email = StringField(
        _l("Participant's email"),
        filters=[strip_whitespace],
        validators=[Length(max=254)],
    )
    day = SelectField(_l("Day"), choices=[])


class AttendanceImportForm(Form):
    file = FileField(_l("Attendance report (CSV or XLSX)"))
    day = SelectField(
        _l("Day of rows without a date"), choices=[], validators=[Optional()]
    )


def day_choices(days, label) -> list[tuple[str, str]]:
    return [(d.isoformat(), label(d)) for d in days]
