"""Write a planned demo registry as import files in the national export layout (CSV, UTF-8).

Used by the benchmark and the tests: a realistic 10,000- or 100,000-household file that the household
and pairing imports read back. Codes are written as the national labels (因病, 户主 …) the way the
national system exports them, so the import's label lookup is exercised too.
"""

from __future__ import annotations

import csv
import io

from fieldcollect.demo.registry import RegistryPlan
from fieldcollect.households.codes import label_of
from fieldcollect.imports.household_columns import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS
from fieldcollect.imports.pairings import COLUMNS as PAIRING_COLUMNS

LABELLED = {"attribute": "attribute", "main_cause": "cause", "relation": "relation", "ethnicity": "ethnicity",
            "sex": "sex", "status": "status", "labour_ability": "labour_ability"}


def registry_files(plan: RegistryPlan, limit: int | None = None) -> tuple[bytes, bytes]:
    """Return (households CSV, pairings CSV) for the plan's current members and pairings."""
    villages = {v["code"]: v["name"] for v in plan.villages}
    members_out, pairings_out = io.StringIO(), io.StringIO()
    members_csv = csv.writer(members_out, lineterminator="\r\n")
    pairings_csv = csv.writer(pairings_out, lineterminator="\r\n")
    members_csv.writerow([c.header for c in HOUSEHOLD_COLUMNS + MEMBER_COLUMNS])
    pairings_csv.writerow([c.header for c in PAIRING_COLUMNS])
    for number, draft in enumerate(plan.households()):
        if limit is not None and number >= limit:
            break
        household = _household_cells(draft.values, villages, draft.members[0]["name"])
        for member in draft.members:
            if member.get("is_current", True):
                members_csv.writerow(household + _member_cells(member))
        for pairing in draft.pairings:
            cadre = plan.cadres[pairing["cadre"]]
            pairings_csv.writerow(_pairing_cells(draft.values["household_code"], cadre, pairing))
    return members_out.getvalue().encode("utf-8"), pairings_out.getvalue().encode("utf-8")


def _household_cells(values: dict, villages: dict, head_name: str) -> list[str]:
    others = "、".join(label_of("cause", c) for c in (values["other_cause_1"], values["other_cause_2"]) if c)
    cells = {**values, "village_name": villages[values["village_code"]], "head_name": head_name,
             "other_causes": others, "household_phone": values["phone"]}
    return [_cell(column.key, cells.get(column.key)) for column in HOUSEHOLD_COLUMNS]


def _member_cells(member: dict) -> list[str]:
    cells = {**member, "health": member["health"].replace(" ", ",")}
    return [_cell(column.key, cells.get(column.key)) for column in MEMBER_COLUMNS]


def _pairing_cells(household_code: str, cadre: dict, pairing: dict) -> list[str]:
    cells = {"household_code": household_code, **cadre, **pairing}
    return [_cell(column.key, cells.get(column.key)) for column in PAIRING_COLUMNS]


def _cell(key: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if key in LABELLED:
        return label_of(LABELLED[key], value)
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
