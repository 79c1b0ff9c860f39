"""Test support for the review and household pages: the receiver's small world with submissions in it.

Everything arrives through the real receiver (receiver_support.receive): 王建国's income for two
quarters (务工收入 4,000 → 6,000) and a conflicting second record for the later one, his basic
information twice (his son's health changes), his housing with a photo, and 其其格's income from a
cadre who is not paired with her (a finding, so it is `has_issues`).
"""

from __future__ import annotations

import html
import re
import struct
import zlib
from datetime import UTC, datetime

from flask import g

from fieldcollect.extensions import db
from fieldcollect.submissions.storage import open_store
from tests.factories import UserFactory
from tests.integration.receiver_support import (
    QIQIGE,
    WANG,
    build_world,
    income_values,
    publish_forms,
    receive,
    submission_xml,
)

Q3_ARRIVAL = datetime(2018, 9, 1, 2, 0, tzinfo=UTC)
PHOTO_NAME = "1796326996170.jpg"  # the name the housing template's house_photo answer gives


def png(width: int = 64, height: int = 48, rgb: tuple[int, int, int] = (180, 120, 60)) -> bytes:
    """Return a small solid-colour PNG, made by hand (no imaging library needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def income(instance_id: str, period: str = "2018Q2", visit: str = "2018-05-20", wage_work: int = 4000,
           household: str = WANG) -> bytes:
    return submission_xml("fp_income", instance_id, period=period, visit_date=visit, household=household,
                          values=income_values(wage_work=wage_work))


def build_review_world(app):
    """Publish the forms, register the households and receive the submissions; return the World."""
    publish_forms("fp_income", "fp_basic", "fp_housing")
    world = build_world()
    store = open_store(app.config["SETTINGS"].openrosa, app.instance_path)
    receive(store, world.cadre, income("uuid:q2"))
    receive(store, world.cadre, income("uuid:q3", "2018Q3", "2018-08-20", wage_work=6000), now=Q3_ARRIVAL)
    receive(store, world.cadre, income("uuid:q3-other", "2018Q3", "2018-08-21", wage_work=6500),
            now=Q3_ARRIVAL)
    receive(store, world.cadre, submission_xml("fp_basic", "uuid:basic"))
    receive(store, world.cadre, submission_xml("fp_basic", "uuid:basic-q3", period="2018Q3",
                                               visit_date="2018-08-20", values={"health#3": "2"}),
            now=Q3_ARRIVAL)
    receive(store, world.cadre, submission_xml("fp_housing", "uuid:housing"),
            files=[(PHOTO_NAME, png(), "image/png")])
    receive(store, world.other_cadre, income("uuid:stranger", household=QIQIGE))  # not paired: has_issues
    world.outsider = UserFactory(role="township_supervisor", region_code="150621200000")  # another banner
    world.village_team = UserFactory(role="village_team", region_code="150626101201")
    db.session.commit()
    world.store = store
    return world


def sign_in(client, user) -> None:
    """Sign user in on client by setting the session cookie (no password round trip)."""
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    g.pop("_login_user", None)  # requests share the test's app context, where flask-login caches the user


def page_text(response) -> str:
    """Return the visible text of a page's <main>, tags dropped and whitespace collapsed."""
    body = response.get_data(as_text=True)
    main = body[body.find("<main>"):body.find("</main>")]
    main = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", main, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())
