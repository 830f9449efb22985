"""A small outcome document with one section of each kind, for outcome and PDF tests."""

import pytest

from eventsys import create_app
from eventsys.extensions import db as _db
from tests.conftest import base_config
from tests.factories import make_meeting
from tests.factories import make_role
from tests.factories import make_session
from tests.factories import make_user

SECTIONS = [
    (
        "background",
        "Why youth matters",
        "Young people are at the centre of migration.\n\n### Context\n\nSome context.",
    ),
    ("summary", "Opening session summary", "The chair **opened** the session."),
    (
        "good_practice",
        "Youth advisory boards",
        "Boards that advise migration authorities.",
    ),
    (
        "lesson_learned",
        "Participation needs influence",
        "Consultation without influence breeds disillusionment.",
    ),
    (
        "recommendation",
        "Recommendations to States",
        "- Fund youth organisations\n- Collect age-disaggregated data",
    ),
]


def make_team(meeting=None):
    """A meeting with a manager and a rapporteur: (meeting, manager, rapporteur)."""
    meeting = meeting or make_meeting(
        theme={"en": "Youth and migration"}, venue="Palais des Nations"
    )
    manager, rapporteur = make_user(), make_user()
    make_role(manager, meeting, "manager")
    make_role(rapporteur, meeting, "rapporteur")
    return meeting, manager, rapporteur


def make_document(meeting, actor, *, sections=SECTIONS, title="Youth Red Book"):
    from eventsys.outcomes import service

    session = make_session(meeting, title={"en": "Opening session"})
    document = service.create_document(
        meeting,
        actor=actor,
        data={"title": {"en": title}, "kind": "red_book", "language": "en"},
    )
    for kind, heading, body in sections:
        data = {
            "kind": kind,
            "heading": heading,
            "body": body,
            "session_id": session.id if kind == "summary" else None,
        }
        service.add_section(document, actor=actor, data=data)
    return document


@pytest.fixture
def file_backed_app(tmp_path):
    """The app on a file SQLite database: background PDF threads need their own connection."""
    app = create_app(
        base_config(
            tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'outcomes.db'}"
        )
    )
    with app.app_context():
        _db.create_all()
        yield app
        from eventsys.pdf import jobs

        jobs.wait_for_threads()
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()
