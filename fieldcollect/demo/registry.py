"""Plan a fictional registry on the real Ordos townships: villages, cadres, work teams and households.

Pure and deterministic: plan_registry(seed, households, townships) returns the same plan for the same
arguments, and RegistryPlan.households() yields the same households in the same order, so the
service can insert them in chunks without holding 100,000 households in memory. Cadres and
households refer to each other by their position in the plan; the service maps positions to ids.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from fieldcollect.demo import names
from fieldcollect.demo.people import REFERENCE_DATE, IdNumbers, complete_person, draw_roster, labour_units
from fieldcollect.households import codes

HOUSEHOLDS_PER_VILLAGE = 60
CADRE_LOAD = 5  # households per paired cadre
PASTORAL_BANNERS = frozenset({"150623", "150624", "150625", "150626"})
CITY_CODE = "150600000000"
REGISTRATION_YEARS = (2014, 2015, 2016, 2017, 2018)
REGISTRATION_WEIGHTS = (55, 15, 12, 10, 8)
CAUSE_WEIGHTS = {"01": 34, "02": 16, "03": 8, "08": 12, "09": 12, "07": 8, "04": 4, "05": 2, "06": 2, "10": 1,
                 "11": 1}


@dataclass
class HouseholdDraft:
    values: dict
    members: list[dict]
    deaths: list[tuple[int, date]]  # (member position, day) of members who died
    births: list[int]  # member positions recorded as born into the household
    status_changes: list[dict]
    pairings: list[dict]  # each with "cadre" = the cadre's position in RegistryPlan.cadres


@dataclass
class RegistryPlan:
    seed: int
    villages: list[dict]
    village_households: list[int]  # households per village, in village order
    cadres: list[dict]
    teams: list[dict]  # each with "members" = [(cadre position, duty)]
    township_cadres: dict[str, list[int]] = field(default_factory=dict)

    def households(self) -> Iterator[HouseholdDraft]:
        """Yield every household of the plan, village by village, always in the same order."""
        rng = random.Random(f"{self.seed}-households")
        ids = IdNumbers(rng)
        serial, seen_in_township = 0, {}
        for village, count in zip(self.villages, self.village_households, strict=True):
            township = village["parent_code"]
            pool = self.township_cadres[township]
            for _ in range(count):
                serial += 1
                index = seen_in_township.get(township, 0)
                seen_in_township[township] = index + 1
                yield _household(rng, ids, village, serial, pool, index)


def plan_registry(seed: int, households: int, townships: list[dict]) -> RegistryPlan:
    """Return the plan of a registry of the given size on the given township rows."""
    rng = random.Random(f"{seed}-plan")
    villages, counts = _plan_villages(rng, townships, households)
    by_township = _households_by_township(villages, counts)
    cadres, township_cadres = _plan_cadres(rng, townships, by_township)
    teams = _plan_teams(rng, villages, counts, cadres, township_cadres)
    return RegistryPlan(seed, villages, counts, cadres, teams, township_cadres)


def _plan_villages(rng: random.Random, townships: list[dict],
                   households: int) -> tuple[list[dict], list[int]]:
    if households <= 0 or not townships:
        return [], []
    base = households / len(townships) / HOUSEHOLDS_PER_VILLAGE
    villages = []
    for township in townships:
        count = min(99, max(1, round(base * rng.uniform(0.6, 1.4))))
        villages += _villages_of(rng, township, count)
    weights = [rng.uniform(0.5, 1.5) for _ in villages]
    return villages, _apportion(households, weights)


def _villages_of(rng: random.Random, township: dict, count: int) -> list[dict]:
    pastoral = township["code"][:6] in PASTORAL_BANNERS or township["name"].endswith("苏木")
    taken: set[str] = set()
    villages = []
    for number in range(1, count + 1):
        name = names.village_name(rng, pastoral)
        while name in taken:
            name = names.village_name(rng, pastoral)
        taken.add(name)
        villages.append({"code": f"{township['code'][:9]}{200 + number:03d}", "name": name,
                         "level": "village", "parent_code": township["code"]})
    return villages


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Split total into integer shares proportional to weights (largest remainder)."""
    exact = [total * w / sum(weights) for w in weights]
    shares = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: exact[i] - shares[i], reverse=True)
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares


def _households_by_township(villages: list[dict], counts: list[int]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for village, count in zip(villages, counts, strict=True):
        totals[village["parent_code"]] = totals.get(village["parent_code"], 0) + count
    return totals


def _plan_cadres(rng: random.Random, townships: list[dict],
                 by_township: dict[str, int]) -> tuple[list[dict], dict[str, list[int]]]:
    cadres: list[dict] = []
    pools: dict[str, list[int]] = {}
    phones: set[str] = set()
    banner_names = {t["parent_code"]: t.get("banner_name", "") for t in townships}
    for township in townships:
        needed = math.ceil(by_township.get(township["code"], 0) / CADRE_LOAD)
        pools[township["code"]] = list(range(len(cadres), len(cadres) + needed))
        banner_name = banner_names[township["parent_code"]]
        cadres += [_cadre(rng, township, banner_name, phones) for _ in range(needed)]
    return cadres, pools


def _cadre(rng: random.Random, township: dict, banner_name: str, phones: set[str]) -> dict:
    female = rng.random() < 0.35
    mongol = township["code"][:6] in PASTORAL_BANNERS and rng.random() < 0.3
    level = rng.choices(("township", "banner", "city"), (50, 40, 10))[0]
    if level == "township":
        unit, region = f"{township['name']}人民政府", township["code"]
    elif level == "banner":
        unit, region = banner_name + rng.choice(names.WORK_UNIT_SUFFIXES), township["parent_code"]
    else:
        unit, region = "鄂尔多斯市" + rng.choice(names.WORK_UNIT_SUFFIXES), CITY_CODE
    return {"name": names.mongol_name(rng, female) if mongol else names.han_name(rng, female),
            "work_unit": unit, "position": rng.choice(names.POSITIONS), "phone": _phone(rng, phones),
            "region_code": region}


def _phone(rng: random.Random, taken: set[str]) -> str:
    while True:
        phone = rng.choice(("139", "138", "150", "151", "152", "158", "186", "187", "189", "133", "153"))
        phone += f"{rng.randrange(10 ** 8):08d}"
        if phone not in taken:
            taken.add(phone)
            return phone


def _plan_teams(rng: random.Random, villages: list[dict], counts: list[int], cadres: list[dict],
                township_cadres: dict[str, list[int]]) -> list[dict]:
    teams = []
    for village, count in zip(villages, counts, strict=True):
        pool = township_cadres[village["parent_code"]]
        if count == 0 or not pool:
            continue
        chosen = rng.sample(pool, min(3, len(pool)))
        unit = cadres[chosen[0]]["work_unit"]
        teams.append({"village_code": village["code"], "name": f"{unit}驻{village['name']}工作队",
                      "work_unit": unit, "start_date": date(2018, 1, 1) + timedelta(days=rng.randrange(60)),
                      "members": [(c, "第一书记" if i == 0 else "队员") for i, c in enumerate(chosen)]})
    return teams


def _household(rng: random.Random, ids: IdNumbers, village: dict, serial: int, pool: list[int],
               index: int) -> HouseholdDraft:
    banner = village["code"][:6]
    mongol = rng.random() < _mongol_share(village)
    members = _members(rng, ids, banner, mongol)
    values = _household_values(rng, village, serial, members)
    draft = HouseholdDraft(values, members, [], [], _status_changes(rng, values), [])
    _add_events(rng, ids, draft, banner, mongol)
    draft.pairings = _pairings(rng, values["registered_year"], pool, index)
    return draft


def _mongol_share(village: dict) -> float:
    if village["name"].endswith("嘎查"):
        return 0.45
    return 0.15 if village["code"][:6] in PASTORAL_BANNERS else 0.04


def _members(rng: random.Random, ids: IdNumbers, banner: str, mongol: bool) -> list[dict]:
    surname = rng.choice(names.HAN_SURNAMES)
    members = []
    for person in draw_roster(rng, mongol):
        shares_surname = person["relation"] in ("01", "03", "04", "07", "08", "11") and not (
            person["relation"] == "01" and person["female"])
        values = complete_person(rng, person, mongol, surname if shares_surname else None)
        values["id_number"] = ids.issue(banner, values["birth_date"], values["sex"])
        values["phone"] = _mobile(rng) if person["relation"] == codes.HEAD else None
        members.append(values)
    return members


def _mobile(rng: random.Random) -> str:
    return rng.choice(("139", "150", "152", "158", "187", "189", "155")) + f"{rng.randrange(10 ** 8):08d}"


def _household_values(rng: random.Random, village: dict, serial: int, members: list[dict]) -> dict:
    labour = labour_units(members)
    if labour == 0:
        attribute = "3" if rng.random() < 0.35 else "2"
    else:
        attribute = "1" if rng.random() < 0.78 else "2"
    for member in members:
        member["minimum_living_allowance"] = attribute == "2"
        member["extreme_poverty_support"] = attribute == "3"
    main, others = _causes(rng, members)
    registered = rng.choices(REGISTRATION_YEARS, REGISTRATION_WEIGHTS)[0]
    values = {"household_code": f"{village['code'][:6]}{serial:08d}", "village_code": village["code"],
              "registered_year": registered, "attribute": attribute, "main_cause": main,
              "other_cause_1": others[0] if others else None,
              "other_cause_2": others[1] if len(others) > 1 else None,
              "identification_standard": "03" if rng.random() < 0.8 else "01", "phone": members[0]["phone"]}
    values.update(_status(rng, registered))
    values["support_track"] = _support_track(rng, values, labour, village)
    return values


def _causes(rng: random.Random, members: list[dict]) -> tuple[str, list[str]]:
    """Pick causes the roster supports: 因病 needs a sick member, 因残 a disabled one, 因学 a student."""
    health = " ".join(m["health"] for m in members)
    allowed = dict(CAUSE_WEIGHTS)
    if codes.CHRONIC not in health and codes.SERIOUS not in health:
        allowed.pop("01")
    if codes.DISABLED not in health:
        allowed.pop("02")
    if not any(m["school_status"] not in (None, codes.NOT_IN_SCHOOL) for m in members):
        allowed.pop("03")
    main = rng.choices(list(allowed), list(allowed.values()))[0]
    allowed.pop(main)
    extra = rng.choices((0, 1, 2), (35, 45, 20))[0]
    others: list[str] = []
    while len(others) < extra:
        cause = rng.choices(list(allowed), list(allowed.values()))[0]
        allowed.pop(cause)
        others.append(cause)
    return main, others


def _status(rng: random.Random, registered: int) -> dict:
    values = {"status": codes.NOT_EXITED, "exit_year": None, "return_year": None,
              "planned_exit_year": rng.randint(max(registered, 2019), 2020)}
    if registered <= 2017 and rng.random() < 0.6:
        exit_year = rng.randint(max(registered + 1, 2015), 2018)
        values.update(status=codes.EXITED_SUPPORTED, exit_year=exit_year, planned_exit_year=exit_year)
        if exit_year < 2018 and rng.random() < 0.05:
            values.update(status=codes.RETURNED, return_year=rng.randint(exit_year + 1, 2018))
    return values


def _support_track(rng: random.Random, values: dict, labour: int, village: dict) -> str:
    if labour == 0 or values["attribute"] == "3":
        return "shbz"
    if values["main_cause"] in ("05", "06", "10") and rng.random() < 0.5:
        return "ydbq"
    if values["main_cause"] == "03" and rng.random() < 0.5:
        return "fzjy"
    if village["name"].endswith("嘎查") and rng.random() < 0.2:
        return "stbc"
    return "fzsc"


def _status_changes(rng: random.Random, values: dict) -> list[dict]:
    changes = [_change(rng, codes.NOT_EXITED, values["registered_year"], (9, 12), "识别纳入")]
    if values["exit_year"]:
        changes.append(_change(rng, codes.EXITED_SUPPORTED, values["exit_year"], (11, 12), "脱贫退出"))
    if values["return_year"]:
        changes.append(_change(rng, codes.RETURNED, values["return_year"], (3, 8), "返贫"))
    return changes


def _change(rng: random.Random, status: str, year: int, months: tuple[int, int], note: str) -> dict:
    day = date(year, rng.randint(*months), rng.randint(1, 28))
    return {"status": status, "year": year, "changed_on": day, "note": note}


def _add_events(rng: random.Random, ids: IdNumbers, draft: HouseholdDraft, banner: str, mongol: bool) -> None:
    for position, member in enumerate(draft.members):
        if member["relation"] != codes.HEAD and member["birth_date"].year >= 2016:
            member["joined_on"] = member["birth_date"]
            draft.births.append(position)
    if rng.random() < 0.04:
        head_age = REFERENCE_DATE.year - draft.members[0]["birth_date"].year
        person = {"relation": "11" if rng.random() < 0.5 else "12", "age": min(95, head_age + 25),
                  "female": None}
        person["female"] = person["relation"] == "12"
        values = complete_person(rng, person, mongol, None)
        values.update(id_number=ids.issue(banner, values["birth_date"], values["sex"]), phone=None,
                      minimum_living_allowance=False, extreme_poverty_support=False)
        died = date(rng.randint(2016, 2018), rng.randint(1, 12), rng.randint(1, 28))
        values.update(is_current=False, left_on=died)
        draft.members.append(values)
        draft.deaths.append((len(draft.members) - 1, died))


def _pairings(rng: random.Random, registered: int, pool: list[int], index: int) -> list[dict]:
    primary = pool[index // CADRE_LOAD]
    if registered < 2016:
        start = date(2016, rng.randint(1, 6), rng.randint(1, 28))
    else:
        start = date(registered, 12, rng.randint(1, 28))
    pairings = []
    if registered < 2016 and rng.random() < 0.1 and len(pool) > 1:
        earlier = rng.choice([c for c in pool if c != primary])
        first_start = date(registered, rng.randint(9, 12), rng.randint(1, 28))
        pairings.append({"cadre": earlier, "start_date": first_start, "end_date": start - timedelta(days=1),
                         "is_primary": True})
    pairings.append({"cadre": primary, "start_date": start, "end_date": None, "is_primary": True})
    if rng.random() < 0.08 and len(pool) > 1:
        second = rng.choice([c for c in pool if c != primary])
        pairings.append({"cadre": second, "start_date": start, "end_date": None, "is_primary": False})
    return pairings
