from eventsys import create_app
from eventsys.pdf import cache
from tests.conftest import base_config


def test_served_processes_take_the_print_sources_digest_once(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "_frozen_source_version", None)
    app = create_app(base_config(tmp_path, TESTING=False))
    with app.app_context():
        first = cache.source_version()
        monkeypatch.setattr(cache, "_scan_source_version", lambda: "changed")
        assert cache.source_version() == first


def test_tests_and_debug_reread_the_print_sources(app, monkeypatch):
    monkeypatch.setattr(cache, "_frozen_source_version", None)
    cache.source_version()
    monkeypatch.setattr(cache, "_scan_source_version", lambda: "changed")
    assert cache.source_version() == "changed"
