"""Where uploaded files live: one small interface, addressed by content hash.

A backend keeps bytes under their sha256 and knows nothing of documents. The
local one writes below DOCUMENTS_DIR (default <instance>/documents, never a
web-served folder); an object-store backend (EVENTSYS_STORAGE_URL=s3://...)
implements the same four methods.
"""

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Protocol


class Storage(Protocol):
    def save(self, data: bytes) -> str:
        """Keep the bytes; returns their sha256 (the key)."""

    def read(self, key: str) -> bytes:
        """The bytes kept under key. Raises: FileNotFoundError."""

    def delete(self, key: str) -> None:
        """Forget the bytes (no error when already gone)."""

    def exists(self, key: str) -> bool: ...


def content_key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class LocalStorage:
    """Files on one disk or a shared volume, written atomically."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if len(key) != 64 or not all(c in "0123456789abcdef" for c in key):
            raise ValueError("not a sha256 key")
        return self.root / key[:2] / key

    def save(self, data: bytes) -> str:
        key = content_key(data)
        path = self._path(key)
        if path.exists():
            return key
        path.parent.mkdir(parents=True, exist_ok=True)
        # Same folder as the target, so os.replace is an atomic rename: a reader
        # sees the whole file or none.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return key

    def read(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).exists()


def from_config(config) -> Storage:
    """The storage the configuration names (the boundary passes it to services)."""
    url = config.get("EVENTSYS_STORAGE_URL") or ""
    if url and not url.startswith("file://"):
        raise RuntimeError(f"unsupported EVENTSYS_STORAGE_URL: {url.split(':')[0]}")
    root = url[len("file://") :] if url else config["DOCUMENTS_DIR"]
    return LocalStorage(root)
