"""The demo's published IDM 2019 Red Book, read from its Markdown source."""

from datetime import UTC
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from eventsys.agenda.models import AgendaSession
from eventsys.auth.models import User
from eventsys.extensions import db
from eventsys.meetings.models import Meeting
from eventsys.outcomes.models import OutcomeDocument
from eventsys.outcomes.models import OutcomeSection

HOST_MEETING = "idm-2019-geneva"
ALSO_COVERS = ("idm-2019-new-york",)


def parse_document(text: str) -> tuple[dict, list[dict]]:
    """Front matter and sections of the `=== kind: heading` format."""
    _, front, body = text.split("---", 2)
    meta = dict(line.split(":", 1) for line in front.strip().splitlines())
    meta = {k.strip(): v.strip() for k, v in meta.items()}
    sections = []
    for chunk in body.split("\n=== ")[1:]:
        header, _, content = chunk.partition("\n")
        kind, _, heading = header.partition(":")
        heading, _, link = heading.partition(" | session=")
        sections.append(
            {
                "kind": kind.strip(),
                "heading": heading.strip(),
                "session": link.strip(),
                "body": content.strip(),
            }
        )
    return meta, sections


def ensure_red_book(path: Path) -> str:
    meeting = db.session.scalar(sa.select(Meeting).where(Meeting.slug == HOST_MEETING))
    if meeting is None or not path.exists():
        return "red book: skipped (meeting or source missing)"
    meta, sections = parse_document(path.read_text(encoding="utf-8"))
    existing = db.session.scalar(
        sa.select(OutcomeDocument).where(
            OutcomeDocument.meeting_id == meeting.id,
            OutcomeDocument.slug == meta["slug"],
        )
    )
    if existing is not None:
        return f"red book {meta['slug']}: already there"
    document = OutcomeDocument(
        meeting=meeting,
        slug=meta["slug"],
        title={"en": meta["title"]},
        kind=meta.get("kind", "red_book"),
        language="en",
    )
    document.also_covers = list(
        db.session.scalars(sa.select(Meeting).where(Meeting.slug.in_(ALSO_COVERS)))
    )
    for position, item in enumerate(sections):
        document.sections.append(
            OutcomeSection(
                position=position,
                heading=item["heading"][:300],
                kind=item["kind"],
                body=item["body"],
                session=_find_session(item["session"]),
            )
        )
    db.session.add(document)
    db.session.flush()
    _publish(document)
    return f"red book {meta['slug']}: created and published ({len(sections)} sections)"


def _find_session(link: str):
    if not link:
        return None
    slug, _, title = link.partition("#")
    sessions = db.session.scalars(
        sa.select(AgendaSession).join(Meeting).where(Meeting.slug == slug)
    ).all()
    return next((s for s in sessions if title in s.title.values()), None)


def _publish(document: OutcomeDocument) -> None:
    from eventsys.outcomes import service

    admin = db.session.scalar(sa.select(User).where(User.email == "admin@example.org"))
    # Published after the Geneva session, as the real Red Book was.
    service.publish_document(
        document, actor=admin, now=datetime(2019, 12, 10, 9, 0, tzinfo=UTC)
    )
