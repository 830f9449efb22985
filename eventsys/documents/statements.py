"""What focal points send from their delegation's page, and when statements go public.

A delegation sends its statement (ahead, for the interpreters), its notes
verbales and its credentials. All stay with the secretariat: notes verbales
and credentials always, a statement until it is released, when its speaker
has spoken (the list of speakers calls release_statements_for) or its session
has ended (the minute job calls release_ended_sessions). Publishing a
minister's statement before the minister speaks would be a diplomatic
incident, so nothing else releases one. Once released, a statement the
delegation allowed to be published is public and reads "Check against
delivery" until the delegation sends the delivered text.

Files from outside the secretariat are scanned by clamd where EVENTSYS_CLAMD
is set; until a scan passes them (or, without a scanner, a manager approves
them) they reach the secretariat only.
"""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import orm as so

from eventsys import lookup
from eventsys.agenda.models import AgendaSession
from eventsys.audit.service import record
from eventsys.auth.permissions import can_manage_meeting
from eventsys.auth.permissions import require
from eventsys.documents import scanning
from eventsys.documents.models import MeetingDocument
from eventsys.documents.models import MeetingFile
from eventsys.documents.safety import check_upload
from eventsys.documents.service import MAX_TITLE
from eventsys.documents.service import Upload
from eventsys.documents.service import add_checked_file
from eventsys.documents.service import meeting_languages
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.extensions import db

DELEGATION_KINDS = ("statement", "note_verbale", "credentials")


def _default_title(kind: str, represents: str, language: str) -> str:
    with force_locale(language):
        titles = {
            "statement": _("Statement by %(name)s", name=represents),
            "note_verbale": _("Note verbale of %(name)s", name=represents),
            "credentials": _("Credentials of %(name)s", name=represents),
        }
        return titles[kind]


def delegation_documents(delegation) -> list[MeetingDocument]:
    """What the delegation has sent, newest first."""
    return list(
        db.session.scalars(
            sa.select(MeetingDocument)
            .where(MeetingDocument.delegation_id == delegation.id)
            .options(so.selectinload(MeetingDocument.files))
            .order_by(MeetingDocument.id.desc())
        )
    )


def _read(delegation, data: dict) -> dict:
    meeting = delegation.meeting
    errors = {}
    kind = data.get("kind")
    if kind not in DELEGATION_KINDS:
        errors["kind"] = _("Choose a statement, a note verbale or credentials.")
    language = data.get("language")
    if language not in meeting_languages(meeting):
        errors["language"] = _("The meeting does not use this language.")
    title = (data.get("title") or "").strip()
    if len(title) > MAX_TITLE:
        errors["title"] = _("The title is too long.")
    session_id = data.get("session_id") or None
    if (
        session_id is not None
        and kind == "statement"
        and not lookup.find_row(AgendaSession, session_id, meeting_id=meeting.id)
    ):
        errors["session_id"] = _("Choose a session of this meeting.")
    if errors:
        raise InvalidInput(_("Please check the highlighted fields."), errors)
    return {
        "kind": kind,
        "language": language,
        "title": title,
        "session_id": session_id if kind == "statement" else None,
        "allow_publication": bool(data.get("allow_publication")),
    }


def scan_status_for(data: bytes, address: str) -> str:
    """The scan status of a new file from outside the secretariat.

    Raises: InvalidInput (clamd found a virus: nothing is stored).
    """
    if not address:
        return "pending_scan"
    try:
        result = scanning.scan(data, address)
    except scanning.ScannerUnavailable:
        return "pending_scan"  # the minute job tries again
    if not result.clean:
        message = _("The file did not pass the virus scan and was not stored.")
        raise InvalidInput(message, {"file": message})
    return "clean"


def upload_for_delegation(
    delegation,
    *,
    data: dict,
    upload: Upload,
    storage,
    max_bytes: int,
    scanner: str = "",
    now: datetime,
) -> MeetingDocument:
    """The focal point sends a statement, a note verbale or credentials.

    data: kind, language, title?, session_id? (statements), allow_publication.
    Raises: InvalidInput (the details, the file, or a virus).
    """
    values = _read(delegation, data)
    checked = check_upload(upload.filename, upload.data, max_bytes=max_bytes)
    scan_status = scan_status_for(checked.data, scanner)
    language, kind = values["language"], values["kind"]
    title = values["title"] or _default_title(kind, delegation.represents, language)
    statement = kind == "statement"
    document = MeetingDocument(
        meeting=delegation.meeting,
        kind=kind,
        title={language: title},
        visibility="secretariat",
        delegation=delegation,
        organisation_id=delegation.represents_id,
        session_id=values["session_id"],
        status="published",
        published_at=now,
        allow_publication=values["allow_publication"] and statement,
        check_against_delivery=statement,
        created_at=now,
        updated_at=now,
    )
    db.session.add(document)
    db.session.flush()
    record(
        "document.delegation_upload",
        obj=document,
        meeting=delegation.meeting,
        now=now,
        after={
            "title": document.title,
            "kind": kind,
            "delegation": delegation.represents,
            "allow_publication": document.allow_publication,
        },
    )
    add_checked_file(
        document,
        language,
        checked,
        actor=None,
        storage=storage,
        now=now,
        scan_status=scan_status,
    )
    return document


