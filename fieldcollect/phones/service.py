"""Operations on phone keys: issue, look up, revoke; and the settings a user's phone gets."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from fieldcollect.phones.models import PhoneKey
from fieldcollect.phones.settings import collect_settings
from fieldcollect.phones.tokens import is_well_formed, new_token
from fieldcollect.users.models import User


def issue_token(session: Session, user: User, now: datetime | None = None) -> PhoneKey:
    """Give user a new phone key, revoking the keys they had; return it."""
    now = now or datetime.now(UTC)
    revoke_tokens(session, user, now)
    key = PhoneKey(user_id=user.id, token=new_token(), created_at=now)
    session.add(key)
    session.flush()
    return key


def get_active_key(session: Session, user: User) -> PhoneKey | None:
    """Return the user's key that is not revoked, or None."""
    return session.scalar(select(PhoneKey).where(PhoneKey.user_id == user.id, PhoneKey.revoked_at.is_(None))
                          .order_by(PhoneKey.id.desc()).limit(1))


def ensure_token(session: Session, user: User) -> PhoneKey:
    """Return the user's active key, issuing one if they have none."""
    return get_active_key(session, user) or issue_token(session, user)


def revoke_tokens(session: Session, user: User, now: datetime | None = None) -> int:
    """Revoke every active key of user; return how many were revoked."""
    result = session.execute(update(PhoneKey)
                             .where(PhoneKey.user_id == user.id, PhoneKey.revoked_at.is_(None))
                             .values(revoked_at=now or datetime.now(UTC))
                             .execution_options(synchronize_session="fetch"))
    return result.rowcount


# Built once: every phone request authenticates through it, and building a select costs more than
# running it.
USER_BY_TOKEN = (select(User).join(PhoneKey, PhoneKey.user_id == User.id)
                 .where(PhoneKey.token == bindparam("token"), PhoneKey.revoked_at.is_(None)))


def find_user_by_token(session: Session, token: str) -> User | None:
    """Return the active user whose active key is token, or None."""
    if not is_well_formed(token):
        return None
    user = session.scalar(USER_BY_TOKEN, {"token": token})
    return user if user is not None and user.active else None


def phone_server_url(server_base: str, token: str) -> str:
    """Return the server URL a phone with this key is configured with."""
    return f"{server_base.rstrip('/')}/key/{token}"


def phone_settings(session: Session, user: User, server_base: str) -> dict:
    """Return the Collect settings for user's phone, issuing a key if the user has none."""
    key = ensure_token(session, user)
    return collect_settings(phone_server_url(server_base, key.token), user.username)
