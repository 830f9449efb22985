"""Configuration: defaults here, then instance/config.py, then the environment."""

import logging
import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from eventsys import crypto


class Config:
    # No pre-ping (a round trip per checkout, i.e. per request): connections
    # are replaced after 5 minutes (idle timeouts of firewalls and poolers), and
    # a read that meets one the server dropped runs once more on a fresh one
    # (eventsys/database.py: RetryAfterDisconnect), else answers 503.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_recycle": 300}
    # Empty: http://HOST:PORT, where `make run` serves (see default_base_url).
    EVENTSYS_BASE_URL = ""
    EVENTSYS_HOST = "127.0.0.1"
    EVENTSYS_PORT = 5000
    EVENTSYS_UID_DOMAIN = ""
    EVENTSYS_PROXY_HOPS = 0
    # Signs personal links (eventsys/links.py); empty: generated into
    # instance/link_key. Never SECRET_KEY; changing it ends every such link.
    EVENTSYS_LINK_KEY = ""
    # 2026-12: the notice says the stakeholder directory keeps contacts.
    # 2026-12-02: and why a meeting may ask the optional gender question.
    EVENTSYS_PRIVACY_NOTICE_VERSION = "2026-12-02"
    # The notice versions that mention the directory: only registrations made
    # under one of them appear as an organisation's contacts.
    EVENTSYS_DIRECTORY_NOTICE_VERSIONS = ("2026-12", "2026-12-02")
    # The notice versions that say why a meeting may ask the optional gender
    # question (parity counts): a meeting can turn it on only under one of them.
    # A deployment that words its own notice lists its versions here.
    EVENTSYS_GENDER_NOTICE_VERSIONS = ("2026-12-02",)
    # The vetting checklist (eventsys/directory/vetting.py); empty: the defaults.
    EVENTSYS_VETTING_CRITERIA = ()
    # Who is responsible for personal data: a name as written, or one per
    # language ({"en": ..., "fr": ..., "es": ...}); empty: "the meeting
    # secretariat" in the page's language.
    EVENTSYS_PRIVACY_CONTROLLER = ""
    EVENTSYS_CONTACT_EMAIL = "secretariat@example.org"
    LANGUAGES = ("en", "fr", "es")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    MAIL_SERVER = ""
    MAIL_PORT = 25
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_USE_TLS = False
    MAIL_DEFAULT_SENDER = "eventsys <no-reply@example.org>"
    MAIL_RATE_PER_MINUTE = 60
    # Sent outbox rows are deleted after this many days (`privacy purge`, daily job).
    MAIL_RETENTION_DAYS = 90
    # Registrations of meetings that ended this long ago are anonymised by the
    # daily job, e.g. "24months"; empty: only `privacy purge --older-than` does it
    # (so the demo's 2019 meetings keep their participants).
    EVENTSYS_PRIVACY_RETENTION = ""
    # Seconds to wait for each SMTP answer; a server slower than this is paused.
    MAIL_TIMEOUT = 10
    # Changes within this window go out as one invitation update.
    INVITE_UPDATE_DELAY = timedelta(minutes=5)
    REDIS_URL = ""
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    REGISTRATION_RATE_PER_EMAIL = "5 per hour"
    REGISTRATION_RATE_PER_ADDRESS = "200 per hour"
    LOGIN_RATE_PER_ADDRESS = "30 per 15 minutes"
    LOGIN_FAILURES_PER_ACCOUNT = "10 per 15 minutes"
    # Limits fail open: if the limiter's storage (Redis) is down, requests pass.
    RATELIMIT_SWALLOW_ERRORS = True
    # Empty: security.txt says security@example.org, the privacy notice names
    # EVENTSYS_CONTACT_EMAIL.
    EVENTSYS_SECURITY_CONTACT = ""
    EVENTSYS_PRIVACY_CONTACT = ""
    AUDIT_PER_PAGE = 50
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=14)
    WTF_CSRF_TIME_LIMIT = None
    MEETINGS_PER_PAGE = 20
    # Single sign-on (OpenID Connect): one issuer; on when all three are set.
    OIDC_ISSUER = ""
    OIDC_CLIENT_ID = ""
    OIDC_CLIENT_SECRET = ""
    OIDC_CREATE_ACCOUNTS = False
    # Addresses of these domains sign in through SSO only (e.g. ("iom.int",)).
    SSO_REQUIRED_DOMAINS = ()
    EVENTSYS_REQUIRE_2FA_FOR_STAFF = False
    # Meeting documents: the largest file a manager may upload, and where files
    # are kept (empty: DOCUMENTS_DIR, default <instance>/documents).
    EVENTSYS_MAX_UPLOAD_MB = 25
    EVENTSYS_STORAGE_URL = ""
    # With s3://bucket/prefix: the store's address when it is not AWS, and its region.
    EVENTSYS_S3_ENDPOINT_URL = ""
    EVENTSYS_S3_REGION = ""
    # Fernet key(s) for passport data and visa letters, comma-separated (the
    # first encrypts, all decrypt); empty: generated into instance/ in
    # development only (eventsys/crypto.py).
    EVENTSYS_DATA_KEY = ""
    # A ClamAV daemon scanning uploads from outside the secretariat: "host:port"
    # or the path of its Unix socket. Empty: such files wait for a manager.
    EVENTSYS_CLAMD = ""


