"""factory_boy factories for the registry: villages, households with members, cadres, pairings, users.

Use them inside a test that has the `app` (or `db_session`) fixture; rows are flushed to the test's
session and the official regions are loaded the first time a factory needs them.

    HouseholdFactory()                      # a household with a valid 户主 in a fictional village
    HouseholdFactory(paired=True)           # … and a primary cadre paired since 2018-01-01
    HouseholdFactory(members=3)             # 户主, 配偶 and a child
    UserFactory(role="cadre", cadre=CadreFactory())
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import factory
from factory.alchemy import SQLAlchemyModelFactory
from sqlalchemy import select

from fieldcollect.cadres.models import Cadre, Pairing, WorkTeam, WorkTeamMember
from fieldcollect.extensions import db
from fieldcollect.households.id_numbers import FEMALE, MALE, make_id_number
from fieldcollect.households.models import Household, Member
from fieldcollect.regions.models import Region
from fieldcollect.regions.service import load_official_regions
from fieldcollect.users.models import User
from fieldcollect.users.passwords import digest_ha1, hash_password

FACTORY_PASSWORD = "factory-password-1"
TOWNSHIPS = ("150602100000", "150621200000", "150626101000", "150626200000", "150622101000")


@lru_cache(maxsize=1)
def _password_hash() -> str:
    return hash_password(FACTORY_PASSWORD)  # Argon2 is slow on purpose: hash once per run


def ensure_official_regions() -> None:
    """Load the official city, banner and township rows if the database has none."""
    if db.session.scalar(select(Region.code).where(Region.level == "city").limit(1)) is None:
        load_official_regions(db.session)


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        ensure_official_regions()
        return super()._create(model_class, *args, **kwargs)


class VillageFactory(BaseFactory):
    class Meta:
        model = Region
        sqlalchemy_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{TOWNSHIPS[n // 99 % len(TOWNSHIPS)][:9]}{201 + n % 99:03d}")
    name = factory.Sequence(lambda n: f"测试{n}嘎查")
    level = "village"
    parent_code = factory.LazyAttribute(lambda village: village.code[:9] + "000")


class MemberFactory(BaseFactory):
    class Meta:
        model = Member

    household = None  # set by HouseholdFactory, or pass household=…
    name = factory.Sequence(lambda n: f"成员{n}")
    relation = "99"
    sex = MALE
    birth_date = factory.Sequence(lambda n: date(1950, 1, 1) + timedelta(days=n))
    id_number = factory.LazyAttributeSequence(
        lambda member, n: make_id_number("150602", member.birth_date, n % 500, member.sex))
    ethnicity = "01"
    health = "1"
    labour_ability = "01"
    is_current = True


class HouseholdFactory(BaseFactory):
    class Meta:
        model = Household

    class Params:
        paired = factory.Trait(pairing=factory.RelatedFactory(
            "tests.factories.PairingFactory", factory_related_name="household"))

    household_code = factory.Sequence(lambda n: f"1506{n:010d}")
    village_code = factory.LazyAttribute(lambda household: VillageFactory().code)
    registered_year = 2016
    attribute = "1"
    main_cause = "09"  # 缺资金: needs no particular member
    identification_standard = "03"
    status = "0"

    @factory.post_generation
    def members(household, create, extracted, **kwargs):
        """Give the household `members` current members (default 1): 户主, then 配偶, then children."""
        count = 1 if extracted is None else extracted
        roles = [("01", MALE), ("02", FEMALE)] + [("03", MALE), ("04", FEMALE)] * count
        for relation, sex in roles[:count]:
            MemberFactory(household=household, relation=relation, sex=sex, **kwargs)


class CadreFactory(BaseFactory):
    class Meta:
        model = Cadre

    name = factory.Sequence(lambda n: f"干部{n}")
    work_unit = "东胜区农牧局"
    position = "科员"
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    region_code = "150602000000"


class PairingFactory(BaseFactory):
    class Meta:
        model = Pairing

    cadre = factory.SubFactory(CadreFactory)
    household = factory.SubFactory(HouseholdFactory)
    start_date = date(2018, 1, 1)
    end_date = None
    is_primary = True


class WorkTeamFactory(BaseFactory):
    class Meta:
        model = WorkTeam

    village_code = factory.LazyAttribute(lambda team: VillageFactory().code)
    name = factory.Sequence(lambda n: f"驻村工作队{n}")
    work_unit = "东胜区农牧局"


class WorkTeamMemberFactory(BaseFactory):
    class Meta:
        model = WorkTeamMember

    team = factory.SubFactory(WorkTeamFactory)
    cadre = factory.SubFactory(CadreFactory)
    duty = "队员"


class UserFactory(BaseFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    password_hash = factory.LazyFunction(_password_hash)
    digest_ha1 = factory.LazyAttribute(lambda user: digest_ha1(user.username, FACTORY_PASSWORD))
    role = "admin"
    region_code = "150600000000"
    display_name = factory.LazyAttribute(lambda user: user.username)
    active = True
    cadre = None


class ScopeWorld:
    """A small registry spread over two banners, with one user per role; see build_scope_world."""

    def __init__(self):
        self.villages = {"A1": VillageFactory(code="150626101201", name="巴音淖尔嘎查"),
                         "A2": VillageFactory(code="150626101202", name="乌兰敖包嘎查"),
                         "B1": VillageFactory(code="150626200201", name="查汗希里嘎查"),
                         "C1": VillageFactory(code="150621200201", name="新民村")}
        self.households = {
            key: HouseholdFactory(village_code=village.code, household_code=f"H-{key}", members=2)
            for key, village in self.villages.items()}
        self.cadre = CadreFactory(region_code="150626101000")
        self.other_cadre = CadreFactory(region_code="150621000000")
        PairingFactory(cadre=self.cadre, household=self.households["A1"])
        # The cadre used to be paired with A2; that pairing has ended, so A2 is no longer theirs.
        PairingFactory(cadre=self.cadre, household=self.households["A2"], start_date=date(2016, 1, 1),
                       end_date=date(2017, 12, 31))
        PairingFactory(cadre=self.other_cadre, household=self.households["A2"])
        PairingFactory(cadre=self.other_cadre, household=self.households["C1"])
        self.users = {
            "admin": UserFactory(role="admin", region_code="150600000000"),
            "city_supervisor": UserFactory(role="city_supervisor", region_code="150600000000"),
            "banner_supervisor": UserFactory(role="banner_supervisor", region_code="150626000000"),
            "township_supervisor": UserFactory(role="township_supervisor", region_code="150626101000"),
            "village_team": UserFactory(role="village_team", region_code="150626101201"),
            "cadre": UserFactory(role="cadre", region_code="150626101000", cadre=self.cadre),
            "unlinked_cadre": UserFactory(role="cadre", region_code="150626101000"),
        }

    # Which households (by key) each role must see, and nothing else.
    EXPECTED = {"admin": {"A1", "A2", "B1", "C1"}, "city_supervisor": {"A1", "A2", "B1", "C1"},
                "banner_supervisor": {"A1", "A2", "B1"}, "township_supervisor": {"A1", "A2"},
                "village_team": {"A1"}, "cadre": {"A1"}, "unlinked_cadre": set()}


def build_scope_world() -> ScopeWorld:
    """Create the scope world and commit it (so HTTP requests in the test see it)."""
    world = ScopeWorld()
    db.session.commit()
    return world
