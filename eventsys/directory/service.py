"""The directory's rules: organisations, States, merges, links and vetting reviews.

Plain functions: the acting user and the clock come in as arguments; they
flush, never commit, and raise the ServiceError tree.
"""

import re
from datetime import date
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from eventsys import lookup
from eventsys.agenda.models import AgendaSession
from eventsys.agenda.models import SessionPerson
from eventsys.agenda.models import SpeakerRequest
from eventsys.agenda.models import session_organisations
from eventsys.audit.service import record
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import can_use_directory
from eventsys.auth.permissions import require
from eventsys.directory import matching
from eventsys.directory import participation
from eventsys.directory import vetting
from eventsys.directory.models import DECISIONS
from eventsys.directory.models import MEMBERSHIP_STATUSES
from eventsys.directory.models import ORGANISATION_KINDS
from eventsys.directory.models import Designation
from eventsys.directory.models import Membership
from eventsys.directory.models import Organisation
from eventsys.directory.models import VettingReview
from eventsys.documents.models import MeetingDocument
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.extensions import db
from eventsys.models import utcnow
from eventsys.outcomes.models import OutcomeDocument
from eventsys.outcomes.models import document_contributors
from eventsys.registration import countries
from eventsys.registration.models import Delegation
from eventsys.registration.models import Registration
from eventsys.registration.rules import Reader
from eventsys.text import is_clean

LANGUAGES = countries.NAME_LANGUAGES
STATE_KINDS = ("member", "observer")  # of the UN list: territories are not States
MAX_ALIASES = 50
MAX_TAGS = 20


def get_organisation(organisation_id) -> Organisation:
    """Raises: NotFound."""
    return lookup.get_row(Organisation, organisation_id, _("No such organisation."))


# ------------------------------------------------------------------ States


def state_names(code: str) -> dict[str, str]:
    """A State's names in every language of the one UN country list."""
    return {language: countries.name(code, language) for language in LANGUAGES}


def ensure_state(code: str) -> Organisation:
    """The State organisation of an ISO code, created from the UN list if missing.

    Raises: InvalidInput for a code that is not a UN member or observer State.
    """
    code = (code or "").upper()
    if not countries.is_known(code) or countries.kind(code) not in STATE_KINDS:
        message = _("Choose a State from the list.")
        raise InvalidInput(message, {"iso_code": message})
    state = db.session.scalar(
        sa.select(Organisation).where(Organisation.iso_code == code)
    )
    if state is None:
        state = Organisation(
            kind="state", iso_code=code, country=code, name=state_names(code)
        )
        matching.refresh_names(state)
        db.session.add(state)
        db.session.flush()
    return state


def ensure_states() -> int:
    """Every UN member and observer State as an organisation; returns how many were added."""
    known = set(db.session.scalars(sa.select(Organisation.iso_code).where(
        Organisation.iso_code.is_not(None))))  # fmt: skip
    added = 0
    for code in countries.codes(STATE_KINDS):
        if code not in known:
            ensure_state(code)
            added += 1
    return added


# ----------------------------------------------------------- organisations


def read_organisation(data: dict) -> dict:
    """The organisation's fields from plain data (a form or JSON).

    Raises: InvalidInput, field by field.
    """
    reader = Reader(data)
    values = {
        "kind": reader.text("kind"),
        "name": _per_language(reader, "name"),
        "acronym": _per_language(reader, "acronym", limit=40),
        "country": reader.text("country").upper(),
        "website": reader.text("website", limit=300),
        "description": reader.text("description", limit=4000, multiline=True),
        "secretariat": reader.text("secretariat", limit=300),
        "aliases": _lines(reader, "aliases", MAX_ALIASES),
        "tags": _lines(reader, "tags", MAX_TAGS, limit=60),
        "contacts": _contacts(reader),
    }
    if values["kind"] not in ORGANISATION_KINDS or values["kind"] == "state":
        # States come from the UN list only (ensure_state), never typed.
        reader.fail("kind", _("Choose a kind from the list."))
    if not values["name"]:
        reader.fail("name_en", _("Please give the organisation's name."))
    if values["country"] and not countries.is_known(values["country"]):
        reader.fail("country", _("Please choose a country from the list."))
    if values["website"] and not values["website"].startswith(("https://", "http://")):
        reader.fail("website", _("Please give an address starting with https://."))
    if reader.errors:
        raise InvalidInput(_("Please correct the highlighted fields."), reader.errors)
    return values


