from html.parser import HTMLParser

import pytest

from eventsys.markdown import render_markdown

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="https://evil.example/track.png">',
    "![tracker](https://evil.example/pixel.gif)",
    "[click](javascript:alert(1))",
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    "<svg onload=alert(1)><circle/></svg>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    "<style>body{display:none}</style>",
    '<div onclick="alert(1)">click</div>',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<form action="https://evil.example"><input name=x></form>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<link rel=stylesheet href="https://evil.example/x.css">',
    '<img src="file:///etc/passwd">',
    '<a href="http://insecure.example">plain http</a>',
    "<<script>script>alert(1)<</script>/script>",
]

ALLOWED_TAGS = {
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


class Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payloads_are_removed(payload):
    html = str(render_markdown(payload))
    parser = Collector()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, html
        assert not any(name.startswith("on") or name == "style" for name in attrs), html
        if "href" in attrs:
            assert attrs["href"].startswith(("https://", "mailto:", "#")), html
        if "src" in attrs:
            assert attrs["src"].startswith("/static/"), html
    assert "evil.example" not in "".join(str(a) for _t, a in parser.tags)


def test_allowed_markdown_survives():
    html = str(
        render_markdown(
            "# Title\n\n**bold** *it* [site](https://www.iom.int) [mail](mailto:idm@iom.int)\n\n"
            "- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n![logo](/static/favicon.svg)"
        )
    )
    assert "<h3>Title</h3>" in html  # body headings start below section headings
    assert (
        '<a href="https://www.iom.int"' in html and 'href="mailto:idm@iom.int"' in html
    )
    assert (
        "<strong>bold</strong>" in html and "<li>one</li>" in html and "<table>" in html
    )
    assert 'src="/static/favicon.svg"' in html
