"""How a background job builds a PDF's spec again, from ids alone.

A spec carries its recipe (`PdfSpec.recipe`): a name below and JSON-able
arguments. A job gets only the recipe, so it loads everything again in its
own app context and sees what the request committed. A recipe whose rows
are gone (a deleted meeting, a cancelled badge) builds nothing.
"""

import sqlalchemy as sa

from eventsys.extensions import db
from eventsys.meetings.models import Meeting
from eventsys.pdf import documents


def _agenda(meeting_id: int, language: str, release_id: int | None):
    from eventsys.agenda.models import AgendaRelease

    meeting = db.session.get(Meeting, meeting_id)
    release = db.session.get(AgendaRelease, release_id) if release_id else None
    if meeting is None or (release_id and release is None):
        return None
    return documents.agenda_pdf(meeting, language, release)


def _outcome(meeting_id: int, version_id: int):
    from eventsys.outcomes.models import DocumentVersion

    version = db.session.get(DocumentVersion, version_id)
    return documents.outcome_pdf(version.document, version) if version else None


def _participants(meeting_id: int, public: bool, language: str):
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        return None
    return documents.participants_pdf(meeting, public=public, language=language)


def _proceedings(meeting_id: int, language: str):
    meeting = db.session.get(Meeting, meeting_id)
    return documents.proceedings_pdf(meeting, language) if meeting else None


def _delegations(meeting_id: int, language: str):
    meeting = db.session.get(Meeting, meeting_id)
    return documents.delegations_pdf(meeting, language) if meeting else None


def _badges(meeting_id: int, ids: list[int], layout: str, language: str):
    from eventsys.onsite import badges
    from eventsys.registration.models import Registration

    meeting = db.session.get(Meeting, meeting_id)
    people = db.session.scalars(
        sa.select(Registration).where(
            Registration.meeting_id == meeting_id, Registration.id.in_(ids)
        )
    ).all()
    if meeting is None or len(people) != len(set(ids)):
        return None
    return badges.badges_spec(meeting, people, language=language, layout=layout)


def _certificate(meeting_id: int, registration_id: int, language: str):
    from eventsys.onsite import certificates
    from eventsys.registration.models import Registration

    registration = db.session.get(Registration, registration_id)
    if registration is None:
        return None
    checkins = certificates.attended_days(registration)
    return certificates.certificate_spec(registration, checkins, language=language)


RECIPES = {
    "agenda": _agenda,
    "outcome": _outcome,
    "participants": _participants,
    "proceedings": _proceedings,
    "delegations": _delegations,
    "badges": _badges,
    "certificate": _certificate,
}


def build(recipe) -> documents.PdfSpec | None:
    """The spec a recipe describes now, or None when its rows are gone.

    Every recipe's first argument is its meeting's id.
    """
    name, *args = recipe
    return RECIPES[name](*args)
