"""Build the demo data set; the same seed gives the same data.

The registry is planned by demo.registry (pure) and written here with Core executemany INSERTs,
a few thousand households at a time, so that 100,000 households take well under a few minutes on
SQLite and PostgreSQL. Ids are assigned here rather than read back (RETURNING with ordered rows
falls back to one statement per row), which assumes nobody else writes these tables meanwhile:
seeding is a one-off on a fresh database. PostgreSQL's sequences are moved past them afterwards.
Every demo login shares one Argon2 hash of the demo password: hashing 20,000 passwords one by one
would take far longer than the registry itself, and these are throwaway accounts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from fieldcollect.cadres.models import Cadre, Pairing, WorkTeam, WorkTeamMember
from fieldcollect.demo.registry import HouseholdDraft, RegistryPlan, plan_registry
from fieldcollect.households.models import Household, Member, MemberEvent, StatusChange
from fieldcollect.regions.models import Region
from fieldcollect.regions.service import load_official_regions, read_official_regions
from fieldcollect.users.models import User
from fieldcollect.users.passwords import digest_ha1, hash_password
from fieldcollect.users.roles import Role
from fieldcollect.users.service import create_user, get_user_by_username

DEFAULT_PASSWORD = "demo-pass-2018"
CHUNK = 4000  # households per bulk round trip
SHOWCASE_TOWNSHIP = "150626101000"  # 乌审召镇, where the township login is anchored

# One demo login per role, anchored in 乌审旗 (a pastoral banner with many 苏木).
DEMO_USERS = (
    ("admin", Role.ADMIN, "150600000000", "系统管理员"),
    ("city", Role.CITY_SUPERVISOR, "150600000000", "市扶贫办"),
    ("banner", Role.BANNER_SUPERVISOR, "150626000000", "乌审旗扶贫办"),
    ("township", Role.TOWNSHIP_SUPERVISOR, "150626101000", "乌审召镇"),
)
SHOWCASE_LOGINS = ("cadre", "village")
MEMBER_DEFAULTS = {"joined_on": None, "left_on": None, "is_current": True}


@dataclass
class DemoSummary:
    regions_added: int = 0
    households_added: int = 0
    members_added: int = 0
    cadres_added: int = 0
    pairings_added: int = 0
    users_added: int = 0
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (username, role, region)
    login_patterns: list[tuple[str, str, int]] = field(default_factory=list)  # (pattern, role, how many)


def seed_demo(session: Session, households: int = 0, seed: int = 2018,
              password: str = DEFAULT_PASSWORD) -> DemoSummary:
    """Load the regions, a registry of N households and logins for every role; return what was made."""
    summary = DemoSummary(regions_added=load_official_regions(session))
    for username, role, region_code, name in DEMO_USERS:
        if get_user_by_username(session, username) is None:
            create_user(session, username, password, role, region_code, name)
        summary.logins.append((username, role, region_code))
    if households > 0 and session.scalar(select(Household.id).limit(1)) is None:
        plan = plan_registry(seed, households, official_townships())
        cadre_ids = _insert_registry(session, plan, summary)
        _insert_logins(session, plan, cadre_ids, hash_password(password), password, summary)
    else:
        summary.logins += [(u.username, u.role, u.region_code) for u in session.scalars(
            select(User).where(User.username.in_(SHOWCASE_LOGINS)).order_by(User.id))]
    return summary


def official_townships() -> list[dict]:
    """Return the official township rows, each with its banner's name."""
    rows = read_official_regions()
    banners = {row["code"]: row["name"] for row in rows if row["level"] == "banner"}
    return [{**row, "banner_name": banners[row["parent_code"]]} for row in rows if row["level"] == "township"]


def _insert_registry(session: Session, plan: RegistryPlan, summary: DemoSummary) -> list[int]:
    known = set(session.scalars(select(Region.code).where(Region.level == "village")))
    villages = [v for v in plan.villages if v["code"] not in known]
    if villages:
        session.execute(insert(Region.__table__), villages)
    summary.regions_added += len(villages)
    cadre_ids = _insert_ids(session, Cadre, plan.cadres)
    summary.cadres_added = len(cadre_ids)
    _insert_teams(session, plan, cadre_ids)
    drafts = plan.households()
    while chunk := list(islice(drafts, CHUNK)):
        _insert_households(session, chunk, cadre_ids, summary)
    _advance_sequences(session, (Cadre, WorkTeam, Household, Member))
    return cadre_ids


def _insert_ids(session: Session, model, rows: list[dict]) -> list[int]:
    """Insert rows with one executemany, giving them the next free ids; return the ids in order."""
    if not rows:
        return []
    start = (session.scalar(select(func.max(model.id))) or 0) + 1
    ids = list(range(start, start + len(rows)))
    session.execute(insert(model.__table__), [{**row, "id": i} for i, row in zip(ids, rows, strict=True)])
    return ids


