"""What each PDF is made of: the data that keys its cache and the HTML it prints.

Each *_pdf function returns a PdfSpec; produce() turns a spec into a cached
file, rendering only when the key is new. Runs with an app context only (no
request), so views, the CLI and background jobs share it.
"""

import contextlib
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from jinja2 import DictLoader
from jinja2 import Environment

from eventsys import labels
from eventsys.agenda.public import public_sessions
from eventsys.agenda.public import release_sessions
from eventsys.dates import local_day
from eventsys.documents.queries import public_documents
from eventsys.extensions import db
from eventsys.i18n import localized
from eventsys.meetings.models import Meeting
from eventsys.meetings.places import place
from eventsys.outcomes import presentation
from eventsys.pdf import cache
from eventsys.pdf.render import render_pdf
from eventsys.pdf.render import render_publication
from eventsys.registration import lists

# PDFs that show people: never served from an earlier version (see delivery.py).
PEOPLE_KINDS = frozenset(
    {"participants", "delegations", "proceedings", "badges", "certificate"}
)


@dataclass
class PdfSpec:
    kind: str
    language: str
    data: dict
    template: str
    context: Callable[[], dict]
    filename: str
    # How a background job builds this spec again from ids alone: a name of
    # RECIPES and its JSON-able arguments. Empty: the spec cannot be queued.
    recipe: tuple = ()
    # Tagged PDF/UA (publications); badges print untagged, for speed.
    tagged: bool = True

    @property
    def people(self) -> bool:
        return self.kind in PEOPLE_KINDS


def base_url() -> str:
    return current_app.config["EVENTSYS_BASE_URL"].rstrip("/") + "/"


def produce(spec: PdfSpec, *, release_db: bool = False) -> cache.CachedPdf:
    """The spec's PDF from the cache, rendered first when missing.

    release_db: end the session's transaction before the (long) render, so a job
    or command holds no database lock meanwhile (SQLite writers wait on it).
    """
    sources = cache.print_sources()  # one read: the key's and the render's
    key = spec_key(spec, sources)

    def render() -> bytes:
        html = spec_html(spec, sources)
        if release_db:
            db.session.rollback()
        return _render(spec, html, sources)

    return cache.get_or_render(current_app.config["PDF_CACHE_DIR"], key, render)


def _render(spec: PdfSpec, html: str, sources: cache.PrintSources) -> bytes:
    where = {"base_url": base_url(), "files": sources.static}
    if spec.tagged:
        return render_publication(html, **where)[0]
    return render_pdf(html, **where)


def spec_key(spec: PdfSpec, sources: cache.PrintSources | None = None) -> str:
    """The cache key of a spec's PDF: what it is made of, never when."""
    return cache.cache_key(
        spec.kind,
        language=spec.language,
        variant="pdf/ua-1",
        data=spec.data,
        sources=sources or cache.print_sources(),
    )


def render_spec(spec: PdfSpec) -> bytes:
    sources = cache.print_sources()
    return _render(spec, spec_html(spec, sources), sources)


def spec_html(spec: PdfSpec, sources: cache.PrintSources | None = None) -> str:
    """The spec's HTML, from the print templates of `sources` (never re-read)."""
    sources = sources or cache.print_sources()
    template = _print_environment(sources).get_template(spec.template)
    with force_locale(spec.language):
        context = {"lang": spec.language, **spec.context()}
        current_app.update_template_context(context)  # as render_template does
        return template.render(context)


def _print_environment(sources: cache.PrintSources) -> Environment:
    """The app's Jinja environment, loading templates from `sources` only."""
    environments = current_app.extensions.setdefault("pdf_environments", {})
    if sources.digest not in environments:
        if len(environments) > 8:  # sources change with releases only
            environments.clear()
        environments[sources.digest] = current_app.jinja_env.overlay(
            loader=DictLoader(sources.templates), cache_size=50
        )
    return environments[sources.digest]


# ---------------------------------------------------------------- meeting data


def meeting_data(meeting) -> dict:
    return {
        "slug": meeting.slug,
        "title": meeting.title,
        "theme": meeting.theme,
        "series": [meeting.series.acronym, meeting.series.name],
        "when": [
            meeting.starts_at.isoformat(),
            meeting.ends_at.isoformat(),
            meeting.timezone,
        ],
        "where": [meeting.venue, meeting.city, meeting.country, meeting.format],
        "main_language": meeting.main_language,
    }


def meeting_context(meeting, language: str) -> dict:
    fallback = meeting.main_language
    return {
        "meeting": meeting,
        "series_name": localized(meeting.series.name, language, fallback),
        "meeting_title": localized(meeting.title, language, fallback),
        "meeting_theme": localized(meeting.theme, language, fallback),
        "place": place(meeting, language),
        "site_url": base_url().rstrip("/"),
    }


# ------------------------------------------------------------------- outcomes