def _per_language(reader: Reader, name: str, limit: int = 200) -> dict[str, str]:
    values = {}
    for language in LANGUAGES:
        text = reader.text(f"{name}_{language}", limit=limit)
        if text:
            values[language] = text
    return values


def _lines(reader: Reader, name: str, most: int, limit: int = 200) -> list[str]:
    raw = reader.data.get(name)
    items = raw if isinstance(raw, list) else str(raw or "").splitlines()
    found = []
    for item in items:
        text = item.strip() if isinstance(item, str) else ""
        if not text:
            continue
        if len(text) > limit or not is_clean(text):
            reader.fail(name, _("Please use one short line for each."))
            return []
        if text not in found:
            found.append(text)
    if len(found) > most:
        reader.fail(name, _("Please give at most %(n)d.", n=most))
    return found[:most]


def _contacts(reader: Reader) -> list[dict]:
    """Lines "Duty station: address" (a Permanent Mission in Geneva, in New York)."""
    contacts = []
    for line in _lines(reader, "contacts", 20, limit=300):
        station, _sep, email = line.rpartition(":")
        email = email.strip()
        if "@" not in email or " " in email or len(email) > 254:
            reader.fail("contacts", _("Write each contact as “Duty station: address”."))
            return []
        contacts.append({"duty_station": station.strip(), "email": email})
    return contacts


def create_organisation(
    data: dict, *, actor, now: datetime | None = None
) -> Organisation:
    """Raises: PermissionDenied, InvalidInput, Conflict (a name another organisation has)."""
    require(can_use_directory(actor))
    values = read_organisation(data)
    organisation = Organisation(**values, created_at=now or utcnow())
    matching.refresh_names(organisation)
    _refuse_taken_names(organisation)
    db.session.add(organisation)
    db.session.flush()
    record("organisation.create", actor=actor, obj=organisation, now=now,
           after={"name": organisation.display_name(), "kind": organisation.kind})  # fmt: skip
    return organisation


def update_organisation(organisation, data: dict, *, actor, now=None) -> Organisation:
    """Raises: PermissionDenied, InvalidInput, Conflict."""
    require(can_use_directory(actor))
    if organisation.kind == "state":
        # A State's names are the UN list's; only tags, contacts and website change.
        data = {
            **data,
            "kind": "other",
            **{f"name_{k}": v for k, v in organisation.name.items()},
        }
    values = read_organisation(data)
    if organisation.kind == "state":
        values.pop("kind")
        values.pop("name")
        values["country"] = organisation.iso_code
    before = {
        k: getattr(organisation, k)
        for k in values
        if getattr(organisation, k) != values[k]
    }
    for name, value in values.items():
        setattr(organisation, name, value)
    matching.refresh_names(organisation)
    _refuse_taken_names(organisation)
    db.session.flush()
    if before:
        record("organisation.update", actor=actor, obj=organisation, now=now,
               before=before, after={k: values[k] for k in before})  # fmt: skip
    return organisation


def _refuse_taken_names(organisation: Organisation) -> None:
    """Two organisations may share an acronym (OIM), never a full name."""
    names = [n.key for n in organisation.names if n.kind == "name"]
    if not names:
        return
    query = matching.live_names().where(
        sa.and_(
            matching.OrganisationName.key.in_(names),
            matching.OrganisationName.kind == "name",
        )
    )
    if organisation.id is not None:
        query = query.where(
            matching.OrganisationName.organisation_id != organisation.id
        )
    taken = db.session.execute(query.limit(1)).first()
    if taken is not None:
        message = _("Another organisation already has this name.")
        raise Conflict(message, {"name_en": message})


# ------------------------------------------------------------------ merges


