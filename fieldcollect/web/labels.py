"""Chinese names for the codes people see on pages: roles and region levels.

Codes stay English in the database and the code; these mappings are the one place a page turns
them into words (msgids marked with N_, translated with gettext when rendered).
"""

from __future__ import annotations

from flask_babel import gettext

from fieldcollect.problems import N_, Problem
from fieldcollect.regions.codes import Level
from fieldcollect.users.roles import Role

ROLE_LABELS: dict[str, str] = {
    Role.CADRE: N_("结对帮扶干部"),
    Role.VILLAGE_TEAM: N_("驻村工作队"),
    Role.TOWNSHIP_SUPERVISOR: N_("苏木乡镇督导"),
    Role.BANNER_SUPERVISOR: N_("旗区督导"),
    Role.CITY_SUPERVISOR: N_("市级督导"),
    Role.ADMIN: N_("系统管理员"),
}

LEVEL_LABELS: dict[str, str] = {
    Level.CITY: N_("市"),
    Level.BANNER: N_("旗区"),
    Level.TOWNSHIP: N_("苏木乡镇"),
    Level.VILLAGE: N_("嘎查村"),
}

# Problem parameters that hold a role or a level code; shown by their names instead.
_LABELLED_PARAMS = {"role": ROLE_LABELS, "level": LEVEL_LABELS, "actual": LEVEL_LABELS}


def role_label(role: str) -> str:
    """Return the translated name of a role code (the code itself if unknown)."""
    return gettext(ROLE_LABELS[role]) if role in ROLE_LABELS else role


def level_label(level: str) -> str:
    """Return the translated name of a region level code (the code itself if unknown)."""
    return gettext(LEVEL_LABELS[level]) if level in LEVEL_LABELS else level


def problem_message(problem: Problem) -> str:
    """Return the problem's translated message, with role and level codes given as names."""
    params = {key: gettext(_LABELLED_PARAMS[key][value])
              if key in _LABELLED_PARAMS and value in _LABELLED_PARAMS[key] else value
              for key, value in problem.params.items()}
    return gettext(problem.message).format(**params)
