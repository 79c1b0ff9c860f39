"""Test support for the round pages (本季度, 本村进度): a 2018Q2 worked through the real receiver.

The receiver's world (receiver_support: 王建国's and 其其格's households in 巴音嘎查, paired with
张干部) gets a known pattern of field work and reviews, and the pages' clock is set inside 2018Q2:

- 王建国: all seven required categories and the optional 其它 sent on time; a supervisor marks the
  income has_issues with a comment, so the household is complete but has work asked for.
- 其其格: 基本 sent and rejected by the supervisor with a comment; 帮扶 sent; an income whose total
  does not add up, rejected by validation with its reasons; everything else missing.
- A third household in another village, paired with another cadre, with one category sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, g
from sqlalchemy import select

from fieldcollect.extensions import db
from fieldcollect.forms.categories import BY_CODE, QUARTERLY_CODES
from fieldcollect.households.models import Household
from fieldcollect.problems import Problem
from fieldcollect.submissions.models import Submission
from fieldcollect.submissions.service import review_submission
from fieldcollect.submissions.storage import open_store
from fieldcollect.web import round_pages
from tests.factories import CadreFactory, HouseholdFactory, PairingFactory, UserFactory, VillageFactory
from tests.integration.receiver_support import (
    QIQIGE,
    VILLAGE,
    WANG,
    World,
    build_world,
    income_values,
    publish_forms,
    receive,
    submission_xml,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2018, 6, 5)  # open round 2018Q2, deadline 2018-07-10: 35 days left
REQUIRED = ("basic", "income", "assistance", "industry", "medical", "housing", "training")
INCOME_COMMENT = "请核对务工收入，附上工资单"
BASIC_COMMENT = "不是本户的数据，请重新采集"
OTHER_VILLAGE = "150626101202"
OTHER_HOUSEHOLD = "150626101202009"


@dataclass
class RoundScene:
    world: World
    village_team: object  # the work team of 巴音嘎查
    other_team: object  # the work team of the other village
    other_cadre: object  # the login of the cadre paired with the other village's household


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=SHANGHAI).astimezone(UTC)


def set_today(monkeypatch, day: date = TODAY) -> None:
    """Set the round pages' clock: the open round and the days left follow it."""
    monkeypatch.setattr(round_pages, "today", lambda: day)


def build_round_scene() -> RoundScene:
    """Publish the eight category forms, register the world and send the pattern above; commit."""
    publish_forms(*(BY_CODE[c].form_id for c in QUARTERLY_CODES))
    world = build_world()
    store = open_store(current_app.config["SETTINGS"].openrosa, current_app.instance_path)
    serial = iter(range(1, 1000))

    def send(user, household, category, received, **values):
        if category == "income":
            values = income_values(member_count=3 if household == WANG else 2, wage_work=6000) | values
        xml = submission_xml(BY_CODE[category].form_id, f"uuid:page-{next(serial)}", household=household,
                             period="2018Q2", visit_date=received[:10], values=values)
        return receive(store, user, xml, now=at(received))

    for category in (*REQUIRED, "other"):
        send(world.cadre, WANG, category, "2018-06-01 09:00")
    send(world.cadre, QIQIGE, "basic", "2018-06-01 10:00")
    send(world.cadre, QIQIGE, "assistance", "2018-06-01 10:00")
    try:
        send(world.cadre, QIQIGE, "income", "2018-06-01 11:00", wage_total="999")
    except Problem:
        pass  # rejected by validation, and stored with its reasons
    review(store, world, WANG, "income", "has_issues", INCOME_COMMENT)
    review(store, world, QIQIGE, "basic", "rejected", BASIC_COMMENT)

    VillageFactory(code=OTHER_VILLAGE, name="其他嘎查")
    other = HouseholdFactory(household_code=OTHER_HOUSEHOLD, village_code=OTHER_VILLAGE)
    cadre = CadreFactory(name="赵干部", region_code="150626101000")
    PairingFactory(cadre=cadre, household=other, start_date=date(2018, 1, 1))
    other_cadre = UserFactory(role="cadre", region_code="150626101000", cadre=cadre, display_name="赵干部")
    db.session.commit()
    send(other_cadre, OTHER_HOUSEHOLD, "housing", "2018-06-02 09:00")
    scene = RoundScene(world, UserFactory(role="village_team", region_code=VILLAGE, display_name="巴音工作队"),
                       UserFactory(role="village_team", region_code=OTHER_VILLAGE), other_cadre)
    db.session.commit()
    return scene


def review(store, world: World, household: str, category: str, state: str, comment: str) -> None:
    submission = db.session.scalars(
        select(Submission).join(Household, Household.id == Submission.household_id)
        .where(Household.household_code == household, Submission.category == category)).one()
    review_submission(db.session, store, submission, state, comment, world.supervisor,
                      now=at("2018-06-03 09:00"))
    db.session.commit()


def sign_in(client, user) -> None:
    """Sign user in on client by setting the session cookie."""
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    g.pop("_login_user", None)
