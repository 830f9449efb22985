"""Login, logout and the account page."""

import time
from urllib.parse import urlsplit

from authlib.integrations.base_client import OAuthError
from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import session
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_login import login_required
from flask_login import login_user
from flask_login import logout_user
from joserfc.errors import JoseError

from eventsys.auth import invitations
from eventsys.auth import oidc
from eventsys.auth import ratelimit
from eventsys.auth import service
from eventsys.auth import sso
from eventsys.auth import totp
from eventsys.auth.forms import ChangePasswordForm
from eventsys.auth.forms import InvitationForm
from eventsys.auth.forms import LoginForm
from eventsys.auth.forms import ProfileForm
from eventsys.auth.forms import ResetPasswordForm
from eventsys.auth.forms import ResetRequestForm
from eventsys.auth.forms import SecondFactorForm
from eventsys.auth.models import User
from eventsys.errors import InvalidInput
from eventsys.errors import render_error
from eventsys.extensions import db
from eventsys.extensions import limiter
from eventsys.extensions import login_manager
from eventsys.forms import attach_errors
from eventsys.forms import run_service
from eventsys.secret_urls import secret_in_path

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(session_id: str):
    """The signed-in user, unless the account's sessions were ended since."""
    return service.user_for_session_id(session_id)


def safe_next(target: str | None) -> str:
    """Only same-site paths: never redirect to another host after login."""
    if not target:
        return url_for("meetings.home")
    parts = urlsplit(target)
    # Browsers read "/\host" like "//host": refuse backslashes and control characters too.
    unsafe = "\\" in target or any(ord(c) < 32 for c in target)
    if (
        parts.scheme
        or parts.netloc
        or unsafe
        or not target.startswith("/")
        or target.startswith("//")
    ):
        return url_for("meetings.home")
    return target


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(ratelimit.address_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data
        if oidc.client() is not None and sso.password_sign_in_refused(
            email, current_app.config["SSO_REQUIRED_DOMAINS"]
        ):
            return redirect(url_for("auth.sso_login"))
        if ratelimit.account_locked(email):
            service.record_blocked_login(email, ip=request.remote_addr or "")
            db.session.commit()
            return render_error(429, _too_many_failures())
        time.sleep(service.login_delay_seconds(ratelimit.recent_failures(email)))
        user = service.authenticate(
            email, form.password.data, ip=request.remote_addr or ""
        )
        db.session.commit()
        if user is not None:
            if totp.required(user, require_for_staff=_require_2fa()):
                _await_second_factor(user, remember=form.remember.data)
                return redirect(url_for("auth.second_factor",
                                        next=request.args.get("next")))  # fmt: skip
            _sign_in(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next")))
        ratelimit.note_failure(email)
        form.password.errors.append(_("Email or password is not correct."))
    status = 422 if form.errors else 200
    return render_template(
        "auth/login.html", form=form, sso_enabled=oidc.client() is not None
    ), status


def _sign_in(user: User, *, remember: bool) -> None:
    _fresh_session()
    login_user(user, remember=remember)
    session.permanent = True
    flash(_("Welcome, %(name)s.", name=user.name or user.email), "success")


def _fresh_session() -> None:
    """Drop everything from before sign-in (no fixation); keep only the language."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


def _too_many_failures() -> str:
    return _(
        "There were too many unsuccessful attempts to sign in to this account. "
        "Please wait 15 minutes, or reset your password."
    )


@bp.post("/logout")
def logout():
    """Sign out; a copy of this session's cookie (or a remember cookie) dies too."""
    if current_user.is_authenticated:
        service.end_sessions(current_user, action="logout")
        db.session.commit()
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("meetings.home"))


@bp.post("/account/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    service.end_sessions(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You are signed out on every device."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    profile = ProfileForm(prefix="profile", obj=current_user)
    password = ChangePasswordForm(prefix="pw")
    if _submitted("profile") and profile.validate():
        current_user.name = profile.name.data.strip()
        current_user.language = profile.language.data
        session["lang"] = profile.language.data
        db.session.commit()
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("auth.account"))
    if _submitted("password") and password.validate():
        try:
            service.change_password(
                current_user, password.current_password.data, password.password.data
            )
        except InvalidInput as error:
            attach_errors(password, error)
        else:
            db.session.commit()
            login_user(current_user._get_current_object())  # this session stays
            flash(_("Your password is changed."), "success")
            return redirect(url_for("auth.account"))
    status = 422 if (profile.errors or password.errors) else 200
    return render_template(
        "auth/account.html", profile=profile, password=password
    ), status


def _submitted(action: str) -> bool:
    return request.method == "POST" and request.form.get("action") == action


@bp.route("/password/reset", methods=["GET", "POST"])
@limiter.limit(ratelimit.address_limit, methods=["POST"])
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        service.request_password_reset(form.email.data, reset_url=_absolute_reset_url)
        db.session.commit()
        flash(_reset_sent_message(), "info")
        return redirect(url_for("auth.reset_request"))
    status = 422 if form.errors else 200
    return render_template("auth/reset_request.html", form=form), status


def _reset_sent_message() -> str:
    return _(
        "If an account uses this address, we have sent it a link to choose a new "
        "password. The link works once, for one hour."
    )


def _absolute_reset_url(token: str) -> str:
    base = current_app.config["EVENTSYS_BASE_URL"].rstrip("/")
    return base + url_for("auth.reset_password", token=token)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(ratelimit.address_limit, methods=["POST"])
@secret_in_path("token")
def reset_password(token: str):
    if service.user_for_reset_token(token) is None:
        return render_template("auth/reset_invalid.html"), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            service.reset_password(token, form.password.data)
        except InvalidInput as error:
            attach_errors(form, error)
        else:
            db.session.commit()
            session.clear()
            flash(
                _("Your password is changed. You can sign in with it now."), "success"
            )
            return redirect(url_for("auth.login"))
    status = 422 if form.errors else 200
    return render_template("auth/reset_password.html", form=form), status


@bp.route("/account/invitation/<token>", methods=["GET", "POST"])
@secret_in_path("token")
@limiter.limit(ratelimit.address_limit, methods=["POST"])
def invitation(token: str):
    """Accept an invitation to a meeting's team: choose a password, get the role."""
    found = invitations.for_token(token)
    if found is None:
        return render_template("auth/invitation_invalid.html"), 404
    domains = current_app.config["SSO_REQUIRED_DOMAINS"]
    if oidc.client() is not None and invitations.is_sso_address(found.email, domains):
        session["invitation"] = token
        return redirect(url_for("auth.sso_login"))
    form = InvitationForm()
    if form.validate_on_submit():
        user, error = run_service(
            lambda: invitations.accept(
                token, name=form.name.data, password=form.password.data
            ),
            form=form,
        )
        if error is None:
            _sign_in(user, remember=False)
            return redirect(landing_page(found))
    status = 422 if form.errors else 200
    return render_template("auth/invitation.html", form=form, invitation=found), status


def landing_page(invitation) -> str:
    """Where someone who accepted lands: the part of the meeting their role opens."""
    slug = invitation.meeting.slug
    if invitation.role == "manager":
        return url_for("meetings.manage_meeting", slug=slug)
    if invitation.role == "rapporteur":
        return url_for("outcomes.manage_index", slug=slug)
    return url_for("meetings.detail", slug=slug)


@bp.get("/login/sso")
def sso_login():
    """Off to the organisation's sign-in (state, nonce and PKCE kept in the session)."""
    oidc_client = oidc.client()
    if oidc_client is None:
        abort(404)
    base = current_app.config["EVENTSYS_BASE_URL"].rstrip("/")
    return oidc_client.authorize_redirect(base + url_for("auth.sso_callback"))


@bp.get("/login/sso/callback")
def sso_callback():
    oidc_client = oidc.client()
    if oidc_client is None:
        abort(404)
    try:
        claims = oidc.verified_claims(oidc_client)
    except (OAuthError, JoseError) as error:
        current_app.logger.warning("SSO sign-in refused: %s", error)
        message = _(
            "The sign-in with your organisation did not work. Please try again."
        )
        return render_template("auth/sso_failed.html", message=message), 400
    token = session.pop("invitation", None)
    user, error = run_service(lambda: sso.sign_in(
        claims, policy=_sso_policy(), ip=request.remote_addr or "",
        signed_in=current_user._get_current_object() if current_user.is_authenticated else None,
        invitation=invitations.for_token(token) if token else None,
    ))  # fmt: skip
    if error is not None:
        return render_template("auth/sso_failed.html", message=error.message), 403
    _sign_in(user, remember=False)
    session["sso"] = True
    return redirect(url_for("meetings.manage_index"))


def _sso_policy() -> sso.Policy:
    config = current_app.config
    return sso.Policy(
        issuer=oidc.issuer(),
        sso_domains=tuple(config["SSO_REQUIRED_DOMAINS"]),
        create_accounts=bool(config["OIDC_CREATE_ACCOUNTS"]),
    )


# ---------------------------------------------------------------- second factor

PENDING = "_2fa"
PENDING_LIFETIME = 300  # seconds between the password and the code


def _require_2fa() -> bool:
    return bool(current_app.config["EVENTSYS_REQUIRE_2FA_FOR_STAFF"])


def _await_second_factor(user: User, *, remember: bool) -> None:
    """The password was right: nobody is signed in until the code is too."""
    _fresh_session()
    session[PENDING] = {"id": user.get_id(), "remember": bool(remember),
                        "at": int(time.time())}  # fmt: skip


def _pending_user() -> User | None:
    pending = session.get(PENDING) or {}
    if time.time() - pending.get("at", 0) > PENDING_LIFETIME:
        return None
    return service.user_for_session_id(pending.get("id", ""))


@bp.route("/login/2fa", methods=["GET", "POST"])
@limiter.limit(ratelimit.address_limit, methods=["POST"])
def second_factor():
    """The code after a correct password (or, where it is required, the enrolment)."""
    user = _pending_user()
    if user is None or not user.is_active:
        session.pop(PENDING, None)
        return redirect(url_for("auth.login"))
    enrolling = not totp.is_enabled(user)
    if enrolling and not user.totp_secret:
        totp.start_enrolment(user)
        db.session.commit()
    form = SecondFactorForm()
    if form.validate_on_submit():
        if ratelimit.account_locked(user.email):
            return render_error(429, _too_many_failures())
        codes, ok = _check_second_factor(user, form, enrolling)
        if ok:
            remember = session[PENDING]["remember"]
            _sign_in(user, remember=remember)
            if codes:
                return render_template("auth/recovery_codes.html", codes=codes)
            return redirect(safe_next(request.args.get("next")))
        ratelimit.note_failure(user.email)
    status = 422 if form.errors else 200
    return render_template(
        "auth/second_factor.html", form=form, enrolling=enrolling,
        secret=user.totp_secret if enrolling else "",
        uri=totp.provisioning_uri(user) if enrolling else "",
    ), status  # fmt: skip


def _check_second_factor(user, form, enrolling: bool):
    if enrolling:
        codes, error = run_service(
            lambda: totp.confirm_enrolment(user, form.code.data), form=form
        )
        return codes, error is None
    ok = totp.verify(user, form.code.data)
    db.session.commit()  # the used step or recovery code
    if not ok:
        form.code.errors.append(_("This code is not correct."))
    return None, ok


@bp.route("/account/2fa", methods=["GET", "POST"])
@login_required
def account_second_factor():
    """Turn the second factor on (scan, confirm, keep the recovery codes) or off."""
    user = current_user._get_current_object()
    form = SecondFactorForm()
    action = request.form.get("action")
    if request.method == "POST" and action == "start":
        totp.start_enrolment(user)
        db.session.commit()
        form = SecondFactorForm(formdata=None)
    elif form.validate_on_submit() and action in ("confirm", "disable"):
        call = totp.confirm_enrolment if action == "confirm" else totp.disable
        codes, error = run_service(lambda: call(user, form.code.data), form=form)
        if error is None and action == "confirm":
            return render_template("auth/recovery_codes.html", codes=codes)
        if error is None:
            flash(_("The second factor is off."), "info")
            return redirect(url_for("auth.account"))
    status = 422 if form.errors else 200
    pending = bool(user.totp_secret) and not totp.is_enabled(user)
    return render_template(
        "auth/account_2fa.html", form=form, enabled=totp.is_enabled(user),
        pending=pending, secret=user.totp_secret if pending else "",
        uri=totp.provisioning_uri(user) if pending else "",
    ), status  # fmt: skip
