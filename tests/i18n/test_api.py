"""API errors follow the client's Accept-Language."""

import pytest


@pytest.mark.parametrize(
    "language, title, detail",
    [
        ("fr", "Introuvable", "Réunion introuvable."),
        ("es", "No encontrado", "No existe esa reunión."),
        ("en", "Not found", "No such meeting."),
    ],
)
def test_api_error_in_the_asked_language(client, language, title, detail):
    response = client.get(
        "/api/v1/meetings/no-such-meeting", headers={"Accept-Language": language}
    )
    assert response.status_code == 404
    assert response.json["title"] == title
    assert response.json["detail"] == detail
