"""The per-user media files a form loads on the phone (households.csv, members.csv).

Every form opens with select_one_from_file households.csv, so every user who may fill a form
gets a list: a paired cadre the households paired with them on the day, anyone else (a village
work team, a supervisor, an administrator trying a form) the households of their region
(access.scope.region_households). The lists are generated from the registry on a given date, so
their bytes (and so their md5 in the manifest) change exactly when the pairings, the region's
households or the households' known values change; Collect then downloads them again
(PROTOCOL.md §2.2). ID numbers in them are whole only for the roles that may see them
(access.scope.may_see_id_numbers: a cadre's list is whole, a supervisor's masked).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from fieldcollect.access.scope import may_see_id_numbers, paired_household_ids, region_households
from fieldcollect.households.models import Household
from fieldcollect.households.phone_lists import household_list_csv, member_list_csv
from fieldcollect.users.models import User

ListBuilder = Callable[[Session, ColumnElement[bool], bool], bytes]


# File name → builder of its bytes for a WHERE clause on Household and whether ID numbers may be whole.
# Tests and later features may add more.
LIST_BUILDERS: dict[str, ListBuilder] = {
    "households.csv": household_list_csv,
    "members.csv": member_list_csv,
}


def phone_media(session: Session, user: User, name: str, on_date: date) -> bytes | None:
    """Return the bytes of media file name for user's phone on on_date, or None if there is none."""
    builder = LIST_BUILDERS.get(name)
    if builder is None:
        return None
    return builder(session, listed_households(user, on_date), may_see_id_numbers(user))


def listed_households(user: User, on_date: date) -> ColumnElement[bool]:
    """Return the WHERE clause on Household that keeps the households user's phone lists on on_date."""
    if user.cadre_id is not None:
        return Household.id.in_(paired_household_ids(user.cadre_id, on_date))
    return region_households(user, on_date)
