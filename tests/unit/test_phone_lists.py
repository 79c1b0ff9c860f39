"""The households.csv and members.csv that phones load: content, order and stable bytes, for a
paired cadre (their households) and for everyone else (the households of their region)."""

import csv
import hashlib
import io
from datetime import date

import pytest

from fieldcollect.access.scope import paired_household_ids
from fieldcollect.households.models import Household
from fieldcollect.households.phone_lists import household_list_csv, member_list_csv
from fieldcollect.households.service import record_member_event
from fieldcollect.phones.media import listed_households, phone_media
from tests.factories import (
    CadreFactory,
    HouseholdFactory,
    PairingFactory,
    ScopeWorld,
    UserFactory,
    VillageFactory,
    build_scope_world,
)

TODAY = date(2018, 6, 1)


def rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def paired(cadre, on_date: date = TODAY):
    """The WHERE clause phones.media passes for a paired cadre."""
    return Household.id.in_(paired_household_ids(cadre.id, on_date))


def make_world():
    village = VillageFactory(code="150626101201", name="巴音淖尔嘎查")
    cadre = CadreFactory()
    second = HouseholdFactory(household_code="15062600000002", village_code=village.code, members=3)
    first = HouseholdFactory(household_code="15062600000001", village_code=village.code, members=1,
                             attribute="2", status="1", exit_year=2017)
    ended = HouseholdFactory(household_code="15062600000003", village_code=village.code)
    not_theirs = HouseholdFactory(household_code="15062600000000", village_code=village.code)
    PairingFactory(cadre=cadre, household=second, is_primary=False)
    PairingFactory(cadre=cadre, household=first)
    PairingFactory(cadre=cadre, household=ended, start_date=date(2016, 1, 1), end_date=date(2017, 12, 31))
    PairingFactory(household=not_theirs)
    return cadre, first, second


def test_household_list_has_the_agreed_header_and_one_sorted_row_per_paired_household(db_session):
    cadre, first, second = make_world()
    data = household_list_csv(db_session, paired(cadre))
    assert data.splitlines()[0] == (b"name,label,head_name,village_name,village_code,member_count,attribute,"
                                    b"main_cause,status,registered_year,todo")
    listed = rows(data)
    assert [r["name"] for r in listed] == ["15062600000001", "15062600000002"]
    head = first.members[0].name
    assert listed[0] == {"name": "15062600000001", "label": f"{head} · 巴音淖尔嘎查 · 15062600000001",
                         "head_name": head, "village_name": "巴音淖尔嘎查", "village_code": "150626101201",
                         "member_count": "1", "attribute": "2", "main_cause": "09", "status": "1",
                         "registered_year": "2016", "todo": ""}
    assert listed[1]["member_count"] == "3"


def test_member_list_covers_current_members_of_the_same_households(db_session):
    cadre, first, second = make_world()
    record_member_event(db_session, second.members[2], "marry_out", date(2018, 3, 1))
    listed = rows(member_list_csv(db_session, paired(cadre), full_id_numbers=True))
    assert list(listed[0]) == ["name", "label", "household_code", "member_name", "relation", "sex",
                               "birth_date", "id_number"]
    assert [(r["household_code"], r["relation"]) for r in listed] == [
        ("15062600000001", "01"), ("15062600000002", "01"), ("15062600000002", "02")]
    member = first.members[0]
    assert listed[0] == {"name": str(member.id), "label": member.name, "household_code": "15062600000001",
                         "member_name": member.name, "relation": "01", "sex": "1",
                         "birth_date": member.birth_date.isoformat(), "id_number": member.id_number}


