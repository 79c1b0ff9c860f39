"""Which forms a user may fill on a phone, by role: the one rule the form list and the receiver share.

Paired cadres fill the eight category forms for their households and, at the same visit, the
procedure forms (精准识别 identification, 精准退出 exit): regulation art. 7 has the exit verified by
the village committees and the village work team and acknowledged by the paired cadre and the
household (帮扶干部与贫困户认可), which happens at the cadre's visit, and art. 9 makes the village,
the work team and the cadre collect together. Village work teams and supervisors fill the
procedure forms for the households of their region. Administrators may fill any form, so that
they can try a form on a phone before it goes out.
"""

from __future__ import annotations

from fieldcollect.users.roles import SUPERVISOR_ROLES, Role

CATEGORY_FORMS = frozenset({
    "basic", "income", "assistance", "industry", "medical", "housing", "training", "other",
})
PROCEDURE_FORMS = frozenset({"identification", "exit"})

_CATEGORIES_BY_ROLE: dict[str, frozenset[str]] = {
    Role.CADRE: CATEGORY_FORMS | PROCEDURE_FORMS,
    Role.VILLAGE_TEAM: PROCEDURE_FORMS,
    **{role: PROCEDURE_FORMS for role in SUPERVISOR_ROLES},
    Role.ADMIN: CATEGORY_FORMS | PROCEDURE_FORMS,
}


def may_fill(role: str, category: str) -> bool:
    """Tell whether a user with role may fill (list, download, submit) a form of category."""
    return category in _CATEGORIES_BY_ROLE.get(role, frozenset())
