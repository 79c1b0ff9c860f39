"""Test support for the receiver: the real category forms, a small registry, and real-shaped submissions.

Submissions start from what JavaRosa itself serialised for the real forms
(tests/fixtures/submissions/javarosa/, see make.py there) and change only what a test needs:
the household, period, visit date, instanceID / deprecatedID and some answers. Income amounts
come with their totals worked out here by hand, independently of the receiver's own arithmetic.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

from sqlalchemy import select

from fieldcollect.extensions import db
from fieldcollect.forms.build import build_xlsform
from fieldcollect.forms.categories import category_of_form
from fieldcollect.forms.models import Form, FormState, FormVersion
from fieldcollect.households.models import Household, Member
from fieldcollect.submissions.service import UploadedFile, receive_submission
from fieldcollect.submissions.storage import BlobStore
from tests.factories import CadreFactory, HouseholdFactory, PairingFactory, UserFactory, VillageFactory

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "tests" / "fixtures" / "submissions" / "javarosa"
WANG = "150626101201001"  # 王建国's household, as in tests/fixtures/forms/households.csv
QIQIGE = "150626101201002"
VILLAGE = "150626101201"
MEMBERS = {  # tests/fixtures/forms/members.csv
    WANG: [("王建国", "01", "1", date(1960, 3, 2), "150626196003020135"),
           ("李秀英", "02", "2", date(1962, 5, 1), "150626196205010226"),
           ("王小明", "03", "1", date(2006, 9, 15), "150626200609150312")],
    QIQIGE: [("其其格", "01", "2", date(1971, 11, 20), "150626197111200429"),
             ("巴图", "03", "1", date(1995, 7, 8), "150626199507080514")],
}
INCOME_PARTS = {
    "wage_total": ("wage_work", "wage_post"),
    "business_total": ("business_crops", "business_livestock", "business_other"),
    "property_total": ("property_dividend", "property_rent"),
    "transfer_total": ("transfer_family_planning", "transfer_dibao", "transfer_tekun", "transfer_pension",
                       "transfer_eco", "transfer_other"),
}
EXPENSES = ("expense_production", "expense_medical", "expense_education", "expense_living")


@cache
def built_form(form_id: str):
    """Return the BuiltForm of a real form (pyxform only, once per run)."""
    return build_xlsform(ROOT / "forms" / "xlsform" / f"{form_id}.xlsx", validate=False)


def publish_forms(*form_ids: str) -> dict[str, FormVersion]:
    """Insert the real forms as published versions; commit; return them by form_id."""
    published = {}
    for form_id in form_ids:
        built = built_form(form_id)
        form = Form(form_id=form_id, title=built.title, category=category_of_form(form_id).code,
                    state=FormState.OPEN)
        version = FormVersion(form=form, version=built.version, title=built.title, xml=built.xml,
                              md5=hashlib.md5(built.xml).hexdigest(), field_schema=built.field_schema,
                              media=built.media)
        db.session.add_all([form, version])
        published[form_id] = version
    db.session.commit()
    return published


@dataclass
class World:
    households: dict[str, Household]
    cadre: object  # the cadre's login (User), paired with both households since 2018-01-01
    other_cadre: object  # a cadre's login that is paired with neither
    supervisor: object  # township supervisor over the village
    admin: object


def build_world() -> World:
    """Register 王建国's and 其其格's households with their members, a paired cadre and reviewers; commit."""
    VillageFactory(code=VILLAGE, name="巴音嘎查")
    households = {}
    for code, members in MEMBERS.items():
        household = HouseholdFactory(household_code=code, village_code=VILLAGE, members=0, attribute="1",
                                     main_cause="09")
        for name, relation, sex, born, id_number in members:
            db.session.add(Member(household=household, name=name, relation=relation, sex=sex, birth_date=born,
                                  id_number=id_number, ethnicity="01", health="1", is_current=True))
        households[code] = household
    cadre = CadreFactory(name="张干部", region_code="150626101000")
    for household in households.values():
        PairingFactory(cadre=cadre, household=household, start_date=date(2018, 1, 1))
    world = World(households,
                  UserFactory(role="cadre", region_code="150626101000", cadre=cadre, display_name="张干部"),
                  UserFactory(role="cadre", region_code="150626101000", cadre=CadreFactory(name="李干部"),
                              display_name="李干部"),
                  UserFactory(role="township_supervisor", region_code="150626101000",
                              display_name="乌审召镇"),
                  UserFactory(role="admin", region_code="150600000000"))
    db.session.commit()
    return world


def submission_xml(form_id: str, instance_id: str, *, household: str = WANG, period: str = "2018Q2",
                   visit_date: str = "2018-05-20", deprecated_id: str | None = None,
                   values: dict[str, str] | None = None, replace: tuple[tuple[str, str], ...] = ()) -> bytes:
    """Return a JavaRosa-made submission of form_id with the given header, answers and raw edits.

    values names leaves (`wage_work`, or `id_number#2` for the second occurrence); replace holds
    (old, new) text edits applied last, for shapes a value cannot express.
    """
    xml = (TEMPLATES / f"{form_id}.xml").read_text("utf-8")
    answers = {"household": household, "period": period, "visit_date": visit_date, **(values or {})}
    for name, value in answers.items():
        xml = _set_leaf(xml, name, str(value))
    meta = f"<instanceID>{instance_id}</instanceID>"
    if deprecated_id:
        meta += f"<deprecatedID>{deprecated_id}</deprecatedID>"
    xml = re.sub(r"<instanceID>[^<]*</instanceID>", meta, xml)
    for old, new in replace:
        assert old in xml, old
        xml = xml.replace(old, new)
    return xml.encode("utf-8")


def _set_leaf(xml: str, name: str, value: str) -> str:
    field, _, nth = name.partition("#")
    pattern = re.compile(rf"<{field}>[^<]*</{field}>|<{field} />")
    matches = list(pattern.finditer(xml))
    assert matches, f"{field} is not in the template"
    match = matches[int(nth) - 1 if nth else 0]
    element = f"<{field}>{value}</{field}>" if value != "" else f"<{field} />"
    return xml[:match.start()] + element + xml[match.end():]


def income_values(member_count: int = 3, **amounts: float) -> dict[str, str]:
    """Return every amount of the income form, with subtotals and totals added up here by hand."""
    parts = {name: float(amounts.get(name, 0)) for names in INCOME_PARTS.values() for name in names}
    expenses = {name: float(amounts.get(name, 0)) for name in EXPENSES}
    totals = {total: sum(parts[name] for name in names) for total, names in INCOME_PARTS.items()}
    total_income = sum(totals.values())
    net = total_income - expenses["expense_production"]
    values = {name: f"{amount:.1f}" for name, amount in {**parts, **expenses}.items()}
    values |= {name: _calculated(amount) for name, amount in totals.items()}
    values |= {"total_income": _calculated(total_income), "net_income": _calculated(net),
               "member_count": str(member_count), "net_income_pc": _calculated(round(net / member_count, 2))}
    return values


def _calculated(amount: float) -> str:
    return str(int(amount)) if float(amount).is_integer() else str(amount)


def receive(store: BlobStore, user, xml: bytes, now: datetime | None = None, files=()):
    """Receive xml from user as the phone route does; return the Receipt (or raise the Problem)."""
    return receive_submission(db.session, store, xml, [UploadedFile(*f) for f in files], user,
                              now=now or datetime(2018, 6, 1, 2, 0, tzinfo=UTC))


def household_id(code: str) -> int:
    """Return the id of the household with this code."""
    return db.session.scalar(select(Household.id).where(Household.household_code == code))
