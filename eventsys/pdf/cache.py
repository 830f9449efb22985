"""PDFs on disk, named by a sha256 of everything they are made from.

The key covers the print templates and CSS (their contents, as one
PrintSources read that also renders the PDF), the WeasyPrint version, the
language, the variant and the data given by the caller; any edit changes the
key, so a file under a key never goes stale and needs no purge.
"""

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import weasyprint

from eventsys import caching

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


@dataclass(frozen=True)
class PrintSources:
    """The print templates and CSS as read once, and the digest of them.

    The same object keys a PDF and renders it (templates from `templates`,
    CSS from `static`), so a file edited on disk after the read can never be
    printed under a key that does not cover it.
    """

    digest: str
    templates: dict  # "pdf/agenda.html" -> source
    static: dict  # "css/pdf/print.css" -> bytes (paths under static/)


def print_sources() -> PrintSources:
    """Read once per served process (a release restarts it); tests and debug re-read."""
    return caching.per_process("print_sources", read_print_sources)


def source_version() -> str:
    return print_sources().digest


def read_print_sources() -> PrintSources:
    files = [
        p
        for d in SOURCE_DIRS
        if d.is_dir()
        for p in sorted(d.rglob("*"))
        if p.is_file() and p.suffix != ".tmp"
    ]
    contents = {p: _read(p) for p in (*files, *CODE_FILES)}
    contents = {p: body for p, body in contents.items() if body is not None}
    digest = hashlib.sha256(weasyprint.__version__.encode())
    for path, body in contents.items():
        digest.update(str(path).encode() + b"\0" + body)
    templates_dir, static_dir = ROOT / "templates", ROOT / "static"
    return PrintSources(
        digest=digest.hexdigest(),
        templates={
            str(p.relative_to(templates_dir)): body.decode("utf-8")
            for p, body in contents.items()
            if p.is_relative_to(templates_dir)
        },
        static={
            str(p.relative_to(static_dir)): body
            for p, body in contents.items()
            if p.is_relative_to(static_dir)
        },
    )


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:  # a file being replaced (compiled catalogues)
        return None


def cache_key(
    kind: str, *, language: str, variant: str | None, data, sources: PrintSources
) -> str:
    payload = {
        "kind": kind,
        "language": language,
        "variant": variant,
        "source": sources.digest,
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
