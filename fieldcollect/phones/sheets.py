"""Printable QR sheets: one page per village with a settings QR code for each cadre there.

A village work team prints the sheet of its own village; a supervisor prints those of every village
under their region. A cadre appears on the sheet of their home region when it lies under the region,
and on the sheet of every village there where they are paired with a household on the day: a cadre's
home is usually their work unit's banner, yet the village's team is who helps them set the phone up.
A cadre without a key is issued one, so every code on the sheet works.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldcollect.cadres.models import Pairing
from fieldcollect.households.models import Household
from fieldcollect.phones.service import phone_settings
from fieldcollect.phones.settings import encode_settings
from fieldcollect.problems import Problem
from fieldcollect.regions.codes import is_valid_code, is_within, subtree_bounds
from fieldcollect.regions.models import Region
from fieldcollect.users.models import User
from fieldcollect.users.roles import SUPERVISOR_ROLES, Role

PRINTING_ROLES = frozenset({Role.VILLAGE_TEAM, Role.ADMIN, *SUPERVISOR_ROLES})


@dataclass(frozen=True)
class SheetEntry:
    username: str
    display_name: str
    payload: str  # the Collect settings QR payload


@dataclass(frozen=True)
class VillageSheet:
    region_code: str
    region_name: str
    entries: list[SheetEntry]


def village_qr_sheets(session: Session, viewer: User, server_base: str,
                      region_code: str | None = None, on_date: date | None = None) -> list[VillageSheet]:
    """Return one sheet per region with cadres under region_code (default: the viewer's region)."""
    scope = region_code or viewer.region_code
    if not is_valid_code(scope):
        raise Problem("unknown_region", code=scope)
    if viewer.role not in PRINTING_ROLES or not is_within(scope, viewer.region_code):
        raise Problem("forbidden")
    sheets: dict[str, list[SheetEntry]] = {}
    payloads: dict[int, str] = {}  # one key per cadre, however many sheets they are on
    for code, cadre in _cadres_by_region(session, scope, on_date or date.today()):
        if cadre.id not in payloads:
            payloads[cadre.id] = encode_settings(phone_settings(session, cadre, server_base))
        sheets.setdefault(code, []).append(
            SheetEntry(cadre.username, cadre.display_name or cadre.username, payloads[cadre.id]))
    names = dict(session.execute(select(Region.code, Region.name).where(Region.code.in_(sheets))).all())
    return [VillageSheet(code, names.get(code, code), entries) for code, entries in sheets.items()]


def _cadres_by_region(session: Session, scope: str, on_date: date) -> list[tuple[str, User]]:
    """Return (region code, cadre's login) pairs under scope, by region and user name, without repeats."""
    low, high = subtree_bounds(scope)
    active = (User.role == Role.CADRE, User.active.is_(True))
    homed = session.execute(select(User.region_code, User).where(*active, User.region_code.between(low, high)))
    paired = session.execute(
        select(Household.village_code, User)
        .join(Pairing, Pairing.cadre_id == User.cadre_id).join(Household, Household.id == Pairing.household_id)
        .where(*active, Pairing.in_force(on_date), Household.village_code.between(low, high)))
    found = {(code, user.id): (code, user) for code, user in [*homed, *paired]}
    return sorted(found.values(), key=lambda pair: (pair[0], pair[1].username))
