"""Queries of the onsite domain (check-ins, devices)."""

import sqlalchemy as sa
from sqlalchemy import orm as so

from eventsys.onsite.models import Checkin
from eventsys.onsite.models import CheckinDevice
from eventsys.onsite.models import CheckinScan
from eventsys.onsite.models import VisaRequest
from eventsys.registration.models import Registration


def registrations_by_code(meeting, codes) -> sa.Select:
    return (
        sa.select(Registration)
        .where(Registration.meeting_id == meeting.id)
        .where(Registration.checkin_code.in_(codes))
        .options(so.joinedload(Registration.category))
    )


def devices_by_key(meeting, keys) -> sa.Select:
    return sa.select(CheckinDevice).where(
        CheckinDevice.meeting_id == meeting.id, CheckinDevice.key.in_(keys)
    )


def scans_by_nonce(nonces) -> sa.Select:
    return (
        sa.select(CheckinScan)
        .where(CheckinScan.nonce.in_(nonces))
        .options(so.joinedload(CheckinScan.checkin).joinedload(Checkin.device))
    )


def checkins_of(registration_ids) -> sa.Select:
    return (
        sa.select(Checkin)
        .where(Checkin.registration_id.in_(registration_ids))
        .options(so.joinedload(Checkin.device))
    )


def meeting_checkins(meeting) -> sa.Select:
    """Every check-in of a meeting, with its registration (for counts and lists)."""
    return (
        sa.select(Checkin)
        .join(Registration, Checkin.registration_id == Registration.id)
        .where(Registration.meeting_id == meeting.id)
        .order_by(Checkin.day, Checkin.at)
    )


def attendance_counts(meeting) -> sa.Select:
    """(day, category id, source, registered attendance, count) of a meeting's check-ins."""
    return (
        sa.select(
            Checkin.day,
            Registration.category_id,
            Checkin.source,
            Registration.attendance,
            sa.func.count(Checkin.id),
        )
        .join(Registration, Checkin.registration_id == Registration.id)
        .where(Registration.meeting_id == meeting.id)
        .group_by(
            Checkin.day,
            Registration.category_id,
            Checkin.source,
            Registration.attendance,
        )
        .order_by(Checkin.day)
    )


def meeting_visa_requests(meeting) -> sa.Select:
    """The visa requests of a meeting, newest first, with their registrations."""
    return (
        sa.select(VisaRequest)
        .join(Registration, VisaRequest.registration_id == Registration.id)
        .where(Registration.meeting_id == meeting.id)
        .options(
            so.joinedload(VisaRequest.registration).joinedload(Registration.category)
        )
        .order_by(VisaRequest.requested_at.desc(), VisaRequest.id.desc())
    )


def visa_requests_of(registration_ids) -> sa.Select:
    return sa.select(VisaRequest).where(
        VisaRequest.registration_id.in_(registration_ids)
    )