def merge(source: Organisation, target: Organisation, *, actor, now=None) -> dict:
    """Fold source into target: every link moves, source's names become aliases.

    The source row stays, marked merged_into target, so old links and the
    audit event explain themselves. Returns the counts of what moved.

    Raises: PermissionDenied, Conflict.
    """
    require(can_use_directory(actor))
    if source.id == target.id or source.merged_into_id or target.merged_into_id:
        raise Conflict(
            _("Choose two different organisations that are still in the directory.")
        )
    if "state" in (source.kind, target.kind):
        raise Conflict(_("A State cannot be merged: its names come from the UN list."))
    moved = {
        "registrations": _move_links(
            Registration, Registration.represents_id, source, target
        ),
        "delegations": _move_links(
            Delegation, Delegation.represents_id, source, target
        ),
        "speakers": _move_links(
            SessionPerson, SessionPerson.organisation_id, source, target
        ),
        "requests_for_the_floor": _move_links(
            SpeakerRequest, SpeakerRequest.speaking_for_id, source, target
        ),
        "children": _move_links(Organisation, Organisation.parent_id, source, target),
        "reviews": _move_links(
            VettingReview, VettingReview.organisation_id, source, target
        ),
        "memberships": _move_memberships(source, target),
        "designations": _move_designations(source, target),
        "documents": _move_links(
            MeetingDocument, MeetingDocument.organisation_id, source, target
        ),
        "contributions": _move_named(
            document_contributors,
            "document_id",
            OutcomeDocument,
            "contributors",
            source,
            target,
        ),
        "side_events": _move_named(
            session_organisations,
            "session_id",
            AgendaSession,
            "organisations",
            source,
            target,
        ),
    }
    aliases = list(target.aliases or [])
    for text in [
        *source.name.values(),
        *(source.acronym or {}).values(),
        *(source.aliases or []),
    ]:
        if text not in aliases:
            aliases.append(text)
    target.aliases = aliases[: MAX_ALIASES * 2]
    target.tags = list(dict.fromkeys([*(target.tags or []), *(source.tags or [])]))
    target.contacts = [
        *(target.contacts or []),
        *[c for c in source.contacts or [] if c not in (target.contacts or [])],
    ]
    source.merged_into_id = target.id
    source.names.clear()
    db.session.flush()
    # The moves above are bulk UPDATEs, which the session's listener never sees.
    participation.refresh(db.session, [source.id, target.id])
    matching.refresh_names(target)
    db.session.flush()
    record("organisation.merge", actor=actor, obj=target, now=now,
           before={"merged": source.id, "name": source.display_name(),
                   "acronym": source.acronym, "aliases": source.aliases},
           after={"into": target.id, **moved})  # fmt: skip
    return moved


def _move_links(model, column, source, target) -> int:
    result = db.session.execute(
        sa.update(model).where(column == source.id).values({column.key: target.id})
        .execution_options(synchronize_session="fetch")
    )  # fmt: skip
    return result.rowcount or 0


def _move_named(table, owner: str, model, attribute: str, source, target) -> int:
    """Rows of an association table (owner, organisation) naming source name target
    instead (once, if both were named); loaded owners read the attribute again."""
    column = table.c
    both = sa.select(column[owner]).where(column.organisation_id == target.id)
    db.session.execute(sa.delete(table).where(
        column.organisation_id == source.id, column[owner].in_(both)))  # fmt: skip
    result = db.session.execute(
        sa.update(table)
        .where(column.organisation_id == source.id)
        .values(organisation_id=target.id)
    )
    for row in db.session.identity_map.values():
        if isinstance(row, model):
            db.session.expire(row, [attribute])
    return result.rowcount or 0


def _move_memberships(source, target) -> int:
    held = {m.series_id for m in target.memberships}
    moved = 0
    for membership in list(source.memberships):
        if membership.series_id in held:
            source.memberships.remove(membership)
        else:
            membership.organisation = target
            moved += 1
    return moved


def _move_designations(source, target) -> int:
    """The source's designation links go to the target, except for meetings where
    the target has its own: those stay with the merged organisation, which no
    longer designates (directory/designations.py)."""
    held = sa.select(Designation.meeting_id).where(
        Designation.organisation_id == target.id
    )
    result = db.session.execute(
        sa.update(Designation)
        .where(Designation.organisation_id == source.id,
               Designation.meeting_id.not_in(held))
        .values(organisation_id=target.id)
        .execution_options(synchronize_session="fetch")
    )  # fmt: skip
    return result.rowcount or 0


# ---------------------------------------------------- links from registrations


def suggest(text: str, country: str = "") -> Organisation | None:
    """What a typed "represents" most likely is: the one exact match, or the State of the country named."""
    found = matching.exact_match(text)
    if found is None and country and not text:
        found = db.session.scalar(
            sa.select(Organisation).where(Organisation.iso_code == country)
        )
    return found


def suggest_for_registration(registration: Registration) -> None:
    """Set the suggested (unconfirmed) organisation of a new registration."""
    if registration.represents_id is None:
        found = suggest(registration.represents)
        registration.represents_id = found.id if found else None


