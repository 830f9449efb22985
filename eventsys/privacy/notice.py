"""The deployment's own privacy notice: instance/privacy_notice.md, if present."""

from pathlib import Path

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

NOTICE_FILE = "privacy_notice.md"
_markdown = MarkdownIt("commonmark", {"html": False})


def custom_notice_html(instance_path: str) -> Markup | None:
    """The deployment's notice as safe HTML, or None to show the default text."""
    path = Path(instance_path) / NOTICE_FILE
    if not path.is_file():
        return None
    html = _markdown.render(path.read_text("utf-8"))
    return Markup(nh3.clean(html, url_schemes={"https", "mailto"}))
