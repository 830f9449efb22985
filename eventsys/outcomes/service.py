"""Outcome documents: writing, review and publication."""

import hashlib
import json
from datetime import datetime

from eventsys.audit.service import record
from eventsys.extensions import db
from eventsys.i18n import localized
from eventsys.models import utcnow
from eventsys.outcomes.models import DocumentVersion
from eventsys.outcomes.models import OutcomeDocument


def frozen_content(document: OutcomeDocument) -> list[dict]:
    return [
        {
            "heading": s.heading,
            "kind": s.kind,
            "body": s.body,
            "session_id": s.session_id,
            "session_title": localized(s.session.title, document.language) if s.session else "",
        }
        for s in document.sections
    ]


def publish_document(document: OutcomeDocument, *, actor, now: datetime | None = None) -> DocumentVersion:
    """Freeze the document's current sections as its next numbered version."""
    content = frozen_content(document)
    digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
    version = DocumentVersion(
        document=document,
        number=len(document.versions) + 1,
        language=document.language,
        title=localized(document.title, document.language),
        published_at=now or utcnow(),
        published_by_id=getattr(actor, "id", None),
        content=content,
        content_hash=digest,
    )
    db.session.add(version)
    document.status = "published"
    db.session.flush()
    record("outcome.published", actor=actor, obj=document, meeting=document.meeting, after={"version": version.number})
    return version
