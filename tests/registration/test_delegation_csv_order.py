import csv
import io

from eventsys.extensions import db
from eventsys.registration import exports
from eventsys.registration.models import Delegation
from tests.factories import make_meeting
from tests.factories import make_user


def _names(export) -> list[str]:
    text = export.body.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    return [row[0] for row in rows[1:]]


def test_delegations_csv_is_alphabetical_in_the_lists_language(app, now):
    admin = make_user(is_admin=True)
    meeting = make_meeting()
    for represents, code in (("Chad", "TD"), ("Germany", "DE")):
        db.session.add(
            Delegation(
                meeting=meeting,
                represents=represents,
                country=code,
                focal_point_email=f"{code}@example.org",
            )
        )
    db.session.flush()
    english = _names(
        exports.export_delegations(meeting, actor=admin, now=now, language="en")
    )
    french = _names(
        exports.export_delegations(meeting, actor=admin, now=now, language="fr")
    )
    assert english == ["Chad", "Germany"]
    assert french == ["Allemagne", "Tchad"]
