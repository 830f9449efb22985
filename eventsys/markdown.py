"""Markdown written by rapporteurs, turned into HTML that is safe to show and print.

markdown-it-py renders (raw HTML allowed, so the sanitiser is the one gate),
then nh3 keeps an allow-list: no scripts, event handlers, styles, iframes,
javascript: links or remote images. Links may be https, mailto or in-page
anchors; images only the application's own /static/ files.
"""

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

MAX_BODY_LENGTH = 100_000
# Section headings are h2 in pages and PDFs: headings inside a body start at h3.
MIN_BODY_HEADING = 3

TAGS = {
    "p",
    "br",
    "hr",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "sub",
    "abbr",
    "del",
    "s",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    "abbr": {"title"},
}
CLEAN_CONTENT = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "noscript",
    "template",
    "svg",
    "math",
}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return (
        MarkdownIt("commonmark", {"html": True, "linkify": False})
        .enable("table")
        .enable("strikethrough")
    )


def _safe_url(tag: str, attribute: str, value: str):
    value = value.strip()
    lowered = value.lower()
    if tag == "a" and attribute == "href":
        return value if lowered.startswith(("https://", "mailto:", "#")) else None
    if tag == "img" and attribute == "src":
        # Remote images would be fetched by every reader (tracking) and by the PDF renderer.
        return value if value.startswith("/static/") and ".." not in value else None
    return value


def sanitize(html: str) -> str:
    """Keep only the allow-listed tags, attributes and URLs."""
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags=CLEAN_CONTENT,
        attributes=ATTRIBUTES,
        attribute_filter=_safe_url,
        url_schemes={"https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render_markdown(text: str) -> Markup:
    """Markdown to sanitised HTML; headings inside start at h3."""
    tokens = _parser().parse((text or "")[:MAX_BODY_LENGTH])
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = max(int(token.tag[1]), MIN_BODY_HEADING)
            token.tag = f"h{level}"
    html = _parser().renderer.render(tokens, _parser().options, {})
    return Markup(sanitize(html))
