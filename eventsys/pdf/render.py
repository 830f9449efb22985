"""HTML in, PDF bytes out (WeasyPrint), loading nothing but our own static files.

WeasyPrint's default fetcher reads file: URLs and makes network requests. Our
fetcher maps <base_url>/static/... to files under static/, accepts small data:
URLs, and refuses everything else (file:, other hosts, loopback, redirects).
"""

import base64
import contextlib
import gc
import mimetypes
import threading
from pathlib import Path
from urllib.parse import unquote
from urllib.parse import urlsplit

from weasyprint import HTML
from weasyprint.urls import URLFetcher
from weasyprint.urls import URLFetcherResponse

STATIC_DIR = Path(__file__).resolve().parent.parent.parent / "static"
DATA_URL_LIMIT = 256 * 1024
DEFAULT_VARIANT = "pdf/ua-1"
FALLBACK_VARIANT = "pdf/a-3b"

# How many PDFs this process rendered: the cache tests and benchmark read it.
render_count = 0
_count_lock = threading.Lock()
# Renders running now with the cyclic collector paused (see collector_paused).
_pausing = 0
_reenable = False
_pause_lock = threading.Lock()


class RefusedURL(ValueError):
    """A resource the PDF may not load."""


class StaticOnlyFetcher(URLFetcher):
    """Serve <base_url>/static/... from disk and small data: URLs; refuse the rest."""

    def __init__(
        self, base_url: str, static_dir: Path = STATIC_DIR, files: dict | None = None
    ):
        super().__init__(
            allowed_protocols=("http", "https", "data"), allow_redirects=False
        )
        origin = urlsplit(base_url)
        self._origin = (origin.scheme, origin.netloc)
        self._static_dir = Path(static_dir).resolve()
        self._files = files or {}  # static files already read: path -> bytes
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        try:
            if url.startswith("data:"):
                return self._data(url)
            return self._static(url)
        except RefusedURL:
            self.refused.append(url)
            raise

    def _data(self, url: str) -> URLFetcherResponse:
        if len(url) > DATA_URL_LIMIT:
            raise RefusedURL("data: URL too large")
        header, _, payload = url[5:].partition(",")
        media_type = header.split(";")[0] or "text/plain"
        body = (
            base64.b64decode(payload)
            if header.endswith(";base64")
            else unquote(payload).encode()
        )
        return URLFetcherResponse(url, body, {"Content-Type": media_type})

    def _static(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc) != self._origin or not parts.path.startswith(
            "/static/"
        ):
            raise RefusedURL(f"not one of our static files: {url}")
        name = unquote(parts.path[len("/static/") :])
        if name in self._files:
            media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, self._files[name], {"Content-Type": media_type}
            )
        path = (self._static_dir / unquote(parts.path[len("/static/") :])).resolve()
        if not path.is_relative_to(self._static_dir) or not path.is_file():
            raise RefusedURL(f"no such static file: {url}")
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": media_type})


def render_pdf(
    html: str,
    *,
    base_url: str,
    variant: str | None = None,
    static_dir: Path | None = None,
    files: dict | None = None,
) -> bytes:
    """Render HTML to PDF bytes; relative URLs resolve against base_url.

    variant: a WeasyPrint pdf_variant such as "pdf/ua-1" (tagged), or None.
    files: static files already read (path under static/ -> bytes), served first.
    """
    global render_count
    fetcher = StaticOnlyFetcher(base_url, static_dir or STATIC_DIR, files)
    with collector_paused():  # the document is gone before the collection
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
        pdf = document.write_pdf(pdf_variant=variant)
        del document
    with _count_lock:
        render_count += 1
    return pdf


@contextlib.contextmanager
def collector_paused():
    """Python's cyclic garbage collector off while WeasyPrint builds a PDF.

    A render makes millions of objects that live until it ends (boxes, styles,
    lines), and each full collection on the way walked all of them and the rest
    of the heap: a fifth of the agenda's CPU (docs/performance.md, "fourth
    look"). Reference counting still frees what is dropped; the cycles left
    are collected once, at the end. Process-wide: overlapping renders (job
    threads) keep it off until the last one ends.
    """
    global _pausing, _reenable
    with _pause_lock:
        if _pausing == 0:
            _reenable = gc.isenabled()
            gc.disable()
        _pausing += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pausing -= 1
            last = _pausing == 0
            if last and _reenable:
                gc.enable()
        if last:
            gc.collect(0)  # everything made since the pause is in the youngest


def render_publication(
    html: str,
    *,
    base_url: str,
    static_dir: Path | None = None,
    files: dict | None = None,
) -> tuple[bytes, str]:
    """A tagged PDF/UA-1 file; PDF/A-3b only if UA fails. Returns (bytes, variant)."""
    where = {"base_url": base_url, "static_dir": static_dir, "files": files}
    try:
        return render_pdf(html, variant=DEFAULT_VARIANT, **where), DEFAULT_VARIANT
    except Exception:  # WeasyPrint documents variants as "not guaranteed"
        return render_pdf(html, variant=FALLBACK_VARIANT, **where), FALLBACK_VARIANT