def outcome_pdf(document, version) -> PdfSpec:
    """A published version as a publication: cover, contents, grouped sections."""
    meeting = document.meeting
    covered = presentation.covered_meetings(document)
    covers = [m for m in covered if m.id != meeting.id]
    data = {
        "meeting": meeting_data(meeting),
        "covers": [meeting_data(m) for m in covers],
        "document": [document.slug, document.kind, document.title],
        "version": [
            version.id,
            version.number,
            version.title,
            version.content_hash,
            version.published_at.isoformat(),
        ],
    }

    def context() -> dict:
        language = version.language
        return {
            **meeting_context(meeting, language),
            "document": document,
            "version": version,
            "title": version.title,
            "kind_label": labels.label(labels.DOCUMENT_KIND, document.kind),
            "covered": covered,
            "meetings_label": presentation.meetings_label(covered, language),
            "compact": presentation.is_compact(version.content),
            "groups": presentation.section_groups(version.content),
        }

    filename = f"{meeting.slug}-{document.slug}-v{version.number}.pdf"
    return PdfSpec(
        "outcome",
        version.language,
        data,
        "pdf/outcome.html",
        context,
        filename,
        recipe=("outcome", meeting.id, version.id),
    )


# --------------------------------------------------------------------- agenda


def agenda_days(meeting, sessions=None) -> list[tuple]:
    """The sessions by day; by default those the public sees (agenda/public.py)."""
    if sessions is None:
        sessions = public_sessions(meeting)
    return [
        (day, list(items))
        for day, items in itertools.groupby(
            sessions, key=lambda s: local_day(s.starts_at, meeting.timezone)
        )
    ]


def _agenda_data(days) -> list:
    return [
        [
            s.id,
            s.title,
            s.kind,
            s.status,
            s.starts_at.isoformat(),
            s.ends_at.isoformat(),
            s.room.name if s.room else "",
            s.description,
            [[p.name, p.affiliation, p.role] for p in s.people],
        ]
        for _day, sessions in days
        for s in sessions
    ]


def agenda_pdf(meeting, language: str, release=None) -> PdfSpec:
    """The agenda the public sees, or one release of it (never changed)."""
    days = agenda_days(meeting, release_sessions(release) if release else None)
    data = {"meeting": meeting_data(meeting), "sessions": _agenda_data(days)}
    if release is not None:
        data["release"] = [release.number, release.label]

    def context() -> dict:
        return {
            **meeting_context(meeting, language),
            "days": days,
            "title": _("Agenda"),
            "release": release,
        }

    suffix = f"-v{release.number}" if release else ""
    return PdfSpec(
        "agenda",
        language,
        data,
        "pdf/agenda.html",
        context,
        f"{meeting.slug}-agenda{suffix}.pdf",
        recipe=("agenda", meeting.id, language, release.id if release else None),
    )


# --------------------------------------------------------------- participants


def participants(meeting, *, public: bool, language: str) -> list:
    """Confirmed participants in list order; on public lists only who consented."""
    if public and not meeting.public_participant_list:
        return []
    return lists.participants(meeting, language=language, public=public)


def _participant_rows(people, language: str, fallback: str) -> list[dict]:
    return [
        {
            "category": localized(p.category.name, language, fallback)
            if p.category
            else "",
            "name": p.display_name,
            "represents": lists.represents(p, language),
            "organisation": p.organisation,
            "position": p.position,
            "function": labels.label(labels.FUNCTION, p.function) if p.function else "",
        }
        for p in people
    ]


def participants_pdf(meeting, *, public: bool, language: str) -> PdfSpec:
    rows = _participant_rows(
        participants(meeting, public=public, language=language),
        language,
        meeting.main_language,
    )
    data = {"meeting": meeting_data(meeting), "public": public, "rows": rows}

    def context() -> dict:
        blocks = [
            (c, list(items))
            for c, items in itertools.groupby(rows, key=lambda r: r["category"])
        ]
        return {
            **meeting_context(meeting, language),
            "blocks": blocks,
            "public": public,
            "title": _("List of participants"),
        }

    name = "participants" if public else "participants-all"
    return PdfSpec(
        "participants",
        language,
        data,
        "pdf/participants.html",
        context,
        f"{meeting.slug}-{name}.pdf",
        recipe=("participants", meeting.id, public, language),
    )


# ---------------------------------------------------------------- proceedings


def proceedings_pdf(meeting, language: str) -> PdfSpec:
    """Agenda, session summaries, published outcome documents, consenting participants."""
    days = agenda_days(meeting)
    versions = presentation.published_versions(meeting)
    rows = _participant_rows(
        participants(meeting, public=True, language=language),
        language,
        meeting.main_language,
    )
    annex = _public_documents(meeting, language)
    data = {
        "meeting": meeting_data(meeting),
        "sessions": _agenda_data(days),
        "versions": [[v.id, v.content_hash] for _d, v in versions],
        "rows": rows,
        "annex": annex,
    }

    def context() -> dict:
        session_ids = {s.id for _day, sessions in days for s in sessions}
        summaries = presentation.session_summaries(versions, session_ids)
        documents = [
            {
                "document": d,
                "version": v,
                "groups": presentation.section_groups(
                    v.content, skip_kinds=("summary",), prefix=f"doc{i}-"
                ),
            }
            for i, (d, v) in enumerate(versions)
        ]
        blocks = [
            (c, list(items))
            for c, items in itertools.groupby(rows, key=lambda r: r["category"])
        ]
        return {
            **meeting_context(meeting, language),
            "title": _("Proceedings"),
            "days": days,
            "summaries": summaries,
            "documents": documents,
            "blocks": blocks,
            "annex": [
                (kind, list(items))
                for kind, items in itertools.groupby(annex, key=lambda d: d["kind"])
            ],
        }

    return PdfSpec(
        "proceedings",
        language,
        data,
        "pdf/proceedings.html",
        context,
        f"{meeting.slug}-proceedings.pdf",
        recipe=("proceedings", meeting.id, language),
    )


