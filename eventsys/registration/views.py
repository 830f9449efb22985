"""Participant pages: register, manage one's own registration, the public list."""

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventsys import caching
from eventsys import links
from eventsys.errors import Conflict
from eventsys.extensions import db
from eventsys.extensions import limiter
from eventsys.forms import run_service
from eventsys.i18n import current_language
from eventsys.meetings.views import get_visible_meeting
from eventsys.models import utcnow
from eventsys.registration import forms
from eventsys.registration import lists
from eventsys.registration import questions as questions_module
from eventsys.registration import rules
from eventsys.registration import service
from eventsys.registration.models import Registration
from eventsys.secret_urls import secret_in_path

bp = Blueprint("registration", __name__)


def _email_key() -> str:
    email = (request.form.get("email") or "").strip().lower()[:254]
    return f"email:{email}"


def _per_email() -> str:
    return current_app.config["REGISTRATION_RATE_PER_EMAIL"]


def _per_address() -> str:
    return current_app.config["REGISTRATION_RATE_PER_ADDRESS"]


def _build_form(meeting, now):
    categories = service.open_categories(meeting, now=now)
    questions = questions_module.questions_for(meeting, all_categories=True)
    form = forms.registration_form(meeting, categories, questions, current_language())
    return form, categories, questions


@bp.route("/meetings/<slug>/register", methods=["GET", "POST"])
@limiter.shared_limit(_per_address, "register-address", methods=["POST"])
@limiter.shared_limit(
    _per_email, "register-email", key_func=_email_key, methods=["POST"]
)
def register(slug: str):
    meeting = get_visible_meeting(slug)
    now = utcnow()
    form, categories, questions = _build_form(meeting, now)
    # A category's own window may be open while the meeting's is not, or the reverse.
    state = "open" if categories else rules.window_state(meeting, None, now)
    if state == "open" and not categories:
        state = "invitation" if rules.by_invitation(meeting) else "closed"
    if request.method == "GET" or state != "open":
        status = 200 if request.method == "GET" else 409
        if state == "invitation":
            status = 200 if request.method == "GET" else 403
        message = service.invitation_message(meeting) if state == "invitation" else ""

        def page() -> str:
            return _page(
                meeting, form, categories, questions, state, now, message=message
            )

        if request.method != "GET":
            return page(), status
        return caching.cached_page(
            _form_version(meeting, categories, questions, state), page
        ), status
    data = forms.payload(request.form, questions)
    data["category"] = _offered(categories, data.get("category"))

    def register_and_read_status():
        registration, token = service.register(
            meeting,
            data=data,
            user=_user(),
            now=now,
            language=current_language(),
            questions_shown=questions,
        )
        # read before the commit expires it: the flash then needs no query
        return registration, token, registration.status

    result, error = run_service(register_and_read_status, form=form)
    if isinstance(error, service.DuplicateRegistration):
        resend = forms.ResendForm(formdata=None, email=data.get("email") or "")
        return _page(
            meeting,
            form,
            categories,
            questions,
            state,
            now,
            duplicate=True,
            resend_form=resend,
            message=error.message,
        ), 409
    if isinstance(error, service.RegistrationClosed):
        # Closed meanwhile, or a category the form does not offer (by invitation).
        return _page(
            meeting, form, categories, questions, "closed", now, message=error.message
        ), error.status
    if error is not None:
        return _page(meeting, form, categories, questions, state, now), error.status
    registration, token, status = result
    flash(_outcome_message(registration, status), "success")
    return redirect(url_for("registration.manage", token=token), code=303)


def _offered(categories, value):
    """The category the form offers under this key, as the form loaded it (the
    service then need not read the meeting's categories again); any other value
    is left for the service to refuse or to resolve (by invitation)."""
    return next((c for c in categories if c.key == value), value)


def _form_version(meeting, categories, questions, state) -> tuple:
    """What the empty form shows: the meeting, the categories open now (the
    clock enters through which are open, and the state), the questions."""
    shown = [meeting, meeting.series, *categories, *questions]
    shown += [q.category for q in questions]
    return (state, caching.rows_version(*shown))


def _user():
    return current_user if current_user.is_authenticated else None


def _page(meeting, form, categories, questions, state, now, **extra):
    return render_template(
        "registration/register.html",
        meeting=meeting,
        form=form,
        categories=categories,
        questions=questions,
        state=state,
        now=now,
        approval={c.id: rules.requires_approval(c) for c in categories},
        in_person_full=service.in_person_full(meeting),
        online_open=service.online_seat_free(meeting),
        closed_message=service.closed_message(state) if state != "open" else "",
        resend_form=extra.pop("resend_form", None) or forms.ResendForm(formdata=None),
        **extra,
    )


