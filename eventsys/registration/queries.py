"""Selects over registrations, shared by pages, exports, PDFs and the API."""

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.extensions import db
from eventsys.registration.models import Delegation
from eventsys.registration.models import ParticipantCategory
from eventsys.registration.models import Registration

FUNCTION_ORDER = sa.case(
    (Registration.function == "head_of_delegation", 0),
    (Registration.function == "alternate", 1),
    (Registration.function == "adviser", 2),
    (Registration.function == "member", 3),
    else_=4,
)


def list_order() -> tuple:
    """The list order (docs/seats.md): category, State/organisation, function, family name."""
    return (
        ParticipantCategory.position,
        ParticipantCategory.id,
        sa.func.lower(Registration.represents),
        FUNCTION_ORDER,
        sa.func.lower(Registration.family_name),
        sa.func.lower(Registration.given_name),
        Registration.id,
    )


def meeting_categories(meeting) -> sa.Select:
    """The meeting's categories in their order (forms, lists, the API)."""
    return (
        sa.select(ParticipantCategory)
        .where(ParticipantCategory.meeting_id == meeting.id)
        .order_by(ParticipantCategory.position, ParticipantCategory.id)
    )


def meeting_registrations(
    meeting, *, status: str | None = None, category_key: str | None = None
) -> sa.Select:
    """Every registration of a meeting in arrival order, with what a record shows."""
    query = (
        sa.select(Registration)
        .where(Registration.meeting_id == meeting.id)
        .options(
            so.joinedload(Registration.category),
            so.joinedload(Registration.delegation),
            so.joinedload(Registration.meeting),
            so.selectinload(Registration.answers),
        )
        .order_by(Registration.id)
    )
    if status is not None:
        query = query.where(Registration.status == status)
    if category_key is not None:
        query = query.where(
            Registration.category_id.in_(
                sa.select(ParticipantCategory.id).where(
                    ParticipantCategory.meeting_id == meeting.id,
                    ParticipantCategory.key == category_key,
                )
            )
        )
    return query


def participant_list(meeting, *, public: bool, statuses=("confirmed",)) -> sa.Select:
    """Registrations of a meeting in list order.

    public=True keeps only what a public list may show: confirmed people whose
    category is on the public list and who consented (the caller checks the
    meeting's own public_participant_list). Never select emails for display
    from a public list.
    """
    query = (
        sa.select(Registration)
        .join(ParticipantCategory, Registration.category_id == ParticipantCategory.id)
        .where(Registration.meeting_id == meeting.id)
        .options(
            so.contains_eager(Registration.category),
            so.selectinload(Registration.delegation),
        )
        .order_by(*list_order())
    )
    if public:
        return query.where(
            Registration.status == "confirmed",
            ParticipantCategory.on_public_list.is_(True),
            Registration.consent_to_list.is_(True),
        )
    if statuses:
        query = query.where(Registration.status.in_(statuses))
    return query


def count_by_status(meeting) -> dict[str, int]:
    rows = db.session.execute(
        sa.select(Registration.status, sa.func.count())
        .where(Registration.meeting_id == meeting.id)
        .group_by(Registration.status)
    ).all()
    return dict(rows)


def count_by_category(meeting) -> dict[int, dict[str, int]]:
    """{category id: {status: count}}."""
    rows = db.session.execute(
        sa.select(Registration.category_id, Registration.status, sa.func.count())
        .where(Registration.meeting_id == meeting.id)
        .group_by(Registration.category_id, Registration.status)
    ).all()
    counts: dict[int, dict[str, int]] = {}
    for category_id, status, count in rows:
        counts.setdefault(category_id, {})[status] = count
    return counts


SORTS = {
    "list": list_order(),
    "name": (
        sa.func.lower(Registration.family_name),
        sa.func.lower(Registration.given_name),
        Registration.id,
    ),
    "created": (Registration.created_at, Registration.id),
    "status": (Registration.status, Registration.created_at, Registration.id),
    "country": (
        Registration.country,
        sa.func.lower(Registration.family_name),
        Registration.id,
    ),
}


def search_registrations(
    meeting,
    *,
    q="",
    status="",
    category_id=None,
    country="",
    attendance="",
    sort="created",
) -> sa.Select:
    """The secretariat's table: text search and filters."""
    query = (
        sa.select(Registration)
        .join(ParticipantCategory, Registration.category_id == ParticipantCategory.id)
        .where(Registration.meeting_id == meeting.id)
        .options(
            so.contains_eager(Registration.category),
            so.selectinload(Registration.delegation),
        )
    )
    if q:
        pattern = f"%{q.lower()}%"
        query = query.where(
            sa.or_(
                *(
                    sa.func.lower(column).like(pattern)
                    for column in (
                        Registration.given_name,
                        Registration.family_name,
                        Registration.email,
                        Registration.organisation,
                        Registration.represents,
                    )
                )
            )
        )
    if status:
        query = query.where(Registration.status == status)
    if category_id:
        query = query.where(Registration.category_id == category_id)
    if country:
        query = query.where(Registration.country == country)
    if attendance:
        query = query.where(Registration.attendance == attendance)
    return query.order_by(*SORTS.get(sort, SORTS["created"]))


def delegations_of(meeting) -> sa.Select:
    return (
        sa.select(Delegation)
        .where(Delegation.meeting_id == meeting.id)
        .options(so.selectinload(Delegation.members).joinedload(Registration.category))
        .order_by(sa.func.lower(Delegation.represents), Delegation.id)
    )


def registrations_in_order(meeting, ids) -> sa.Select:
    """These registrations of the meeting in arrival order (the order seats go in)."""
    return (
        sa.select(Registration)
        .where(Registration.meeting_id == meeting.id, Registration.id.in_(ids))
        .order_by(Registration.created_at, Registration.id)
    )
