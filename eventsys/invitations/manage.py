"""The secretariat's invitations page: /manage/meetings/<slug>/invitations."""

from pathlib import Path

from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_login import login_required

from eventsys.exports import download
from eventsys.extensions import db
from eventsys.forms import run_service
from eventsys.i18n import current_language
from eventsys.invitations import forms
from eventsys.invitations import imports
from eventsys.invitations import queries
from eventsys.invitations import service
from eventsys.invitations.models import INVITATION_STATUSES
from eventsys.invitations.models import Invitation
from eventsys.invitations.views import bp
from eventsys.lookup import get_of_meeting
from eventsys.meetings.manage import get_managed_meeting
from eventsys.models import utcnow
from eventsys.registration import rules
from eventsys.secret_urls import secret_in_path

FILTERS = ("status", "category", "represents")


def _filters() -> dict[str, str]:
    return {name: (request.args.get(name) or "").strip()[:200] for name in FILTERS}


def _form(meeting, **kwargs):
    form = forms.InvitationForm(**kwargs)
    form.set_categories(
        rules.meeting_categories(meeting), current_language(), meeting.main_language
    )
    return form


def _stash_dir() -> Path:
    return imports.stash_dir(current_app.instance_path)


def _page(meeting, form, *, status=200, preview=None, import_form=None):
    filters = _filters()
    rows = db.session.execute(queries.filtered_rows(meeting, **filters)).all()
    page = render_template(
        "invitations/manage/index.html",
        meeting=meeting,
        form=form,
        import_form=import_form or forms.ImportForm(formdata=None),
        rows=rows,
        counts=queries.count_rows(meeting),
        filters=filters,
        statuses=[*INVITATION_STATUSES, "no_answer"],
        categories=rules.meeting_categories(meeting),
        preview=preview,
        columns=imports.COLUMNS,
        editions=service.other_editions(meeting),
        documents=service.linkable_documents(meeting),
    )
    return page, status


@bp.route("/manage/meetings/<slug>/invitations", methods=["GET", "POST"])
@login_required
def manage_index(slug: str):
    meeting = get_managed_meeting(slug)
    form = _form(meeting)
    if request.method == "GET":
        return _page(meeting, _form(meeting, formdata=None))
    data = request.form.to_dict()
    data["bound"] = "y" if data.get("bound") else "n"
    data["documents"] = request.form.getlist("documents")
    invitation, error = run_service(
        lambda: service.create_invitation(
            meeting,
            data=data,
            actor=current_user,
            now=utcnow(),
            send=bool(data.get("send")),
        ),
        form=form,
    )
    if error is not None:
        return _page(meeting, form, status=error.status)
    flash(_("The invitation to %(email)s is saved.", email=invitation.email), "success")
    return redirect(url_for("invitations.manage_index", slug=slug), code=303)


def _one(slug: str, invitation_id: int):
    meeting = get_managed_meeting(slug)
    return meeting, get_of_meeting(Invitation, invitation_id, meeting)


@bp.post("/manage/meetings/<slug>/invitations/<int:invitation_id>/send")
@login_required
def manage_send(slug: str, invitation_id: int):
    _meeting, invitation = _one(slug, invitation_id)
    _result, error = run_service(
        lambda: service.send_invitation(invitation, actor=current_user, now=utcnow())
    )
    if error is None:
        flash(
            _("The invitation is on its way; earlier links no longer work."), "success"
        )
    return redirect(url_for("invitations.manage_index", slug=slug), code=303)


@bp.post("/manage/meetings/<slug>/invitations/<int:invitation_id>/revoke")
@login_required
def manage_revoke(slug: str, invitation_id: int):
    _meeting, invitation = _one(slug, invitation_id)
    _result, error = run_service(
        lambda: service.revoke(invitation, actor=current_user, now=utcnow())
    )
    if error is None:
        flash(_("The invitation is revoked: its link no longer works."), "success")
    return redirect(url_for("invitations.manage_index", slug=slug), code=303)


