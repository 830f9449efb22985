"""The OpenID Connect client (Authlib): discovery, PKCE, state, nonce, ID token checks."""

from authlib.integrations.base_client import OAuthError
from authlib.integrations.flask_client import OAuth
from flask import Flask
from flask import current_app

EXTENSION = "eventsys_oidc"


def configured(config) -> bool:
    return all(
        config.get(k) for k in ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET")
    )


def init_app(app: Flask) -> None:
    """One client per app (tests build several apps with different providers)."""
    if not configured(app.config):
        return
    oauth = OAuth(app)
    issuer = app.config["OIDC_ISSUER"].rstrip("/")
    oauth.register(
        "oidc",
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config["OIDC_CLIENT_SECRET"],
        server_metadata_url=issuer + "/.well-known/openid-configuration",
        client_kwargs={
            "scope": "openid email profile",
            "code_challenge_method": "S256",
        },
    )
    app.extensions[EXTENSION] = oauth


def client():
    """The registered client, or None when single sign-on is off."""
    oauth = current_app.extensions.get(EXTENSION)
    return oauth.oidc if oauth is not None else None


def issuer() -> str:
    return current_app.config["OIDC_ISSUER"].rstrip("/")


def verified_claims(oidc) -> dict:
    """Exchange the code; the ID token's signature, iss, aud, exp and nonce checked.

    Raises: authlib's OAuthError / JoseError on any failure.
    """
    metadata = oidc.load_server_metadata()
    if metadata.get("issuer", "").rstrip("/") != issuer():
        raise OAuthError(description="the provider names another issuer")
    token = oidc.authorize_access_token(
        leeway=30,
        claims_options={"iss": {"essential": True, "values": [metadata["issuer"]]}},
    )
    claims = token.get("userinfo")
    if not claims:
        raise OAuthError(description="no ID token")
    return dict(claims)
