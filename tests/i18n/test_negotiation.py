"""Which language a page is in: URL, session, profile, then the browser."""

import re

from tests.factories import PASSWORD
from tests.factories import make_user


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


def test_browser_language_is_the_default(client):
    assert (
        html_lang(client.get("/", headers={"Accept-Language": "es-CO,es;q=0.9"}))
        == "es"
    )
    assert (
        html_lang(client.get("/", headers={"Accept-Language": "de, fr;q=0.5"})) == "fr"
    )
    assert html_lang(client.get("/", headers={"Accept-Language": "de"})) == "en"


def test_language_from_the_url_is_kept_in_the_session(client):
    assert html_lang(client.get("/?lang=fr")) == "fr"
    assert html_lang(client.get("/", headers={"Accept-Language": "es"})) == "fr"
    assert html_lang(client.get("/?lang=es")) == "es"
    assert html_lang(client.get("/")) == "es"


def test_unknown_language_in_the_url_is_ignored(client):
    response = client.get("/?lang=xx", headers={"Accept-Language": "es"})
    assert response.status_code == 200
    assert html_lang(response) == "es"


def test_profile_language_applies_after_sign_in(app, db, client):
    make_user(email="delegate@example.org", language="fr")
    db.session.commit()
    client.post("/login", data={"email": "delegate@example.org", "password": PASSWORD})
    assert html_lang(client.get("/", headers={"Accept-Language": "en"})) == "fr"
    # An explicit choice in the URL still wins for the rest of the session.
    assert html_lang(client.get("/?lang=es")) == "es"
    assert html_lang(client.get("/")) == "es"


def test_every_page_links_its_other_language_versions(client):
    page = client.get("/?lang=fr").get_data(as_text=True)
    for code in ("en", "fr", "es"):
        assert f'<link rel="alternate" hreflang="{code}" href="/?lang={code}">' in page
    assert 'aria-current="true">Français</a>' in page
    assert ">Español</a>" in page and ">English</a>" in page


def test_language_links_keep_the_other_query_arguments(app, client):
    with app.test_request_context("/?page=2&lang=en"):
        from eventsys.templating import url_for_language

        link = url_for_language("es")
    assert "page=2" in link and "lang=es" in link


def test_pages_say_their_language_to_caches(client):
    response = client.get("/?lang=es")
    assert response.headers["Content-Language"] == "es"
    assert "Accept-Language" in response.headers["Vary"]
    assert "Cookie" in response.headers["Vary"]


def test_chosen_language_survives_signing_in_and_out(app, db, client):
    make_user(email="focal@example.org")  # profile language: English
    db.session.commit()
    client.get("/?lang=es")
    client.post("/login", data={"email": "focal@example.org", "password": PASSWORD})
    assert html_lang(client.get("/")) == "es"
    client.post("/logout")
    assert html_lang(client.get("/", headers={"Accept-Language": "fr"})) == "es"


def test_language_cookie_is_set_once_and_follows_the_session(client):
    assert language_cookies(client.get("/?lang=fr")) == ["lang=fr"]
    assert language_cookies(client.get("/")) == []
    assert language_cookies(client.get("/?lang=es")) == ["lang=es"]


def language_cookies(response) -> list[str]:
    cookies = response.headers.getlist("Set-Cookie")
    assert all(
        "HttpOnly" in c and "SameSite=Lax" in c
        for c in cookies
        if c.startswith("lang=")
    )
    return [c.split(";")[0] for c in cookies if c.startswith("lang=")]
