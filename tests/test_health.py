from eventsys import create_app
from tests.conftest import base_config


def test_healthz_answers_ok_after_a_database_round_trip(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_reports_missing_tables_with_503(tmp_path):
    app = create_app(
        base_config(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/empty.db")
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable"
    assert body["reason"].startswith("database:")


def test_healthz_reports_unreachable_database_with_503(tmp_path):
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1"
    app = create_app(base_config(tmp_path, SQLALCHEMY_DATABASE_URI=url))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert "OperationalError" in response.get_json()["reason"]
