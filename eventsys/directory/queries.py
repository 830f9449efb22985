"""Selects of the directory: search with filters, the scope a manager sees, engagement."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.agenda.models import AgendaSession
from eventsys.agenda.models import SessionPerson
from eventsys.agenda.models import SpeakerRequest
from eventsys.agenda.models import session_organisations
from eventsys.auth.models import SeriesRole
from eventsys.directory import regions
from eventsys.directory.matching import name_key
from eventsys.directory.models import Membership
from eventsys.directory.models import Organisation
from eventsys.directory.models import OrganisationName
from eventsys.directory.models import VettingReview
from eventsys.documents.models import MeetingDocument
from eventsys.meetings.models import Meeting
from eventsys.meetings.models import MeetingRole
from eventsys.outcomes.models import OutcomeDocument
from eventsys.outcomes.models import document_contributors
from eventsys.privacy import service as privacy
from eventsys.registration.models import Delegation
from eventsys.registration.models import ParticipantCategory
from eventsys.registration.models import Registration


@dataclass
class Filters:
    q: str = ""
    kind: str = ""
    country: str = ""
    region: str = ""
    vetting: str = ""
    tag: str = ""
    meeting_id: int | None = None
    series_id: int | None = None


def sort_name():
    return sa.func.lower(Organisation.name["en"].as_string())


def directory(filters: Filters, *, today: date, meeting_ids=None):
    """Organisations (not merged away) matching the filters, by English name.

    meeting_ids: limit to organisations linked to these meetings (a manager's
    scope); None for the whole directory.
    """
    query = sa.select(Organisation).where(Organisation.merged_into_id.is_(None))
    key = name_key(filters.q)
    if key:
        # IN over the names, not EXISTS per organisation: SQLite then scans the
        # covering (key, organisation_id) index once instead of probing the
        # names of every organisation (17 ms -> 3 ms on 20,000 organisations).
        query = query.where(
            Organisation.id.in_(
                sa.select(OrganisationName.organisation_id).where(
                    OrganisationName.key.like(f"%{_escape(key)}%", escape="\\")
                )
            )
        )
    if filters.kind:
        query = query.where(Organisation.kind == filters.kind)
    if filters.country:
        query = query.where(Organisation.country == filters.country)
    if filters.region:
        # country || '': an expression, so SQLite does not multiply the kind
        # and country index by the region's countries and the ids of a text
        # search (72 ms -> 9 ms measured); one country alone still uses it.
        query = query.where(
            (Organisation.country + "").in_(regions.countries_in(filters.region))
        )
    if filters.vetting:
        query = query.where(_vetting_is(filters.vetting, today))
    if filters.tag:
        # tags is a JSON list: its text holds the tag as a JSON string.
        query = query.where(sa.cast(Organisation.tags, sa.Text).like(
            f'%"{_escape(filters.tag)}"%', escape="\\"))  # fmt: skip
    if filters.meeting_id or filters.series_id:
        query = query.where(Organisation.id.in_(_took_part(filters)))
    if meeting_ids is not None:
        query = query.where(Organisation.id.in_(linked_to_meetings(meeting_ids)))
    return query.order_by(sort_name(), Organisation.id)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _vetting_is(status: str, today: date):
    expired = sa.and_(
        Organisation.vetting_status == "approved",
        Organisation.vetting_expires_on < today,
    )
    if status == "expired":
        return sa.or_(Organisation.vetting_status == "expired", expired)
    if status == "approved":
        # An approval without expiry never expires (NOT on a NULL comparison is NULL).
        in_force = sa.or_(
            Organisation.vetting_expires_on.is_(None),
            Organisation.vetting_expires_on >= today,
        )
        return sa.and_(Organisation.vetting_status == "approved", in_force)
    return Organisation.vetting_status == status


def _meetings_of(filters: Filters):
    if filters.meeting_id:
        return sa.select(Meeting.id).where(Meeting.id == filters.meeting_id)
    return sa.select(Meeting.id).where(Meeting.series_id == filters.series_id)


def _took_part(filters: Filters):
    return linked_to_meetings(_meetings_of(filters))


def linked_to_meetings(meeting_ids):
    """Ids of organisations a registration or delegation of these meetings
    represents, or that organised one of their side events."""
    return sa.union(
        sa.select(Registration.represents_id).where(
            Registration.meeting_id.in_(meeting_ids),
            Registration.represents_id.is_not(None),
        ),
        sa.select(Delegation.represents_id).where(
            Delegation.meeting_id.in_(meeting_ids),
            Delegation.represents_id.is_not(None),
        ),
        sa.select(session_organisations.c.organisation_id)
        .join(AgendaSession, AgendaSession.id == session_organisations.c.session_id)
        .where(AgendaSession.meeting_id.in_(meeting_ids)),
    )


def managed_meeting_ids(user):
    """The meetings a user manages: their meeting roles and their series' meetings."""
    return sa.union(
        sa.select(MeetingRole.meeting_id).where(
            MeetingRole.user_id == user.id, MeetingRole.role == "manager"
        ),
        sa.select(Meeting.id)
        .join(SeriesRole, SeriesRole.series_id == Meeting.series_id)
        .where(SeriesRole.user_id == user.id, SeriesRole.role == "manager"),
    )


