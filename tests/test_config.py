from eventsys import create_app
from eventsys.config import from_environment


def test_environment_overrides_instance_config_which_overrides_defaults(
    tmp_path, monkeypatch
):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text(
        "EVENTSYS_BASE_URL = 'https://from-instance.example'\nMAIL_PORT = 2525\n"
    )
    monkeypatch.setenv("MAIL_PORT", "1025")
    monkeypatch.setattr("eventsys.ROOT", tmp_path)
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["EVENTSYS_BASE_URL"] == "https://from-instance.example"
    assert app.config["MAIL_PORT"] == 1025  # environment beats instance/config.py
    assert app.config["MAIL_RATE_PER_MINUTE"] == 60  # default kept
    assert app.config["SESSION_COOKIE_SECURE"] is True  # derived from https base URL


def test_secret_key_is_generated_once_and_reused(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr("eventsys.ROOT", tmp_path)
    first = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config["SECRET_KEY"]
    second = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config["SECRET_KEY"]
    assert len(first) >= 64
    assert first == second
    assert (tmp_path / "instance" / "secret_key").read_text() == first


def test_uid_domain_stays_fixed_when_base_url_moves(tmp_path, monkeypatch):
    monkeypatch.setattr("eventsys.ROOT", tmp_path)
    monkeypatch.delenv("EVENTSYS_UID_DOMAIN", raising=False)
    first = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "EVENTSYS_BASE_URL": "https://old.example",
        }
    )
    moved = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "EVENTSYS_BASE_URL": "https://new.example",
        }
    )
    assert first.config["EVENTSYS_UID_DOMAIN"] == "old.example"
    assert moved.config["EVENTSYS_UID_DOMAIN"] == "old.example"


def test_plain_postgresql_url_uses_psycopg3():
    found = from_environment(
        {"DATABASE_URL": "postgresql://u@h/db", "MAIL_USE_TLS": "true"}
    )
    assert found["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    assert found["MAIL_USE_TLS"] is True


def test_default_database_is_sqlite_in_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr("eventsys.ROOT", tmp_path)
    app = create_app()
    assert (
        app.config["SQLALCHEMY_DATABASE_URI"]
        == f"sqlite:///{tmp_path / 'instance' / 'eventsys.db'}"
    )


def test_base_url_follows_host_and_port_when_unset(tmp_path, monkeypatch):
    monkeypatch.setattr("eventsys.ROOT", tmp_path)
    monkeypatch.delenv("EVENTSYS_BASE_URL", raising=False)
    monkeypatch.delenv("HOST", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["EVENTSYS_BASE_URL"] == "http://127.0.0.1:5000"
    monkeypatch.setenv("PORT", "8080")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["EVENTSYS_BASE_URL"] == "http://127.0.0.1:8080"
    monkeypatch.setenv("HOST", "events.example.org")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["EVENTSYS_BASE_URL"] == "http://events.example.org:8080"
    # Links in feeds follow it.
    with app.test_request_context():
        from eventsys.calendar.views import calendar_links

        assert calendar_links()["download"].startswith(
            "http://events.example.org:8080/"
        )
    monkeypatch.setenv("HOST", "0.0.0.0")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["EVENTSYS_BASE_URL"] == "http://127.0.0.1:8080"
    monkeypatch.setenv("HOST", "::1")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["EVENTSYS_BASE_URL"] == "http://[::1]:8080"
    # An explicit base URL wins.
    monkeypatch.setenv("EVENTSYS_BASE_URL", "https://events.example.org")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["EVENTSYS_BASE_URL"] == "https://events.example.org"
