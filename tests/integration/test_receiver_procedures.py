"""The procedure forms (精准识别, 精准退出) through the phone's route: who may submit them, and when
the receiver flags that the submitter was not responsible for the household.

A paired cadre is judged by their pairing on the visit date, a village work team or supervisor by
their region (regulation art. 7 and 9); either way an outsider's submission is kept, with a finding.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from fieldcollect.extensions import db
from fieldcollect.phones.service import issue_token
from fieldcollect.submissions.models import SubmissionVersion
from tests.factories import HouseholdFactory, UserFactory, VillageFactory
from tests.integration.openrosa_support import Phone
from tests.integration.receiver_support import VILLAGE, WANG, build_world, publish_forms, submission_xml

TODAY = date.today()
PERIOD = f"{TODAY.year}Q{(TODAY.month - 1) // 3 + 1}"
NEIGHBOUR = "150626101202001"  # same township (乌审召镇), the next village
ELSEWHERE = "150626200201001"  # another township of the same banner


@pytest.fixture
def world(app):
    publish_forms("fp_exit")
    world = build_world()
    HouseholdFactory(household_code=NEIGHBOUR, village_code=VillageFactory(code="150626101202").code)
    HouseholdFactory(household_code=ELSEWHERE, village_code=VillageFactory(code="150626200201").code)
    world.team = UserFactory(role="village_team", region_code=VILLAGE, display_name="巴音嘎查工作队")
    db.session.commit()
    return world


def submit_exit(client, user, instance_id: str, household: str = WANG):
    token = issue_token(db.session, user).token
    db.session.commit()
    xml = submission_xml("fp_exit", instance_id, household=household, period=PERIOD,
                         visit_date=TODAY.isoformat())
    return Phone(client, token=token).submit(xml)


def findings_of(instance_id: str) -> list[str]:
    db.session.expire_all()
    version = db.session.scalars(select(SubmissionVersion).where(SubmissionVersion.instance_id == instance_id)).one()
    return [finding["code"] for finding in version.findings]


def test_the_paired_cadre_submits_an_exit_assessment_without_a_finding(client, world):
    response = submit_exit(client, world.cadre, "uuid:cadre")
    assert response.status_code == 201, response.data.decode()
    assert findings_of("uuid:cadre") == []


def test_an_unpaired_cadres_exit_assessment_is_kept_with_the_pairing_finding(client, world):
    assert submit_exit(client, world.other_cadre, "uuid:stranger").status_code == 201
    assert findings_of("uuid:stranger") == ["cadre_not_paired"]


def test_a_village_team_submits_for_a_household_of_its_village_without_a_finding(client, world):
    assert submit_exit(client, world.team, "uuid:team").status_code == 201
    assert findings_of("uuid:team") == []


def test_a_supervisor_submits_for_any_household_of_their_township_without_a_finding(client, world):
    assert submit_exit(client, world.supervisor, "uuid:own", household=WANG).status_code == 201
    assert submit_exit(client, world.supervisor, "uuid:next", household=NEIGHBOUR).status_code == 201
    assert findings_of("uuid:own") == [] and findings_of("uuid:next") == []


def test_a_household_outside_the_submitters_region_is_kept_with_a_finding(client, world):
    assert submit_exit(client, world.team, "uuid:team-next", household=NEIGHBOUR).status_code == 201
    assert submit_exit(client, world.supervisor, "uuid:far", household=ELSEWHERE).status_code == 201
    assert findings_of("uuid:team-next") == ["household_outside_region"]
    assert findings_of("uuid:far") == ["household_outside_region"]
    db.session.expire_all()
    version = db.session.scalars(select(SubmissionVersion)
                                 .where(SubmissionVersion.instance_id == "uuid:team-next")).one()
    assert "巴音嘎查工作队" in version.findings[0]["message"]
    assert version.submission.review_state == "has_issues"


def test_an_administrator_is_not_flagged(client, world):
    assert submit_exit(client, world.admin, "uuid:admin", household=ELSEWHERE).status_code == 201
    assert findings_of("uuid:admin") == []
