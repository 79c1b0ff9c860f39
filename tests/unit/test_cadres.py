"""Cadres and pairings: at most one primary cadre per household on any day; work teams."""

from datetime import date

import pytest

from fieldcollect.cadres.service import (
    add_team_member,
    create_work_team,
    end_pairing,
    household_pairings,
    pair_cadre,
    periods_overlap,
    primary_cadre,
)
from fieldcollect.problems import Problem
from tests.factories import CadreFactory, HouseholdFactory, UserFactory, VillageFactory

D = date


@pytest.mark.parametrize("a, b, overlap", [
    ((D(2018, 1, 1), None), (D(2019, 1, 1), None), True),
    ((D(2018, 1, 1), D(2018, 12, 31)), (D(2019, 1, 1), None), False),
    ((D(2018, 1, 1), D(2018, 12, 31)), (D(2018, 12, 31), None), True),  # ends are inclusive
    ((D(2019, 1, 1), None), (D(2017, 1, 1), D(2018, 6, 30)), False),
])
def test_periods_overlap(a, b, overlap):
    assert periods_overlap(*a, *b) is overlap
    assert periods_overlap(*b, *a) is overlap


def test_a_second_primary_cadre_on_a_shared_day_is_refused(db_session):
    household = HouseholdFactory()
    first, second = CadreFactory(), CadreFactory()
    pair_cadre(db_session, first, household, D(2018, 1, 1))
    with pytest.raises(Problem) as caught:
        pair_cadre(db_session, second, household, D(2018, 6, 1))
    assert caught.value.code == "primary_pairing_overlap"
    assert caught.value.params == {"household_code": household.household_code, "day": "2018-06-01"}


def test_a_new_primary_may_follow_once_the_old_one_ends(db_session):
    household = HouseholdFactory()
    first, second, helper = CadreFactory(), CadreFactory(), CadreFactory()
    old = pair_cadre(db_session, first, household, D(2016, 1, 1))
    end_pairing(db_session, old, D(2017, 12, 31))
    pair_cadre(db_session, second, household, D(2018, 1, 1))
    pair_cadre(db_session, helper, household, D(2018, 1, 1), is_primary=False)
    assert primary_cadre(db_session, household.id, D(2017, 6, 1)).id == first.id
    assert primary_cadre(db_session, household.id, D(2018, 6, 1)).id == second.id
    cadre_ids = [p.cadre_id for p in household_pairings(db_session, household.id)]
    assert cadre_ids == [first.id, second.id, helper.id]


def test_pairing_dates_must_run_forward(db_session):
    household, cadre = HouseholdFactory(), CadreFactory()
    with pytest.raises(Problem, match="pairing_dates"):
        pair_cadre(db_session, cadre, household, D(2018, 1, 1), D(2017, 1, 1))


def test_work_team_belongs_to_a_village_and_has_members(db_session):
    village = VillageFactory()
    team = create_work_team(db_session, village.code, "东胜区农牧局驻村工作队", "东胜区农牧局", D(2018, 1, 1))
    leader, member = CadreFactory(), CadreFactory()
    add_team_member(db_session, team, leader, "第一书记")
    add_team_member(db_session, team, member)
    duties = [(m.cadre.name, m.duty) for m in team.members]
    assert duties == [(leader.name, "第一书记"), (member.name, "队员")]


def test_a_cadre_login_links_to_its_cadre(db_session):
    cadre = CadreFactory()
    user = UserFactory(role="cadre", cadre=cadre)
    assert user.cadre_id == cadre.id and user.cadre.name == cadre.name
