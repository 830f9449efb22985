"""Models to JSON-ready dicts. Public shapes never carry online_url or emails
of participants; times are ISO 8601 in the meeting's zone with its offset."""

from datetime import datetime

from eventsys.api.http import base_url
from eventsys.dates import to_zone
from eventsys.models import utcnow
from eventsys.registration.rules import access
from eventsys.registration.rules import window_state


def iso(moment: datetime | None, zone: str) -> str | None:
    return to_zone(moment, zone).isoformat() if moment is not None else None


def series(item) -> dict:
    return {
        "slug": item.slug,
        "acronym": item.acronym,
        "name": item.name or {},
        "kind": item.kind,
        "description": item.description or {},
        "url": f"{base_url()}/series/{item.slug}/",
    }


def series_ref(item) -> dict:
    return {"slug": item.slug, "acronym": item.acronym, "name": item.name or {}}


def meeting_summary(meeting) -> dict:
    zone = meeting.timezone
    return {
        "slug": meeting.slug,
        "series": series_ref(meeting.series),
        "title": meeting.title or {},
        "theme": meeting.theme or {},
        "starts_at": iso(meeting.starts_at, zone),
        "ends_at": iso(meeting.ends_at, zone),
        "timezone": zone,
        "venue": meeting.venue,
        "city": meeting.city,
        "country": meeting.country,
        "format": meeting.format,
        "status": meeting.status,
        "url": f"{base_url()}/meetings/{meeting.slug}/",
        "api_url": f"{base_url()}/api/v1/meetings/{meeting.slug}",
    }


def meeting_detail(meeting, *, sessions, categories, questions) -> dict:
    zone = meeting.timezone
    body = meeting_summary(meeting)
    body.update(
        {
            "description": meeting.description or {},
            "practical_info": meeting.practical_info or {},
            "online_access_note": meeting.online_access_note or {},
            "cancel_reason": meeting.cancel_reason
            if meeting.status == "cancelled"
            else "",
            "contact_email": meeting.contact_email,
            "languages": list(meeting.languages or []),
            "main_language": meeting.main_language,
            "registration": {
                "state": window_state(meeting, None, utcnow()),
                "opens_at": iso(meeting.registration_opens_at, zone),
                "closes_at": iso(meeting.registration_closes_at, zone),
                "requires_approval": meeting.requires_approval,
            },
            "rooms": [room(r) for r in meeting.rooms],
            "sessions": [session(s, zone) for s in sessions],
            "categories": [category(c, meeting) for c in categories],
            "questions": [question(q) for q in questions],
        }
    )
    return body


def room(item) -> dict:
    return {"name": item.name, "capacity": item.capacity}


def session(item, zone: str) -> dict:
    return {
        "id": item.id,
        "title": item.title or {},
        "kind": item.kind,
        "status": item.status,
        "starts_at": iso(item.starts_at, zone),
        "ends_at": iso(item.ends_at, zone),
        "timezone": zone,
        "room": item.room.name if item.room is not None else None,
        "description": item.description or {},
        "people": [
            {"name": p.name, "affiliation": p.affiliation, "role": p.role}
            for p in item.people
        ],
        "organisers": list(item.organisers or []),
        "organisations": [
            {"id": o.id, "name": o.name or {}} for o in item.organisations
        ],
    }


def agenda_release(release, meeting, sessions) -> dict:
    url = f"{base_url()}/meetings/{meeting.slug}/agenda/v{release.number}"
    return {
        "number": release.number,
        "label": release.label,
        "note": release.note or "",
        "released_at": iso(release.released_at, meeting.timezone),
        "url": url,
        "pdf_url": f"{url}.pdf",
        "sessions": [session(s, meeting.timezone) for s in sessions],
    }


def category(item, meeting) -> dict:
    zone = meeting.timezone
    approval = item.requires_approval
    return {
        "key": item.key,
        "name": item.name or {},
        "registration_state": window_state(meeting, item, utcnow()),
        "access": access(item),
        "requires_approval": meeting.requires_approval
        if approval is None
        else approval,
        "opens_at": iso(item.opens_at, zone),
        "closes_at": iso(item.closes_at, zone),
    }


def question(item) -> dict:
    return {
        "id": item.id,
        "label": item.label or {},
        "kind": item.kind,
        "choices": [
            {
                "key": c["key"],
                "label": c.get("label") or {},
                "retired": bool(c.get("retired")),
            }
            for c in item.choices or []
        ],
        "required": item.required,
        "asked_of_members": item.asked_of_members,
        "category": item.category.key if item.category is not None else None,
    }


