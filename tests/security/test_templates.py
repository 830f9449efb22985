"""The strict CSP holds only if no template carries inline script or style."""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# PDF templates are read by WeasyPrint and emails by mail clients: no CSP applies there.
NOT_PAGES = {"pdf", "email"}
BROWSER_TEMPLATES = sorted(
    p
    for p in TEMPLATES.rglob("*.html")
    if not NOT_PAGES & set(p.relative_to(TEMPLATES).parts)
)
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=[\"']|\son[a-z]+=[\"']|javascript:",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    "path", BROWSER_TEMPLATES, ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_no_inline_script_or_style(path):
    found = INLINE.findall(path.read_text("utf-8"))
    assert not found, f"{path.relative_to(TEMPLATES)}: {found} (the CSP would block it)"
