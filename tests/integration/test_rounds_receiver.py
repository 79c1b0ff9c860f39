"""Rounds fed by the real receiver: JavaRosa-made submissions of the real forms go through
receive_submission, and the rounds API reports exactly the pattern sent — complete on time with a
conflict, late, partial, rejected, and held after the lock until a supervisor admits it."""

import base64
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from flask import g

from fieldcollect.forms.categories import BY_CODE
from fieldcollect.problems import Problem
from fieldcollect.submissions.storage import open_store
from tests.factories import FACTORY_PASSWORD
from tests.integration.receiver_support import (
    QIQIGE,
    VILLAGE,
    WANG,
    income_values,
    publish_forms,
    receive,
    submission_xml,
)
from tests.integration.receiver_support import build_world as build_receiver_world

REQUIRED = ("basic", "income", "assistance", "industry", "medical", "housing", "training")
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def world(app):
    publish_forms(*(BY_CODE[c].form_id for c in REQUIRED))
    return build_receiver_world()


@pytest.fixture
def send(app, world):
    store = open_store(app.config["SETTINGS"].openrosa, app.instance_path)
    serial = iter(range(1, 1000))

    def sending(household, category, period, visit, received, wage_work=6000, **raw):
        values = {}
        if category == "income":
            values = income_values(member_count=3 if household == WANG else 2, wage_work=wage_work)
        xml = submission_xml(BY_CODE[category].form_id, f"uuid:rounds-{next(serial)}", household=household,
                             period=period, visit_date=visit, values=values | raw)
        at = datetime.strptime(received, "%Y-%m-%d %H:%M").replace(tzinfo=SHANGHAI).astimezone(UTC)
        return receive(store, world.cadre, xml, now=at)
    return sending


def figures(body):
    return tuple(body[k] for k in ("expected", "complete", "on_time", "late", "missing", "conflict"))


def sign_in(client, user):
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    g.pop("_login_user", None)


def test_the_api_counts_exactly_what_the_receiver_accepted(world, send, client):
    for category in REQUIRED:  # 王建国: everything on time, and a second, different income: a conflict
        send(WANG, category, "2018Q2", "2018-05-20", "2018-06-01 09:00")
    send(WANG, "income", "2018Q2", "2018-05-21", "2018-06-02 09:00", wage_work=7000)
    for category in REQUIRED[:-1]:  # 其其格: the last category arrives the day after the deadline
        send(QIQIGE, category, "2018Q2", "2018-06-10", "2018-06-10 09:00")
    send(QIQIGE, "training", "2018Q2", "2018-07-11", "2018-07-11 00:30")
    for category in ("basic", "assistance", "housing"):  # 2018Q3: 王建国 sends three categories …
        send(WANG, category, "2018Q3", "2018-09-01", "2018-09-01 09:00")
    with pytest.raises(Problem):  # … and an income whose total does not add up: rejected
        send(WANG, "income", "2018Q3", "2018-09-01", "2018-09-01 10:00", wage_total="999")
    for category in REQUIRED[:-1]:  # 其其格 completes Q3 only after the lock (2018-11-11 00:00)
        send(QIQIGE, category, "2018Q3", "2018-09-05", "2018-09-05 09:00")
    held = send(QIQIGE, "training", "2018Q3", "2018-11-12", "2018-11-12 08:00")

    sign_in(client, world.supervisor)
    q2 = client.get(f"/api/v1/rounds/2018Q2/progress?region={VILLAGE}").get_json()
    assert figures(q2) == (2, 2, 1, 1, 0, 1)
    assert all(c["received"] == 2 for c in q2["by_category"].values())
    township = client.get("/api/v1/rounds/2018Q2/progress").get_json()
    assert figures(township) == (2, 2, 1, 1, 0, 1)
    village = [figures(c) for c in township["children"] if c["region"]["code"] == VILLAGE]
    assert village == [(2, 2, 1, 1, 0, 1)]

    q3 = client.get(f"/api/v1/rounds/2018Q3/progress?region={VILLAGE}").get_json()
    assert figures(q3) == (2, 0, 0, 0, 2, 0)
    rows = {h["household_code"]: h for h in q3["households"]}
    assert rows[WANG]["lacking"] == ["income", "industry", "medical", "training"]
    assert (rows[QIQIGE]["lacking"], rows[QIQIGE]["held"]) == (["training"], 1)

    credentials = base64.b64encode(f"{world.supervisor.username}:{FACTORY_PASSWORD}".encode()).decode()
    admitted = client.post("/api/v1/rounds/2018Q3/admissions", json={"instance_id": held.instance_id},
                           headers={"Authorization": f"Basic {credentials}"})
    assert admitted.status_code == 201, admitted.get_json()
    q3 = client.get(f"/api/v1/rounds/2018Q3/progress?region={VILLAGE}").get_json()
    assert figures(q3) == (2, 1, 0, 1, 1, 0)
