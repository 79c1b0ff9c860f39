"""Printable QR sheets: one page per village with a settings QR code for each cadre there.

A village work team prints the sheet of its own village; a supervisor prints those of every village
under their region. Cadres are grouped by their home region (the village they work in); a cadre
without a key is issued one, so every code on the sheet works.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

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
                      region_code: str | None = None) -> list[VillageSheet]:
    """Return one sheet per region with cadres under region_code (default: the viewer's region)."""
    scope = region_code or viewer.region_code
    if not is_valid_code(scope):
        raise Problem("unknown_region", code=scope)
    if viewer.role not in PRINTING_ROLES or not is_within(scope, viewer.region_code):
        raise Problem("forbidden")
    low, high = subtree_bounds(scope)
    cadres = session.scalars(select(User).where(User.role == Role.CADRE, User.active.is_(True),
                                                User.region_code.between(low, high))
                             .order_by(User.region_code, User.username))
    sheets: dict[str, list[SheetEntry]] = {}
    for cadre in cadres:
        payload = encode_settings(phone_settings(session, cadre, server_base))
        sheets.setdefault(cadre.region_code, []).append(
            SheetEntry(cadre.username, cadre.display_name or cadre.username, payload))
    names = dict(session.execute(select(Region.code, Region.name).where(Region.code.in_(sheets))).all())
    return [VillageSheet(code, names.get(code, code), entries) for code, entries in sheets.items()]