def _advance_sequences(session: Session, models: tuple) -> None:
    """Move PostgreSQL's id sequences past the ids given explicitly (SQLite needs nothing)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in models:
        table = model.__table__.name
        session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                             f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"))


def _insert_teams(session: Session, plan: RegistryPlan, cadre_ids: list[int]) -> None:
    team_rows = [{k: v for k, v in team.items() if k != "members"} for team in plan.teams]
    team_ids = _insert_ids(session, WorkTeam, team_rows)
    members = [{"team_id": team_id, "cadre_id": cadre_ids[position], "duty": duty}
               for team_id, team in zip(team_ids, plan.teams, strict=True)
               for position, duty in team["members"]]
    if members:
        session.execute(insert(WorkTeamMember.__table__), members)


def _insert_households(session: Session, drafts: list[HouseholdDraft], cadre_ids: list[int],
                       summary: DemoSummary) -> None:
    household_ids = _insert_ids(session, Household, [d.values for d in drafts])
    member_rows = [{**MEMBER_DEFAULTS, **m, "household_id": hid}
                   for hid, d in zip(household_ids, drafts, strict=True) for m in d.members]
    member_ids = iter(_insert_ids(session, Member, member_rows))
    events, changes, pairings = [], [], []
    for household_id, draft in zip(household_ids, drafts, strict=True):
        ids = [next(member_ids) for _ in draft.members]
        events += _events(household_id, ids, draft)
        changes += [{**change, "household_id": household_id} for change in draft.status_changes]
        pairings += [{**{k: v for k, v in p.items() if k != "cadre"}, "cadre_id": cadre_ids[p["cadre"]],
                      "household_id": household_id} for p in draft.pairings]
    for model, rows in ((MemberEvent, events), (StatusChange, changes), (Pairing, pairings)):
        if rows:
            session.execute(insert(model.__table__), rows)
    summary.households_added += len(household_ids)
    summary.members_added += len(member_rows)
    summary.pairings_added += len(pairings)


def _events(household_id: int, member_ids: list[int], draft: HouseholdDraft) -> list[dict]:
    births = [{"member_id": member_ids[p], "household_id": household_id, "kind": "birth",
               "occurred_on": draft.members[p]["birth_date"], "note": "", "source": "demo"}
              for p in draft.births]
    deaths = [{"member_id": member_ids[p], "household_id": household_id, "kind": "death", "occurred_on": day,
               "note": "", "source": "demo"} for p, day in draft.deaths]
    return births + deaths


def _insert_logins(session: Session, plan: RegistryPlan, cadre_ids: list[int], shared_hash: str,
                   password: str, summary: DemoSummary) -> None:
    taken = set(session.scalars(select(User.username)))
    showcase_cadre, showcase_village = _showcase(plan)
    rows = _cadre_logins(plan, cadre_ids, showcase_cadre) + _village_logins(plan, showcase_village)
    rows += _supervisor_logins()
    rows = [row for row in rows if row["username"] not in taken]
    for row in rows:
        row.update(password_hash=shared_hash, digest_ha1=digest_ha1(row["username"], password), active=True)
    if rows:
        session.execute(insert(User.__table__), rows)
    summary.users_added = len(rows)
    summary.logins += [(row["username"], row["role"], row["region_code"]) for row in rows
                       if row["username"] in SHOWCASE_LOGINS]
    summary.login_patterns = _patterns(rows)


def _showcase(plan: RegistryPlan) -> tuple[int | None, str | None]:
    """Pick the cadre and village behind the `cadre` and `village` logins: in 乌审召镇 when it has any."""
    townships = [SHOWCASE_TOWNSHIP] + sorted(plan.township_cadres)
    township = next((t for t in townships if plan.township_cadres.get(t)), None)
    if township is None:
        return None, None
    village = next(t["village_code"] for t in plan.teams if t["village_code"].startswith(township[:9]))
    return plan.township_cadres[township][0], village


def _cadre_logins(plan: RegistryPlan, cadre_ids: list[int], showcase: int | None) -> list[dict]:
    return [{"username": "cadre" if position == showcase else f"cadre-{position + 1:06d}", "role": Role.CADRE,
             "region_code": cadre["region_code"], "display_name": cadre["name"],
             "cadre_id": cadre_ids[position]}
            for position, cadre in enumerate(plan.cadres)]


def _village_logins(plan: RegistryPlan, showcase: str | None) -> list[dict]:
    return [{"username": "village" if team["village_code"] == showcase else f"village-{team['village_code']}",
             "role": Role.VILLAGE_TEAM, "region_code": team["village_code"], "display_name": team["name"],
             "cadre_id": None} for team in plan.teams]


def _supervisor_logins() -> list[dict]:
    rows = []
    for region in read_official_regions():
        if region["level"] == "banner":
            rows.append({"username": f"banner-{region['code'][:6]}", "role": Role.BANNER_SUPERVISOR,
                         "region_code": region["code"], "display_name": f"{region['name']}扶贫办",
                         "cadre_id": None})
        elif region["level"] == "township":
            rows.append({"username": f"township-{region['code'][:9]}", "role": Role.TOWNSHIP_SUPERVISOR,
                         "region_code": region["code"], "display_name": region["name"], "cadre_id": None})
    return rows


def _patterns(rows: list[dict]) -> list[tuple[str, str, int]]:
    patterns = {"cadre-NNNNNN": Role.CADRE, "village-<village code>": Role.VILLAGE_TEAM,
                "township-<9-digit code>": Role.TOWNSHIP_SUPERVISOR,
                "banner-<6-digit code>": Role.BANNER_SUPERVISOR}
    counts = {role: sum(1 for r in rows if r["role"] == role and r["username"] not in SHOWCASE_LOGINS)
              for role in patterns.values()}
    return [(pattern, role, counts[role]) for pattern, role in patterns.items() if counts[role]]