def test_a_supervisors_member_list_masks_id_numbers_and_a_paired_cadres_keeps_them_whole(db_session):
    cadre, first, second = make_world()
    numbers = {str(m.id): m.id_number for m in [*first.members, *second.members]}
    supervisor = UserFactory(role="banner_supervisor", region_code="150626000000")
    data = phone_media(db_session, supervisor, "members.csv", TODAY)
    masked = {r["name"]: r["id_number"] for r in rows(data) if r["name"] in numbers}
    assert masked == {key: number[:4] + "*" * 10 + number[-4:] for key, number in numbers.items()}
    assert not any(number.encode() in data for number in numbers.values())
    assert phone_media(db_session, supervisor, "members.csv", TODAY) == data  # still the same bytes
    whole = rows(phone_media(db_session, UserFactory(role="cadre", cadre=cadre), "members.csv", TODAY))
    assert {r["name"]: r["id_number"] for r in whole} == numbers


def test_bytes_are_stable_until_the_content_changes(db_session):
    cadre, first, second = make_world()
    before = household_list_csv(db_session, paired(cadre))
    assert household_list_csv(db_session, paired(cadre)) == before
    first.status = "3"
    first.return_year = 2018
    db_session.flush()
    after = household_list_csv(db_session, paired(cadre))
    assert hashlib.md5(after).hexdigest() != hashlib.md5(before).hexdigest()


def test_lists_follow_the_date_asked(db_session):
    cadre, first, second = make_world()
    on_2017 = [r["name"] for r in rows(household_list_csv(db_session, paired(cadre, date(2017, 6, 1))))]
    assert on_2017 == ["15062600000003"]
    assert rows(household_list_csv(db_session, paired(CadreFactory()))) == []


@pytest.mark.parametrize("role", sorted(ScopeWorld.EXPECTED))
def test_every_role_gets_exactly_the_households_it_may_see(db_session, role):
    world = build_scope_world()
    listed = rows(phone_media(db_session, world.users[role], "households.csv", TODAY))
    assert [r["name"] for r in listed] == sorted(f"H-{key}" for key in ScopeWorld.EXPECTED[role])


def test_a_village_teams_lists_have_the_same_columns_and_rows_as_a_paired_cadres(db_session):
    cadre, first, second = make_world()  # four households in the village, two paired with the cadre now
    HouseholdFactory(household_code="15062600000009", village_code=VillageFactory(code="150626101202").code)
    team = UserFactory(role="village_team", region_code="150626101201")
    theirs = rows(phone_media(db_session, team, "households.csv", TODAY))
    mine = rows(household_list_csv(db_session, paired(cadre)))
    assert [r["name"] for r in theirs] == ["15062600000000", "15062600000001", "15062600000002",
                                           "15062600000003"]
    assert [r for r in theirs if r["name"] in {"15062600000001", "15062600000002"}] == mine
    members = rows(phone_media(db_session, team, "members.csv", TODAY))
    assert list(members[0]) == ["name", "label", "household_code", "member_name", "relation", "sex",
                                "birth_date", "id_number"]
    assert sorted({r["household_code"] for r in members}) == [r["name"] for r in theirs]


def test_a_regions_list_is_stable_until_its_content_changes(db_session):
    make_world()
    supervisor = UserFactory(role="banner_supervisor", region_code="150626000000")
    before = phone_media(db_session, supervisor, "households.csv", TODAY)
    assert phone_media(db_session, supervisor, "households.csv", TODAY) == before
    HouseholdFactory(household_code="15062600000005", village_code="150626101201")
    assert phone_media(db_session, supervisor, "households.csv", TODAY) != before


def test_an_administrators_list_is_bounded_by_their_home_region(db_session):
    world = build_scope_world()
    admin = UserFactory(role="admin", region_code="150621000000")
    assert [r["name"] for r in rows(phone_media(db_session, admin, "households.csv", TODAY))] == ["H-C1"]
    assert [r["name"] for r in rows(phone_media(db_session, world.users["admin"], "households.csv", TODAY))] == [
        "H-A1", "H-A2", "H-B1", "H-C1"]


def test_a_supervisors_list_is_one_range_on_the_village_code_not_a_walk_of_the_tree():
    class Banner:
        role, region_code, cadre_id = "banner_supervisor", "150626000000", None

    sql = str(listed_households(Banner(), TODAY).compile(compile_kwargs={"literal_binds": True}))
    assert sql == "households.village_code BETWEEN '150626000000' AND '150626999999'"
