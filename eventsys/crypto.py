"""Personal data encrypted at rest: Fernet tokens under EVENTSYS_DATA_KEY.

EVENTSYS_DATA_KEY holds one or more Fernet keys, comma-separated: the first
encrypts, every one decrypts (MultiFernet), so a key is rotated by putting the
new one first and re-encrypting (`flask --app wsgi onsite rotate-data-key`)
before the old one is dropped. In development a key is generated into
instance/data_key; in production (an https base URL) a key from instance/ is
refused: it would sit in the same backups as the database it protects.
"""

from pathlib import Path

from cryptography.fernet import Fernet
from cryptography.fernet import InvalidToken
from cryptography.fernet import MultiFernet

KEY_FILE = "data_key"


class DataKeyError(RuntimeError):
    """No usable data key: encrypted data can be neither written nor read."""


def parse_keys(raw: str) -> list[Fernet]:
    """The keys of an EVENTSYS_DATA_KEY value. Raises: DataKeyError (a malformed key)."""
    keys = [k.strip() for k in (raw or "").split(",") if k.strip()]
    try:
        return [Fernet(k) for k in keys]
    except ValueError as error:
        raise DataKeyError(
            "EVENTSYS_DATA_KEY: each key must be 32 url-safe base64-encoded bytes "
            "(python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())')"
        ) from error


def is_production(config) -> bool:
    """Served to the world: an https base URL, not a test or debug run."""
    return (
        str(config.get("EVENTSYS_BASE_URL", "")).startswith("https:")
        and not config.get("TESTING")
        and not config.get("DEBUG")
    )


def key_problem(config) -> str:
    """Why no data key may be used under this configuration ("" when one may)."""
    if not config.get("EVENTSYS_DATA_KEY"):
        return (
            "EVENTSYS_DATA_KEY is not set: visa data cannot be encrypted. Set it "
            "in the environment (see docs/deployment.md)."
        )
    if config.get("EVENTSYS_DATA_KEY_FROM_INSTANCE") and is_production(config):
        return (
            "EVENTSYS_DATA_KEY comes from instance/, next to the database it "
            "protects: in production set it in the environment and back it up "
            "apart from the database (docs/deployment.md)."
        )
    return ""


def load_or_create_key(path: Path) -> str:
    """A development key generated once into instance/ (like the SECRET_KEY)."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key().decode()
    path.write_text(key)
    path.chmod(0o600)
    return key


class Cipher:
    """Encrypts with the first key, decrypts with any of them."""

    def __init__(self, raw_keys: str):
        keys = parse_keys(raw_keys)
        if not keys:
            raise DataKeyError("EVENTSYS_DATA_KEY is empty")
        self._fernet = MultiFernet(keys)

    def encrypt(self, data: bytes) -> bytes:
        return self._fernet.encrypt(data)

    def decrypt(self, token: bytes) -> bytes:
        """Raises: DataKeyError when no key opens the token."""
        try:
            return self._fernet.decrypt(token)
        except InvalidToken as error:
            raise DataKeyError("no key in EVENTSYS_DATA_KEY opens this data") from error

    def rotate(self, token: bytes) -> bytes:
        """The same data encrypted under the first key."""
        try:
            return self._fernet.rotate(token)
        except InvalidToken as error:
            raise DataKeyError("no key in EVENTSYS_DATA_KEY opens this data") from error


def cipher(config) -> Cipher:
    """The configured cipher. Raises: DataKeyError (no key, or one from instance/ in production)."""
    problem = key_problem(config)
    if problem:
        raise DataKeyError(problem)
    return Cipher(config["EVENTSYS_DATA_KEY"])