# -------------------------------------------------------------- engagement


def registrations_by_meeting(organisation_id: int, meeting_ids=None):
    """(meeting, category name, function, status, count) of the organisation's registrations.

    Counts, never persons: anonymised registrations still count.
    """
    query = (
        sa.select(
            Meeting,
            ParticipantCategory.name,
            Registration.function,
            Registration.status,
            sa.func.count(Registration.id),
        )
        .join(Meeting, Meeting.id == Registration.meeting_id)
        .join(ParticipantCategory, ParticipantCategory.id == Registration.category_id)
        .where(Registration.represents_id == organisation_id)
        .group_by(
            Meeting.id,
            ParticipantCategory.id,
            ParticipantCategory.name,
            Registration.function,
            Registration.status,
        )  # fmt: skip
        .order_by(Meeting.starts_at.desc(), Meeting.id, ParticipantCategory.position)
    )
    if meeting_ids is not None:
        query = query.where(Registration.meeting_id.in_(meeting_ids))
    return query


def delegations_of(organisation_id: int, meeting_ids=None):
    query = (
        sa.select(Delegation, Meeting)
        .join(Meeting, Meeting.id == Delegation.meeting_id)
        .where(Delegation.represents_id == organisation_id)
        .order_by(Meeting.starts_at.desc(), Delegation.id)
    )
    if meeting_ids is not None:
        query = query.where(Delegation.meeting_id.in_(meeting_ids))
    return query


def delegation_functions(delegation_ids):
    """(delegation id, function, count) of delegation members."""
    return (
        sa.select(Registration.delegation_id, Registration.function, sa.func.count())
        .where(Registration.delegation_id.in_(delegation_ids))
        .group_by(Registration.delegation_id, Registration.function)
    )


def speakers_of(organisation_id: int, meeting_ids=None):
    query = (
        sa.select(SessionPerson, AgendaSession, Meeting)
        .join(AgendaSession, AgendaSession.id == SessionPerson.session_id)
        .join(Meeting, Meeting.id == AgendaSession.meeting_id)
        .where(SessionPerson.organisation_id == organisation_id)
        .order_by(Meeting.starts_at.desc(), AgendaSession.starts_at, SessionPerson.id)
    )
    return _in_scope(query, meeting_ids)


def spoke_at(organisation_id: int, meeting_ids=None):
    """(session, meeting) of the sessions where someone took the floor for it, once each."""
    query = (
        sa.select(AgendaSession, Meeting)
        .join(Meeting, Meeting.id == AgendaSession.meeting_id)
        .where(
            sa.exists().where(
                SpeakerRequest.session_id == AgendaSession.id,
                SpeakerRequest.speaking_for_id == organisation_id,
                SpeakerRequest.status == "spoken",
            )
        )
        .order_by(Meeting.starts_at.desc(), AgendaSession.starts_at, AgendaSession.id)
    )
    return _in_scope(query, meeting_ids)


def documents_of(organisation_id: int, meeting_ids=None):
    """(document, meeting) its delegations sent: statements, notes verbales...;
    withdrawn ones too, since the engagement happened (the page shows no file)."""
    query = (
        sa.select(MeetingDocument, Meeting)
        .join(Meeting, Meeting.id == MeetingDocument.meeting_id)
        .where(MeetingDocument.organisation_id == organisation_id)
        .order_by(Meeting.starts_at.desc(), MeetingDocument.id)
    )
    return _in_scope(query, meeting_ids)


