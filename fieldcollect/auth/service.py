"""Sign a person or a phone in by user name and password, refusing guessers.

Failed attempts are rows in login_failures, not counters in memory, so every worker process of
every server sees the same count. A name or an address with `limit` failures inside the last
minute is refused even with the right password until the minute has passed; that is what makes
guessing slow rather than merely noisy. The web page, the API and the phones (Basic and Digest) all
go through guard_sign_in, so a guesser gains nothing by changing door.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from fieldcollect.auth.models import LoginFailure
from fieldcollect.problems import Problem
from fieldcollect.users.models import User
from fieldcollect.users.service import authenticate

WINDOW = timedelta(minutes=1)
# Rows older than this serve no throttle; they are deleted as new failures arrive.
KEEP = timedelta(days=1)
MAX_FIELD = 64


def sign_in(session: Session, username: str, password: str, address: str, limit: int,
            now: datetime | None = None) -> User:
    """Return the user these credentials name, or raise login_throttled / login_failed."""
    username = username.strip()[:MAX_FIELD]
    return guard_sign_in(session, username, address, limit, lambda: authenticate(session, username, password),
                         now)


def guard_sign_in(session: Session, username: str, address: str, limit: int, check: Callable[[], User | None],
                  now: datetime | None = None) -> User:
    """Return the user check() finds, unless throttled; count a None as a failure and refuse it.

    check proves the credentials however its scheme can (a password, a Digest answer); the throttle,
    the keys it counts by and the problems raised are the same for every scheme.
    """
    now = now or _utcnow()
    username, address = username.strip()[:MAX_FIELD], (address or "unknown")[:MAX_FIELD]
    if is_throttled(session, username, address, limit, now):
        raise Problem("login_throttled")
    user = check()
    if user is None:
        record_failure(session, username, address, now)
        raise Problem("login_failed")
    return user


def is_throttled(session: Session, username: str, address: str, limit: int,
                 now: datetime | None = None) -> bool:
    """Tell whether the name or the address has reached limit failures within the last minute."""
    since = (now or _utcnow()) - WINDOW
    recent = LoginFailure.attempted_at > since
    by_name = select(func.count()).where(recent, LoginFailure.username == username)
    by_address = select(func.count()).where(recent, LoginFailure.address == address)
    return session.scalar(by_name) >= limit or session.scalar(by_address) >= limit


def record_failure(session: Session, username: str, address: str, now: datetime | None = None) -> None:
    """Store one failed attempt and forget those too old to matter."""
    now = now or _utcnow()
    session.execute(delete(LoginFailure).where(LoginFailure.attempted_at < now - KEEP))
    session.add(LoginFailure(username=username[:MAX_FIELD], address=address[:MAX_FIELD], attempted_at=now))
    session.flush()


def _utcnow() -> datetime:
    return datetime.now(UTC)
