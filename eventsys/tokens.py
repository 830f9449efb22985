"""Secrets for URLs: long random tokens of which only a hash is stored."""

import hashlib
import secrets


def new_token() -> tuple[str, str]:
    """A fresh (token, hash) pair; show the token once, store the hash."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_checkin_code() -> str:
    """A registration's check-in code for its QR code: 144 random bits."""
    return secrets.token_urlsafe(18)
