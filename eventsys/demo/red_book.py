"""Published outcome documents of the demo (the IDM 2019 Red Book), from Markdown."""

from datetime import datetime

import sqlalchemy as sa

from eventsys.agenda.models import AgendaSession
from eventsys.auth.models import User
from eventsys.extensions import db
from eventsys.meetings.models import Meeting
from eventsys.outcomes.models import OutcomeDocument
from eventsys.outcomes.models import OutcomeSection
from eventsys.outcomes.service import publish_document


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


def ensure_outcome_document(item: dict, actor: User) -> str:
    """A published outcome document from its Markdown item (see read_items).

    The front matter names its `meeting`, the meetings it `also_covers`
    (comma-separated) and when it was `published`; nothing happens when the
    meeting is missing or the document already exists.
    """
    meeting = db.session.scalar(
        sa.select(Meeting).where(Meeting.slug == item["meeting"])
    )
    if meeting is None:
        return f"outcome document {item['slug']}: skipped (meeting missing)"
    existing = db.session.scalar(
        sa.select(OutcomeDocument).where(
            OutcomeDocument.meeting_id == meeting.id,
            OutcomeDocument.slug == item["slug"],
        )
    )
    if existing is not None:
        return f"outcome document {item['slug']}: already there"
    document = OutcomeDocument(
        meeting=meeting,
        slug=item["slug"],
        title={"en": item["title"]},
        kind=item.get("kind", "red_book"),
        language="en",
    )
    also_covers = [
        s.strip() for s in item.get("also_covers", "").split(",") if s.strip()
    ]
    document.also_covers = list(
        db.session.scalars(sa.select(Meeting).where(Meeting.slug.in_(also_covers)))
    )
    sections = item["sections"]
    for position, section in enumerate(sections):
        document.sections.append(
            OutcomeSection(
                position=position,
                heading=section["heading"][:300],
                kind=section["kind"],
                body=section["body"],
                session=_find_session(section["session"]),
            )
        )
    db.session.add(document)
    db.session.flush()
    publish_document(
        document, actor=actor, now=datetime.fromisoformat(item["published"])
    )
    return (
        f"outcome document {item['slug']}: created and published"
        f" ({len(sections)} sections)"
    )


def _find_session(link: str):
    if not link:
        return None
    slug, _, title = link.partition("#")
    sessions = db.session.scalars(
        sa.select(AgendaSession).join(Meeting).where(Meeting.slug == slug)
    ).all()
    return next((s for s in sessions if title in s.title.values()), None)