@bp.post("/manage/meetings/<slug>/invitations/send-drafts")
@login_required
def manage_send_drafts(slug: str):
    meeting = get_managed_meeting(slug)
    count, error = run_service(
        lambda: service.send_drafts(
            meeting,
            actor=current_user,
            now=utcnow(),
            documents=request.form.getlist("documents"),
        )
    )
    if error is None:
        flash(
            ngettext("%(num)d invitation sent.", "%(num)d invitations sent.", count),
            "success",
        )
    return redirect(url_for("invitations.manage_index", slug=slug), code=303)


@bp.post("/manage/meetings/<slug>/invitations/remind")
@login_required
def manage_remind(slug: str):
    meeting = get_managed_meeting(slug)
    count, _error = run_service(
        lambda: service.remind(meeting, actor=current_user, now=utcnow())
    )
    flash(
        ngettext("%(num)d reminder sent.", "%(num)d reminders sent.", count or 0),
        "success",
    )
    return redirect(url_for("invitations.manage_index", slug=slug), code=303)


@bp.get("/manage/meetings/<slug>/invitations.csv")
@login_required
def manage_export(slug: str):
    return _export(slug, "csv")


@bp.get("/manage/meetings/<slug>/invitations.xlsx")
@login_required
def manage_export_xlsx(slug: str):
    return _export(slug, "xlsx")


def _export(slug: str, format: str):
    return download(get_managed_meeting(slug), service.export_invitations, format)


@bp.post("/manage/meetings/<slug>/invitations/import")
@login_required
def manage_import(slug: str):
    meeting = get_managed_meeting(slug)
    import_form = forms.ImportForm()
    upload = request.files.get("file")
    body = upload.read() if upload else b""
    preview, error = run_service(
        lambda: imports.preview_import(
            meeting,
            body=body,
            filename=upload.filename if upload else "",
            actor=current_user,
            directory=_stash_dir(),
            now=utcnow(),
        ),
        form=import_form,
    )
    status = error.status if error is not None else 200
    return _page(
        meeting,
        _form(meeting, formdata=None),
        status=status,
        preview=preview,
        import_form=import_form,
    )


@bp.post("/manage/meetings/<slug>/invitations/import/<key>")
@secret_in_path(
    "key"
)  # the preview's stash name: whoever holds it confirms that import
@login_required
def manage_import_confirm(slug: str, key: str):
    meeting = get_managed_meeting(slug)
    preview, error = run_service(
        lambda: imports.confirm_import(
            imports.get_import(meeting, key=key, actor=current_user),
            actor=current_user,
            directory=_stash_dir(),
            now=utcnow(),
        )
    )
    if error is None:
        flash(_import_message(preview), "success")
    return redirect(url_for("invitations.manage_index", slug=slug), code=303)


def _import_message(preview) -> str:
    people = ngettext(
        "%(num)d invitation imported as a draft.",
        "%(num)d invitations imported as drafts.",
        preview.people,
    )
    if not preview.delegations:
        return people
    return (
        people
        + " "
        + ngettext(
            "%(num)d focal point invited.",
            "%(num)d focal points invited.",
            preview.delegations,
        )
    )


@bp.post("/manage/meetings/<slug>/invitations/import/<key>/cancel")
@secret_in_path("key")
@login_required
def manage_import_cancel(slug: str, key: str):
    meeting = get_managed_meeting(slug)
    _result, error = run_service(
        lambda: imports.cancel_import(
            imports.get_import(meeting, key=key, actor=current_user),
            actor=current_user,
            directory=_stash_dir(),
            now=utcnow(),
        )
    )
    if error is None:
        flash(_("The import is cancelled; nothing was stored."), "success")
    return redirect(url_for("invitations.manage_index", slug=slug), code=303)


@bp.post("/manage/meetings/<slug>/invitations/copy")
@login_required
def manage_copy(slug: str):
    meeting = get_managed_meeting(slug)
    source = get_managed_meeting(request.form.get("source") or "")
    result, error = run_service(
        lambda: service.copy_invitations(
            source, meeting, actor=current_user, now=utcnow()
        )
    )
    if error is None:
        flash(
            _(
                "%(copied)d invitations copied as drafts; %(skipped)d left out.",
                **result,
            ),
            "success",
        )
    return redirect(url_for("invitations.manage_index", slug=slug), code=303)
