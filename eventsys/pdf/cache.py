"""PDFs on disk, named by a sha256 of everything they are made from.

The key covers the print templates and CSS (their contents), the WeasyPrint
version, the language, the variant and the data given by the caller; any edit
changes the key, so a file under a key never goes stale and needs no purge.
"""

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import weasyprint
from flask import current_app
from flask import has_app_context

ROOT = Path(__file__).resolve().parent.parent.parent
SOURCE_DIRS = (
    ROOT / "templates" / "pdf",
    ROOT / "static" / "css" / "pdf",
    ROOT / "static" / "img" / "pdf",
    ROOT / "eventsys" / "translations",  # the words printed around the data
)
CODE_FILES = (
    Path(__file__).parent / "documents.py",
    Path(__file__).parent / "render.py",
    ROOT / "eventsys" / "markdown.py",
    ROOT / "eventsys" / "outcomes" / "presentation.py",  # how sections are grouped
)


@dataclass
class CachedPdf:
    path: Path
    key: str
    rendered: bool  # False when served from the cache


_frozen_source_version: str | None = None


def source_version() -> str:
    """A digest of the print templates, CSS, translations and rendering code on disk.

    Served processes take it once: those files change only with a release,
    which restarts them. Tests and debug mode re-read it, since they edit
    templates while running.
    """
    global _frozen_source_version
    if _frozen_source_version is not None:
        return _frozen_source_version
    version = _scan_source_version()
    if has_app_context() and not (current_app.testing or current_app.debug):
        _frozen_source_version = version
    return version


def _scan_source_version() -> str:
    files = [
        p
        for d in SOURCE_DIRS
        if d.is_dir()
        for p in sorted(d.rglob("*"))
        if p.suffix != ".tmp"
    ]
    return _digest_files(
        tuple(filter(None, (_stamp(p) for p in (*files, *CODE_FILES))))
    )


def _stamp(path: Path) -> tuple | None:
    try:
        stat = path.stat()
    except FileNotFoundError:  # a file being replaced (compiled catalogues)
        return None
    return (str(path), stat.st_mtime_ns, stat.st_size) if path.is_file() else None


@lru_cache(maxsize=8)
def _digest_files(stamp: tuple) -> str:
    digest = hashlib.sha256(weasyprint.__version__.encode())
    for name, _mtime, _size in stamp:
        digest.update(name.encode())
        with contextlib.suppress(FileNotFoundError):
            digest.update(Path(name).read_bytes())
    return digest.hexdigest()


def cache_key(kind: str, *, language: str, variant: str | None, data) -> str:
    payload = {
        "kind": kind,
        "language": language,
        "variant": variant,
        "source": source_version(),
        "data": data,
    }
    return hashlib.sha256(
        json.dumps(payload, sort_keys=True, default=str).encode()
    ).hexdigest()


def cache_path(cache_dir: str | Path, key: str) -> Path:
    return Path(cache_dir) / key[:2] / f"{key}.pdf"


def get_or_render(
    cache_dir: str | Path, key: str, render: Callable[[], bytes]
) -> CachedPdf:
    """The cached file for key, rendering and storing it first if missing."""
    path = cache_path(cache_dir, key)
    if path.is_file():
        return CachedPdf(path, key, rendered=False)
    pdf = render()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.{id(pdf)}.tmp")
    partial.write_bytes(pdf)
    os.replace(partial, path)  # atomic: a reader never sees half a file
    return CachedPdf(path, key, rendered=True)