def suggest_for_delegation(delegation: Delegation) -> None:
    if delegation.represents_id is None:
        found = matching.exact_match(delegation.represents)
        if found is None and delegation.country:
            found = db.session.scalar(sa.select(Organisation).where(
                Organisation.iso_code == delegation.country))  # fmt: skip
        delegation.represents_id = found.id if found else None


def linked_organisation(registration: Registration) -> Organisation | None:
    """The organisation a registration is linked to, following merges."""
    if registration.represents_id is None:
        return None
    return db.session.get(Organisation, registration.represents_id)


def confirm_link(
    registration: Registration,
    organisation: Organisation | None,
    *,
    actor,
    now: datetime,
) -> None:
    """A manager or partnerships officer says: this person does represent that organisation.

    organisation None confirms the suggested one.

    Raises: PermissionDenied, Conflict (nothing to confirm).
    """
    require(can_use_directory(actor) or can_manage_meeting(actor, registration.meeting))
    organisation = organisation or (
        db.session.get(Organisation, registration.represents_id)
        if registration.represents_id
        else None
    )
    if organisation is None or organisation.merged_into_id:
        raise Conflict(_("Link the registration to an organisation first."))
    before = {"represents_id": registration.represents_id,
              "confirmed": registration.represents_confirmed_at is not None}  # fmt: skip
    registration.represents_id = organisation.id
    registration.represents_confirmed_at = now
    registration.represents_confirmed_by_id = getattr(actor, "id", None)
    db.session.flush()
    record("registration.represents_confirm", actor=actor, obj=registration,
           meeting=registration.meeting, now=now, before=before,
           after={"represents_id": organisation.id, "name": organisation.display_name()})  # fmt: skip


def confirm_by_designation(
    registration: Registration, designation, *, now: datetime
) -> None:
    """The organisation itself confirms whom the person represents, through its
    designation link (directory/designations.py): the same confirmation as a
    manager's, by the designation instead of a user. The status is not touched.

    A revoked designation confirms nothing.
    """
    if designation.revoked_at is not None:
        return
    organisation = designation.organisation
    before = {"represents_id": registration.represents_id,
              "confirmed": registration.represents_confirmed_at is not None}  # fmt: skip
    if registration.represents_id != organisation.id:
        # what the lists show follows the link the organisation made
        registration.represents = organisation.display_name(registration.language)[:200]
    registration.represents_id = organisation.id
    registration.represents_confirmed_at = now
    registration.represents_confirmed_by_id = None
    registration.represents_designation_id = designation.id
    db.session.flush()
    record("registration.represents_confirm", obj=registration,
           meeting=registration.meeting, now=now, before=before,
           after={"represents_id": organisation.id, "name": organisation.display_name(),
                  "designation": designation.id})  # fmt: skip


def unmatched_names(limit: int = 200) -> list[dict]:
    """Names typed as "represents" that no organisation is linked to, most frequent first.

    Each: {"key", "text" (the most frequent spelling), "count", "likely": [Likely]}.
    """
    rows = []
    for model in (Registration, Delegation):
        rows += db.session.execute(
            sa.select(model.represents, sa.func.count())
            .where(model.represents_id.is_(None), model.represents != "")
            .group_by(model.represents)
        ).all()
    groups: dict[str, dict] = {}
    for text, count in rows:
        key = matching.name_key(text)
        if not key:
            continue
        group = groups.setdefault(key, {"key": key, "count": 0, "spellings": {}})
        group["count"] += count
        group["spellings"][text] = group["spellings"].get(text, 0) + count
    found = sorted(groups.values(), key=lambda g: (-g["count"], g["key"]))[:limit]
    choices = matching.load_choices()
    for group in found:
        group["text"] = max(group["spellings"].items(), key=lambda p: (p[1], p[0]))[0]
        group["likely"] = matching.likely_matches(group["text"], choices=choices)
    return found


