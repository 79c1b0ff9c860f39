"""The one scoping function: every role sees exactly its subtree, through one query."""

from datetime import date

import pytest
from sqlalchemy import select

from fieldcollect.access.scope import (
    cadre_scope,
    household_scope,
    may_see_id_numbers,
    may_see_region,
    visible_households,
)
from fieldcollect.cadres.models import Cadre
from tests.factories import ScopeWorld, build_scope_world


@pytest.fixture
def world(db_session) -> ScopeWorld:
    return build_scope_world()


@pytest.mark.parametrize("role", sorted(ScopeWorld.EXPECTED))
def test_each_role_sees_exactly_its_households(world, db_session, role):
    seen = {h.household_code for h in db_session.scalars(visible_households(world.users[role]))}
    assert seen == {f"H-{key}" for key in ScopeWorld.EXPECTED[role]}


def test_a_cadre_sees_households_paired_on_the_day_asked(world, db_session):
    cadre = world.users["cadre"]
    on_2017 = {h.household_code for h in db_session.scalars(visible_households(cadre, date(2017, 6, 1)))}
    assert on_2017 == {"H-A2"}  # before the A1 pairing started, while the A2 one still held


def test_supervisor_scope_is_one_range_on_the_village_code():
    class Banner:
        role, region_code, cadre_id = "banner_supervisor", "150626000000", None

    sql = str(household_scope(Banner()).compile(compile_kwargs={"literal_binds": True}))
    assert sql == "households.village_code BETWEEN '150626000000' AND '150626999999'"


def test_an_unknown_role_or_anonymous_user_sees_nothing(world, db_session):
    class Stranger:
        role, region_code, cadre_id = "visitor", "150600000000", None

    assert list(db_session.scalars(visible_households(Stranger()))) == []
    assert list(db_session.scalars(visible_households(None))) == []


def test_cadre_scope_follows_home_region_and_pairings(world, db_session):
    def names(role):
        return {c.id for c in db_session.scalars(select(Cadre).where(cadre_scope(world.users[role])))}

    assert names("cadre") == {world.cadre.id}
    assert names("village_team") == {world.cadre.id}  # paired in the village today
    assert names("township_supervisor") == {world.cadre.id, world.other_cadre.id}  # other is paired with A2
    assert names("admin") == {world.cadre.id, world.other_cadre.id}
    assert names("unlinked_cadre") == set()


@pytest.mark.parametrize("role, allowed", [("admin", True), ("cadre", True), ("village_team", True),
                                           ("township_supervisor", False), ("banner_supervisor", False),
                                           ("city_supervisor", False)])
def test_only_some_roles_see_full_id_numbers(world, role, allowed):
    assert may_see_id_numbers(world.users[role]) is allowed


def test_regions_are_visible_within_the_home_subtree(world):
    township = world.users["township_supervisor"]
    assert may_see_region(township, "150626101201") and may_see_region(township, "150626101000")
    assert not may_see_region(township, "150626000000") and not may_see_region(township, "150621200201")
    assert may_see_region(world.users["admin"], "150621200201")