ENV_KEYS = {
    "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "SECRET_KEY": "SECRET_KEY",
    "EVENTSYS_LINK_KEY": "EVENTSYS_LINK_KEY",
    "EVENTSYS_BASE_URL": "EVENTSYS_BASE_URL",
    "HOST": "EVENTSYS_HOST",
    "PORT": "EVENTSYS_PORT",
    "EVENTSYS_UID_DOMAIN": "EVENTSYS_UID_DOMAIN",
    "EVENTSYS_PROXY_HOPS": "EVENTSYS_PROXY_HOPS",
    "MAIL_SERVER": "MAIL_SERVER",
    "MAIL_PORT": "MAIL_PORT",
    "MAIL_USERNAME": "MAIL_USERNAME",
    "MAIL_PASSWORD": "MAIL_PASSWORD",
    "MAIL_USE_TLS": "MAIL_USE_TLS",
    "MAIL_DEFAULT_SENDER": "MAIL_DEFAULT_SENDER",
    "MAIL_RATE_PER_MINUTE": "MAIL_RATE_PER_MINUTE",
    "MAIL_TIMEOUT": "MAIL_TIMEOUT",
    "MAIL_RETENTION_DAYS": "MAIL_RETENTION_DAYS",
    "EVENTSYS_PRIVACY_RETENTION": "EVENTSYS_PRIVACY_RETENTION",
    "REDIS_URL": "REDIS_URL",
    "RATELIMIT_ENABLED": "RATELIMIT_ENABLED",
    "REGISTRATION_RATE_PER_EMAIL": "REGISTRATION_RATE_PER_EMAIL",
    "REGISTRATION_RATE_PER_ADDRESS": "REGISTRATION_RATE_PER_ADDRESS",
    "OIDC_ISSUER": "OIDC_ISSUER",
    "OIDC_CLIENT_ID": "OIDC_CLIENT_ID",
    "OIDC_CLIENT_SECRET": "OIDC_CLIENT_SECRET",
    "OIDC_CREATE_ACCOUNTS": "OIDC_CREATE_ACCOUNTS",
    "SSO_REQUIRED_DOMAINS": "SSO_REQUIRED_DOMAINS",
    "EVENTSYS_REQUIRE_2FA_FOR_STAFF": "EVENTSYS_REQUIRE_2FA_FOR_STAFF",
    "EVENTSYS_MAX_UPLOAD_MB": "EVENTSYS_MAX_UPLOAD_MB",
    "EVENTSYS_STORAGE_URL": "EVENTSYS_STORAGE_URL",
    "EVENTSYS_S3_ENDPOINT_URL": "EVENTSYS_S3_ENDPOINT_URL",
    "EVENTSYS_S3_REGION": "EVENTSYS_S3_REGION",
    "DOCUMENTS_DIR": "DOCUMENTS_DIR",
    "EVENTSYS_DATA_KEY": "EVENTSYS_DATA_KEY",
    "EVENTSYS_CLAMD": "EVENTSYS_CLAMD",
}
INT_KEYS = {
    "EVENTSYS_PORT",
    "EVENTSYS_PROXY_HOPS",
    "MAIL_PORT",
    "MAIL_RATE_PER_MINUTE",
    "MAIL_TIMEOUT",
    "MAIL_RETENTION_DAYS",
    "EVENTSYS_MAX_UPLOAD_MB",
}
BOOL_KEYS = {
    "MAIL_USE_TLS",
    "RATELIMIT_ENABLED",
    "OIDC_CREATE_ACCOUNTS",
    "EVENTSYS_REQUIRE_2FA_FOR_STAFF",
}