def link_unmatched(text: str, organisation: Organisation, *, actor, now=None) -> int:
    """Link every registration and delegation whose "represents" reads as text; keep it as an alias.

    The links are suggestions still: vetting needs each person's confirmation.

    Raises: PermissionDenied, Conflict (a merged organisation).
    """
    require(can_use_directory(actor))
    if organisation.merged_into_id:
        raise Conflict(_("This organisation was merged into another."))
    key = matching.name_key(text)
    linked = 0
    for model in (Registration, Delegation):
        spellings = [
            t for t in db.session.scalars(
                sa.select(model.represents).distinct()
                .where(model.represents_id.is_(None), model.represents != "")
            ) if matching.name_key(t) == key
        ]  # fmt: skip
        if spellings:
            linked += (
                db.session.execute(
                    sa.update(model)
                    .where(
                        model.represents_id.is_(None), model.represents.in_(spellings)
                    )
                    .values(represents_id=organisation.id)
                    .execution_options(synchronize_session="fetch")
                ).rowcount
                or 0
            )
    if linked:
        participation.refresh(db.session, [organisation.id])
    if key and key not in matching.organisation_keys(organisation):
        organisation.aliases = [*(organisation.aliases or []), text.strip()[:200]]
        matching.refresh_names(organisation)
    db.session.flush()
    record("organisation.link", actor=actor, obj=organisation, now=now,
           after={"name": text, "linked": linked})  # fmt: skip
    return linked


def create_from_unmatched(text: str, kind: str, *, actor, now=None) -> Organisation:
    """Raises: PermissionDenied, InvalidInput, Conflict."""
    organisation = create_organisation(
        {"kind": kind, "name_en": text}, actor=actor, now=now
    )
    link_unmatched(text, organisation, actor=actor, now=now)
    return organisation


# ---------------------------------------------------- functional addresses


def functional_address(organisation: Organisation, duty_station: str = "") -> str:
    """Its functional address (a mission's registry): the one at the duty station
    named, else the first entered; "" when it has none."""
    contacts = organisation.contacts or []
    wanted = duty_station.strip().casefold()
    chosen = next((c for c in contacts if wanted and c.get("duty_station", "").casefold() == wanted),
                  contacts[0] if contacts else None)  # fmt: skip
    return chosen["email"] if chosen else ""


def functional_address_for(represents: str, duty_station: str = "") -> str:
    """The functional address of the organisation this text names (matched as at
    registration, a merged one read as the one it went into); "" if none."""
    if not represents or not is_clean(represents):
        return ""
    organisation = matching.exact_match(represents)
    if organisation is not None and organisation.merged_into_id:
        organisation = db.session.get(Organisation, organisation.merged_into_id)
    return functional_address(organisation, duty_station) if organisation else ""


def addressed_to_organisation(data: dict) -> dict:
    """Invitation data that names no person and no address, for an organisation of
    the directory ("represents", matched as at registration): it goes to the
    organisation's functional address, always unbound: a registry's mailbox is not
    a person, whoever reads it passes the link on. Anything else comes back unchanged."""
    named = any(
        str(data.get(k) or "").strip() for k in ("email", "given_name", "family_name")
    )
    represents = str(data.get("represents") or "").strip()
    if named:
        return data
    address = functional_address_for(represents, str(data.get("duty_station") or ""))
    if not address:
        return data
    return {**data, "email": address, "bound": "false"}


# ------------------------------------------------------------- memberships


def set_membership(
    organisation, series, status: str | None, *, actor, now=None
) -> None:
    """Make the organisation a member or observer of the series, or neither (None).

    Raises: PermissionDenied, InvalidInput.
    """
    require(can_use_directory(actor))
    if status is not None and status not in MEMBERSHIP_STATUSES:
        raise InvalidInput(
            _("Choose a status from the list."),
            {"status": _("Choose a status from the list.")},
        )
    current = next(
        (m for m in organisation.memberships if m.series_id == series.id), None
    )
    before = {"status": current.status if current else None}
    if status is None and current is not None:
        organisation.memberships.remove(current)
    elif status is not None and current is None:
        organisation.memberships.append(Membership(series=series, status=status))
    elif current is not None:
        current.status = status
    db.session.flush()
    record("organisation.membership", actor=actor, obj=organisation, now=now,
           before=before, after={"status": status, "series": series.slug})  # fmt: skip


MAX_BULK_MEMBERS = 250


