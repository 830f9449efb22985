"""The S3 backend against a real S3-compatible server (moto's server mode).

Two app servers share one database and one bucket: a file uploaded through
one is served by the other, and withdrawing it deletes the object.
"""

import io
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
import sqlalchemy as sa

from eventsys import create_app
from eventsys.documents.models import MeetingDocument
from eventsys.documents.storage import S3Storage
from eventsys.extensions import db
from tests.conftest import base_config
from tests.documents import builders
from tests.factories import PASSWORD
from tests.factories import make_meeting
from tests.factories import make_role
from tests.factories import make_user

MOTO = Path(sys.executable).with_name("moto_server")
pytestmark = pytest.mark.skipif(
    not MOTO.exists() and not shutil.which("moto_server"),
    reason="moto[server] is not installed (requirements-test.txt)",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    server = subprocess.Popen(
        [str(MOTO), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def s3_env(s3_endpoint, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    client = boto3.client("s3", endpoint_url=s3_endpoint)
    bucket = f"docs-{os.getpid()}-{time.monotonic_ns()}"
    client.create_bucket(Bucket=bucket)
    return {"client": client, "bucket": bucket, "endpoint": s3_endpoint}


def test_s3_storage_keeps_reads_and_deletes(s3_env):
    storage = S3Storage(s3_env["bucket"], "/meeting-files/", client=s3_env["client"])
    data = builders.pdf()
    key = storage.save(data)
    assert storage.exists(key) and storage.read(key) == data
    listed = s3_env["client"].list_objects_v2(Bucket=s3_env["bucket"])["Contents"]
    assert [o["Key"] for o in listed] == [f"meeting-files/{key[:2]}/{key}"]
    storage.delete(key)
    assert not storage.exists(key)
    with pytest.raises(FileNotFoundError):
        storage.read(key)


def _objects(s3_env) -> list[str]:
    found = s3_env["client"].list_objects_v2(Bucket=s3_env["bucket"])
    return [o["Key"] for o in found.get("Contents", [])]


def test_two_app_servers_serve_a_file_uploaded_through_the_other(tmp_path, s3_env):
    def server(name):
        config = base_config(
            tmp_path / name,
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'shared.db'}",
            EVENTSYS_STORAGE_URL=f"s3://{s3_env['bucket']}/docs",
            EVENTSYS_S3_ENDPOINT_URL=s3_env["endpoint"],
        )
        return create_app(config)

    first, second = server("a"), server("b")
    with first.app_context():
        db.create_all()
        meeting = make_meeting(languages=["en"])
        manager = make_user()
        make_role(manager, meeting)
        db.session.commit()
        slug, email = meeting.slug, manager.email
        one, other = first.test_client(), second.test_client()
        assert (
            one.post("/login", data={"email": email, "password": PASSWORD}).status_code
            == 302
        )
        content = builders.pdf("shared")
        response = one.post(
            f"/manage/meetings/{slug}/documents/new",
            data={"kind": "programme", "title_en": "Programme", "visibility": "public", "publish": "y",
                  "session_id": "", "file_en": (io.BytesIO(content), "programme.pdf")},
            content_type="multipart/form-data",
        )  # fmt: skip
        assert response.status_code == 302
        document = db.session.scalar(sa.select(MeetingDocument))
        document_id, file_id = document.id, document.files[0].id
        db.session.remove()
    assert not (tmp_path / "a" / "instance" / "documents").exists()  # nothing local
    assert len(_objects(s3_env)) == 1

    with second.app_context():
        url = f"/meetings/{slug}/documents/{document_id}/en/programme.pdf"
        assert other.get(url).data == content
        assert (
            other.post(
                "/login", data={"email": email, "password": PASSWORD}
            ).status_code
            == 302
        )
        response = other.post(
            f"/manage/meetings/{slug}/documents/{document_id}/files/{file_id}/withdraw",
            data={"reason": "Draft uploaded by mistake"},
        )
        assert response.status_code == 302
        db.session.remove()
    assert _objects(s3_env) == []
    with first.app_context():
        assert one.get(url).status_code == 410
        db.session.remove()
        db.drop_all()