def from_environment(environ=os.environ) -> dict:
    """The settings the environment gives, converted to their Python types."""
    found = {}
    for env_name, key in ENV_KEYS.items():
        if env_name in environ:
            found[key] = _convert(key, environ[env_name])
    return found


def _convert(key: str, raw: str):
    if key in INT_KEYS:
        return int(raw)
    if key in BOOL_KEYS:
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if key == "SQLALCHEMY_DATABASE_URI":
        return normalise_database_url(raw)
    if key == "SSO_REQUIRED_DOMAINS":
        return tuple(d.strip().lower() for d in raw.split(",") if d.strip())
    return raw


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for plain postgresql:// URLs (SQLAlchemy defaults to psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def finish(config) -> None:
    """Fill in the settings that are derived from others."""
    instance = Path(config["INSTANCE_PATH"])
    if not config.get("SQLALCHEMY_DATABASE_URI"):
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'eventsys.db'}"
    if not config.get("EVENTSYS_BASE_URL"):
        config["EVENTSYS_BASE_URL"] = default_base_url(
            config.get("EVENTSYS_HOST", ""), config.get("EVENTSYS_PORT", 5000)
        )
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = load_or_create_secret(instance / "secret_key")
    finish_data_key(config, instance)
    if not config.get("EVENTSYS_LINK_KEY"):
        config["EVENTSYS_LINK_KEY"] = load_or_create_secret(instance / "link_key")
    if config["EVENTSYS_LINK_KEY"] == config["SECRET_KEY"]:
        # One leaked key must not give both sessions and every personal link.
        raise RuntimeError("EVENTSYS_LINK_KEY must differ from SECRET_KEY")
    if not config.get("EVENTSYS_UID_DOMAIN"):
        config["EVENTSYS_UID_DOMAIN"] = load_or_create_uid_domain(
            instance / "uid_domain", config["EVENTSYS_BASE_URL"]
        )
    if config.get("REDIS_URL") and config["RATELIMIT_STORAGE_URI"] == "memory://":
        config["RATELIMIT_STORAGE_URI"] = config["REDIS_URL"]
    config["SESSION_COOKIE_SECURE"] = config["EVENTSYS_BASE_URL"].startswith("https:")
    config["REMEMBER_COOKIE_SECURE"] = config["SESSION_COOKIE_SECURE"]
    config.setdefault("PDF_CACHE_DIR", str(instance / "pdf-cache"))
    config.setdefault("DOCUMENTS_DIR", str(instance / "documents"))


def finish_data_key(config, instance: Path) -> None:
    """Check EVENTSYS_DATA_KEY at start; without one, a development key from instance/.

    In production a key from instance/ is refused (eventsys/crypto.py says why):
    it is never generated there, and an existing file is marked so every use fails
    with a clear message.
    """
    if config.get("EVENTSYS_DATA_KEY"):
        crypto.parse_keys(
            config["EVENTSYS_DATA_KEY"]
        )  # a malformed key stops the start
        config["EVENTSYS_DATA_KEY_FROM_INSTANCE"] = False
        return
    path = instance / crypto.KEY_FILE
    if crypto.is_production(config):
        # Said at every start; visa settings and /healthz repeat it where it matters.
        logging.getLogger("eventsys").warning(
            "EVENTSYS_DATA_KEY is not set: visa support letters are unavailable "
            "(a key in instance/ is not used in production, docs/deployment.md)"
        )
        if not path.exists():
            return
    config["EVENTSYS_DATA_KEY"] = crypto.load_or_create_key(path)
    config["EVENTSYS_DATA_KEY_FROM_INSTANCE"] = True


def default_base_url(host: str, port: int) -> str:
    """Where the server runs, for links when EVENTSYS_BASE_URL is unset.

    A wildcard bind address (0.0.0.0, ::) is no address to link to: links then
    use 127.0.0.1; behind a proxy or on a public name, set EVENTSYS_BASE_URL.
    """
    host = (host or "").strip().strip("[]")
    if host in ("", "0.0.0.0", "::"):
        host = "127.0.0.1"
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    return f"http://{host}:{port}" if int(port) != 80 else f"http://{host}"


def load_or_create_secret(path: Path) -> str:
    """A signing key generated once per installation and kept in instance/."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def load_or_create_uid_domain(path: Path, base_url: str) -> str:
    """Fix the iCalendar UID domain at first start so a move never changes UIDs."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    domain = urlsplit(base_url).hostname or "localhost"
    path.write_text(domain)
    return domain
