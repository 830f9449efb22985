"""Where uploaded files live: one small interface, addressed by content hash.

A backend keeps bytes under their sha256 and knows nothing of documents. The
local one writes below DOCUMENTS_DIR (default <instance>/documents, never a
web-served folder); S3Storage (EVENTSYS_STORAGE_URL=s3://bucket/prefix) keeps
them in any S3-compatible object store through boto3.
"""

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

import boto3
from botocore.exceptions import ClientError


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
        return self.root / key[:2] / _check_key(key)

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


def _check_key(key: str) -> str:
    if len(key) != 64 or not all(c in "0123456789abcdef" for c in key):
        raise ValueError("not a sha256 key")
    return key


class S3Storage:
    """Files in an S3-compatible object store, so every app server sees every file.

    A PUT is atomic in S3: readers get the whole object or a 404.
    """

    def __init__(self, bucket: str, prefix: str = "", client=None):
        self.bucket, self.prefix = bucket, prefix.strip("/")
        self.client = client

    def _name(self, key: str) -> str:
        name = f"{key[:2]}/{_check_key(key)}"
        return f"{self.prefix}/{name}" if self.prefix else name

    def save(self, data: bytes) -> str:
        key = content_key(data)
        if not self.exists(key):
            self.client.put_object(Bucket=self.bucket, Key=self._name(key), Body=data)
        return key

    def read(self, key: str) -> bytes:
        try:
            found = self.client.get_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            if _missing(error):
                raise FileNotFoundError(key) from error
            raise
        return found["Body"].read()

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            if _missing(error):
                return False
            raise
        return True


def _missing(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") in (
        "404",
        "NoSuchKey",
        "NotFound",
    )


def from_config(config) -> Storage:
    """The storage the configuration names (the boundary passes it to services).

    EVENTSYS_STORAGE_URL: empty (DOCUMENTS_DIR), file:///path, or
    s3://bucket/prefix with EVENTSYS_S3_ENDPOINT_URL for a non-AWS store; the
    keys come from boto3's usual settings (AWS_ACCESS_KEY_ID, ...).
    """
    url = config.get("EVENTSYS_STORAGE_URL") or ""
    if url.startswith("s3://"):
        parts = urlsplit(url)
        client = boto3.client(
            "s3",
            endpoint_url=config.get("EVENTSYS_S3_ENDPOINT_URL") or None,
            region_name=config.get("EVENTSYS_S3_REGION") or None,
        )
        return S3Storage(parts.netloc, parts.path, client=client)
    if url and not url.startswith("file://"):
        raise RuntimeError(f"unsupported EVENTSYS_STORAGE_URL: {url.split(':')[0]}")
    root = url[len("file://") :] if url else config["DOCUMENTS_DIR"]
    return LocalStorage(root)
