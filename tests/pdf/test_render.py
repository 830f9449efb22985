"""The restricted url_fetcher: only our own static files reach WeasyPrint."""

import base64
import threading
from http.server import BaseHTTPRequestHandler
from http.server import HTTPServer

import pytest
from pypdf import PdfReader

from eventsys.pdf.render import DATA_URL_LIMIT
from eventsys.pdf.render import RefusedURL
from eventsys.pdf.render import StaticOnlyFetcher
from eventsys.pdf.render import render_pdf

BASE = "http://events.test/"


@pytest.fixture
def loopback():
    """A tiny HTTP server on 127.0.0.1 that records every request it gets."""
    seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", seen
    server.shutdown()
    server.server_close()


def page_text(pdf: bytes) -> str:
    from io import BytesIO

    reader = PdfReader(BytesIO(pdf))
    return "".join(page.extract_text() for page in reader.pages), reader


def test_file_urls_and_loopback_are_refused(loopback):
    url, seen = loopback
    html = f"""<html lang="en"><head><title>t</title>
      <link rel="stylesheet" href="{url}/x.css"><link rel="attachment" href="file:///etc/passwd"></head>
      <body><p>Body</p><img src="file:///etc/passwd"><img src="{url}/pixel.png">
      <img src="http://localhost:{url.rsplit(":", 1)[1]}/again.png"><a rel="attachment" href="file:///etc/hostname">a</a></body></html>"""
    pdf = render_pdf(html, base_url=BASE)
    text, reader = page_text(pdf)
    assert seen == []
    assert "root:" not in text and b"root:x:" not in pdf
    assert "Body" in text
    assert not reader.attachments


def test_base_url_on_loopback_does_not_make_requests(loopback):
    url, seen = loopback
    render_pdf(
        f'<p>x</p><img src="/static/../../etc/passwd"><img src="/elsewhere.png"><img src="{url}/static/css/pdf/print.css">',
        base_url=url + "/",
    )
    # Our own static files are read from disk, never over HTTP.
    assert seen == []


def test_fetcher_serves_static_files_and_bounded_data_urls(tmp_path):
    fetcher = StaticOnlyFetcher(BASE)
    response = fetcher.fetch(BASE + "static/css/pdf/print.css")
    assert response.content_type == "text/css" and b"@page" in response.read()
    small = "data:image/png;base64," + base64.b64encode(b"x" * 100).decode()
    assert fetcher.fetch(small).read() == b"x" * 100
    refused = [
        "data:text/plain," + "a" * DATA_URL_LIMIT,
        "file:///etc/passwd",
        "http://127.0.0.1/static/css/pdf/print.css",
        "https://example.org/static/x.css",
        BASE + "static/../eventsys/config.py",
        BASE + "static/%2e%2e/eventsys/config.py",
        BASE + "manage/",
        "ftp://events.test/static/x",
    ]
    for url in refused:
        with pytest.raises((RefusedURL, ValueError)):
            fetcher.fetch(url)


def test_variant_gives_a_tagged_pdf(tmp_path):
    import subprocess

    path = tmp_path / "t.pdf"
    path.write_bytes(
        render_pdf(
            '<html lang="fr"><head><title>Titre</title></head><body><h1>Bonjour</h1></body></html>',
            base_url=BASE,
            variant="pdf/ua-1",
        )
    )
    info = subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "Tagged:          yes" in info and "Titre" in info


def test_the_collector_is_paused_during_a_render_and_back_after():
    import gc

    from eventsys.pdf.render import collector_paused

    seen = []

    def collection(phase, info):
        seen.append((phase, info["generation"]))

    gc.callbacks.append(collection)
    try:
        with collector_paused():
            assert not gc.isenabled()
            with collector_paused():  # a second render in another job thread
                pass
            assert not gc.isenabled() and seen == []  # the first one runs on
        assert gc.isenabled() and ("stop", 0) in seen  # its cycles collected
        with pytest.raises(ValueError), collector_paused():
            raise ValueError("a failed render")
        assert gc.isenabled()
        gc.disable()  # someone else's pause is kept
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.callbacks.remove(collection)
    assert render_pdf("<p>Body</p>", base_url=BASE).startswith(b"%PDF")
    assert gc.isenabled()
