"""The local content-hash storage and the upload checks, without HTTP."""

import hashlib
from pathlib import Path

import pytest

from eventsys.documents import safety
from eventsys.documents.storage import LocalStorage
from eventsys.documents.storage import from_config
from eventsys.errors import InvalidInput
from tests.documents import builders


def test_local_storage_keeps_bytes_by_hash_atomically(tmp_path):
    storage = LocalStorage(tmp_path / "docs")
    data = builders.pdf()
    key = storage.save(data)
    assert key == hashlib.sha256(data).hexdigest()
    assert storage.read(key) == data and storage.exists(key)
    assert storage.save(data) == key  # same content: stored once
    files = [p for p in (tmp_path / "docs").rglob("*") if p.is_file()]
    assert [p.name for p in files] == [key]  # no temporary file left behind
    storage.delete(key)
    storage.delete(key)  # already gone: no error
    assert not storage.exists(key)
    with pytest.raises(FileNotFoundError):
        storage.read(key)


def test_keys_cannot_walk_out_of_the_folder(tmp_path):
    storage = LocalStorage(tmp_path)
    for key in ("../../etc/passwd", "a" * 63, "A" * 64, ""):
        with pytest.raises(ValueError):
            storage.read(key)


def test_the_default_folder_is_inside_the_instance_not_static(app):
    storage = from_config(app.config)
    assert storage.root == Path(app.instance_path) / "documents"
    assert "static" not in storage.root.parts


def test_unknown_storage_urls_are_refused_at_start(app):
    with pytest.raises(RuntimeError):
        from_config({**app.config, "EVENTSYS_STORAGE_URL": "ftp://example.org/x"})


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("C:\\Users\\me\\Note conceptuelle é.pdf", "Note_conceptuelle_e.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        (".pdf", "document.pdf"),
        ("программа.pdf", "document.pdf"),
        ("no extension", "no_extension"),
    ],
)
def test_file_names_are_cleaned(name, cleaned):
    assert safety.clean_filename(name) == cleaned


def test_a_name_without_letters_gets_a_readable_one():
    checked = safety.check_upload("программа.pdf", builders.pdf(), max_bytes=10**6)
    assert checked.filename == "document.pdf"


def test_an_empty_file_is_refused():
    with pytest.raises(InvalidInput) as refused:
        safety.check_upload("a.pdf", b"", max_bytes=10**6)
    assert refused.value.fields == {"file": "The file is empty."}
