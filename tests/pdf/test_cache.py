import os

from eventsys.outcomes import service
from eventsys.pdf import cache
from eventsys.pdf import render


def test_repeat_request_is_served_from_cache_with_etag(app, client, db, published):
    meeting, document, version, manager = published
    url = f"/meetings/{meeting.slug}/outcomes/{document.slug}.pdf"
    first = client.get(url)
    etag = first.headers["ETag"]
    renders = render.render_count
    files = list(
        (cache.cache_path(app.config["PDF_CACHE_DIR"], etag.strip('"'))).parent.glob(
            "*.pdf"
        )
    )
    mtime = os.stat(files[0]).st_mtime_ns

    again = client.get(url)
    assert (
        again.status_code == 200
        and again.data == first.data
        and again.headers["ETag"] == etag
    )
    assert render.render_count == renders and os.stat(files[0]).st_mtime_ns == mtime
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert render.render_count == renders

    # An edit and a new publication make a new key; version 1 keeps its own.
    service.update_section(
        document.sections[0],
        actor=manager,
        data={"heading": "Changed", "kind": "background", "body": "x"},
    )
    service.publish_document(document, actor=manager)
    db.session.commit()
    latest = client.get(url)
    assert latest.headers["ETag"] != etag and render.render_count == renders + 1
    assert (
        client.get(f"/meetings/{meeting.slug}/outcomes/{document.slug}/v1.pdf").headers[
            "ETag"
        ]
        == etag
    )
    assert render.render_count == renders + 1


def test_key_covers_language_data_and_templates(app, tmp_path, monkeypatch):
    def key(language="en", data=None):
        return cache.cache_key(
            "agenda",
            language=language,
            variant="pdf/ua-1",
            data=data or {"a": 1},
            sources=cache.print_sources(),
        )

    base = key()
    assert base == key()
    assert base != key(language="fr")
    assert base != key(data={"a": 2})
    # The print templates' contents are part of the key.
    monkeypatch.setattr(cache, "SOURCE_DIRS", (tmp_path,))
    template = tmp_path / "agenda.html"
    template.write_text("one")
    before = key()
    template.write_text("two")
    assert before != key()
