"""Outcome documents: writing, review and publication.

Workflow: draft -> in_review (submit) -> draft (returned with a comment) or
published (a numbered, frozen DocumentVersion). Editing a published document
starts a new draft; the public keeps reading the latest version until the next
publication makes version n+1.
"""

import hashlib
import json
import re
import unicodedata
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from eventsys.agenda.models import AgendaSession
from eventsys.audit.service import record
from eventsys.auth.permissions import can_edit_outcome
from eventsys.auth.permissions import can_publish_outcome
from eventsys.auth.permissions import require
from eventsys.comms import notifications
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.extensions import db
from eventsys.i18n import localized
from eventsys.meetings.models import Meeting
from eventsys.models import utcnow
from eventsys.outcomes.models import DOCUMENT_KINDS
from eventsys.outcomes.models import SECTION_KINDS
from eventsys.outcomes.models import DocumentVersion
from eventsys.outcomes.models import OutcomeDocument
from eventsys.outcomes.models import OutcomeSection
from eventsys.text import check_texts
from eventsys.text import is_clean

LANGUAGES = ("en", "fr", "es")
MAX_TITLE = 300
MAX_HEADING = 300
MAX_BODY = 100_000
MAX_COMMENT = 5_000


def frozen_content(document: OutcomeDocument) -> list[dict]:
    return [
        {
            "heading": s.heading,
            "kind": s.kind,
            "body": s.body,
            "session_id": s.session_id,
            "session_title": localized(s.session.title, document.language)
            if s.session
            else "",
        }
        for s in document.sections
    ]


def content_digest(content: list[dict]) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


# ------------------------------------------------------------------ documents


def create_document(
    meeting: Meeting, *, actor, data: dict, now: datetime | None = None
) -> OutcomeDocument:
    """Start a draft document for a meeting.

    Raises: PermissionDenied, InvalidInput.
    """
    require(can_edit_outcome(actor, meeting))
    values = _document_values(meeting, data)
    document = OutcomeDocument(
        meeting=meeting,
        status="draft",
        created_by_id=getattr(actor, "id", None),
        review_comment="",
    )
    _apply_document(document, values)
    document.slug = _unique_slug(
        meeting, data.get("slug") or localized(values["title"], values["language"])
    )
    db.session.add(document)
    db.session.flush()
    record(
        "outcome.created",
        actor=actor,
        obj=document,
        meeting=meeting,
        after={"slug": document.slug},
        now=now,
    )
    return document


def update_document(
    document: OutcomeDocument, *, actor, data: dict, now: datetime | None = None
) -> None:
    """Change title, kind, language or covered meetings.

    Raises: PermissionDenied, Conflict, InvalidInput.
    """
    _check_editable(document, actor)
    _apply_document(document, _document_values(document.meeting, data))
    _touch(document, now)
    db.session.flush()


def _document_values(meeting: Meeting, data: dict) -> dict:
    errors = {}
    title = {
        k: (v or "").strip()
        for k, v in (data.get("title") or {}).items()
        if k in LANGUAGES and (v or "").strip()
    }
    if not title:
        errors["title"] = _("Give the document a title.")
    elif any(len(v) > MAX_TITLE for v in title.values()):
        errors["title"] = _("At most %(n)s characters.", n=MAX_TITLE)
    check_texts({"title": title}, errors)
    kind = data.get("kind") or "red_book"
    if kind not in DOCUMENT_KINDS:
        errors["kind"] = _("Choose a kind of document.")
    language = data.get("language") or meeting.main_language
    if language not in LANGUAGES:
        errors["language"] = _("Choose a language.")
    covers = _covered_meetings(meeting, data.get("also_covers") or [], errors)
    contributors = _contributors(data.get("contributors"), errors)
    if errors:
        raise InvalidInput(_("Please check the document."), fields=errors)
    return {"title": title, "kind": kind, "language": language, "also_covers": covers,
            "contributors": contributors}  # fmt: skip


MAX_CONTRIBUTORS = 100
_LEADING_NUMBER = re.compile(r"^(\d{1,9})(?:\s|$)")


def _contributors(text, errors: dict) -> list | None:
    """The organisations named as contributors, one a line: a directory number or a
    name, acronym or alias matched as at registration. None leaves them as they are."""
    if text is None:
        return None
    entries = [e.strip() for e in str(text).splitlines() if e.strip()]
    if len(entries) > MAX_CONTRIBUTORS:
        errors["contributors"] = _("At most %(n)s organisations.", n=MAX_CONTRIBUTORS)
        return []
    found, unknown = [], []
    for entry in dict.fromkeys(entries):
        organisation = _organisation_named(entry)
        if organisation is None:
            unknown.append(entry[:100])
        elif organisation not in found:
            found.append(organisation)
    if unknown:
        errors["contributors"] = _("Not in the directory: %(names)s",
                                   names="; ".join(unknown))  # fmt: skip
    return found


