"""A small outcome document with one section of each kind, for outcome and PDF tests."""

from tests.factories import make_meeting
from tests.factories import make_role
from tests.factories import make_session
from tests.factories import make_user

SECTIONS = [
    ("background", "Why youth matters", "Young people are at the centre of migration.\n\n### Context\n\nSome context."),
    ("summary", "Opening session summary", "The chair **opened** the session."),
    ("good_practice", "Youth advisory boards", "Boards that advise migration authorities."),
    ("lesson_learned", "Participation needs influence", "Consultation without influence breeds disillusionment."),
    ("recommendation", "Recommendations to States", "- Fund youth organisations\n- Collect age-disaggregated data"),
]


def make_team(meeting=None):
    """A meeting with a manager and a rapporteur: (meeting, manager, rapporteur)."""
    meeting = meeting or make_meeting(theme={"en": "Youth and migration"}, venue="Palais des Nations")
    manager, rapporteur = make_user(), make_user()
    make_role(manager, meeting, "manager")
    make_role(rapporteur, meeting, "rapporteur")
    return meeting, manager, rapporteur


def make_document(meeting, actor, *, sections=SECTIONS, title="Youth Red Book"):
    from eventsys.outcomes import service

    session = make_session(meeting, title={"en": "Opening session"})
    document = service.create_document(meeting, actor=actor, data={"title": {"en": title}, "kind": "red_book", "language": "en"})
    for kind, heading, body in sections:
        data = {"kind": kind, "heading": heading, "body": body, "session_id": session.id if kind == "summary" else None}
        service.add_section(document, actor=actor, data=data)
    return document
