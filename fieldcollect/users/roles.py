"""Roles and the region level each one is anchored at."""

from __future__ import annotations

from enum import StrEnum

from fieldcollect.regions.codes import Level


class Role(StrEnum):
    CADRE = "cadre"  # 结对帮扶干部
    VILLAGE_TEAM = "village_team"  # 驻村工作队
    TOWNSHIP_SUPERVISOR = "township_supervisor"
    BANNER_SUPERVISOR = "banner_supervisor"
    CITY_SUPERVISOR = "city_supervisor"
    ADMIN = "admin"


# The level a user's home region must have; None means any level.
HOME_LEVEL: dict[Role, Level | None] = {
    Role.CADRE: None,
    Role.VILLAGE_TEAM: Level.VILLAGE,
    Role.TOWNSHIP_SUPERVISOR: Level.TOWNSHIP,
    Role.BANNER_SUPERVISOR: Level.BANNER,
    Role.CITY_SUPERVISOR: Level.CITY,
    Role.ADMIN: None,
}

SUPERVISOR_ROLES = frozenset({Role.TOWNSHIP_SUPERVISOR, Role.BANNER_SUPERVISOR, Role.CITY_SUPERVISOR})
