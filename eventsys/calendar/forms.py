"""The private feed's alarm (on /account)."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from eventsys.forms import Form

# Minutes before each event; "" is no alarm.
FEED_ALARMS = ("", "15", "60", "1440")


class FeedAlarmForm(Form):
    minutes = SelectField(
        _l("Alarm in my calendar"),
        choices=[
            ("", _l("No alarm")),
            ("15", _l("15 minutes before")),
            ("60", _l("1 hour before")),
            ("1440", _l("1 day before")),
        ],
        default="",
    )
