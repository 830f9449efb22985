"""Personal links that keep no secret in the database (DESIGN.md, "Secrets in URLs").

A registration's manage link, a focal point's link and a private calendar
feed are `<public id>.<MAC>`, where MAC is HMAC-SHA256(EVENTSYS_LINK_KEY,
purpose, public id, generation) cut to 128 bits, base64url. The row keeps
only its random public id and a generation, so every email can repeat the
current link; "send me a new link" raises the generation (`renew`), and a
MAC of an earlier generation is `Stale` (the pages answer 410 and offer to
send the current link). Generation 0 means the row has no link.

Links sent before this scheme were random tokens of which a SHA-256 hash is
stored: `resolve` still accepts one by its hash until the row is renewed.

Single-use links (password reset, invitations) and API tokens are not links
of this kind: they stay random tokens in eventsys/tokens.py.
"""

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from flask import abort
from flask import current_app
from flask import make_response
from flask import render_template
from flask import request
from flask import url_for

from eventsys.extensions import db
from eventsys.tokens import hash_token

MAC_BYTES = 16  # 128 bits
PUBLIC_ID_BYTES = 12
# A public id (16 characters) and a MAC (22), both base64url without padding.
LINK_TEXT = r"[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}"
LINK_PATTERN = re.compile(r"([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})")
LEGACY_MAX_LENGTH = 100


@dataclass(frozen=True)
class LinkFields:
    """Which columns of a model hold its link, and what the link is for."""

    purpose: str
    # The POST route that sends the current link from a replaced one's page;
    # empty: the page points to the account page instead.
    resend_endpoint: str = ""
    public_id: str = "public_id"
    generation: str = "link_generation"
    legacy_hash: str = "legacy_token_hash"


@dataclass(frozen=True)
class Stale:
    """A link that was valid for an earlier generation of `row`."""

    row: object


def new_public_id() -> str:
    """A random public id: it names a row in links, never the sequential id."""
    return secrets.token_urlsafe(PUBLIC_ID_BYTES)


def link_for(row) -> str:
    """The row's current link, `<public id>.<MAC>` (the same every time until renewed)."""
    fields = row.__link__
    generation = getattr(row, fields.generation) or 0
    if generation < 1:
        raise ValueError("this row has no link")
    public_id = getattr(row, fields.public_id)
    if public_id is None:  # a new row, before the flush that would give it one
        public_id = new_public_id()
        setattr(row, fields.public_id, public_id)
    return f"{public_id}.{_mac(fields.purpose, public_id, generation)}"


def renew(row) -> None:
    """A new link for the row: every earlier one (and a legacy token) stops working."""
    fields = row.__link__
    setattr(row, fields.generation, (getattr(row, fields.generation) or 0) + 1)
    setattr(row, fields.legacy_hash, None)


def retire(row) -> None:
    """The row has no link any more: every link to it answers 404 (erasure)."""
    setattr(row, row.__link__.generation, 0)
    setattr(row, row.__link__.legacy_hash, None)


def resolve(model, presented: str):
    """The row a presented link opens: the row, `Stale(row)`, or None.

    None for anything that is not a link of ours, so callers answer 404.
    """
    presented = presented or ""
    match = LINK_PATTERN.fullmatch(presented)
    if match:
        return _resolve_mac(model, *match.groups())
    if "." in presented or len(presented) > LEGACY_MAX_LENGTH or not presented:
        return None
    legacy = getattr(model, model.__link__.legacy_hash)
    return db.session.scalar(sa.select(model).where(legacy == hash_token(presented)))


def resolve_current(model, presented: str):
    """The row only if the link is its current one (or a legacy token), else None."""
    found = resolve(model, presented)
    return None if isinstance(found, Stale) else found


def _resolve_mac(model, public_id: str, presented_mac: str):
    fields = model.__link__
    row = db.session.scalar(
        sa.select(model).where(getattr(model, fields.public_id) == public_id)
    )
    if row is None:
        return None
    current = getattr(row, fields.generation) or 0
    if current < 1:
        return None
    if _matches(fields.purpose, public_id, current, presented_mac):
        return row
    # Generations only rise by one per request for a new link, which is rate
    # limited, so trying each earlier one stays cheap.
    for generation in range(current - 1, 0, -1):
        if _matches(fields.purpose, public_id, generation, presented_mac):
            return Stale(row)
    return None


def _matches(purpose: str, public_id: str, generation: int, presented: str) -> bool:
    return hmac.compare_digest(_mac(purpose, public_id, generation), presented)


def _mac(purpose: str, public_id: str, generation: int) -> str:
    key = current_app.config["EVENTSYS_LINK_KEY"].encode("utf-8")
    message = f"{purpose}\x00{public_id}\x00{generation}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()[:MAC_BYTES]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


# --- for views ---------------------------------------------------------------


def owner(found):
    """The row behind a resolved link, current or replaced (for "send it again")."""
    return found.row if isinstance(found, Stale) else found


def resend_limit() -> str:
    """How often one link may ask for the current link: as often as one email may."""
    return current_app.config["REGISTRATION_RATE_PER_EMAIL"]


def resend_key() -> str:
    """Count resend requests per row (its public id, hashed: a legacy token is secret)."""
    presented = (request.view_args or {}).get("token") or ""
    return "link:" + hash_token(presented.partition(".")[0])[:32]


def open_link(model, presented: str):
    """The row of a current link; else abort: 410 (replaced) or 404 (anything else).

    The 410 page offers to send the current link (a POST to the model's
    resend_endpoint) or points to the account page. It says nothing about the row.
    """
    found = resolve(model, presented)
    if isinstance(found, Stale):
        endpoint = model.__link__.resend_endpoint
        resend_url = url_for(endpoint, token=presented) if endpoint else ""
        page = render_template("links/stale.html", resend_url=resend_url)
        abort(make_response(page, 410))
    if found is None:
        abort(404)
    return found
