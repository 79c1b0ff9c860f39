"""Demo data: one seed gives one registry, which obeys the national rules; every role can log in."""

import math

from sqlalchemy import select

from fieldcollect.cadres.models import Cadre, Pairing, WorkTeam
from fieldcollect.demo.registry import plan_registry
from fieldcollect.demo.service import official_townships, seed_demo
from fieldcollect.extensions import db
from fieldcollect.households import rules
from fieldcollect.households.models import Household, Member, MemberEvent, StatusChange
from fieldcollect.users.models import User
from fieldcollect.users.roles import Role
from fieldcollect.users.service import authenticate
from tests.factories import HouseholdFactory

PASSWORD = "seed-pass-123"
SKIP = {"id", "household_id", "member_id", "cadre_id", "team_id", "created_at", "updated_at", "recorded_at",
        "password_hash"}


def values(row) -> tuple:
    return tuple((c.key, getattr(row, c.key)) for c in row.__table__.columns if c.key not in SKIP)


def dump(session) -> dict:
    """Everything seeded, keyed by natural keys so that surrogate ids do not matter."""
    code = {h.id: h.household_code for h in session.scalars(select(Household))}
    phone = {c.id: c.phone for c in session.scalars(select(Cadre))}
    return {
        "households": sorted(values(h) for h in session.scalars(select(Household))),
        "members": sorted((code[m.household_id], values(m)) for m in session.scalars(select(Member))),
        "events": sorted((code[e.household_id], values(e)) for e in session.scalars(select(MemberEvent))),
        "status": sorted((code[s.household_id], values(s)) for s in session.scalars(select(StatusChange))),
        "cadres": sorted(values(c) for c in session.scalars(select(Cadre))),
        "pairings": sorted((phone[p.cadre_id], code[p.household_id], values(p))
                           for p in session.scalars(select(Pairing))),
        "teams": sorted((values(t), tuple(sorted(phone[m.cadre_id] for m in t.members)))
                        for t in session.scalars(select(WorkTeam))),
        "users": sorted((values(u), phone.get(u.cadre_id)) for u in session.scalars(select(User))),
    }


def wipe(session) -> None:
    for table in reversed(db.metadata.sorted_tables):
        session.execute(table.delete())
    session.commit()


def test_the_same_seed_gives_the_same_data_and_another_seed_does_not(db_session):
    seed_demo(db_session, households=120, seed=11, password=PASSWORD)
    db_session.commit()
    first = dump(db_session)
    assert len(first["households"]) == 120 and first["pairings"] and first["teams"] and first["events"]
    wipe(db_session)
    seed_demo(db_session, households=120, seed=11, password=PASSWORD)
    db_session.commit()
    assert dump(db_session) == first
    wipe(db_session)
    seed_demo(db_session, households=120, seed=12, password=PASSWORD)
    db_session.commit()
    assert dump(db_session)["members"] != first["members"]


def test_planning_is_pure_and_repeatable():
    townships = official_townships()
    one, two = plan_registry(5, 300, townships), plan_registry(5, 300, townships)
    assert one.villages == two.villages and one.cadres == two.cadres
    assert [d.values for d in one.households()] == [d.values for d in two.households()]
    assert sum(one.village_households) == 300


def test_seeded_households_obey_the_national_rules(db_session):
    seed_demo(db_session, households=200, seed=3, password=PASSWORD)
    for household in db_session.scalars(select(Household)):
        fields = {c.key: getattr(household, c.key) for c in Household.__table__.columns}
        members = [{c.key: getattr(m, c.key) for c in Member.__table__.columns}
                   for m in household.current_members]
        assert rules.check_all(fields, members) == [], household.household_code


def test_every_role_has_a_login_with_the_given_password(db_session):
    summary = seed_demo(db_session, households=100, seed=3, password=PASSWORD)
    db_session.commit()
    shown = {username: role for username, role, _ in summary.logins}
    assert set(shown.values()) == set(Role)
    for username in shown:
        assert authenticate(db_session, username, PASSWORD) is not None, username
    cadre_login = authenticate(db_session, "cadre", PASSWORD)
    assert cadre_login.cadre is not None and cadre_login.cadre.pairings
    assert authenticate(db_session, "village", PASSWORD).region_code.startswith("150626101")
    numbered = db_session.scalar(select(User).where(User.username == "cadre-000001"))
    assert authenticate(db_session, numbered.username, PASSWORD).cadre_id is not None


def test_about_one_cadre_per_five_households(db_session):
    summary = seed_demo(db_session, households=1000, seed=3, password=PASSWORD)
    assert summary.households_added == 1000
    assert math.ceil(1000 / 5) <= summary.cadres_added <= 1000 / 5 + len(official_townships())
    open_primaries = db_session.scalars(select(Pairing).where(Pairing.is_primary, Pairing.end_date.is_(None)))
    per_household = {}
    for pairing in open_primaries:
        per_household[pairing.household_id] = per_household.get(pairing.household_id, 0) + 1
    assert len(per_household) == 1000 and set(per_household.values()) == {1}


def test_seeding_twice_adds_no_second_registry(db_session):
    seed_demo(db_session, households=50, seed=3, password=PASSWORD)
    again = seed_demo(db_session, households=50, seed=3, password=PASSWORD)
    assert again.households_added == 0
    assert {"admin", "cadre", "village"} <= {username for username, _, _ in again.logins}


def test_rows_added_after_seeding_get_fresh_ids(db_session):
    seed_demo(db_session, households=30, seed=3, password=PASSWORD)
    db_session.commit()
    household = HouseholdFactory(members=2, paired=True)  # ORM inserts take ids from the sequences
    db_session.commit()
    assert household.id > 30 and household.members[1].id > 60