def deliver_statement(
    delegation,
    document_id,
    *,
    language: str,
    upload: Upload,
    storage,
    max_bytes: int,
    scanner: str = "",
    now: datetime,
) -> MeetingFile:
    """The delegation replaces its statement with the delivered text (a new
    version); it no longer reads "Check against delivery".

    Raises: NotFound (not this delegation's statement), InvalidInput.
    """
    document = _own_statement(delegation, document_id)
    if language not in meeting_languages(delegation.meeting):
        message = _("The meeting does not use this language.")
        raise InvalidInput(message, {"language": message})
    checked = check_upload(upload.filename, upload.data, max_bytes=max_bytes)
    file = add_checked_file(
        document,
        language,
        checked,
        actor=None,
        storage=storage,
        now=now,
        scan_status=scan_status_for(checked.data, scanner),
    )
    document.check_against_delivery = False
    document.updated_at = now
    return file


def _own_statement(delegation, document_id) -> MeetingDocument:
    message = _("No such statement of this delegation.")
    return lookup.get_row(
        MeetingDocument,
        document_id,
        message,
        delegation_id=delegation.id,
        kind="statement",
    )


def release_statement(document: MeetingDocument, *, now: datetime) -> bool:
    """The statement's moment has come (spoken, or its session over): public if
    the delegation allowed it. Returns False when it was released already."""
    if document.kind != "statement" or document.released_at is not None:
        return False
    document.released_at = now
    if document.allow_publication:
        document.visibility = "public"
    document.updated_at = now
    record(
        "document.statement_release",
        obj=document,
        meeting=document.meeting,
        now=now,
        after={"title": document.title, "public": document.allow_publication},
    )
    return True


def _unreleased():
    return sa.select(MeetingDocument).where(
        MeetingDocument.kind == "statement", MeetingDocument.released_at.is_(None)
    )


def release_statements_for(delegation, session, *, now: datetime) -> int:
    """Release the delegation's statements for this session (its speaker has
    spoken); delegation None: every delegation's. Returns how many."""
    query = _unreleased().where(MeetingDocument.session_id == session.id)
    if delegation is not None:
        query = query.where(MeetingDocument.delegation_id == delegation.id)
    return sum(release_statement(d, now=now) for d in db.session.scalars(query).all())


def release_ended_sessions(*, now: datetime) -> int:
    """Release the statements whose session has ended. Returns how many."""
    query = _unreleased().join(
        AgendaSession, AgendaSession.id == MeetingDocument.session_id
    )
    query = query.where(AgendaSession.ends_at <= now)
    return sum(release_statement(d, now=now) for d in db.session.scalars(query).all())


def approve_file(file: MeetingFile, *, actor, now: datetime) -> None:
    """A manager publishes a file no scanner passed (none is configured).

    Raises: PermissionDenied, Conflict (the file does not wait for a scan).
    """
    require(can_manage_meeting(actor, file.document.meeting))
    if file.scan_status != "pending_scan":
        raise Conflict(_("This file does not wait for a scan."))
    file.scan_status = "approved"
    record(
        "document.file_approve",
        actor=actor,
        obj=file.document,
        meeting=file.document.meeting,
        now=now,
        after={
            "title": file.document.title,
            "language": file.language,
            "version": file.number,
            "filename": file.filename,
        },
    )


def scan_pending(*, address: str, storage, now: datetime) -> dict[str, int]:
    """Scan the files that wait for clamd; stops at the first time it is down."""
    done = {"clean": 0, "infected": 0}
    pending = db.session.scalars(
        sa.select(MeetingFile)
        .where(MeetingFile.scan_status == "pending_scan")
        .order_by(MeetingFile.id)
    ).all()
    for file in pending:
        try:
            result = scanning.scan(storage.read(file.sha256), address)
        except scanning.ScannerUnavailable:
            break
        file.scan_status = "clean" if result.clean else "infected"
        done[file.scan_status] += 1
        if not result.clean:
            record(
                "document.file_infected",
                obj=file.document,
                meeting=file.document.meeting,
                now=now,
                after={
                    "title": file.document.title,
                    "language": file.language,
                    "version": file.number,
                    "filename": file.filename,
                    "signature": result.signature,
                },
            )
    return done
