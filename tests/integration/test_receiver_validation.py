"""Validation through the phone's own route (issue 6): hard errors are stored and answered 400 in
Chinese, soft findings are accepted as has_issues, and nothing the phone sent is lost."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from fieldcollect.extensions import db
from fieldcollect.phones.service import issue_token
from fieldcollect.submissions.models import Submission, SubmissionVersion
from fieldcollect.submissions.processing import load_xml
from fieldcollect.timelines.models import TimelineEntry
from tests.integration.openrosa_support import Phone, message_of
from tests.integration.receiver_support import build_world, income_values, publish_forms, submission_xml

TODAY = date.today()
PERIOD = f"{TODAY.year}Q{(TODAY.month - 1) // 3 + 1}"


@pytest.fixture
def world(app):
    publish_forms("fp_income", "fp_basic")
    return build_world()


def phone_of(client, user, language: str | None = None) -> Phone:
    token = issue_token(db.session, user).token
    db.session.commit()
    return Phone(client, token=token, language=language)


@pytest.fixture
def phone(client, world):
    return phone_of(client, world.cadre)


def income(instance_id: str, **changes) -> bytes:
    """An income submission for this quarter (the phone posts it now, so no period is in the future)."""
    values = (income_values(wage_work=6000, business_crops=6000, expense_production=1000)
              | changes.pop("values", {}))
    return submission_xml("fp_income", instance_id, period=changes.pop("period", PERIOD),
                          visit_date=changes.pop("visit_date", TODAY.isoformat()), values=values, **changes)


def stored(instance_id: str) -> tuple[Submission, SubmissionVersion]:
    db.session.expire_all()
    version = db.session.scalars(select(SubmissionVersion)
                                 .where(SubmissionVersion.instance_id == instance_id)).one()
    return version.submission, version


def entry_count() -> int:
    return len(db.session.scalars(select(TimelineEntry)).all())


def rejected(response, *fragments: str) -> str:
    assert response.status_code == 400, response.data.decode()
    message = message_of(response)
    assert message.startswith("数据已收到，但未通过校验"), message
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_a_valid_submission_is_201_and_enters_the_timeline(phone):
    xml = income("uuid:ok")
    response = phone.submit(xml)
    assert response.status_code == 201, message_of(response)
    submission, version = stored("uuid:ok")
    assert (submission.review_state, version.errors, version.findings) == ("received", [], [])
    assert entry_count() == 1


def test_an_unknown_household_is_rejected_with_a_chinese_reason_and_the_raw_kept(phone):
    xml = income("uuid:nobody", household="150626101201999")
    rejected(phone.submit(xml), "户编号“150626101201999”不存在")
    submission, version = stored("uuid:nobody")
    assert load_xml(version) == xml  # the raw stays stored, byte for byte
    assert (submission.review_state, version.processing_state) == ("rejected", "processed")
    assert version.errors[0]["code"] == "unknown_household"
    assert entry_count() == 0


def test_an_identical_resend_of_a_rejected_submission_is_refused_again(phone):
    xml = income("uuid:nobody", household="150626101201999")
    first = rejected(phone.submit(xml))
    assert rejected(phone.submit(xml)) == first
    assert len(db.session.scalars(select(SubmissionVersion)).all()) == 1


def test_a_period_in_the_future_is_rejected(phone):
    future = f"{TODAY.year + 1}Q1"
    rejected(phone.submit(income("uuid:future", period=future)), f"报告期“{future}”尚未开始")


@pytest.mark.parametrize("period, fragment", [("2018-2", "格式不对"), ("2013Q4", "早于 2014Q1")])
def test_a_period_that_does_not_exist_is_rejected(phone, period, fragment):
    rejected(phone.submit(income("uuid:bad-period", period=period)), fragment)


def test_a_missing_required_answer_and_an_unparseable_number_are_named(phone):
    xml = income("uuid:holes", values={"wage_post": "", "member_count": "三"})
    message = rejected(phone.submit(xml), "“公益性岗位工资”：此项不能为空", "“家庭人口数”：“三”不是整数")
    assert message.count("；") >= 1  # every reason, not only the first


def test_totals_that_do_not_match_their_parts_are_rejected(phone):
    rejected(phone.submit(income("uuid:sum", values={"wage_total": "9000"})),
             "“工资性收入合计”为 9000，与各分项计算结果 6000 不符")


def test_a_bad_id_number_in_the_roster_is_rejected_naming_the_row(phone):
    xml = submission_xml("fp_basic", "uuid:id", period=PERIOD, visit_date=TODAY.isoformat(),
                         values={"id_number#2": "150626196205010227"})
    rejected(phone.submit(xml), "“证件号码”（第 2 行）：证件号码校验位不正确")


def test_two_heads_of_household_are_rejected(phone):
    xml = submission_xml("fp_basic", "uuid:heads", period=PERIOD, visit_date=TODAY.isoformat(),
                         values={"relation#2": "01"})
    rejected(phone.submit(xml), "家庭成员中有 2 名户主")


def test_an_answer_outside_the_choices_is_rejected(phone):
    xml = submission_xml("fp_basic", "uuid:choice", period=PERIOD, visit_date=TODAY.isoformat(),
                         values={"attribute": "7"})
    rejected(phone.submit(xml), "“贫困户属性”：“7”不是可选的答案")


def test_a_cadre_not_paired_with_the_household_is_accepted_with_a_finding(client, world):
    response = phone_of(client, world.other_cadre).submit(income("uuid:stranger"))
    assert response.status_code == 201
    submission, version = stored("uuid:stranger")
    assert submission.review_state == "has_issues"
    assert [f["code"] for f in version.findings] == ["cadre_not_paired"]
    assert "李干部" in version.findings[0]["message"]
    entry = db.session.scalars(select(TimelineEntry)).one()
    assert entry.findings == version.findings


def test_a_cleaning_rule_warning_the_phone_showed_becomes_a_finding(phone):
    # JavaRosa keeps a warning note in the instance only when it was relevant, i.e. shown.
    xml = income("uuid:warned", values={"expense_production": "0.0", "net_income": "12000",
                                        "net_income_pc": "4000"},
                 replace=(("<remarks />", "<check_expense /><remarks />"),))
    assert phone.submit(xml).status_code == 201
    submission, version = stored("uuid:warned")
    assert submission.review_state == "has_issues"
    assert [f["message"] for f in version.findings] == [
        "表单提示：有生产经营性收入，但生产经营性支出为 0，请核实。"]


def test_an_implausible_amount_is_accepted_with_a_finding(phone):
    values = income_values(wage_work=2_000_000, business_crops=6000, expense_production=1000)
    assert phone.submit(income("uuid:rich", values=values)).status_code == 201
    _, version = stored("uuid:rich")
    assert [f["code"] for f in version.findings] == ["implausible_value"]


def test_an_edit_of_a_rejected_submission_that_fixes_it_is_accepted(phone):
    rejected(phone.submit(income("uuid:v1", household="150626101201999")))
    response = phone.submit(income("uuid:v2", deprecated_id="uuid:v1"))
    assert response.status_code == 201, message_of(response)
    submission, version = stored("uuid:v2")
    assert (submission.review_state, submission.instance_id) == ("edited", "uuid:v1")
    assert entry_count() == 1