def contributions_of(organisation_id: int, meeting_ids=None):
    """(outcome document, meeting) naming the organisation among its contributors."""
    query = (
        sa.select(OutcomeDocument, Meeting)
        .join(document_contributors,
              document_contributors.c.document_id == OutcomeDocument.id)
        .join(Meeting, Meeting.id == OutcomeDocument.meeting_id)
        .where(document_contributors.c.organisation_id == organisation_id)
        .order_by(Meeting.starts_at.desc(), OutcomeDocument.id)
    )  # fmt: skip
    return _in_scope(query, meeting_ids)


def side_events_of(organisation_id: int, meeting_ids=None):
    """(session, meeting) of the side events it organised (linked on acceptance)."""
    query = (
        sa.select(AgendaSession, Meeting)
        .join(session_organisations,
              session_organisations.c.session_id == AgendaSession.id)
        .join(Meeting, Meeting.id == AgendaSession.meeting_id)
        .where(session_organisations.c.organisation_id == organisation_id)
        .order_by(Meeting.starts_at.desc(), AgendaSession.starts_at, AgendaSession.id)
    )  # fmt: skip
    return _in_scope(query, meeting_ids)


def contacts_of(organisation_id: int, *, notice_versions, retention_cutoff=None):
    """People who registered for the organisation, not anonymised, who agreed to
    be listed under a notice version that mentions the directory, for meetings
    inside the retention period (the purge's rule, even before it has run);
    newest first."""
    return (
        sa.select(Registration, Meeting)
        .join(Meeting, Meeting.id == Registration.meeting_id)
        .where(
            Registration.represents_id == organisation_id,
            Registration.anonymised_at.is_(None),
            Registration.consent_to_list.is_(True),
            Registration.notice_version.in_(notice_versions),
            privacy.inside_retention(retention_cutoff),
            Registration.status.in_(("confirmed", "pending", "waitlisted")),
        )
        .order_by(Registration.created_at.desc(), Registration.id.desc())
        .limit(50)
    )


def processes():
    """The consultation mechanisms (kind iscm) of the public /processes/ page, by name."""
    return (
        sa.select(Organisation)
        .options(so.joinedload(Organisation.series))
        .where(Organisation.kind == "iscm", Organisation.merged_into_id.is_(None))
        .order_by(sort_name(), Organisation.id)
    )


def members_of_series(series_ids):
    """(series id, member organisation, status) of these series, by name."""
    return (
        sa.select(Membership.series_id, Organisation, Membership.status)
        .join(Organisation, Organisation.id == Membership.organisation_id)
        .where(Membership.series_id.in_(series_ids))
        .order_by(sort_name(), Organisation.id)
    )


def is_member_of(organisation_id: int, series_id: int):
    """Whether the organisation is a member (not an observer) of the series' body."""
    return sa.select(
        sa.exists().where(
            Membership.organisation_id == organisation_id,
            Membership.series_id == series_id,
            Membership.status == "member",
        )
    )


def mechanism_of(series_id: int):
    """The consultation mechanism whose meetings the series holds, if one is entered."""
    return (
        sa.select(Organisation)
        .where(
            Organisation.series_id == series_id, Organisation.merged_into_id.is_(None)
        )
        .order_by(Organisation.id)
        .limit(1)
    )


def reviews_of(organisation_id: int):
    return (
        sa.select(VettingReview)
        .options(so.joinedload(VettingReview.reviewer))
        .where(VettingReview.organisation_id == organisation_id)
        .order_by(VettingReview.at.desc(), VettingReview.id.desc())
    )


def memberships_of(organisation_id: int):
    return (
        sa.select(Membership)
        .options(so.joinedload(Membership.series))
        .where(Membership.organisation_id == organisation_id)
        .order_by(Membership.id)
    )


def pending_held(organisation_id: int):
    """Pending registrations linked to it in categories that need an approved organisation."""
    return (
        sa.select(Registration, Meeting)
        .join(Meeting, Meeting.id == Registration.meeting_id)
        .join(ParticipantCategory, ParticipantCategory.id == Registration.category_id)
        .where(
            Registration.represents_id == organisation_id,
            Registration.status == "pending",
            ParticipantCategory.requires_approved_organisation.is_(True),
        )
        .order_by(Registration.created_at, Registration.id)
    )


def _in_scope(query, meeting_ids):
    """The timeline's query kept to the meetings the reader may see (None: all)."""
    if meeting_ids is None:
        return query
    return query.where(Meeting.id.in_(meeting_ids))
