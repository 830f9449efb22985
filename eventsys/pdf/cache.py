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


# ------------------------------------------------------- the latest of each PDF
#
# A PDF's key names its content; "the agenda of meeting 7 in French" is its
# recipe (documents.PdfSpec.recipe: a name, then the meeting's id, then what
# else it needs). The newest key served or rendered for a recipe is kept in a
# pointer file under latest/<meeting id>/, so that a request finding the
# current version not rendered yet can be given the previous one (PDFs without
# people), and so that every PDF that shows a meeting's people can be found and
# deleted as soon as one of them changes.


def recipe_digest(recipe) -> str:
    return hashlib.sha256(json.dumps(list(recipe), default=str).encode()).hexdigest()


def _pointer(cache_dir: str | Path, recipe) -> Path:
    return Path(cache_dir) / "latest" / str(recipe[1]) / recipe_digest(recipe)


def _read_pointer(pointer: Path) -> tuple[str, str]:
    """(key, recipe name) of a pointer file, or ("", "") if there is none."""
    try:
        key, _newline, name = pointer.read_text().partition("\n")
    except FileNotFoundError:
        return "", ""
    return key.strip(), name.strip()


def latest_path(cache_dir: str | Path, recipe) -> Path | None:
    """The file of the newest version rendered for a recipe, if it is still there."""
    key, _name = _read_pointer(_pointer(cache_dir, recipe))
    path = cache_path(cache_dir, key) if key else None
    return path if path is not None and path.is_file() else None


def remember_latest(cache_dir: str | Path, recipe, key: str, *, people: bool) -> None:
    """Point the recipe at key; for a PDF of people, delete the version it replaces."""
    pointer = _pointer(cache_dir, recipe)
    previous, _name = _read_pointer(pointer)
    if previous == key:
        return
    pointer.parent.mkdir(parents=True, exist_ok=True)
    partial = pointer.with_name(f"{pointer.name}.{os.getpid()}.tmp")
    partial.write_text(f"{key}\n{recipe[0]}")
    os.replace(partial, pointer)
    if people and previous:
        cache_path(cache_dir, previous).unlink(missing_ok=True)


def forget(cache_dir: str | Path, meeting_id: int, names) -> int:
    """Delete a meeting's latest PDFs of these recipe names; returns how many went."""
    directory = Path(cache_dir) / "latest" / str(meeting_id)
    if not directory.is_dir():
        return 0
    removed = 0
    for pointer in directory.iterdir():
        key, name = _read_pointer(pointer)
        if name not in names:
            continue
        path = cache_path(cache_dir, key) if key else None
        if path is not None and path.is_file():
            path.unlink(missing_ok=True)
            removed += 1
        pointer.unlink(missing_ok=True)
    return removed