def _outcome_message(registration, status: str | None = None) -> str:
    """status: as read before the commit (then a confirmation reads nothing)."""
    status = status or registration.status
    if status == "confirmed":
        return _(
            "Your registration is confirmed. We have sent you an email with the details."
        )
    if status == "waitlisted":
        return (
            service.waitlist_message(registration)
            + " "
            + _("We have sent you an email.")
        )
    return _(
        "We have received your registration. It now waits for the secretariat's "
        "approval; we have sent you an email."
    )


@bp.post("/meetings/<slug>/register/resend")
@limiter.shared_limit(_per_email, "register-email", key_func=_email_key)
@limiter.shared_limit(_per_address, "register-address")
def resend_link(slug: str):
    meeting = get_visible_meeting(slug)
    form = forms.ResendForm()
    if form.validate():
        service.resend_manage_link(meeting, form.email.data, now=utcnow())
        db.session.commit()
    # The same answer whether or not the address is registered.
    flash(
        _(
            "If this address has a registration for this meeting, we have just sent it a new "
            "link. Earlier links no longer work."
        ),
        "info",
    )
    return redirect(url_for("registration.register", slug=meeting.slug), code=303)


# --- a participant's own registration --------------------------------------


def _load(token: str) -> Registration:
    """The registration of a current manage link; 410 for a replaced one, else 404."""
    return links.open_link(Registration, token)


@bp.route("/registrations/<token>", methods=["GET", "POST"])
@secret_in_path("token")
def manage(token: str):
    registration = _load(token)
    questions = questions_module.questions_for(
        registration.meeting,
        registration.category,
        members=registration.delegation_id is not None,
    )
    form = forms.update_form(
        registration.meeting,
        questions,
        current_language(),
        registration=registration if request.method == "GET" else None,
    )
    status = 200
    if request.method == "POST":
        _result, error = run_service(
            lambda: service.update_registration(
                registration,
                data=request.form.to_dict(),
                answers=questions_module.answer_payload(request.form, questions),
                by_participant=True,
                now=utcnow(),
            ),
            form=form,
        )
        if error is None:
            flash(_("Your changes are saved."), "success")
            return redirect(url_for("registration.manage", token=token), code=303)
        status = error.status
    page = render_template(
        "registration/manage.html",
        registration=registration,
        meeting=registration.meeting,
        form=form,
        token=token,
        position=service.waitlist_position(registration),
        answers=_answers(registration),
        questions=questions,
    )
    return page, status  # no-store, no-referrer: the route's secret_in_path


def _answers(registration) -> list[tuple]:
    return questions_module.shown_answers(registration)


@bp.post("/registrations/<token>/cancel")
@secret_in_path("token")
def cancel(token: str):
    registration = _load(token)
    try:
        service.cancel(registration, by_participant=True, now=utcnow())
    except Conflict as error:
        flash(error.message, "error")
        return redirect(url_for("registration.manage", token=token), code=303)
    db.session.commit()
    flash(
        _("Your registration is cancelled. We have sent you a confirmation."), "success"
    )
    return redirect(url_for("registration.manage", token=token), code=303)


@bp.post("/registrations/<token>/resend")
@secret_in_path("token")
@limiter.shared_limit(links.resend_limit, "link-resend", key_func=links.resend_key)
def resend_current(token: str):
    """From a replaced link's page: email the current link to the registered address."""
    registration = links.owner(service.find_by_token(token))
    if registration is None:
        abort(404)
    service.send_current_link(registration, now=utcnow())
    db.session.commit()
    return render_template("links/sent.html")


# --- the public list of participants -----------------------------------------


@bp.app_template_global("delegation_name")
def delegation_name(delegation) -> str:
    """A delegation as lists name it: a State's UN name in the page's language."""
    return lists.delegation_name(delegation, current_language())


@bp.get("/meetings/<slug>/participants")
def participants(slug: str):
    meeting = get_visible_meeting(slug)
    if not meeting.public_participant_list or meeting.status == "draft":
        abort(404)
    language = current_language()
    people = lists.participants(meeting, language=language, public=True)
    return render_template(
        "registration/participants.html",
        meeting=meeting,
        people=people,
        blocks=lists.blocks(people, language),
    )


from eventsys.registration import delegation_views as _delegations  # noqa: E402,F401
from eventsys.registration import manage as _manage  # noqa: E402,F401  (routes on this blueprint)
from eventsys.registration import question_views as _questions  # noqa: E402,F401