def outcome_document(document, versions) -> dict:
    slug = document.meeting.slug
    url = f"{base_url()}/meetings/{slug}/outcomes/{document.slug}"
    return {
        "slug": document.slug,
        "meeting": slug,
        "title": document.title or {},
        "kind": document.kind,
        "language": document.language,
        "url": url,
        "pdf_url": f"{url}.pdf",
        "versions": [
            {
                "number": v.number,
                "language": v.language,
                "title": v.title,
                "published_at": v.published_at.isoformat(),
                "pdf_url": f"{url}/v{v.number}.pdf",
            }
            for v in versions
        ],
    }


def meeting_document(document) -> dict:
    """A public document with the current file in each language (none withdrawn)."""
    url = f"{base_url()}/meetings/{document.meeting.slug}/documents/{document.id}"
    files = [document.current_file(code) for code in document.languages]
    return {
        "id": document.id,
        "meeting": document.meeting.slug,
        "kind": document.kind,
        "symbol": document.symbol or None,
        "title": document.title or {},
        "session": document.session_id,
        "published_at": document.published_at.isoformat()
        if document.published_at
        else None,
        "files": [
            {
                "language": f.language,
                "version": f.number,
                "filename": f.filename,
                "media_type": f.media_type,
                "size": f.size,
                "sha256": f.sha256,
                "url": f"{url}/{f.language}/{f.filename}",
            }
            for f in files
            if f.withdrawn_at is None
        ],
    }


def registration(item, zone: str) -> dict:
    """The manager's view of a registration (bearer token only)."""
    return {
        "id": item.id,
        "meeting": item.meeting.slug,
        "category": item.category.key,
        "status": item.status,
        "title": item.title,
        "given_name": item.given_name,
        "family_name": item.family_name,
        "display_name": item.display_name,
        "email": item.email,
        "organisation": item.organisation,
        "represents": item.represents,
        "nationality": item.nationality,
        "country": item.country,
        "position": item.position,
        "attendance": item.attendance,
        "delegation": item.delegation.represents
        if item.delegation is not None
        else None,
        "function": item.function,
        "needs": item.needs,
        "consent_to_list": item.consent_to_list,
        "language": item.language,
        "decision_note": item.decision_note,
        "created_at": iso(item.created_at, zone),
        "status_changed_at": iso(item.status_changed_at, zone),
        "answers": {str(a.question_id): a.value for a in item.answers},
    }


def invitation(item, zone: str) -> dict:
    """The manager's view of an invitation (never its link)."""
    return {
        "id": item.id,
        "meeting": item.meeting.slug,
        "category": item.category.key,
        "email": item.email,
        "title": item.title,
        "given_name": item.given_name,
        "family_name": item.family_name,
        "represents": item.represents,
        "language": item.language,
        "bound": item.bound,
        "status": item.status,
        "expires_at": iso(item.expires_at, zone),
        "sent_at": iso(item.sent_at, zone),
        "answered_at": iso(item.answered_at, zone),
        "used_by_email": item.used_by_email,
        "registered": item.registration_id is not None,
    }


def invitation_import(item, zone: str) -> dict:
    """An import's status: its counts, the rows refused and why, and its fate."""
    return {
        "id": item.id,
        "meeting": item.meeting.slug,
        "status": item.status,
        "rows": item.rows,
        "good": item.good,
        "duplicates": item.duplicates,
        "invalid": item.invalid,
        "created": item.created,
        "errors": item.errors,
        "duplicate_rows": item.duplicate_rows,
        "created_at": iso(item.created_at, zone),
        "finished_at": iso(item.finished_at, zone),
    }


def speakers_list(session, entries, *, shows_name) -> dict:
    """The published list of speakers as the public page shows it: whom each
    speaker speaks for, their level and time, a name only where consented.
    Nothing else of the registration (never its gender, email or category)."""
    return {
        "session": session.id,
        "published_at": session.speakers_published_at.isoformat()
        if session.speakers_published_at
        else None,
        "speaking_time": session.speaking_time,
        "items": [
            {
                "position": number,
                "speaking_for": entry.speaking_for,
                "on_behalf_of_group": entry.on_behalf_of_group or None,
                "level": entry.level,
                "name": entry.registration.display_name if shows_name(entry) else None,
                "time_limit": entry.time_limit or session.speaking_time,
                "spoken": entry.status == "spoken",
            }
            for number, entry in enumerate(entries, start=1)
        ],
    }