def _public_documents(meeting, language: str) -> list[dict]:
    """The annex of the proceedings: the meeting's public documents, by kind,
    with a link to the current file in each language (withdrawn files left out)."""
    site = base_url().rstrip("/")
    rows = []
    for document in db.session.scalars(public_documents(meeting)):
        files = [document.current_file(code) for code in document.languages]
        rows.append(
            {
                "id": document.id,
                "kind": document.kind,
                "symbol": document.symbol,
                "title": localized(document.title, language, meeting.main_language),
                "files": [
                    [f.language, f.number, site + f.path]
                    for f in files
                    if f.withdrawn_at is None
                ],
            }
        )
    return rows


def meeting_specs(meeting, language: str | None = None) -> list[PdfSpec]:
    """Every PDF a meeting has: what `flask pdf build` pre-renders."""
    language = language or meeting.main_language
    specs = [agenda_pdf(meeting, language), proceedings_pdf(meeting, language)]
    specs.append(participants_pdf(meeting, public=True, language=language))
    specs.append(participants_pdf(meeting, public=False, language=language))
    for document, _version in presentation.published_versions(meeting):
        if document.meeting_id == meeting.id:
            specs.extend(outcome_pdf(document, v) for v in document.versions)
    return specs


# ---------------------------------------------------------------- delegations


def _delegation_rows(meeting, language: str) -> list[dict]:
    """Delegations by name in the list's language, members head of delegation first."""
    return [
        {
            "id": d.id,
            "name": lists.delegation_name(d, language),
            "status": d.status,
            "note_reference": d.note_reference,
            "focal_point": [d.focal_point_name, d.focal_point_email],
            "size_limit": d.size_limit,
            "members": [
                {
                    "name": m.display_name,
                    "function": m.function or "",
                    "position": m.position,
                    "category": localized(
                        m.category.name, language, meeting.main_language
                    ),
                    "status": m.status,
                    "attendance": m.attendance,
                }
                for m in lists.members(d, language)
                if m.status in lists.LISTED_MEMBER_STATUSES
            ],
        }
        for d in lists.delegations(meeting, language)
    ]


def delegations_pdf(meeting, language: str) -> PdfSpec:
    """The secretariat's list of delegations and their members (the list order of docs/seats.md)."""
    rows = _delegation_rows(meeting, language)
    data = {"meeting": meeting_data(meeting), "delegations": rows}

    def context() -> dict:
        return {
            **meeting_context(meeting, language),
            "delegations": rows,
            "title": _("List of delegations"),
        }

    return PdfSpec(
        "delegations",
        language,
        data,
        "pdf/delegations.html",
        context,
        f"{meeting.slug}-delegations.pdf",
        recipe=("delegations", meeting.id, language),
    )


# ---------------------------------------------------------------- cache upkeep

# A file younger than this is left alone by the purge: it may belong to data
# committed a moment ago by a request the purge's query did not see.
PURGE_GRACE_SECONDS = 3600


def meeting_keys(meeting) -> set[str]:
    """The cache keys of every PDF of a meeting, in each of its languages."""
    keys = set()
    for language in meeting.languages or [meeting.main_language]:
        specs = meeting_specs(meeting, language) + [delegations_pdf(meeting, language)]
        keys.update(spec_key(spec) for spec in specs)
    return keys


def delete_cached(keys) -> int:
    """Remove the cached files of these keys (e.g. PDFs that named an erased person)."""
    directory = current_app.config["PDF_CACHE_DIR"]
    removed = 0
    for key in keys:
        path = cache.cache_path(directory, key)
        if path.is_file():
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def purge_unreferenced(*, now=None) -> int:
    """Delete cached PDFs (and stray partial files) that no current key points to.

    Keys change whenever their data does, so files of earlier data (an erased
    participant's name, a moved session) stay behind until this runs: daily
    from the scheduler, and by `flask pdf purge`.
    """
    directory = Path(current_app.config["PDF_CACHE_DIR"])
    if not directory.is_dir():
        return 0
    keys: set[str] = set()
    for meeting in db.session.scalars(sa.select(Meeting)):
        keys |= meeting_keys(meeting)
    horizon = time.time() - PURGE_GRACE_SECONDS
    removed = 0
    for path in directory.glob("*/*"):
        stem = path.name.split(".", 1)[0]
        if stem in keys and path.suffix == ".pdf":
            continue
        with contextlib.suppress(FileNotFoundError):
            if path.is_file() and path.stat().st_mtime < horizon:
                path.unlink()
                removed += 1
    return removed
