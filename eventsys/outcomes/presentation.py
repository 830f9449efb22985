"""How a published version reads: its sections grouped, labelled and anchored.

One shaping for the outcome page, the outcome PDF, the proceedings and the
agenda's links to session summaries. pdf/ only prints what this returns.
"""

import re

import sqlalchemy as sa
from flask_babel import gettext as _

from eventsys import labels
from eventsys.extensions import db
from eventsys.i18n import localized
from eventsys.markdown import render_markdown
from eventsys.outcomes import queries

GROUP_ORDER = (
    "background",
    "summary",
    "good_practice",
    "lesson_learned",
    "recommendation",
)
# Up to about three printed pages the parts run on; a longer document opens
# each part on a new page, as a publication does.
COMPACT_WORDS = 1500


def group_label(kind: str) -> str:
    if kind == "summary":
        return _("Session summaries")
    return labels.label(labels.SECTION_KIND, kind)


def _same(a: str, b: str) -> bool:
    return _words(a) == _words(b)


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", (text or "").casefold()))


def _names_session(heading: str, session_title: str) -> bool:
    """The heading already says which session (e.g. "Summary — Opening session")."""
    return bool(session_title) and _words(session_title) in _words(heading)


def _grouped(content: list[dict], skip_kinds=(), prefix: str = "") -> list[dict]:
    content = [dict(s) for s in content]
    groups = []
    for kind in GROUP_ORDER:
        items = [s for s in content if s["kind"] == kind]
        if items and kind not in skip_kinds:
            label = group_label(kind)
            groups.append(
                {
                    "kind": kind,
                    "label": label,
                    "anchor": f"{prefix}part-{kind}",
                    "sections": items,
                }
            )
    for number, section in enumerate(s for g in groups for s in g["sections"]):
        section["anchor"] = f"{prefix}section-{number + 1}"
    for group in groups:
        for section in group["sections"]:
            # A lone "Good practices" under "Good practices" is said once.
            section["show_heading"] = not _same(section["heading"], group["label"])
            section["show_session"] = not _names_session(
                section["heading"], section.get("session_title", "")
            )
    return groups


def section_groups(content: list[dict], skip_kinds=(), prefix: str = "") -> list[dict]:
    """Sections grouped by kind in publication order, bodies rendered and anchored.

    Each section says whether its heading (show_heading) and its session line
    (show_session) add anything to what the page already says above it.
    """
    groups = _grouped(content, skip_kinds, prefix)
    for group in groups:
        for section in group["sections"]:
            section["html"] = render_markdown(section["body"])
    return groups


def is_compact(content: list[dict]) -> bool:
    """Short enough to print without a new page per part."""
    return sum(len(s["body"].split()) for s in content) <= COMPACT_WORDS


def published_versions(meeting) -> list[tuple]:
    """(document, last published version) for each published document of the meeting."""
    documents = db.session.scalars(queries.published_documents(meeting)).unique().all()
    return [(d, d.published_version) for d in documents]


def session_summaries(versions, session_ids) -> list[dict]:
    """The summary sections of those versions that report on the given sessions."""
    return [
        {
            **s,
            "html": render_markdown(s["body"]),
            "anchor": f"summary-{n}",
            "show_heading": True,
            "show_session": not _names_session(s["heading"], s.get("session_title")),
        }
        for n, s in enumerate(
            s
            for _d, v in versions
            for s in v.content
            if s["kind"] == "summary" and s.get("session_id") in session_ids
        )
    ]


def published_key(meeting) -> str | None:
    """What the published documents of a meeting are now (queries.published_key)."""
    return db.session.scalar(sa.select(queries.published_key(meeting.id)))


def summary_links(meeting) -> dict[int, tuple]:
    """Session id -> (document, version, anchor) of its published summary.

    The first document (in publication order) that summarises a session wins.
    """
    query = queries.published_documents(meeting).execution_options(
        populate_existing=True  # the content may have been left unloaded before
    )
    links: dict[int, tuple] = {}
    for document in db.session.scalars(query).unique().all():
        version = document.published_version
        for group in _grouped(version.content):
            for section in group["sections"]:
                session_id = section.get("session_id")
                if section["kind"] == "summary" and session_id not in links:
                    links[session_id] = (document, version, section["anchor"])
    links.pop(None, None)
    return links


def covered_meetings(document) -> list:
    """The host meeting and the meetings it also covers, in date order."""
    return sorted([document.meeting, *document.also_covers], key=lambda m: m.starts_at)


def meetings_label(meetings, language: str) -> str:
    """ "IDM · Dialogue 2019 — First session; Second session": every meeting named,
    their shared title written once."""
    titles = [localized(m.title, language, m.main_language) for m in meetings]
    heads = {t.partition(" — ")[0] for t in titles}
    if len(titles) > 1 and len(heads) == 1 and all(" — " in t for t in titles):
        named = f"{heads.pop()} — " + "; ".join(t.partition(" — ")[2] for t in titles)
    else:
        named = "; ".join(titles)
    return f"{meetings[0].series.acronym} · {named}"
