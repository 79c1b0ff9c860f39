"""Fictional household rosters for the demo registry: who lives together, and their national member fields.

Pure: every function draws from the random.Random it is given, so the same seed gives the same
people. Values follow the national rules (households.rules) so that generated data passes the same
checks as imported data: relation matches sex, education and school status exclude each other,
working-age healthy adults have labour, and so on.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from fieldcollect.demo.names import han_name, mongol_name
from fieldcollect.households import codes
from fieldcollect.households.id_numbers import FEMALE, MALE, make_id_number

REFERENCE_DATE = date(2018, 6, 30)  # the demo registry describes the 2018 round
SIZES = (1, 2, 3, 4, 5, 6)
SIZE_WEIGHTS = (15, 30, 20, 20, 10, 5)
# 伊克昭盟 county codes still carried by people registered before 2001 (CODES.md §2.3).
OLD_PREFIXES = {"150602": "152701", "150621": "152722", "150622": "152723", "150623": "152724",
                "150624": "152725", "150625": "152726", "150626": "152727", "150627": "152728"}


class IdNumbers:
    """Hand out unique, valid ID numbers."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.issued: set[str] = set()

    def issue(self, banner6: str, birth_date: date, sex: str) -> str:
        """Return a fresh ID number for someone born on birth_date in the banner."""
        region = OLD_PREFIXES.get(banner6, banner6) if birth_date.year < 1985 and self.rng.random() < 0.3 \
            else banner6
        while True:
            number = make_id_number(region, birth_date, self.rng.randrange(500), sex)
            if number not in self.issued:
                self.issued.add(number)
                return number


def draw_roster(rng: random.Random, mongol: bool) -> list[dict]:
    """Return the skeleton of a household: relation, age and sex of each person, head first."""
    size = rng.choices(SIZES, SIZE_WEIGHTS)[0]
    head_age = rng.randint(28, 82)
    head_female = rng.random() < 0.18
    people = [{"relation": codes.HEAD, "age": head_age, "female": head_female}]
    if size >= 2 and rng.random() < 0.8:
        people.append({"relation": codes.SPOUSE, "age": max(20, head_age + rng.randint(-6, 4)),
                       "female": not head_female})
    while len(people) < size:
        people.append(_relative(rng, head_age, people))
    return people


def _relative(rng: random.Random, head_age: int, people: list[dict]) -> dict:
    female = rng.random() < 0.5
    if head_age >= 62 and rng.random() < 0.5:
        return {"relation": "08" if female else "07", "age": rng.randint(1, 17), "female": female}
    if head_age < 50 and rng.random() < 0.2 and not any(p["relation"] in ("11", "12") for p in people):
        return {"relation": "12" if female else "11", "age": min(95, head_age + rng.randint(22, 30)),
                "female": female}
    age = max(0, head_age - rng.randint(20, 36))
    return {"relation": "04" if female else "03", "age": age, "female": female}


def complete_person(rng: random.Random, person: dict, mongol: bool, surname: str | None) -> dict:
    """Return the member's national fields (without the ID number) for a roster skeleton entry."""
    age, female = person["age"], person["female"]
    born = REFERENCE_DATE - timedelta(days=365 * age + rng.randrange(365))
    name = mongol_name(rng, female) if mongol else han_name(rng, female, surname)
    values = {"name": name, "sex": FEMALE if female else MALE, "birth_date": born,
              "relation": person["relation"],
              "ethnicity": codes.MONGOL if mongol else codes.HAN, **_schooling(rng, age)}
    values.update(_health(rng, age))
    values.update(_labour(rng, age, female, values))
    values.update(_benefits(rng, age, mongol, values))
    return values


def _schooling(rng: random.Random, age: int) -> dict:
    school = _school_status(rng, age)
    if school is not None:
        return {"school_status": school, "education": None}
    if age < 3:
        return {"school_status": None, "education": "06"}
    if age >= 60:
        education = rng.choices(("01", "02", "03"), (45, 45, 10))[0]
    elif age >= 40:
        education = rng.choices(("02", "03", "04"), (40, 45, 15))[0]
    else:
        education = rng.choices(("03", "04", "05"), (50, 30, 20))[0]
    return {"school_status": None, "education": education}


def _school_status(rng: random.Random, age: int) -> str | None:
    if 3 <= age <= 5:
        return "02"
    if 6 <= age <= 11:
        return "03"
    if 12 <= age <= 14:
        return f"{age - 8:02d}"  # 七/八/九年级 = 04/05/06
    if 15 <= age <= 17:
        return f"{age - 8:02d}" if rng.random() < 0.7 else f"{age - 5:02d}"  # 高中 07–09 or 中职 10–12
    if 18 <= age <= 21 and rng.random() < 0.35:
        return rng.choice(("13", "14", "15", "16"))
    return None


def _health(rng: random.Random, age: int) -> dict:
    chronic = 0.45 if age >= 60 else 0.25 if age >= 40 else 0.04
    chances = ((codes.CHRONIC, chronic), (codes.SERIOUS, 0.08 if age >= 40 else 0.02), (codes.DISABLED, 0.06))
    states = [code for code, chance in chances if rng.random() < chance]
    values = {"health": " ".join(states) or codes.HEALTHY, "disability_category": None,
              "disability_grade": None}
    if codes.DISABLED in states:
        values.update(disability_category=str(rng.randint(1, 7)), disability_grade=str(rng.randint(1, 4)))
    return values


def _labour(rng: random.Random, age: int, female: bool, values: dict) -> dict:
    working_age = 16 <= age <= (55 if female else 60)
    studying = values["school_status"] is not None
    if not working_age or studying:
        ability = "04"
    elif codes.SERIOUS in values["health"] or codes.DISABLED in values["health"]:
        ability = "03"
    else:
        ability = "02" if rng.random() < 0.15 else "01"
    work = {"labour_ability": ability, "work_area": None, "work_months": 0}
    if ability in ("01", "02") and rng.random() < 0.45:
        work.update(work_area=rng.choices(("01", "02", "03", "04"), (30, 35, 25, 10))[0],
                    work_months=rng.randint(2, 11))
    return work


def _benefits(rng: random.Random, age: int, mongol: bool, values: dict) -> dict:
    adult = age >= 16 and values["school_status"] is None
    member = 0.05 if age >= 25 else 0.0
    league = 0.4 if 14 <= age <= 28 else 0.0
    political = rng.choices(("01", "03", "13"), (member, league, 1 - member - league))[0] if age >= 14 \
        else None
    return {"political_status": political,
            "speaks_mandarin": not (mongol and age >= 60 and rng.random() < 0.5),
            "rural_medical_insurance": rng.random() < 0.98, "employee_medical_insurance": False,
            "serious_illness_insurance": rng.random() < 0.95,
            "commercial_medical_insurance": rng.random() < 0.3,
            "rural_pension_insurance": adult and rng.random() < 0.92, "employee_pension_insurance": False}


def labour_units(members: list[dict]) -> int:
    """Return how many members can work (普通 or 技能劳动力)."""
    return sum(1 for m in members if m["labour_ability"] in ("01", "02"))
