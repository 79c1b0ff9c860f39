"""A household scope restated on round_progress's own columns, so roll-ups need not join households."""

from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy.sql.util import find_tables

from fieldcollect.access.scope import household_scope
from fieldcollect.households.models import Household
from fieldcollect.rounds.rollups import scope_on_progress


def tables_of(clause):
    return {table.name for table in find_tables(clause, check_columns=True)}


@pytest.mark.parametrize("user, expected_sql", [
    (SimpleNamespace(role="admin"), "true"),
    (SimpleNamespace(role="cadre", cadre_id=None), "false"),
    (SimpleNamespace(role="village_team", region_code="150626101201"), "round_progress.village_code = "),
    (SimpleNamespace(role="township_supervisor", region_code="150626101000"),
     "round_progress.village_code BETWEEN "),
    (SimpleNamespace(role="cadre", cadre_id=7),
     "round_progress.household_id IN (SELECT pairings.household_id"),
])
def test_every_role_scope_is_restated_without_households(user, expected_sql):
    restated = scope_on_progress(household_scope(user, date(2018, 4, 1)))
    assert restated is not None
    assert str(restated).startswith(expected_sql)
    assert "households" not in tables_of(restated)


def test_a_scope_reading_other_household_columns_is_left_to_a_join():
    assert scope_on_progress(Household.status == "0") is None
    assert scope_on_progress(Household.village_code.startswith("1506") & (Household.attribute == "1")) is None
