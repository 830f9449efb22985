"""The figures of the dashboards, each a Chart of (label, count) rows.

One GROUP BY per chart, so a dashboard costs the same number of queries
whatever the size of the meeting. Counts of people are of active
registrations (pending, waiting list, confirmed) unless the chart says
otherwise.
"""

from datetime import date
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from eventsys import labels
from eventsys.agenda import parity
from eventsys.dates import format_date
from eventsys.directory import participation
from eventsys.directory import regions
from eventsys.directory.charts import Chart
from eventsys.directory.models import CIVIL_SOCIETY_KINDS
from eventsys.directory.models import FirstParticipation
from eventsys.directory.models import Organisation
from eventsys.i18n import localized
from eventsys.meetings.models import Meeting
from eventsys.onsite.models import Checkin
from eventsys.registration import countries
from eventsys.registration.models import ACTIVE_STATUSES
from eventsys.registration.models import Delegation
from eventsys.registration.models import ParticipantCategory
from eventsys.registration.models import Registration

TOP_COUNTRIES = 20


def _active(meeting_id):
    return sa.and_(
        Registration.meeting_id == meeting_id, Registration.status.in_(ACTIVE_STATUSES)
    )


def _counts(session, query) -> list[tuple]:
    return [tuple(row) for row in session.execute(query)]


def meeting_charts(session, meeting: Meeting, language: str) -> list[Chart]:
    return [
        by_status(session, meeting),
        over_time(session, meeting, language),
        by_category(session, meeting, language),
        by_attendance(session, meeting),
        *by_country_and_region(session, meeting, language),
        by_kind(session, meeting),
        new_and_returning(session, meeting),
        delegations_by_status(session, meeting),
        checkins_per_day(session, meeting, language),
        *gender_balance(meeting),
    ]


def by_status(session, meeting) -> Chart:
    rows = _counts(session, sa.select(Registration.status, sa.func.count())
                   .where(Registration.meeting_id == meeting.id)
                   .group_by(Registration.status))  # fmt: skip
    order = {
        s: i
        for i, s in enumerate(
            ("confirmed", "pending", "waitlisted", "rejected", "cancelled")
        )
    }
    rows.sort(key=lambda r: order.get(r[0], 99))
    return Chart("status", _("Registrations by status"),
                 _("Every registration of the meeting, cancelled and rejected ones included, by status."),
                 [(str(labels.STATUS.get(s, s)), n) for s, n in rows])  # fmt: skip


def _day(session, column):
    # SQLite keeps the UTC time as ISO text: its first ten characters are the
    # day, three times faster than parsing each value with date().
    if session.get_bind().dialect.name == "sqlite":
        return sa.func.substr(column, 1, 10)
    return sa.func.date(column)


def over_time(session, meeting, language) -> Chart:
    day = _day(session, Registration.created_at)
    rows = _counts(session, sa.select(day, sa.func.count())
                   .where(Registration.meeting_id == meeting.id).group_by(day).order_by(day))  # fmt: skip
    weeks: dict = {}
    for value, count in rows:
        moment = value if not isinstance(value, str) else _parse_day(value)
        monday = moment - timedelta(days=moment.weekday())
        weeks[monday] = weeks.get(monday, 0) + count
    return Chart("over_time", _("Registrations over time"),
                 _("Registrations received each week (by the Monday that starts it), whatever their status now."),
                 [(_("Week of %(date)s", date=format_date(w, "UTC", language)), n)
                  for w, n in sorted(weeks.items())])  # fmt: skip


def _parse_day(text: str) -> date:
    # SQLite's date() gives text; PostgreSQL's a date.
    return date.fromisoformat(text[:10])


def by_category(session, meeting, language) -> Chart:
    rows = _counts(session, sa.select(ParticipantCategory.name, sa.func.count(Registration.id))
                   .join(Registration, Registration.category_id == ParticipantCategory.id)
                   .where(_active(meeting.id))
                   .group_by(ParticipantCategory.id, ParticipantCategory.name, ParticipantCategory.position)
                   .order_by(ParticipantCategory.position, ParticipantCategory.id))  # fmt: skip
    return Chart("category", _("Participants by category"),
                 _("Active registrations (confirmed, pending, waiting list) in each category."),
                 [(localized(name, language, meeting.main_language), n) for name, n in rows])  # fmt: skip


