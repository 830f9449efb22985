"""Publishing meeting documents: upload, replace, withdraw; and what a URL serves.

Files are checked (safety.check_upload) before anything is stored: a refused
upload leaves neither a row nor a file. Content is kept by hash, so the same
bytes uploaded twice are stored once and deleted when the last file pointing
at them is withdrawn.
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from eventsys import lookup
from eventsys.agenda.models import AgendaSession
from eventsys.audit.service import record
from eventsys.documents import queries
from eventsys.documents.models import DOCUMENT_KINDS
from eventsys.documents.models import SECRETARIAT_KINDS
from eventsys.documents.models import VISIBILITIES
from eventsys.documents.models import MeetingDocument
from eventsys.documents.models import MeetingFile
from eventsys.documents.safety import check_upload
from eventsys.documents.storage import Storage
from eventsys.errors import Gone
from eventsys.errors import InvalidInput
from eventsys.errors import NotFound
from eventsys.extensions import db
from eventsys.models import utcnow

MAX_SYMBOL = 60
MAX_TITLE = 300
MAX_REASON = 1000


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


def meeting_languages(meeting) -> list[str]:
    return list(meeting.languages or [meeting.main_language])


def create_document(
    meeting,
    *,
    actor,
    data: dict,
    uploads: dict[str, Upload],
    storage: Storage,
    max_bytes: int,
    now: datetime | None = None,
    publish: bool = False,
) -> MeetingDocument:
    """A draft document with one file per language given (published at once
    with publish=True): nobody outside the secretariat sees a draft.

    data: kind, symbol, title ({lang: text}), visibility, session_id.
    Raises: InvalidInput.
    """
    now = now or utcnow()
    fields = _document_fields(meeting, data)
    checked = _checked_uploads(meeting, uploads, max_bytes)
    document = MeetingDocument(
        meeting=meeting,
        status="draft",
        created_by_id=getattr(actor, "id", None),
        **fields,
    )
    db.session.add(document)
    db.session.flush()
    record(
        "document.create",
        actor=actor,
        obj=document,
        meeting=meeting,
        now=now,
        after={
            "title": document.title,
            "kind": document.kind,
            "visibility": document.visibility,
        },
    )
    for language, upload in checked.items():
        add_checked_file(
            document, language, upload, actor=actor, storage=storage, now=now
        )
    if publish:
        publish_document(document, actor=actor, now=now)
    return document


def publish_document(document, *, actor, now: datetime) -> MeetingDocument:
    """Draft → published: the document's visibility applies from now on.

    Publishing twice changes nothing.
    Raises: InvalidInput (withdrawn, or no file left to serve).
    """
    if document.status == "published":
        return document
    if document.status == "withdrawn":
        raise InvalidInput(_("A withdrawn document cannot be published."))
    if not any(f.withdrawn_at is None for f in document.files):
        raise InvalidInput(_("Upload a file before publishing the document."))
    document.status = "published"
    document.published_at = now
    db.session.flush()
    record(
        "document.publish",
        actor=actor,
        obj=document,
        meeting=document.meeting,
        now=now,
        after={"title": document.title, "visibility": document.visibility},
    )
    return document


def _document_fields(meeting, data: dict) -> dict:
    errors = {}
    kind = data.get("kind")
    if kind not in DOCUMENT_KINDS:
        errors["kind"] = _("Choose a kind of document.")
    visibility = data.get("visibility")
    if visibility not in VISIBILITIES:
        errors["visibility"] = _("Choose who may see the document.")
    if kind in SECRETARIAT_KINDS:
        visibility = "secretariat"
    title = {
        k: v.strip() for k, v in (data.get("title") or {}).items() if v and v.strip()
    }
    if not title:
        errors[f"title_{meeting.main_language}"] = _("Give the document a title.")
    elif any(len(v) > MAX_TITLE for v in title.values()):
        errors[f"title_{meeting.main_language}"] = _("The title is too long.")
    symbol = (data.get("symbol") or "").strip()
    if len(symbol) > MAX_SYMBOL:
        errors["symbol"] = _("The symbol is too long.")
    session_id = data.get("session_id") or None
    if session_id is not None and not lookup.find_row(
        AgendaSession, session_id, meeting_id=meeting.id
    ):
        errors["session_id"] = _("Choose a session of this meeting.")
    if errors:
        raise InvalidInput(_("Please check the document's details."), errors)
    return {
        "kind": kind,
        "visibility": visibility,
        "title": title,
        "symbol": symbol,
        "session_id": session_id,
    }


def _checked_uploads(meeting, uploads: dict[str, Upload], max_bytes: int) -> dict:
    allowed = meeting_languages(meeting)
    given = {lang: u for lang, u in uploads.items() if u is not None and u.data}
    if not given:
        raise InvalidInput(
            _("Add the file in at least one language."),
            {f"file_{allowed[0]}": _("Add the file in at least one language.")},
        )
    checked = {}
    for language, upload in given.items():
        if language not in allowed:
            raise InvalidInput(
                _("The meeting does not use this language."),
                {"language": _("The meeting does not use this language.")},
            )
        checked[language] = check_upload(
            upload.filename, upload.data, max_bytes=max_bytes, field=f"file_{language}"
        )
    return checked


def add_checked_file(
    document, language, checked, *, actor, storage, now, scan_status="not_required"
) -> MeetingFile:
    current = document.current_file(language)
    if current is not None and current.superseded_at is None:
        current.superseded_at = now
    sha256 = storage.save(checked.data)
    file = MeetingFile(
        document=document,
        language=language,
        number=(current.number + 1) if current else 1,
        filename=checked.filename,
        media_type=checked.media_type,
        size=len(checked.data),
        sha256=sha256,
        uploaded_by_id=getattr(actor, "id", None),
        uploaded_at=now,
        scan_status=scan_status,
    )
    db.session.add(file)
    db.session.flush()
    record(
        "document.file_upload",
        actor=actor,
        obj=document,
        meeting=document.meeting,
        now=now,
        after={
            "title": document.title,
            "language": language,
            "version": file.number,
            "filename": file.filename,
        },
    )
    return file


def add_file(
    document,
    *,
    language: str,
    upload: Upload,
    actor,
    storage: Storage,
    max_bytes: int,
    now: datetime | None = None,
) -> MeetingFile:
    """A new version in this language (the current one, if any, is superseded).

    Raises: InvalidInput.
    """
    if language not in meeting_languages(document.meeting):
        raise InvalidInput(
            _("The meeting does not use this language."),
            {"language": _("The meeting does not use this language.")},
        )
    checked = check_upload(upload.filename, upload.data, max_bytes=max_bytes)
    return add_checked_file(
        document, language, checked, actor=actor, storage=storage, now=now or utcnow()
    )


def withdraw_file(
    file: MeetingFile,
    *,
    actor,
    reason: str,
    storage: Storage,
    now: datetime | None = None,
) -> None:
    """Stop serving the file at once; its content goes when nothing else uses it.

    Raises: InvalidInput (no reason), Conflict-free when already withdrawn.
    """
    reason = (reason or "").strip()
    if not reason or len(reason) > MAX_REASON:
        raise InvalidInput(
            _("Say why the file is withdrawn."),
            {"reason": _("Say why the file is withdrawn.")},
        )
    if file.withdrawn_at is not None:
        return
    file.withdrawn_at = now or utcnow()
    file.withdrawn_by_id = getattr(actor, "id", None)
    file.withdrawn_reason = reason
    db.session.flush()
    record(
        "document.file_withdraw",
        actor=actor,
        obj=file.document,
        meeting=file.document.meeting,
        now=file.withdrawn_at,
        after={
            "title": file.document.title,
            "language": file.language,
            "version": file.number,
            "filename": file.filename,
            "reason": reason,
        },
    )
    still_used = db.session.scalar(
        sa.select(queries.files_with_content(file.sha256).exists())
    )
    if not still_used:
        storage.delete(file.sha256)


def file_to_serve(
    meeting, document_id, language: str, filename: str, visibilities, number=None
) -> MeetingFile:
    """The file a download URL names, if this viewer may have it.

    Raises: NotFound (unknown, or not visible to the viewer), Gone (withdrawn).
    """
    document = (
        db.session.scalar(
            queries.visible_documents(meeting, visibilities).where(
                MeetingDocument.id == document_id
            )
        )
        if lookup.plausible_id(document_id)
        else None
    )
    if document is None:
        raise NotFound(_("No such document."))
    return version_to_serve(
        document,
        language,
        filename,
        number=number,
        secretariat="secretariat" in visibilities,
    )


def version_to_serve(
    document, language: str, filename: str, *, number=None, secretariat=False
) -> MeetingFile:
    """The version of a document a URL names (the current one without a number).

    Outside the secretariat, a file that waits for its scan (or failed it) is
    not there.
    Raises: NotFound, Gone (withdrawn).
    """
    versions = {f.number: f for f in document.files if f.language == language}
    file = versions.get(number if number is not None else max(versions, default=0))
    if file is None or file.filename != filename:
        raise NotFound(_("No such document."))
    if not (secretariat or file.servable):
        raise NotFound(_("No such document."))
    if file.withdrawn_at is not None:
        raise Gone(_("This file was withdrawn."))
    return file
