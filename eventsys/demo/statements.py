"""The demo's delegation statements (data/statements/<slug>.json), loaded idempotently.

Each statement is a small real PDF (WeasyPrint, eventsys/pdf/render.py) that
its delegation's focal point sends as the delegation page would: through
documents/statements.py `upload_for_delegation`, so the file passes the same
upload checks, the document carries the delegation's organisation of the
directory (loaded before) and stays with the secretariat until the list of
speakers (programme/*.json, loaded after) marks its speaker as spoken.
Without a virus scanner the demo admin approves each file, as a manager would.
"""

from datetime import timedelta
from html import escape

import sqlalchemy as sa
from flask import current_app

from eventsys.agenda.models import AgendaSession
from eventsys.documents import scanning
from eventsys.documents import statements
from eventsys.documents.manage import max_upload_bytes
from eventsys.documents.service import Upload
from eventsys.documents.storage import from_config
from eventsys.extensions import db
from eventsys.meetings import queries as meetings_queries
from eventsys.pdf.documents import base_url
from eventsys.pdf.render import render_publication
from eventsys.registration.models import Delegation

STYLE = (
    "@page { size: A4; margin: 25mm 22mm; }"
    "body { font-family: sans-serif; font-size: 11pt; line-height: 1.45; }"
    ".check { text-align: right; font-size: 9pt; text-transform: uppercase; }"
    "h1 { font-size: 15pt; margin-bottom: 2pt; } .by { font-style: italic; }"
)

# "Check against delivery" in the statement's own language, as delegations print it.
CHECK_AGAINST_DELIVERY = {
    "en": "Check against delivery",
    "fr": "Seul le texte prononcé fait foi",
    "es": "Cotejar con el discurso pronunciado",
}


def statement_pdf(item: dict, meeting_title: str) -> bytes:
    """The statement's text as a delegation would send it: a tagged PDF."""
    language = item["language"]
    paragraphs = "".join(f"<p>{escape(text)}</p>" for text in item["paragraphs"])
    html = (
        f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8">'
        f"<title>{escape(item['heading'])}</title><style>{STYLE}</style></head><body>"
        f'<p class="check">{escape(CHECK_AGAINST_DELIVERY[language])}</p>'
        f"<p>{escape(meeting_title)}</p><h1>{escape(item['heading'])}</h1>"
        f'<p class="by">{escape(item["speaker"])}</p>{paragraphs}</body></html>'
    )
    return render_publication(html, base_url=base_url())[0]


def load_statements(item: dict, admin) -> str | None:
    """A meeting's delegation statements for one session; each skipped once its
    delegation has sent a statement."""
    meeting = db.session.scalar(meetings_queries.get_meeting_by_slug(item["meeting"]))
    sessions = db.session.scalars(
        sa.select(AgendaSession).where(AgendaSession.meeting_id == meeting.id)
    )
    session = next(s for s in sessions if s.title.get("en") == item["session"])
    config = current_app.config
    storage, scanner = from_config(config), scanning.scanner_address(config)
    # Sent ahead of the debate, for the interpreters.
    sent = session.starts_at - timedelta(days=2)
    added = 0
    for entry in item["statements"]:
        delegation = db.session.scalars(
            sa.select(Delegation).where(
                Delegation.meeting_id == meeting.id,
                Delegation.represents == entry["delegation"],
            )
        ).one()
        documents = statements.delegation_documents(delegation)
        if any(d.kind == "statement" for d in documents):
            continue
        language = entry["language"]
        document = statements.upload_for_delegation(
            delegation,
            data={"kind": "statement", "language": language, "title": entry["heading"],
                  "session_id": session.id,
                  "allow_publication": entry["allow_publication"]},
            upload=Upload(entry["filename"],
                          statement_pdf(entry, meeting.title.get(language, ""))),
            storage=storage, max_bytes=max_upload_bytes(), scanner=scanner, now=sent,
        )  # fmt: skip
        if not scanner:
            for file in document.files:
                statements.approve_file(file, actor=admin, now=sent)
        added += 1
    db.session.flush()
    return f"statements {meeting.slug}: {added} sent" if added else None
