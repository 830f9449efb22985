"""The demo's stakeholder directory (data/organisations.json), loaded idempotently.

Each organisation is created once (found again by its English name), gets its
vetting review, and the demo registrations and delegations whose "represents"
reads as one of its names are linked to it. States come from the UN list and
take the delegations of their country.
"""

import sqlalchemy as sa

from eventsys.agenda.models import SessionPerson
from eventsys.directory import matching
from eventsys.directory import service
from eventsys.directory import vetting
from eventsys.extensions import db
from eventsys.meetings.models import Meeting
from eventsys.meetings.models import Series
from eventsys.models import utcnow
from eventsys.registration.models import Delegation
from eventsys.registration.models import Registration


def load_organisation(item: dict, admin) -> str | None:
    service.ensure_states()
    if matching.exact_match(item["name"]["en"]) is not None:
        return None
    data = {
        "kind": item["kind"],
        "country": item.get("country", ""),
        "website": item.get("website", ""),
        "description": item.get("description", ""),
        "secretariat": item.get("secretariat", ""),
        "aliases": item.get("aliases", []),
        "tags": item.get("tags", []),
        "contacts": [
            f"{c['duty_station']}: {c['email']}" for c in item.get("contacts", [])
        ],
    }
    for field in ("name", "acronym"):
        for language, text in item.get(field, {}).items():
            data[f"{field}_{language}"] = text
    organisation = service.create_organisation(data, actor=admin)
    if item.get("series"):
        organisation.series_id = db.session.scalar(
            sa.select(Series.id).where(Series.slug == item["series"])
        )
    if "review" in item:
        service.record_review(
            organisation, _review(item["review"]), actor=admin, now=utcnow()
        )
    linked = sum(
        service.link_unmatched(text, organisation, actor=admin)
        for text in {
            *item["name"].values(),
            *item.get("acronym", {}).values(),
            *item.get("aliases", []),
        }
    )
    _link_others()
    return f"organisation {item['name']['en']}: added, {linked} linked"


def _review(review: dict) -> dict:
    keys = [c.key for c in vetting.criteria()]
    checked = keys if review.get("criteria") == "all" else review.get("criteria", [])
    return {
        "decision": review["decision"],
        "reason": review.get("reason", ""),
        "expires_on": review.get("expires_on", ""),
        **{f"criterion_{key}": "y" for key in checked},
    }


def _link_others() -> None:
    """Delegations, registrations and speakers that name an organisation (a State by its country)."""
    for delegation in db.session.scalars(
        sa.select(Delegation).where(Delegation.represents_id.is_(None))
    ):
        service.suggest_for_delegation(delegation)
    for registration in db.session.scalars(
        sa.select(Registration).where(
            Registration.represents_id.is_(None), Registration.represents != ""
        )
    ):
        service.suggest_for_registration(registration)
    for person in db.session.scalars(
        sa.select(SessionPerson).where(
            SessionPerson.organisation_id.is_(None), SessionPerson.affiliation != ""
        )
    ):
        person.organisation_id = matching.organisation_id_for(person.affiliation)
    db.session.flush()


def load_memberships(item: dict, admin) -> str | None:
    """A few States of a demo series (marked as demo in the data: no real list)."""
    series = db.session.scalar(sa.select(Series).where(Series.slug == item["series"]))
    if series is None:
        return None
    added = 0
    for code in item["states"]:
        state = service.ensure_state(code)
        if all(m.series_id != series.id for m in state.memberships):
            service.set_membership(state, series, item["status"], actor=admin)
            added += 1
    return f"memberships of {series.slug}: {added} added" if added else None


def load_designation(item: dict, admin, now) -> str | None:
    """An approved organisation's designation link and the representatives it
    named, through the same service calls as the pages (an invitee who
    "registers" accepts their invitation). Skipped once the link exists."""
    from eventsys.directory import designations
    from eventsys.directory.models import Designation
    from eventsys.invitations import service as invitations
    from eventsys.invitations.models import Invitation

    meeting = db.session.scalar(
        sa.select(Meeting).where(Meeting.slug == item["meeting"])
    )
    organisation = matching.exact_match(item["organisation"])
    if meeting is None or organisation is None:
        return None
    exists = sa.select(Designation.id).where(
        Designation.meeting_id == meeting.id,
        Designation.organisation_id == organisation.id,
    )
    if db.session.scalar(exists) is not None:
        return None
    designation = designations.send(meeting, organisation, actor=admin, now=now, data={
        "category": item["category"], "duty_station": item.get("duty_station", ""),
        "language": item.get("language", "en")})  # fmt: skip
    for person in item["representatives"]:
        fields = ("title", "given_name", "family_name", "email", "language")
        named = designations.designate(
            designation, data={k: person.get(k, "") for k in fields}, now=now
        )
        if isinstance(named, Invitation) and "registers" in person:
            invitations.accept(named, now=now, language=person["language"], data={
                **{k: person[k] for k in ("title", "given_name", "family_name")},
                **person["registers"], "consent_to_list": "y", "privacy_accepted": "y"})  # fmt: skip
    return f"designation {meeting.slug}: {organisation.display_name()}, {len(item['representatives'])} named"
