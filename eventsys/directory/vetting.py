"""The vetting checklist, and what vetting means for a registration.

The checklist is configurable: EVENTSYS_VETTING_CRITERIA lists
{"key", "label": {lang: text}, "required": bool}; without it the defaults
below apply. A category that requires an approved organisation
(ParticipantCategory.requires_approved_organisation) holds a registration
pending until its organisation is linked, the link confirmed by a manager or
partnerships officer, and the organisation approved and not expired: typing
an accredited NGO's name is not accreditation.
"""

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l

from eventsys.i18n import localized


@dataclass(frozen=True)
class Criterion:
    key: str
    label: object
    required: bool = True


DEFAULT_CRITERIA = (
    Criterion(
        "registered", _l("Legally registered, with verifiable registration documents")
    ),
    Criterion("not_for_profit", _l("Not-for-profit and independent of governments")),
    Criterion("mission", _l("Mission and activities relevant to migration")),
    Criterion("governance", _l("Transparent governance and funding")),
    Criterion("no_sanctions", _l("Not on the United Nations sanctions lists")),
    Criterion(
        "references", _l("References from IOM offices or partners"), required=False
    ),
)

# Why a registration in such a category waits (reason codes and their words).
HOLD_REASONS = {
    "not_linked": _l("Organisation not linked"),
    "not_confirmed": _l("Link to the organisation not confirmed"),
    "not_vetted": _l("Organisation not vetted"),
    "expired": _l("Organisation's vetting expired"),
}


def criteria() -> tuple[Criterion, ...]:
    configured = current_app.config.get("EVENTSYS_VETTING_CRITERIA")
    if not configured:
        return DEFAULT_CRITERIA
    return tuple(
        Criterion(
            str(item["key"]),
            localized(item.get("label") or {"en": str(item["key"])}),
            bool(item.get("required", True)),
        )
        for item in configured
    )


def hold_reason(registration, organisation, today: date) -> str | None:
    """Why this registration cannot be approved for its organisation yet, or None.

    Only for categories that require an approved organisation.
    """
    category = registration.category
    if category is None or not category.requires_approved_organisation:
        return None
    if organisation is None:
        return "not_linked"
    if registration.represents_confirmed_at is None:
        return "not_confirmed"
    status = organisation.vetting_in_force(today)
    if status == "approved":
        return None
    return "expired" if status == "expired" else "not_vetted"
