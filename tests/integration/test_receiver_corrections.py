"""The correction loop reaches the phone (issue 6): a supervisor's has_issues or rejected comment, or
the reasons validation rejected data for, appear in the todo column of the cadre's households.csv,
and the cadre's edit or next submission of that form for the household clears them. The lists of
village teams and supervisors (their region's households) carry the same column."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from fieldcollect.extensions import db
from fieldcollect.phones.media import phone_media
from fieldcollect.problems import Problem
from fieldcollect.submissions.models import Submission
from fieldcollect.submissions.service import review_submission
from fieldcollect.submissions.storage import open_store
from tests.factories import UserFactory
from tests.integration.receiver_support import (
    QIQIGE,
    VILLAGE,
    WANG,
    build_world,
    income_values,
    publish_forms,
    receive,
    submission_xml,
)


@pytest.fixture
def world(app):
    publish_forms("fp_income", "fp_basic", "fp_exit")
    return build_world()


@pytest.fixture
def store(app):
    return open_store(app.config["SETTINGS"].openrosa, app.instance_path)


def income(instance_id: str, household: str = WANG, period: str = "2018Q2", **kwargs) -> bytes:
    return submission_xml("fp_income", instance_id, household=household, period=period,
                          values=income_values(wage_work=6000), **kwargs)


def todo(world, user=None) -> dict[str, str]:
    """Return {household code: todo} from the households.csv of user's phone (default: the cadre's)."""
    db.session.expire_all()
    text = phone_media(db.session, user or world.cadre, "households.csv", date(2018, 6, 10)).decode("utf-8")
    return {row["name"]: row["todo"] for row in csv.DictReader(io.StringIO(text))}


def submission(instance_id: str) -> Submission:
    return db.session.scalars(select(Submission).where(Submission.instance_id == instance_id)).one()


def review(store, world, instance_id: str, state: str, comment: str = "", when: datetime | None = None):
    review_submission(db.session, store, submission(instance_id), state, comment, world.supervisor,
                      now=when or datetime(2018, 6, 3, tzinfo=UTC))
    db.session.commit()


def test_the_todo_column_is_empty_while_nothing_is_asked(world, store):
    receive(store, world.cadre, income("uuid:a"))
    assert todo(world) == {WANG: "", QIQIGE: ""}


def test_a_has_issues_comment_appears_for_that_household_and_the_cadres_edit_clears_it(world, store):
    receive(store, world.cadre, income("uuid:a"))
    review(store, world, "uuid:a", "has_issues", "请核对务工收入，\n附上工资单")
    assert todo(world) == {WANG: "收支 2018Q2：请核对务工收入， 附上工资单", QIQIGE: ""}
    receive(store, world.cadre, income("uuid:a2", deprecated_id="uuid:a"),
            now=datetime(2018, 6, 4, tzinfo=UTC))
    assert todo(world) == {WANG: "", QIQIGE: ""}
    assert submission("uuid:a").review_state == "edited"  # for the supervisor to look at again


def test_a_rejection_with_a_comment_is_cleared_by_a_new_submission_of_that_form(world, store):
    receive(store, world.cadre, income("uuid:a"))
    review(store, world, "uuid:a", "rejected", "不是本户的数据")
    receive(store, world.cadre, submission_xml("fp_basic", "uuid:basic"),
            now=datetime(2018, 6, 4, tzinfo=UTC))
    assert todo(world)[WANG] == "收支 2018Q2：不是本户的数据"  # another form does not answer it
    receive(store, world.cadre, income("uuid:b"), now=datetime(2018, 6, 5, tzinfo=UTC))
    assert todo(world)[WANG] == ""


def test_an_approval_withdraws_the_request(world, store):
    receive(store, world.cadre, income("uuid:a"))
    review(store, world, "uuid:a", "has_issues", "请核对")
    review(store, world, "uuid:a", "approved", when=datetime(2018, 6, 4, tzinfo=UTC))
    assert todo(world)[WANG] == ""


def test_the_reasons_for_a_validation_rejection_reach_the_phone_too(world, store):
    with pytest.raises(Problem) as refused:
        receive(store, world.cadre, income("uuid:future", period="2019Q1"))
    assert refused.value.code == "submission_rejected"
    assert todo(world)[WANG] == "收支 2019Q1：报告期“2019Q1”尚未开始（数据收到于 2018-06-01）。"
    receive(store, world.cadre, income("uuid:fixed"), now=datetime(2018, 6, 2, tzinfo=UTC))
    assert todo(world)[WANG] == ""


def test_requests_for_several_forms_are_listed_together(world, store):
    receive(store, world.cadre, income("uuid:a"))
    receive(store, world.cadre, submission_xml("fp_basic", "uuid:basic"))
    review(store, world, "uuid:a", "has_issues", "核对收入")
    review(store, world, "uuid:basic", "has_issues", "补充户主电话", when=datetime(2018, 6, 4, tzinfo=UTC))
    assert todo(world)[WANG] == "收支 2018Q2：核对收入；基本 2018Q2：补充户主电话"


def test_a_decision_needs_a_known_state_and_a_comment_when_it_asks_for_work(world, store):
    receive(store, world.cadre, income("uuid:a"))
    cases = (("maybe", "x", "review_state_unknown"), ("has_issues", " ", "review_comment_required"))
    for state, comment, code in cases:
        with pytest.raises(Problem) as refused:
            review(store, world, "uuid:a", state, comment)
        assert refused.value.code == code
        db.session.rollback()


def test_the_todo_column_reaches_the_lists_of_the_village_team_and_the_supervisor(world, store):
    team = UserFactory(role="village_team", region_code=VILLAGE)
    db.session.commit()
    receive(store, world.cadre, income("uuid:a"))
    review(store, world, "uuid:a", "has_issues", "请核对务工收入")
    asked = {WANG: "收支 2018Q2：请核对务工收入", QIQIGE: ""}
    assert todo(world, team) == asked
    assert todo(world, world.supervisor) == asked
    assert todo(world) == asked


def test_a_correction_of_a_village_teams_exit_assessment_reaches_the_team_until_answered(world, store):
    team = UserFactory(role="village_team", region_code=VILLAGE)
    db.session.commit()
    receive(store, team, submission_xml("fp_exit", "uuid:exit"))
    review(store, world, "uuid:exit", "has_issues", "请补充不脱贫原因说明")
    assert todo(world, team)[WANG] == "退出 2018Q2：请补充不脱贫原因说明"
    assert todo(world)[WANG] == "退出 2018Q2：请补充不脱贫原因说明"  # the paired cadre sees it too
    receive(store, team, submission_xml("fp_exit", "uuid:exit2", deprecated_id="uuid:exit"),
            now=datetime(2018, 6, 4, tzinfo=UTC))
    assert todo(world, team)[WANG] == ""


@pytest.mark.parametrize("role", ["cadre", "village_team"])
def test_only_a_reviewer_may_decide_even_outside_the_pages(world, store, role):
    receive(store, world.cadre, income("uuid:a"))
    user = world.cadre if role == "cadre" else UserFactory(role="village_team", region_code="150626101201")
    with pytest.raises(Problem) as refused:
        review_submission(db.session, store, submission("uuid:a"), "approved", "", user)
    assert refused.value.code == "forbidden"
    db.session.expire_all()
    assert submission("uuid:a").review_state == "received"