def by_attendance(session, meeting) -> Chart:
    rows = _counts(session, sa.select(Registration.attendance, sa.func.count())
                   .where(_active(meeting.id)).group_by(Registration.attendance)
                   .order_by(Registration.attendance))  # fmt: skip
    return Chart("attendance", _("Participants by attendance"),
                 _("Active registrations attending in person or online."),
                 [(str(labels.ATTENDANCE.get(a, a)), n) for a, n in rows])  # fmt: skip


def by_country_and_region(session, meeting, language) -> list[Chart]:
    rows = _counts(session, sa.select(Registration.country, sa.func.count())
                   .where(_active(meeting.id)).group_by(Registration.country))  # fmt: skip
    rows.sort(key=lambda r: (-r[1], r[0]))
    unknown = _("Not given")
    shown = [
        (countries.name(c, language) if c else unknown, n)
        for c, n in rows[:TOP_COUNTRIES]
    ]
    rest = sum(n for _c, n in rows[TOP_COUNTRIES:])
    if rest:
        shown.append((_("Other countries"), rest))
    m49: dict[str, int] = {}
    offices: dict[str, int] = {}
    for code, n in rows:
        region = (
            regions.name(regions.region_of(code), language)
            if regions.region_of(code)
            else unknown
        )
        m49[region] = m49.get(region, 0) + n
        office = regions.iom_office_of(code)
        office_name = str(regions.IOM_OFFICES[office]) if office else unknown
        offices[office_name] = offices.get(office_name, 0) + n
    return [
        Chart("country", _("Participants by country"),
              _("Active registrations by the country the person gave, the 20 most frequent first."), shown),
        Chart("region", _("Participants by region (UN M49)"),
              _("Active registrations by the M49 region of the country the person gave."),
              sorted(m49.items(), key=lambda p: (-p[1], p[0]))),
        Chart("iom_region", _("Participants by IOM region"),
              _("Active registrations by IOM regional office of the country the person gave."),
              sorted(offices.items(), key=lambda p: (-p[1], p[0]))),
    ]  # fmt: skip


def by_kind(session, meeting) -> Chart:
    # Count per organisation first, then join: one organisation lookup per
    # organisation rather than per registration.
    per = (sa.select(Registration.represents_id, sa.func.count().label("n"))
           .where(_active(meeting.id)).group_by(Registration.represents_id)).subquery()  # fmt: skip
    kind = sa.func.coalesce(Organisation.kind, "")
    rows = _counts(session, sa.select(kind, sa.func.sum(per.c.n)).select_from(per)
                   .outerjoin(Organisation, Organisation.id == per.c.represents_id)
                   .group_by(kind))  # fmt: skip
    rows.sort(key=lambda r: (-r[1], r[0]))
    return Chart("kind", _("Participants by kind of organisation represented"),
                 _("Active registrations by the kind of the directory organisation they represent; "
                   "“Not linked” when no organisation is linked yet."),
                 [(str(labels.ORGANISATION_KIND.get(k, _("Not linked"))), int(n)) for k, n in rows])  # fmt: skip


def new_and_returning(session, meeting) -> Chart:
    here = participation.represented_at([meeting.id]).subquery()
    # An organisation returns when its first meeting started before this one;
    # FirstParticipation holds that date, so no earlier registration is read.
    earlier = sa.and_(
        FirstParticipation.organisation_id == here.c.organisation_id,
        FirstParticipation.first_at < meeting.starts_at,
    )
    total, returning = session.execute(
        sa.select(sa.func.count(), sa.func.count(FirstParticipation.organisation_id))
        .select_from(here).outerjoin(FirstParticipation, earlier)
    ).one()  # fmt: skip
    return Chart("returning", _("New and returning organisations"),
                 _("Organisations represented at this meeting, and whether one of them was already "
                   "represented at an earlier meeting."),
                 [(_("New"), total - returning), (_("Returning"), returning)])  # fmt: skip


def delegations_by_status(session, meeting) -> Chart:
    rows = _counts(session, sa.select(Delegation.status, sa.func.count())
                   .where(Delegation.meeting_id == meeting.id).group_by(Delegation.status)
                   .order_by(Delegation.status))  # fmt: skip
    return Chart("delegations", _("Delegations by status"), _("Every delegation of the meeting by status."),
                 [(str(labels.STATUS.get(s, s)), n) for s, n in rows])  # fmt: skip


