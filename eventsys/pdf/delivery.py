"""How a PDF reaches a request: from the cache, never rendered inside it.

A cold render takes seconds (the proceedings of a large meeting, tens of
them) and would hold a sync worker the whole time. So a request only ever
sends a file that is already in the cache:

- rendered: sent, with its key as the ETag;
- not rendered yet: its recipe is queued (jobs.py) and
  - a PDF without people in it (agenda, outcome documents) is answered with
    the previous version, if there is one, marked `X-PDF-Status: updating`;
  - a PDF that shows people (lists, proceedings, badges, certificates) is
    never answered with an earlier version: the reply is a 202 page that
    refreshes itself (`Retry-After`) until the file is ready.

A PDF showing people is deleted as soon as a change reaches one of them
(forget_people_pdfs, called when registrations or delegations change).
"""

from flask import current_app
from flask import has_app_context
from flask import render_template
from flask import request
from flask import send_file

from eventsys.pdf import cache
from eventsys.pdf import documents
from eventsys.pdf import jobs

RETRY_AFTER_SECONDS = 3
UPDATING_HEADER = "X-PDF-Status"


def deliver(spec: documents.PdfSpec, *, private: bool = False, inline: bool = False):
    """The response for a spec's PDF; private: the file names people (no-store)."""
    if not spec.recipe:  # a job could not build it again: give it a recipe
        raise ValueError(f"PDF spec {spec.kind!r} has no recipe (pdf/recipes.py)")
    directory = current_app.config["PDF_CACHE_DIR"]
    key = documents.spec_key(spec)
    path = cache.cache_path(directory, key)
    if path.is_file():
        cache.remember_latest(directory, spec.recipe, key, people=spec.people)
        return send_cached(path, key, spec.filename, private=private, inline=inline)
    jobs.enqueue(spec.recipe)
    previous = None if spec.people else cache.latest_path(directory, spec.recipe)
    if previous is not None:
        response = send_cached(
            previous, previous.stem, spec.filename, private=private, inline=inline
        )
        response.headers[UPDATING_HEADER] = "updating"
        return response
    return preparing(spec.filename)


def send_cached(path, key: str, filename: str, *, private=False, inline=False):
    response = send_file(
        path,
        mimetype="application/pdf",
        download_name=filename,
        as_attachment=False,
        etag=key,
        conditional=True,
        max_age=0,
    )
    if inline:
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.cache_control.no_cache = True
    if private:
        # A file that names people: never stored by a browser or proxy.
        response.cache_control.private = True
        response.cache_control.no_store = True
    else:
        response.cache_control.public = True
    return response


def preparing(filename: str):
    """202: the PDF is being rendered; the page reloads itself until it is there."""
    page = render_template(
        "downloads/preparing.html",
        filename=filename,
        again=request.full_path.rstrip("?"),
        seconds=RETRY_AFTER_SECONDS,
    )
    response = current_app.make_response((page, 202))
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


def forget_people_pdfs(meeting_id: int) -> int:
    """Delete every rendered PDF of a meeting that shows people; returns how many."""
    return cache.forget(
        current_app.config["PDF_CACHE_DIR"], meeting_id, documents.PEOPLE_KINDS
    )


# -------------------------------------------- people changed: their PDFs go
#
# Registrations and delegations are the people the people PDFs print. A flush
# that touches one notes its meeting; the commit then deletes the meeting's
# people PDFs, so none outlives a change (an erasure, a cancelled registration,
# a corrected name) by even a minute. Check-ins are left out: a scan alters
# nobody, and a certificate's key holds its days, so an older one is never sent.


def _people_models() -> tuple:
    from eventsys.registration.models import Delegation
    from eventsys.registration.models import Registration

    return (Registration, Delegation)


def _note_people_changes(session, _flush_context) -> None:
    models = _people_models()
    changed = session.info.setdefault("people_changed", set())
    for obj in (*session.new, *session.deleted):
        if isinstance(obj, models):
            changed.add(obj.meeting_id)
    for obj in session.dirty:
        if isinstance(obj, models) and session.is_modified(obj):
            changed.add(obj.meeting_id)


def _forget_after_commit(session) -> None:
    changed = session.info.pop("people_changed", set())
    if not has_app_context():
        return
    for meeting_id in changed:
        if meeting_id is not None:
            forget_people_pdfs(meeting_id)


def _drop_notes(session) -> None:
    session.info.pop("people_changed", None)


def init_app(app) -> None:
    import sqlalchemy as sa
    from sqlalchemy import orm as so

    if not sa.event.contains(so.Session, "after_flush", _note_people_changes):
        sa.event.listen(so.Session, "after_flush", _note_people_changes)
        sa.event.listen(so.Session, "after_commit", _forget_after_commit)
        sa.event.listen(so.Session, "after_rollback", _drop_notes)
