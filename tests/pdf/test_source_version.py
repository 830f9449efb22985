"""The print sources: read once per served process, and the same read keys and renders."""

from eventsys import create_app
from eventsys.pdf import cache
from eventsys.pdf import documents
from tests.conftest import base_config
from tests.factories import make_meeting


def test_served_processes_take_the_print_sources_once(tmp_path, monkeypatch):
    app = create_app(base_config(tmp_path, TESTING=False))
    with app.app_context():
        first = cache.print_sources()
        monkeypatch.setattr(cache, "read_print_sources", lambda: "changed")
        assert cache.print_sources() is first
        assert cache.source_version() == first.digest


def test_tests_and_debug_reread_the_print_sources(app, monkeypatch):
    cache.print_sources()
    monkeypatch.setattr(cache, "read_print_sources", lambda: "changed")
    assert cache.print_sources() == "changed"


def test_a_template_is_printed_from_the_read_that_keys_the_pdf(app):
    """A template edited after the read can never be printed under the old key."""
    meeting = make_meeting()
    spec = documents.agenda_pdf(meeting, "en")
    sources = cache.print_sources()
    assert "pdf/agenda.html" in sources.templates
    assert "css/pdf/print.css" in sources.static
    edited = cache.PrintSources(
        digest="edited",
        templates={**sources.templates, "pdf/agenda.html": "EDITED {{ lang }}"},
        static=sources.static,
    )
    assert documents.spec_html(spec, edited) == "EDITED en"
    assert "EDITED" not in documents.spec_html(spec, sources)

    def key(read):
        return cache.cache_key(
            spec.kind, language="en", variant=None, data=spec.data, sources=read
        )

    assert key(edited) != key(sources)
    assert key(cache.read_print_sources()) == key(sources)  # nothing changed on disk
