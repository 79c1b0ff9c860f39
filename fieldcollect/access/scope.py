"""The one place that decides which rows a user may see.

household_scope(user) is the WHERE clause every household query goes through: a cadre sees the
households paired with them on the day, a village team its village, a supervisor their subtree (one
BETWEEN on the indexed village_code, at any level), an administrator everything. The other scopes
are built from it, so no query widens what a role may see; region_households bounds it by the
user's home region, for the household lists on the phones of users who have no paired households.
A row outside the scope does not exist for the user: the edges answer 404, never 403, so that
existence does not leak.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, Select, false, or_, select, true

from fieldcollect.cadres.models import Cadre, Pairing
from fieldcollect.households.models import Household
from fieldcollect.regions.codes import is_within, subtree_bounds
from fieldcollect.users.roles import SUPERVISOR_ROLES, Role

ID_NUMBER_ROLES = frozenset({Role.ADMIN, Role.CADRE, Role.VILLAGE_TEAM})


def household_scope(user, on_date: date | None = None) -> ColumnElement[bool]:
    """Return the WHERE clause on Household that keeps only the households user may see."""
    role = getattr(user, "role", None)
    if role == Role.ADMIN:
        return true()
    if role == Role.CADRE:
        if user.cadre_id is None:
            return false()
        return Household.id.in_(paired_household_ids(user.cadre_id, on_date or date.today()))
    if role == Role.VILLAGE_TEAM:
        return Household.village_code == user.region_code
    if role in SUPERVISOR_ROLES:
        return Household.village_code.between(*subtree_bounds(user.region_code))
    return false()


def visible_households(user, on_date: date | None = None) -> Select:
    """Return a select of the households user may see."""
    return select(Household).where(household_scope(user, on_date))


def region_households(user, on_date: date | None = None) -> ColumnElement[bool]:
    """Return the WHERE clause on Household that keeps the households of user's home region in their scope."""
    if getattr(user, "role", None) == Role.ADMIN:
        # An administrator's scope is the whole registry; a phone of theirs gets their home region.
        return Household.village_code.between(*subtree_bounds(user.region_code))
    return household_scope(user, on_date)  # a village team's village, a supervisor's subtree


def paired_household_ids(cadre_id: int, on_date: date) -> Select:
    """Return a select of the ids of the households paired with the cadre on on_date."""
    return select(Pairing.household_id).where(Pairing.cadre_id == cadre_id, Pairing.in_force(on_date))


def cadre_scope(user, on_date: date | None = None) -> ColumnElement[bool]:
    """Return the WHERE clause on Cadre: cadres homed in the user's subtree or paired in their scope."""
    role = getattr(user, "role", None)
    if role == Role.ADMIN:
        return true()
    if role == Role.CADRE:
        return Cadre.id == user.cadre_id if user.cadre_id is not None else false()
    if role not in SUPERVISOR_ROLES and role != Role.VILLAGE_TEAM:
        return false()
    paired_here = (select(Pairing.cadre_id).join(Household, Household.id == Pairing.household_id)
                   .where(household_scope(user), Pairing.in_force(on_date or date.today())))
    return or_(Cadre.region_code.between(*subtree_bounds(user.region_code)), Cadre.id.in_(paired_here))


def may_see_region(user, code: str) -> bool:
    """Tell whether user may browse the region: their home subtree (administrators: every region)."""
    role = getattr(user, "role", None)
    if role == Role.ADMIN:
        return True
    return role is not None and is_within(code, user.region_code)


def may_see_id_numbers(user) -> bool:
    """Tell whether user may see full ID numbers; everyone else sees them masked."""
    return getattr(user, "role", None) in ID_NUMBER_ROLES


def is_admin(user) -> bool:
    """Tell whether user administers the whole system (users, imports)."""
    return getattr(user, "role", None) == Role.ADMIN
