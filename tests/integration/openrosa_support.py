"""Test support for the OpenRosa tests: published forms, phone users, and a Collect-like client.

Phone drives the Flask test client the way ODK Collect drives a server (PROTOCOL.md §1.1, §3, §4.1):
X-OpenRosa-Version and a 12-hour Date on every request, ?deviceID= on every URL, no credentials
until a 401 challenge, then Digest (any scheme) or Basic (HTTPS only), sent up front afterwards.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import threading
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

from werkzeug.datastructures import WWWAuthenticate
from werkzeug.serving import make_server

from fieldcollect.cadres.models import Cadre, Pairing
from fieldcollect.extensions import db
from fieldcollect.forms.models import Form, FormState, FormVersion
from fieldcollect.households.models import Household, Member
from fieldcollect.phones.service import issue_token
from fieldcollect.regions.models import Region
from tests.conftest import TEST_PASSWORD, TEST_VILLAGE, create_test_user

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
VISIT_XFORM = (FIXTURES / "openrosa" / "household_visit.xml").read_bytes()
VISIT_VERSION = "2018100101"
DEVICE_ID = "collect:TESTDEVICE000001"
NS = {"x": "http://openrosa.org/xforms/xformsList", "m": "http://openrosa.org/xforms/xformsManifest",
      "r": "http://openrosa.org/http/response"}


def publish_form(form_id: str = "household_visit", version: str = VISIT_VERSION, *, category: str = "basic",
                 title: str = "入户走访（测试）", state: str = FormState.OPEN,
                 media: tuple[str, ...] = ("households.csv",)) -> FormVersion:
    """Insert a form (or a new version of it) built from the household_visit fixture; commit; return it."""
    xml = (VISIT_XFORM.replace(b'id="household_visit"', f'id="{form_id}"'.encode())
           .replace(f'version="{VISIT_VERSION}"'.encode(), f'version="{version}"'.encode())
           .replace("入户走访（测试）".encode(), title.encode()))
    form = db.session.query(Form).filter_by(form_id=form_id).one_or_none()
    if form is None:
        form = Form(form_id=form_id, title=title, category=category, state=state)
        db.session.add(form)
    form.state = state
    form_version = FormVersion(form=form, version=version, title=title, xml=xml,
                               md5=hashlib.md5(xml).hexdigest(), field_schema=[], media=list(media))
    db.session.add(form_version)
    db.session.commit()
    return form_version


def set_form_state(form_id: str, state: str) -> None:
    """Move a form to another state and commit."""
    db.session.query(Form).filter_by(form_id=form_id).one().state = state
    db.session.commit()


def make_phone_user(role: str = "cadre", username: str | None = None, region: str | None = None):
    """Create a user (a cadre gets a Cadre record) with a phone key; commit; return (user, token)."""
    user = create_test_user(role, region, username)
    if role == "cadre":
        cadre = Cadre(name=user.display_name, region_code=user.region_code)
        db.session.add(cadre)
        db.session.flush()
        user.cadre_id = cadre.id
    token = issue_token(db.session, user).token
    db.session.commit()
    return user, token


def visit_xml(instance_id: str, *, form_id: str = "household_visit", version: str = VISIT_VERSION,
              deprecated_id: str | None = None, members: int = 3, photo: str = "",
              household: str = "h1", extra: str = "", audit: str = "") -> bytes:
    """Return submission bytes for the household_visit form, shaped as Collect serialises them.

    audit names a client audit log in <meta><audit>, where a form with the audit question puts it.
    """
    deprecated = f"<orx:deprecatedID>{deprecated_id}</orx:deprecatedID>" if deprecated_id else ""
    audit_log = f"<audit>{audit}</audit>" if audit else ""
    return (f"<?xml version='1.0' ?><data id=\"{form_id}\" version=\"{version}\" "
            f"xmlns:orx=\"http://openrosa.org/xforms\" xmlns:jr=\"http://openrosa.org/javarosa\">"
            f"<household>{household}</household><members>{members}</members><income>3200.5</income>"
            f"<has_housing>1</has_housing><note>{extra}</note><house_photo>{photo}</house_photo>"
            f"<hh_name>王某某</hh_name><meta>{audit_log}<instanceID>{instance_id}</instanceID>"
            f"<instanceName>{household}-王某某</instanceName>{deprecated}</meta></data>").encode()


def collect_date() -> str:
    """Return a Date header as Collect formats it: hh is the 12-hour clock, with no AM/PM marker."""
    return time.strftime("%a, %d %b %Y %I:%M:%S GMT", time.gmtime())


def message_of(response) -> str:
    """Return the text of the first <message> in an OpenRosaResponse body."""
    return ElementTree.fromstring(response.data).find("r:message", NS).text


class Phone:
    """A Collect-like client over the Flask test client."""

    def __init__(self, client, token: str | None = None, username: str | None = None,
                 password: str = TEST_PASSWORD, https: bool = False, language: str | None = None,
                 forwarded_https: bool = False):
        self.client = client
        self.prefix = f"/key/{token}" if token else ""
        self.username, self.password = username, password
        self.https, self.forwarded_https, self.language = https, forwarded_https, language
        self.scheme = None  # "basic" or "digest" once challenged; then credentials go up front
        self.digest_params: dict = {}
        self.nonce_count = 0
        self.challenges = 0

    def request(self, method: str, path: str, *, device: bool = True, openrosa: bool = True,
                headers: dict | None = None, **options):
        url = self.prefix + path
        if device:
            url += ("&" if "?" in url else "?") + f"deviceID={DEVICE_ID.replace(':', '%3A')}"
        sent = {**self._headers(openrosa), **(headers or {})}
        response = self._send(method, url, sent, options)
        if response.status_code == 401 and self.username:
            if self.scheme is not None:  # a remembered login was refused: forget it, answer afresh
                self.scheme = None
                response = self._send(method, url, sent, options)
            if response.status_code == 401 and self._accept_challenge(response):
                response = self._send(method, url, sent, options)
        return response

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def form_list(self, query: str = ""):
        return self.get("/formList" + (f"?{query}" if query else ""))

    def head_submission(self):
        return self.request("HEAD", "/submission")

    def submit(self, xml: bytes, files: dict[str, bytes] | None = None, incomplete: bool = False, **kwargs):
        parts = {"xml_submission_file": (xml, "submission.xml", "text/xml")}
        for name, content in (files or {}).items():
            parts[name] = (content, name, "image/jpeg" if name.endswith(".jpg") else "text/plain")
        if incomplete:
            parts["*isIncomplete*"] = "yes"
        return self.request("POST", "/submission", data=parts, content_type="multipart/form-data", **kwargs)

    def _headers(self, openrosa: bool) -> dict:
        headers = {"Date": collect_date(), "Accept-Encoding": "gzip",
                   "User-Agent": "org.odk.collect.android/test"}
        if openrosa:
            headers["X-OpenRosa-Version"] = "1.0"
        if self.language:
            headers["Accept-Language"] = self.language
        if self.forwarded_https:
            headers["X-Forwarded-Proto"] = "https"
        return headers

    def _send(self, method, url, headers, options):
        options = dict(options)
        if isinstance(options.get("data"), dict):  # streams are consumed: build them afresh per send
            options["data"] = {key: (io.BytesIO(value[0]), *value[1:]) if isinstance(value, tuple) else value
                               for key, value in options["data"].items()}
        authorization = self._authorization(method, url)
        if authorization:
            headers = {**headers, "Authorization": authorization}
        base = "https://localhost" if self.https else "http://localhost"
        return self.client.open(url, method=method, headers=headers, base_url=base, **options)

    def _accept_challenge(self, response) -> bool:
        for value in response.headers.getlist("WWW-Authenticate"):
            challenge = WWWAuthenticate.from_header(value)
            if challenge.type == "digest":
                self.scheme, self.digest_params, self.nonce_count = "digest", dict(challenge.parameters), 0
            elif challenge.type == "basic" and (self.https or self.forwarded_https):
                self.scheme = "basic"
            else:
                continue  # Collect never answers Basic over plain http
            self.challenges += 1
            return True
        return False

    def _authorization(self, method: str, uri: str) -> str | None:
        if self.scheme == "basic":
            return "Basic " + base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        if self.scheme != "digest":
            return None
        params = self.digest_params
        self.nonce_count += 1
        nc, cnonce = f"{self.nonce_count:08x}", os.urandom(8).hex()
        ha1 = _md5(f"{self.username}:{params['realm']}:{self.password}")
        answer = _md5(f"{ha1}:{params['nonce']}:{nc}:{cnonce}:auth:{_md5(f'{method}:{uri}')}")
        return (f'Digest username="{self.username}", realm="{params["realm"]}", nonce="{params["nonce"]}", '
                f'uri="{uri}", qop=auth, nc={nc}, cnonce="{cnonce}", response="{answer}", '
                f'opaque="{params["opaque"]}", algorithm=MD5')


def _md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


@contextmanager
def live_server(app):
    """Serve app over real HTTP on a free local port in a thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def register_household(household_code: str, head_name: str, village: str = TEST_VILLAGE) -> Household:
    """Register a minimal household with its head in a village (created under 泊尔江海子镇 if new); commit."""
    if db.session.get(Region, village) is None:
        db.session.add(Region(code=village, name=f"测试{village[-3:]}嘎查", level="village",
                              parent_code=village[:9] + "000"))
        db.session.flush()  # no relationship tells the unit of work that the village goes first
    household = Household(household_code=household_code, village_code=village, registered_year=2014,
                          attribute="1", main_cause="01")
    household.members = [Member(name=head_name, sex="1", birth_date=date(1970, 5, 1), relation="01")]
    db.session.add(household)
    db.session.commit()
    return household


def pair_household(user, household_code: str, head_name: str, start: date | None = None,
                   end: date | None = None) -> Pairing:
    """Register a minimal household in the test village and pair it with the user's cadre; commit."""
    household = register_household(household_code, head_name)
    pairing = Pairing(cadre_id=user.cadre_id, household_id=household.id, start_date=start or date(2018, 1, 1),
                      end_date=end, is_primary=True)
    db.session.add(pairing)
    db.session.commit()
    return pairing
