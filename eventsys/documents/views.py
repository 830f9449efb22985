"""Meeting documents: the public list and the downloads (managers' pages: manage.py)."""

from io import BytesIO

from flask import Blueprint
from flask import current_app
from flask import render_template
from flask import send_file
from flask_babel import gettext as _
from flask_login import current_user

from eventsys.documents import queries
from eventsys.documents import service
from eventsys.documents import storage
from eventsys.errors import NotFound
from eventsys.extensions import db
from eventsys.invitations import service as invitations
from eventsys.meetings.views import get_visible_meeting
from eventsys.secret_urls import secret_in_path

bp = Blueprint("documents", __name__)


def get_storage() -> storage.Storage:
    """The app's storage, made once per app (an S3 client is costly to build)."""
    if "documents_storage" not in current_app.extensions:
        current_app.extensions["documents_storage"] = storage.from_config(
            current_app.config
        )
    return current_app.extensions["documents_storage"]


@bp.get("/meetings/<slug>/documents")
def index(slug: str):
    meeting = get_visible_meeting(slug)
    visibilities = queries.viewer_visibilities(current_user, meeting)
    documents = db.session.scalars(
        queries.visible_documents(meeting, visibilities)
    ).all()
    return render_template(
        "documents/index.html",
        meeting=meeting,
        groups=queries.group_by_kind(documents),
        visibilities=visibilities,
    )


@bp.get("/meetings/<slug>/documents/<int:document_id>/<lang>/<filename>")
def download(slug: str, document_id: int, lang: str, filename: str):
    return _send(slug, document_id, lang, filename, None)


@bp.get("/meetings/<slug>/documents/<int:document_id>/<lang>/v<int:number>/<filename>")
def download_version(
    slug: str, document_id: int, lang: str, number: int, filename: str
):
    return _send(slug, document_id, lang, filename, number)


@bp.get("/invitations/<token>/documents/<int:document_id>/<lang>/<filename>")
@secret_in_path("token")
def invitation_download(token: str, document_id: int, lang: str, filename: str):
    """A document linked to an invitation, for whoever holds the invitation's link."""
    invitation = invitations.find_by_token(token)
    if invitation is None or invitation.status == "draft":
        raise NotFound(_("No such document."))
    document = invitations.attached_document(invitation, document_id)
    # no-store, no-referrer: the route's secret_in_path
    return _file_response(service.version_to_serve(document, lang, filename))


def _send(slug, document_id, lang, filename, number):
    meeting = get_visible_meeting(slug)
    visibilities = queries.viewer_visibilities(current_user, meeting)
    file = service.file_to_serve(
        meeting, document_id, lang, filename, visibilities, number=number
    )
    return _file_response(file)


def _file_response(file):
    response = send_file(
        BytesIO(get_storage().read(file.sha256)),
        mimetype=file.media_type,
        as_attachment=True,
        download_name=file.filename,
        etag=file.sha256,
        conditional=True,
        max_age=0,
    )
    # An uploaded file is never a page of ours: no sniffing, no scripts, no origin.
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox"
    if file.document.visibility != "public":
        response.headers["Cache-Control"] = "private, no-store"
    return response


from eventsys.documents import manage  # noqa: E402,F401  (registers the /manage/ routes)
