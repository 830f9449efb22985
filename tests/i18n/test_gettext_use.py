"""Every user-facing string goes through gettext: no bare English in templates or messages."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
JINJA = re.compile(
    r"\{#.*?#\}|\{%-?\s*block body_class\s*-?%\}.*?\{%-?\s*endblock|\{%.*?%\}|\{\{.*?\}\}",
    re.S,
)
TAGS = re.compile(r"<(script|style)\b.*?</\1>|<!--.*?-->|<[^>]*>", re.S)
ATTRIBUTES = re.compile(
    r'\b(title|alt|placeholder|aria-label)="([^"]*[A-Za-z]{2}[^"]*)"'
)
NOT_WORDS = {
    "eventsys",
    "es",
    "Google",
    "Outlook",
    "PDF",
    "CSV",
    "JSON",
    "iCalendar",
}  # names
MESSAGE_CALLS = {
    "flash",
    "InvalidInput",
    "NotFound",
    "PermissionDenied",
    "Conflict",
    "ServiceError",
}
GETTEXT = {
    "_",
    "gettext",
    "_l",
    "lazy_gettext",
    "ngettext",
    "lazy_ngettext",
    "pgettext",
}


def bare_text(path: Path) -> list[str]:
    source = JINJA.sub(" ", path.read_text())
    found = [f"{name}={value!r}" for name, value in ATTRIBUTES.findall(source)]
    text = TAGS.sub("\n", source) if path.suffix == ".html" else source
    for chunk in re.split(r"\n|\s{2,}", text):
        chunk = chunk.strip()
        words = re.findall(r"[A-Za-z]{2,}", chunk)
        if chunk.startswith(("/", "http")) or set(words) <= NOT_WORDS:  # URLs, names
            continue
        if words:
            found.append(repr(chunk))
    return found


@pytest.mark.parametrize(
    "path",
    sorted(p for p in TEMPLATES.rglob("*") if p.suffix in (".html", ".txt")),
    ids=lambda p: str(p.relative_to(TEMPLATES)),
)
def test_template_text_is_translatable(path):
    assert not bare_text(path), f"wrap in {{{{ _(...) }}}}: {bare_text(path)}"


def bare_messages(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        values = []
        if isinstance(node, ast.Call) and _name(node.func) in MESSAGE_CALLS:
            values = list(node.args) + [
                k.value for k in node.keywords if k.arg in ("message", "fields")
            ]
        elif isinstance(node, ast.Assign) and any(
            _is_error_slot(t) for t in node.targets
        ):
            values = [node.value]  # errors["field"] = "message"
        for value in values:
            found += [f"{path.name}:{c.lineno}: {c.value!r}" for c in _literals(value)]
    return found


def _is_error_slot(target) -> bool:
    return isinstance(target, ast.Subscript) and getattr(target.value, "id", None) in (
        "errors",
        "fields",
    )


def _name(func) -> str | None:
    return getattr(func, "id", None) or getattr(func, "attr", None)


def _literals(node):
    if isinstance(node, ast.Call) and _name(node.func) in GETTEXT:
        return
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and " " in node.value.strip()
    ):
        yield node
    for child in ast.iter_child_nodes(node):
        yield from _literals(child)


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "eventsys").rglob("*.py")),
    ids=lambda p: str(p.relative_to(ROOT / "eventsys")),
)
def test_messages_to_people_are_translatable(path):
    """flash() and ServiceError messages reach people: wrap them in _() (or _l at import time)."""
    found = bare_messages(path)
    assert not found, "wrap in _():\n" + "\n".join(found)


def test_the_checks_find_bare_text(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<p>{{ _("Fine") }}</p><p>Not fine</p><img alt="A chart">')
    assert bare_text(page) == ["alt='A chart'", "'Not fine'"]
    code = tmp_path / "code.py"
    code.write_text(
        'flash(_("Fine."))\nraise NotFound("Not fine.")\nerrors["x"] = f"At most {n} characters."\n'
    )
    assert sorted(bare_messages(code)) == [
        "code.py:2: 'Not fine.'",
        "code.py:3: 'At most '",
    ]