def checkins_per_day(session, meeting, language) -> Chart:
    rows = _counts(session, sa.select(Checkin.day, sa.func.count())
                   .join(Registration, Registration.id == Checkin.registration_id)
                   .where(Registration.meeting_id == meeting.id)
                   .group_by(Checkin.day).order_by(Checkin.day))  # fmt: skip
    return Chart("checkins", _("Check-ins per day"), _("People checked in on each day of the meeting."),
                 [(format_date(d, "UTC", language), n) for d, n in rows])  # fmt: skip


def gender_balance(meeting) -> list[Chart]:
    """Parity of speakers, delegations and participants, where the meeting asks gender.

    The counts and their suppression are agenda/parity.py's: below 5 a
    count reads "<5" and draws no bar.
    """
    if not meeting.asks_gender:
        return []
    table = parity.meeting_table(meeting)
    groups = (
        ("speakers", _("Gender balance of speakers"),
         _("People of the meeting's scheduled sessions (chairs, moderators, speakers…) by gender.")),
        ("delegations", _("Gender balance of delegations"),
         _("Confirmed members of the meeting's delegations by gender.")),
        ("participants", _("Gender balance of participants"),
         _("Confirmed participants by the gender they gave.")),
    )  # fmt: skip
    return [
        Chart(f"parity_{key}", title, description + " " + _("Counts below 5 are shown as “<5”."),
              [(str(labels.GENDER_OR_NOT_GIVEN.get(g, g)), _parity_value(v)) for g, v in table[key].items()])
        for key, title, description in groups
    ]  # fmt: skip


def _parity_value(text: str):
    return int(text) if text.isdigit() else text


# ------------------------------------------------------------ across meetings


def engagement_charts(session, meetings: list[Meeting], language: str) -> list[Chart]:
    """How engagement grows across these meetings (oldest first)."""
    ids = [m.id for m in meetings]
    links = participation.represented_at(ids).subquery()
    rows = session.execute(
        sa.select(
            links.c.meeting_id, Organisation.id, Organisation.kind, Organisation.country
        ).join(Organisation, Organisation.id == links.c.organisation_id)
    ).all()
    per_meeting: dict[int, dict] = {m.id: {} for m in meetings}
    for meeting_id, organisation_id, kind, country in rows:
        per_meeting[meeting_id][organisation_id] = (kind, country)
    country_rows = _counts(session, sa.select(Registration.meeting_id, sa.func.count(sa.distinct(Registration.country)))
                           .where(Registration.meeting_id.in_(ids), Registration.status.in_(ACTIVE_STATUSES),
                                  Registration.country != "")
                           .group_by(Registration.meeting_id)) if ids else []  # fmt: skip
    countries_per = dict(country_rows)
    title = {m.id: localized(m.title, language, m.main_language) for m in meetings}
    seen: set[int] = set()
    organisations, returning, share, kinds, region_counts = [], [], [], {}, {}
    for m in meetings:
        here = per_meeting[m.id]
        organisations.append((title[m.id], len(here)))
        returning.append((title[m.id], len(set(here) & seen)))
        seen |= set(here)
        civil = sum(1 for kind, _c in here.values() if kind in CIVIL_SOCIETY_KINDS)
        share.append((title[m.id], round(100 * civil / len(here)) if here else 0))
    every = {o: v for here in per_meeting.values() for o, v in here.items()}
    for kind, country in every.values():
        label = str(labels.ORGANISATION_KIND.get(kind, kind))
        kinds[label] = kinds.get(label, 0) + 1
        region = regions.region_of(country)
        region_label = regions.name(region, language) if region else _("Not given")
        region_counts[region_label] = region_counts.get(region_label, 0) + 1
    return [
        Chart("organisations", _("Organisations per meeting"),
              _("Organisations represented at each meeting (by a registration or a delegation)."), organisations),
        Chart("returning", _("Returning organisations per meeting"),
              _("Organisations that had been represented at an earlier meeting of this list."), returning),
        Chart("civil_society", _("Civil society share per meeting"),
              _("Per cent of the organisations represented that are civil society organisations."), share, "%"),
        Chart("countries", _("Countries represented per meeting"),
              _("Different countries given by the active registrations of each meeting."),
              [(title[m.id], countries_per.get(m.id, 0)) for m in meetings]),
        Chart("kinds", _("Organisations by kind"), _("Organisations represented at any of these meetings, by kind."),
              sorted(kinds.items(), key=lambda p: (-p[1], p[0]))),
        Chart("regions", _("Organisations by region (UN M49)"),
              _("Organisations represented at any of these meetings, by the M49 region of their country."),
              sorted(region_counts.items(), key=lambda p: (-p[1], p[0]))),
    ]  # fmt: skip
