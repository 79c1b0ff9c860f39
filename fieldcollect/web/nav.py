"""Where each role lands after signing in, and the navigation each role sees.

NAV is the single list of top-level pages: a later page plugs in by appending one NavEntry
(label, endpoint, roles, optionally how to fill the URL from the signed-in user, and the other
endpoints that count as the same section for marking the current tab). Only pages
that exist are listed; a test checks that every endpoint here is registered. A role lands on its
first entry after signing in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import request, url_for

from fieldcollect.problems import N_
from fieldcollect.users.models import User
from fieldcollect.users.roles import SUPERVISOR_ROLES, Role


def _home_region(user: User) -> dict[str, str]:
    return {"code": user.region_code}


def _no_values(user: User) -> dict[str, str]:
    return {}


@dataclass(frozen=True)
class NavEntry:
    label: str  # Chinese msgid, translated when rendered
    endpoint: str
    roles: frozenset[str]
    values: Callable[[User], dict[str, str]] = field(default=_no_values)  # URL values for url_for
    within: frozenset[str] = frozenset()  # other endpoints that belong to this entry's section


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    current: bool


NAV: list[NavEntry] = [
    NavEntry(N_("本季度"), "cadre.my_round", frozenset({Role.CADRE})),
    NavEntry(N_("本村进度"), "village.show", frozenset({Role.VILLAGE_TEAM}), _home_region),
    NavEntry(N_("进度"), "region.show", frozenset(SUPERVISOR_ROLES), _home_region,
             within=frozenset({"region.trends", "region.ranking", "village.show"})),
    # Reviewers decide on submissions; a village team reads the same queue for its village.
    NavEntry(N_("审核"), "review.queue", frozenset(SUPERVISOR_ROLES),
             within=frozenset({"review.submission", "household.show"})),
    NavEntry(N_("采集记录"), "review.queue", frozenset({Role.VILLAGE_TEAM}),
             within=frozenset({"review.submission"})),
    NavEntry(N_("用户"), "admin.users", frozenset({Role.ADMIN}), within=frozenset({"admin.new_user"})),
    NavEntry(N_("导入"), "admin_imports.upload", frozenset({Role.ADMIN})),
    NavEntry(N_("表单"), "admin_forms.index", frozenset({Role.ADMIN}),
             within=frozenset({"admin_forms.show", "admin_forms.upload"})),
]


def entries_for(role: str) -> list[NavEntry]:
    """Return the NAV entries a role may see, in order."""
    return [entry for entry in NAV if role in entry.roles]


def nav_links(user: User, translate: Callable[[str], str]) -> list[NavLink]:
    """Return the navigation for user as (label, url, current) links for the current request."""
    links = []
    for entry in entries_for(user.role):
        current = request.endpoint in entry.within | {entry.endpoint}
        links.append(NavLink(translate(entry.label), url_for(entry.endpoint, **entry.values(user)), current))
    return links


def home_url(user: User) -> str:
    """Return the URL of the page user lands on after signing in: the role's first NAV entry."""
    entries = entries_for(user.role)
    if not entries:
        raise LookupError(f"no navigation entry for role {user.role!r}")
    return url_for(entries[0].endpoint, **entries[0].values(user))
