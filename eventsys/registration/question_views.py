"""The secretariat's page of a meeting's registration questions: add, edit, move, remove."""

from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required

from eventsys.forms import run_service
from eventsys.i18n import current_language
from eventsys.lookup import get_of_meeting
from eventsys.models import utcnow
from eventsys.registration import forms
from eventsys.registration import questions
from eventsys.registration import rules
from eventsys.registration.manage import managed_meeting
from eventsys.registration.models import RegistrationQuestion
from eventsys.registration.views import bp


def _form(meeting, question=None, **kwargs):
    return forms.question_form(
        meeting,
        rules.meeting_categories(meeting),
        current_language(),
        question=question,
        **kwargs,
    )


def _back(slug: str):
    return redirect(url_for("registration.manage_questions", slug=slug), code=303)


@bp.route("/manage/meetings/<slug>/registration/questions", methods=["GET", "POST"])
@login_required
def manage_questions(slug: str):
    meeting = managed_meeting(slug)
    form = _form(meeting, formdata=None if request.method == "GET" else request.form)
    status = 200
    if request.method == "POST":
        _question, error = run_service(
            lambda: questions.create_question(
                meeting, data=request.form.to_dict(), actor=current_user, now=utcnow()
            ),
            form=form,
        )
        if error is None:
            flash(_("Question added."), "success")
            return _back(slug)
        status = error.status
    items = questions.questions_for(meeting, all_categories=True)
    page = render_template(
        "registration/manage/questions.html",
        meeting=meeting,
        questions=items,
        form=form,
        kind_title=questions.kind_title,
        answers=questions.answer_counts(meeting),
    )
    return page, status


@bp.route(
    "/manage/meetings/<slug>/registration/questions/<int:question_id>",
    methods=["GET", "POST"],
)
@login_required
def manage_question_edit(slug: str, question_id: int):
    meeting = managed_meeting(slug)
    question = get_of_meeting(RegistrationQuestion, question_id, meeting)
    form = _form(
        meeting,
        question,
        formdata=None if request.method == "GET" else request.form,
    )
    status = 200
    if request.method == "POST":
        _result, error = run_service(
            lambda: questions.update_question(
                question, data=request.form.to_dict(), actor=current_user, now=utcnow()
            ),
            form=form,
        )
        if error is None:
            flash(_("Question saved."), "success")
            return _back(slug)
        status = error.status
    page = render_template(
        "registration/manage/question.html",
        meeting=meeting,
        question=question,
        form=form,
        answers=questions.answer_count(question),
        usage=questions.choice_usage(question),
        choice_label=questions.choice_label,
    )
    return page, status


@bp.post("/manage/meetings/<slug>/registration/questions/<int:question_id>/move")
@login_required
def manage_question_move(slug: str, question_id: int):
    meeting = managed_meeting(slug)
    question = get_of_meeting(RegistrationQuestion, question_id, meeting)
    run_service(
        lambda: questions.move_question(
            question,
            direction=request.form.get("direction", ""),
            actor=current_user,
            now=utcnow(),
        )
    )
    return _back(slug)


@bp.post("/manage/meetings/<slug>/registration/questions/<int:question_id>/delete")
@login_required
def manage_question_delete(slug: str, question_id: int):
    meeting = managed_meeting(slug)
    question = get_of_meeting(RegistrationQuestion, question_id, meeting)
    _result, error = run_service(
        lambda: questions.delete_question(question, actor=current_user, now=utcnow())
    )
    if error is None:
        flash(_("Question removed."), "success")
    return _back(slug)
