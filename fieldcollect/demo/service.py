"""Build the demo data set; the same seed gives the same data."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from fieldcollect.regions.service import load_official_regions
from fieldcollect.users.roles import Role
from fieldcollect.users.service import create_user, get_user_by_username

DEFAULT_PASSWORD = "demo-pass-2018"

# One demo login per role, anchored in 乌审旗 (a pastoral banner with many 苏木).
DEMO_USERS = (
    ("admin", Role.ADMIN, "150600000000", "系统管理员"),
    ("city", Role.CITY_SUPERVISOR, "150600000000", "市扶贫办"),
    ("banner", Role.BANNER_SUPERVISOR, "150626000000", "乌审旗扶贫办"),
    ("township", Role.TOWNSHIP_SUPERVISOR, "150626101000", "乌审召镇"),
)


@dataclass
class DemoSummary:
    regions_added: int = 0
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (username, role, region)


def seed_demo(session: Session, households: int = 0, seed: int = 2018,
              password: str = DEFAULT_PASSWORD) -> DemoSummary:
    """Load the regions and one login per role; return what was made."""
    summary = DemoSummary(regions_added=load_official_regions(session))
    for username, role, region_code, name in DEMO_USERS:
        if get_user_by_username(session, username) is None:
            create_user(session, username, password, role, region_code, name)
        summary.logins.append((username, role, region_code))
    return summary
