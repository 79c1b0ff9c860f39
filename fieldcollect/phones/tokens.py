"""Phone key strings: how they are made and what a well-formed one looks like."""

from __future__ import annotations

import re
import secrets

TOKEN_LENGTH = 64
_TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{64}")


def new_token() -> str:
    """Return a fresh random key of 64 url-safe characters (384 bits)."""
    return secrets.token_urlsafe(48)


def is_well_formed(token: str) -> bool:
    """Tell whether token has the shape of a phone key (it may still be unknown or revoked)."""
    return bool(token) and _TOKEN_PATTERN.fullmatch(token) is not None