def add_states(series, text: str, status: str, *, actor, now=None) -> dict:
    """Add the States a secretariat pasted (ISO codes or names, one a line or
    separated by commas or semicolons) to the series as members or observers.

    A name is matched as at registration (matching.exact_match) and must be a
    State; what matches nothing is returned, never guessed.
    Returns {"added": [Organisation], "unknown": [text]}.

    Raises: PermissionDenied, InvalidInput.
    """
    require(can_use_directory(actor))
    entries = [e.strip() for e in re.split(r"[\n,;]+", text or "") if e.strip()]
    if (
        not entries
        or len(entries) > MAX_BULK_MEMBERS
        or not all(map(is_clean, entries))
    ):
        message = _(
            "Give between 1 and %(most)d States, one a line.", most=MAX_BULK_MEMBERS
        )
        raise InvalidInput(message, {"states": message})
    if status not in MEMBERSHIP_STATUSES:
        message = _("Choose a status from the list.")
        raise InvalidInput(message, {"status": message})
    ensure_states()  # names of States not yet in the directory match too
    added, unknown = [], []
    for entry in dict.fromkeys(entries):
        state = _state_for(entry)
        if state is None:
            unknown.append(entry[:100])
        elif state not in added:
            set_membership(state, series, status, actor=actor, now=now)
            added.append(state)
    return {"added": added, "unknown": unknown}


def _state_for(entry: str) -> Organisation | None:
    if len(entry) == 2 and entry.isalpha():
        return db.session.scalar(
            sa.select(Organisation).where(Organisation.iso_code == entry.upper())
        )
    found = matching.exact_match(entry)
    return found if found is not None and found.kind == "state" else None


# ----------------------------------------------------------------- vetting


def record_review(
    organisation: Organisation, data: dict, *, actor, now: datetime
) -> VettingReview:
    """A vetting review: the checklist as checked, the decision, its reason and expiry.

    An approval needs every required criterion checked and an expiry date.

    Raises: PermissionDenied, InvalidInput.
    """
    require(can_use_directory(actor))
    reader = Reader(data)
    decision = reader.text("decision")
    reason = reader.text("reason", limit=4000, multiline=True)
    expires_on = _date(reader, "expires_on")
    criteria = {c.key: bool(data.get(f"criterion_{c.key}")) for c in vetting.criteria()}
    if decision not in DECISIONS:
        reader.fail("decision", _("Choose a decision from the list."))
    if decision in ("approved", "declined") and not reason:
        reader.fail("reason", _("Please give the reason for the decision."))
    if decision == "approved":
        missing = [c for c in vetting.criteria() if c.required and not criteria[c.key]]
        if missing:
            reader.fail(
                "criteria", _("An approval needs every required criterion checked.")
            )
        if expires_on is None:
            reader.fail("expires_on", _("Please give the date the approval expires."))
        elif expires_on <= now.date():
            reader.fail("expires_on", _("The expiry date must be in the future."))
    if reader.errors:
        raise InvalidInput(_("Please correct the highlighted fields."), reader.errors)
    review = VettingReview(
        organisation=organisation, reviewer_id=getattr(actor, "id", None),
        criteria=criteria, decision=decision, reason=reason,
        expires_on=expires_on if decision == "approved" else None, at=now,
    )  # fmt: skip
    db.session.add(review)
    before = {"vetting_status": organisation.vetting_status}
    organisation.vetting_status = decision
    organisation.vetting_expires_on = review.expires_on
    db.session.flush()
    record("organisation.review", actor=actor, obj=organisation, now=now,
           before=before, after={"vetting_status": decision, "expires_on": review.expires_on and review.expires_on.isoformat()})  # fmt: skip
    return review


def _date(reader: Reader, name: str) -> date | None:
    text = reader.text(name, limit=10)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        reader.fail(name, _("Please give a date as YYYY-MM-DD."))
        return None


def pending_for_organisation(organisation, *, today: date) -> list[Registration]:
    """Pending registrations linked to the organisation in categories that need
    an approved one: the list managers see when it is approved (never confirmed
    automatically)."""
    from_category = Registration.category.property.mapper.class_
    return list(
        db.session.scalars(
            sa.select(Registration)
            .join(from_category, from_category.id == Registration.category_id)
            .where(
                Registration.represents_id == organisation.id,
                Registration.status == "pending",
                from_category.requires_approved_organisation.is_(True),
            )
            .order_by(Registration.created_at, Registration.id)
        )
    )


def expire_vetting(today: date) -> int:
    """Approvals past their expiry read expired (the daily job); confirmed registrations stay."""
    result = db.session.execute(
        sa.update(Organisation)
        .where(
            Organisation.vetting_status == "approved",
            Organisation.vetting_expires_on < today,
        )  # fmt: skip
        .values(vetting_status="expired")
    )
    return result.rowcount or 0
