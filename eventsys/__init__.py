"""eventsys: meetings of intergovernmental migration dialogues."""

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from eventsys import config as config_module
from eventsys import faults
from eventsys.extensions import babel
from eventsys.extensions import csrf
from eventsys.extensions import db
from eventsys.extensions import limiter
from eventsys.extensions import login_manager
from eventsys.extensions import migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=(config or {}).get("INSTANCE_PATH") or str(ROOT / "instance"),
        template_folder="../templates",
        static_folder="../static",
    )
    load_config(app, config)
    register_extensions(app)
    register_blueprints(app)
    register_template_helpers(app)
    register_security_headers(app)
    from eventsys.errors import register_error_handlers

    register_error_handlers(app)
    from eventsys.cli import register_commands

    register_commands(app)
    return app


def load_config(app: Flask, overrides: dict | None) -> None:
    """Defaults, then instance/config.py, then the environment, then overrides."""
    app.config.from_object(config_module.Config)
    app.config.from_pyfile(str(Path(app.instance_path) / "config.py"), silent=True)
    app.config.update(config_module.from_environment())
    app.config.update(overrides or {})
    app.config["INSTANCE_PATH"] = app.instance_path
    config_module.finish(app.config)
    from eventsys.database import RetryAfterDisconnect

    app.wsgi_app = RetryAfterDisconnect(app.wsgi_app)
    hops = app.config["EVENTSYS_PROXY_HOPS"]
    if hops:
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops
        )


def register_extensions(app: Flask) -> None:
    from eventsys.auth.oidc import init_app as init_oidc
    from eventsys.database import configure_engine
    from eventsys.directory import participation as first_participation
    from eventsys.i18n import init_app as init_i18n
    from eventsys.i18n import select_locale
    from eventsys.pdf import delivery as pdf_delivery

    _import_models()
    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    init_i18n(app)
    limiter.init_app(app)
    faults.install_log_filters()
    pdf_delivery.init_app(app)
    first_participation.init_app(app)
    login_manager.init_app(app)
    init_oidc(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"


def _import_models() -> None:
    """Import every domain's models so metadata (and Alembic) sees all tables."""
    import eventsys.agenda.models
    import eventsys.audit.models
    import eventsys.auth.models
    import eventsys.comms.models
    import eventsys.directory.models
    import eventsys.documents.models
    import eventsys.invitations.models
    import eventsys.jobs
    import eventsys.mail.models
    import eventsys.meetings.models
    import eventsys.onsite.models
    import eventsys.outcomes.models
    import eventsys.registration.models  # noqa: F401


def register_blueprints(app: Flask) -> None:
    from eventsys import health
    from eventsys.agenda import views as agenda_views
    from eventsys.api import bp as api_bp
    from eventsys.api.account import bp as api_tokens_bp
    from eventsys.audit import views as audit_views
    from eventsys.auth import manage as accounts_manage
    from eventsys.auth import views as auth_views
    from eventsys.calendar import views as calendar_views
    from eventsys.comms import views as comms_views
    from eventsys.directory import designation_views
    from eventsys.directory import views as directory_views
    from eventsys.documents import views as documents_views
    from eventsys.invitations import views as invitations_views
    from eventsys.meetings import views as meetings_views
    from eventsys.onsite import views as onsite_views
    from eventsys.outcomes import views as outcomes_views
    from eventsys.pdf import views as pdf_views
    from eventsys.privacy import views as privacy_views
    from eventsys.registration import views as registration_views

    for bp in (
        health.bp,
        auth_views.bp,
        accounts_manage.bp,
        meetings_views.bp,
        agenda_views.bp,
        registration_views.bp,
        invitations_views.bp,
        outcomes_views.bp,
        comms_views.bp,
        documents_views.bp,
        directory_views.bp,
        designation_views.bp,
        calendar_views.bp,
        pdf_views.bp,
        onsite_views.bp,
        privacy_views.bp,
        audit_views.bp,
        api_bp,
        api_tokens_bp,
    ):
        app.register_blueprint(bp)


def register_template_helpers(app: Flask) -> None:
    from eventsys import templating

    templating.register(app)


def register_security_headers(app: Flask) -> None:
    from eventsys import security_headers

    security_headers.register(app)
