"""The per-user media files a form loads on the phone (households.csv, members.csv).

Each list is generated for the requesting cadre from the registry on a given date, so its bytes
(and so its md5 in the manifest) change exactly when the cadre's pairings or the households'
known values change; Collect then downloads it again (PROTOCOL.md §2.2).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy.orm import Session

from fieldcollect.households.phone_lists import household_list_csv, member_list_csv
from fieldcollect.users.models import User

ListBuilder = Callable[[Session, int, date], bytes]


# File name → builder of its bytes for one cadre on one day. Tests and later features may add more.
LIST_BUILDERS: dict[str, ListBuilder] = {
    "households.csv": household_list_csv,
    "members.csv": member_list_csv,
}


def phone_media(session: Session, user: User, name: str, on_date: date) -> bytes | None:
    """Return the bytes of media file name for user's phone on on_date, or None if there is none."""
    builder = LIST_BUILDERS.get(name)
    if builder is None or user.cadre_id is None:  # only cadres have paired households
        return None
    return builder(session, user.cadre_id, on_date)
