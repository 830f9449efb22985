"""Outcome documents: the public reading pages (writers' pages: manage.py)."""

from flask import Blueprint
from flask import abort
from flask import render_template

from eventsys.extensions import db
from eventsys.meetings.views import get_visible_meeting
from eventsys.outcomes import presentation
from eventsys.outcomes import queries

bp = Blueprint("outcomes", __name__)


@bp.get("/meetings/<slug>/outcomes/")
def public_list(slug: str):
    meeting = get_visible_meeting(slug)
    query = queries.published_documents(meeting, with_content=False)
    documents = db.session.scalars(query).unique().all()
    return render_template("outcomes/list.html", meeting=meeting, documents=documents)


@bp.get("/meetings/<slug>/outcomes/<doc>")
def public_document(slug: str, doc: str):
    meeting = get_visible_meeting(slug)
    document = db.session.scalar(queries.get_published_document(meeting, doc))
    if document is None:
        abort(404)
    version = document.published_version
    return render_template(
        "outcomes/document.html",
        meeting=meeting,
        document=document,
        version=version,
        groups=presentation.section_groups(version.content),
        versions=list(reversed(document.versions)),
    )


from eventsys.outcomes import manage  # noqa: E402,F401  (registers the /manage/ routes)
