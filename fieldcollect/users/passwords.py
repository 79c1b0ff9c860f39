"""Password hashing with Argon2id (argon2-cffi): no plaintext is ever stored."""

from __future__ import annotations

import hashlib

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MINIMUM_LENGTH = 8
DIGEST_REALM = "fieldcollect"
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """Return an Argon2id hash of password."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Tell whether password matches the stored hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def digest_ha1(username: str, password: str, realm: str = DIGEST_REALM) -> str:
    """Return the HTTP Digest HA1 for the user, as RFC 7616 defines it for the MD5 algorithm."""
    return hashlib.md5(f"{username}:{realm}:{password}".encode()).hexdigest()
