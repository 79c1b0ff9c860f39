"""Review states and corrections derived from stored facts, and masking of what a reader may not see."""

from __future__ import annotations

from datetime import UTC, datetime

from fieldcollect.problems import Problem
from fieldcollect.submissions.masking import mask_answers, mask_change, mask_field_label, personal_files
from fieldcollect.submissions.models import Submission, SubmissionVersion
from fieldcollect.submissions.review import review_outcome
from fieldcollect.validation.issues import Issue, problem_of

ARRIVED = datetime(2018, 6, 1, tzinfo=UTC)
REVIEWED = datetime(2018, 6, 3, tzinfo=UTC)


def version(id_=1, errors=(), findings=(), deprecated_id=None) -> SubmissionVersion:
    return SubmissionVersion(id=id_, errors=list(errors), findings=list(findings),
                             deprecated_id=deprecated_id, received_at=ARRIVED)


def submission(decision=None, comment=None, on_version=1) -> Submission:
    return Submission(review_decision=decision, review_comment=comment, reviewed_version_pk=on_version,
                      reviewed_at=REVIEWED)


def finding(code="cadre_not_paired", **params) -> dict:
    return Issue(Problem(code, **params), hard=False).to_dict()


def test_a_plain_arrival_is_received_and_an_edit_edited():
    assert review_outcome(submission(), version()).state == "received"
    assert review_outcome(submission(), version(deprecated_id="uuid:old")).state == "edited"


def test_findings_make_has_issues_without_asking_the_cadre_anything():
    outcome = review_outcome(submission(), version(findings=[finding(cadre="x", visit_date="2018-05-20")]))
    assert (outcome.state, outcome.correction) == ("has_issues", None)


def test_validation_errors_reject_whatever_a_supervisor_decided_and_tell_the_cadre_why():
    error = Issue(Problem("unknown_household", household_code="999")).to_dict()
    outcome = review_outcome(submission("approved"), version(errors=[error]))
    assert (outcome.state, outcome.correction, outcome.correction_at) == (
        "rejected", "户编号“999”不存在。", ARRIVED)


def test_a_supervisor_decision_stands_only_for_the_version_it_was_made_on():
    asked = submission("has_issues", "请核对", on_version=1)
    assert review_outcome(asked, version(1)) == review_outcome(asked, version(1))
    outcome = review_outcome(asked, version(1))
    assert (outcome.state, outcome.correction, outcome.correction_at) == ("has_issues", "请核对", REVIEWED)
    after_edit = review_outcome(asked, version(2, deprecated_id="uuid:v1"))
    assert (after_edit.state, after_edit.correction) == ("edited", None)
    assert review_outcome(submission("approved", "好", on_version=1), version(1)).correction is None


def test_stored_issues_render_again_with_their_nested_problems():
    nested = Problem("answer_problem", label="走访日期", detail=Problem("invalid_date", value="x"))
    stored = Issue(nested).to_dict()
    expected = "“走访日期”：“x”不是有效日期（应为 2018-01-31 的格式）。"
    assert problem_of(stored).render() == stored["message"] == expected
    assert problem_of(stored).render(lambda text: text.replace("不是", "并非")).count("并非") == 1


def test_masking_hides_personal_answers_in_rows_changes_and_row_keys():
    personal = frozenset({"id_number", "health", "phone"})
    answers = {"phone": "13900000000", "member": [{"id_number": "150626196003020135", "health": ["2"],
                                                   "member_name": "王建国"}], "wage_work": 6000.0}
    assert mask_answers(answers, personal) == {
        "phone": "***",
        "member": [{"id_number": "1506**********0135", "health": "***", "member_name": "王建国"}],
        "wage_work": 6000.0}
    change = {"field": "member/health", "old": ["1"], "new": ["2"], "row": "150626196003020135"}
    assert mask_change(change, personal, personal_keys=True) == {
        "field": "member/health", "old": "***", "new": "***", "row": "1506**********0135"}
    added = {"field": "member", "old": None, "new": {"id_number": "150626200609150312"}, "row": "#3"}
    assert mask_change(added, personal, True)["new"] == {"id_number": "1506**********0312"}
    assert mask_field_label("member/sex[150626196003020135]", True) == "member/sex[1506**********0135]"


def test_personal_files_are_the_names_personal_answers_hold_in_groups_and_rows_too():
    personal = frozenset({"head_signature", "member_photo", "id_number"})
    answers = {"evidence": {"house_photo": "house.jpg", "head_signature": "sign.png"},
               "member": [{"member_photo": "m1.jpg", "id_number": "150626196003020135"},
                          {"member_photo": None}], "remarks": ""}
    assert personal_files(answers, personal) == {"sign.png", "m1.jpg", "150626196003020135"}
    assert personal_files(answers, frozenset()) == frozenset()
