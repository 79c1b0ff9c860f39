"""Operations on regions: look-ups and loading the official code list."""

from __future__ import annotations

import csv
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldcollect.regions.codes import subtree_bounds
from fieldcollect.regions.models import Region

ORDOS_CSV = "regions-ordos.csv"


def get_region(session: Session, code: str) -> Region | None:
    """Return the region with this code, or None."""
    return session.get(Region, code)


def list_subtree(session: Session, code: str) -> list[Region]:
    """Return the region and every region under it, in code order, with one range query."""
    low, high = subtree_bounds(code)
    return list(session.scalars(select(Region).where(Region.code.between(low, high)).order_by(Region.code)))


def read_official_regions() -> list[dict[str, str]]:
    """Return the bundled Ordos city, banner and township rows (NBS 2018 codes)."""
    text = resources.files("fieldcollect.regions").joinpath("data", ORDOS_CSV).read_text("utf-8")
    return [{**row, "parent_code": row["parent_code"] or None} for row in csv.DictReader(text.splitlines())]


def load_official_regions(session: Session) -> int:
    """Insert the official regions that are not yet in the table; return how many were added."""
    known = set(session.scalars(select(Region.code)))
    rows = [row for row in read_official_regions() if row["code"] not in known]
    session.add_all(Region(**row) for row in rows)
    session.flush()
    return len(rows)
