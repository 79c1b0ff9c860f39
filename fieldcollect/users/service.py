"""Operations on users: create, look up, authenticate."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fieldcollect.problems import Problem
from fieldcollect.regions.codes import level_of, subtree_bounds
from fieldcollect.regions.models import Region
from fieldcollect.users.models import User
from fieldcollect.users.passwords import MINIMUM_LENGTH, digest_ha1, hash_password, verify_password
from fieldcollect.users.roles import HOME_LEVEL, Role


def create_user(session: Session, username: str, password: str, role: str, region_code: str,
                display_name: str = "") -> User:
    """Add a user after checking the role, the home region and the password; return it."""
    role_value = _parse_role(role)
    _check_home_region(session, role_value, region_code)
    if len(password) < MINIMUM_LENGTH:
        raise Problem("weak_password", minimum=MINIMUM_LENGTH)
    if get_user_by_username(session, username) is not None:
        raise Problem("username_taken", username=username)
    user = User(username=username, password_hash=hash_password(password),
                digest_ha1=digest_ha1(username, password), role=role_value,
                region_code=region_code, display_name=display_name or username)
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, user_id: int) -> User | None:
    """Return the user with this id, or None."""
    return session.get(User, user_id)


def get_user_by_username(session: Session, username: str) -> User | None:
    """Return the user with this username, or None."""
    return session.scalar(select(User).where(User.username == username))


def authenticate(session: Session, username: str, password: str) -> User | None:
    """Return the active user whose password matches, or None."""
    user = get_user_by_username(session, username)
    if user is None or not user.active or not verify_password(user.password_hash, password):
        return None
    return user


def list_users(session: Session, role: str | None = None, region_code: str | None = None, page: int = 1,
               per_page: int = 50) -> tuple[list[User], int]:
    """Return one page of users, filtered by role and home-region subtree, and the total count."""
    query = select(User)
    if role:
        query = query.where(User.role == role)
    if region_code:
        query = query.where(User.region_code.between(*subtree_bounds(region_code)))
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    users = session.scalars(query.order_by(User.username).limit(per_page).offset((page - 1) * per_page))
    return list(users), total


def _parse_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise Problem("unknown_role", role=role, choices=", ".join(Role)) from None


def _check_home_region(session: Session, role: Role, region_code: str) -> None:
    if session.get(Region, region_code) is None:
        raise Problem("unknown_region", code=region_code)
    expected = HOME_LEVEL[role]
    actual = level_of(region_code)
    if expected is not None and actual != expected:
        raise Problem("role_region_mismatch", role=role, level=expected, code=region_code, actual=actual)
