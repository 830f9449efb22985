"""How a background job builds a PDF's spec again, from ids alone.

A spec carries its recipe (`PdfSpec.recipe`): a name below and JSON-able
arguments. A job gets only the recipe, so it loads everything again in its
own app context and sees what the request committed. A recipe whose rows
are gone (a deleted meeting, a cancelled badge) builds nothing.

A private recipe (PRIVATE: the visa letter, which carries passport data)
builds no spec: its owner renders and keeps the file itself, encrypted, and
it never enters the PDF cache.
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


def _visa_letter(meeting_id: int, visa_id: int) -> bool:
    from flask import current_app

    from eventsys import crypto
    from eventsys.documents.storage import from_config
    from eventsys.onsite import letters
    from eventsys.onsite import visa as visas
    from eventsys.onsite.models import VisaRequest

    visa = db.session.get(VisaRequest, visa_id)
    if visa is None or visa.registration.meeting_id != meeting_id:
        return False
    rendered = visas.render_letter(
        visa,
        cipher=crypto.cipher(current_app.config),
        storage=from_config(current_app.config),
        render=lambda v, passport, code: letters.letter_pdf(
            v, passport, code, issued_at=v.issued_at
        ),
    )
    db.session.commit()  # the job is the boundary: the letter's key commits here
    return rendered


PRIVATE = {"visa_letter": _visa_letter}


def is_private(recipe) -> bool:
    return recipe[0] in PRIVATE


def run_private(recipe) -> bool:
    """Render a private recipe's file through its owner; True when it rendered."""
    name, *args = recipe
    return PRIVATE[name](*args)


def build(recipe) -> documents.PdfSpec | None:
    """The spec a recipe describes now, or None when its rows are gone.

    Every recipe's first argument is its meeting's id.
    """
    name, *args = recipe
    return RECIPES[name](*args)