def _organisation_named(entry: str):
    from eventsys.directory import matching
    from eventsys.directory.models import Organisation

    number = _LEADING_NUMBER.match(entry)  # "42" or "42 IOM", as the form shows them
    if number:
        organisation = db.session.get(Organisation, int(number.group(1)))
    else:
        organisation = matching.exact_match(entry) if is_clean(entry) else None
    if organisation is not None and organisation.merged_into_id:
        organisation = db.session.get(Organisation, organisation.merged_into_id)
    return organisation


def _covered_meetings(meeting: Meeting, slugs, errors: dict) -> list[Meeting]:
    slugs = [s for s in dict.fromkeys(slugs) if s and s != meeting.slug]
    if not slugs:
        return []
    found = db.session.scalars(sa.select(Meeting).where(Meeting.slug.in_(slugs))).all()
    if len(found) != len(slugs):
        errors["also_covers"] = _("Unknown meeting.")
    return list(found)


def _apply_document(document: OutcomeDocument, values: dict) -> None:
    document.title = values["title"]
    document.kind = values["kind"]
    document.language = values["language"]
    document.also_covers = values["also_covers"]
    if values["contributors"] is not None:
        document.contributors = values["contributors"]


def _unique_slug(meeting: Meeting, text: str) -> str:
    base = slugify(text)[:70] or "document"
    taken = set(
        db.session.scalars(
            sa.select(OutcomeDocument.slug).where(
                OutcomeDocument.meeting_id == meeting.id
            )
        )
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


# ------------------------------------------------------------------- sections


def add_section(
    document: OutcomeDocument, *, actor, data: dict, now: datetime | None = None
) -> OutcomeSection:
    """Append a section at the end of the document.

    Raises: PermissionDenied, Conflict, InvalidInput.
    """
    _check_editable(document, actor)
    values = _section_values(document, data)
    position = max((s.position for s in document.sections), default=-1) + 1
    section = OutcomeSection(position=position, **values)
    document.sections.append(section)
    _touch(document, now)
    db.session.flush()
    return section


def update_section(
    section: OutcomeSection, *, actor, data: dict, now: datetime | None = None
) -> None:
    """Change a section's heading, kind, session or body.

    Raises: PermissionDenied, Conflict, InvalidInput.
    """
    document = section.document
    _check_editable(document, actor)
    for name, value in _section_values(document, data).items():
        setattr(section, name, value)
    _touch(document, now)
    db.session.flush()


def delete_section(
    section: OutcomeSection, *, actor, now: datetime | None = None
) -> None:
    """Remove a section. Raises: PermissionDenied, Conflict."""
    document = section.document
    _check_editable(document, actor)
    document.sections.remove(section)
    _renumber(document)
    _touch(document, now)
    db.session.flush()


def move_section(
    section: OutcomeSection, *, actor, offset: int, now: datetime | None = None
) -> None:
    """Move a section up (offset -1) or down (+1). Raises: PermissionDenied, Conflict."""
    document = section.document
    _check_editable(document, actor)
    ordered = list(document.sections)
    index = ordered.index(section)
    target = min(max(index + offset, 0), len(ordered) - 1)
    ordered.insert(target, ordered.pop(index))
    for position, item in enumerate(ordered):
        item.position = position
    _touch(document, now)
    db.session.flush()
    db.session.expire(document, ["sections"])


def _renumber(document: OutcomeDocument) -> None:
    for position, item in enumerate(
        sorted(document.sections, key=lambda s: s.position)
    ):
        item.position = position


def _section_values(document: OutcomeDocument, data: dict) -> dict:
    errors = {}
    heading = (data.get("heading") or "").strip()
    if not heading:
        errors["heading"] = _("Give the section a heading.")
    elif len(heading) > MAX_HEADING:
        errors["heading"] = _("At most %(n)s characters.", n=MAX_HEADING)
    kind = data.get("kind") or "summary"
    if kind not in SECTION_KINDS:
        errors["kind"] = _("Choose a kind of section.")
    body = (data.get("body") or "").replace("\r\n", "\n")
    if len(body) > MAX_BODY:
        errors["body"] = _("At most %(n)s characters.", n=MAX_BODY)
    check_texts({"heading": heading, "body": body}, errors, multiline={"body"})
    session = _session_of(document, data.get("session_id"), errors)
    if errors:
        raise InvalidInput(_("Please check the section."), fields=errors)
    return {"heading": heading, "kind": kind, "body": body, "session": session}


def _session_of(document: OutcomeDocument, session_id, errors: dict):
    if not session_id:
        return None
    session = (
        db.session.get(AgendaSession, int(session_id))
        if str(session_id).isdigit()
        else None
    )
    allowed = {document.meeting_id} | {m.id for m in document.also_covers}
    if session is None or session.meeting_id not in allowed:
        errors["session_id"] = _("Choose a session of this meeting.")
        return None
    return session


# ------------------------------------------------------------------- workflow


def _check_editable(document: OutcomeDocument, actor) -> None:
    require(can_edit_outcome(actor, document.meeting))
    if document.status == "in_review" and not can_publish_outcome(
        actor, document.meeting
    ):
        raise Conflict(
            _("The document is in review: it can be edited again once it is returned.")
        )


def _touch(document: OutcomeDocument, now: datetime | None) -> None:
    """Any edit of a published document starts the next draft."""
    if document.status == "published":
        document.status = "draft"
    document.updated_at = now or utcnow()


def submit_document(
    document: OutcomeDocument, *, actor, now: datetime | None = None
) -> None:
    """Send a draft for review. Raises: PermissionDenied, Conflict, InvalidInput."""
    require(can_edit_outcome(actor, document.meeting))
    if document.status != "draft":
        raise Conflict(_("Only a draft can be submitted for review."))
    if not document.sections:
        raise InvalidInput(_("Add at least one section before submitting."))
    document.status = "in_review"
    document.submitted_at = now or utcnow()
    db.session.flush()
    record(
        "outcome.submitted",
        actor=actor,
        obj=document,
        meeting=document.meeting,
        now=now,
    )
    _notify(document, "outcome_submitted", actor=actor, now=now)


def return_document(
    document: OutcomeDocument, *, actor, comment: str, now: datetime | None = None
) -> None:
    """Send a document in review back to draft with a comment for the rapporteur.

    Raises: PermissionDenied, Conflict, InvalidInput.
    """
    require(can_publish_outcome(actor, document.meeting))
    if document.status != "in_review":
        raise Conflict(_("Only a document in review can be returned."))
    comment = (comment or "").strip()
    if not comment:
        raise InvalidInput(
            _("Say what should change."),
            fields={"comment": _("Say what should change.")},
        )
    if len(comment) > MAX_COMMENT:
        raise InvalidInput(
            _("Too long."),
            fields={"comment": _("At most %(n)s characters.", n=MAX_COMMENT)},
        )
    document.status = "draft"
    document.review_comment = comment
    db.session.flush()
    record(
        "outcome.returned",
        actor=actor,
        obj=document,
        meeting=document.meeting,
        after={"comment": comment},
        now=now,
    )
    _notify(document, "outcome_returned", actor=actor, now=now, comment=comment)


def publish_document(
    document: OutcomeDocument, *, actor, now: datetime | None = None
) -> DocumentVersion:
    """Freeze the document's current sections as its next numbered version.

    Raises: PermissionDenied, Conflict (already published, nothing new).
    """
    require(can_publish_outcome(actor, document.meeting))
    if document.status == "published":
        raise Conflict(_("This version is already published."))
    if not document.sections:
        raise InvalidInput(_("Add at least one section before publishing."))
    content = frozen_content(document)
    version = DocumentVersion(
        document=document,
        number=len(document.versions) + 1,
        language=document.language,
        title=localized(document.title, document.language)[:MAX_TITLE],
        published_at=now or utcnow(),
        published_by_id=getattr(actor, "id", None),
        content=content,
        content_hash=content_digest(content),
    )
    db.session.add(version)
    document.status = "published"
    document.review_comment = ""
    db.session.flush()
    record(
        "outcome.published",
        actor=actor,
        obj=document,
        meeting=document.meeting,
        after={"version": version.number},
        now=now,
    )
    _notify(document, "outcome_published", actor=actor, now=now, version=version.number)
    return version


def _notify(document: OutcomeDocument, kind: str, *, actor, now, **params) -> None:
    meeting = document.meeting
    notifications.notify(
        meeting,
        kind,
        {
            "document": localized(document.title, document.language),
            "path": f"/manage/meetings/{meeting.slug}/outcomes/{document.slug}/",
            **params,
        },
        actor=actor,
        now=now or utcnow(),
    )
