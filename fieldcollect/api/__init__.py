"""JSON API for programs, under /api/v1.

Each resource has its own module (regions, households, cadres, users, imports) that adds its views
to this one blueprint; auth.py says who is calling and errors.py renders every failure as
{"error": {"code", "message"}} from the problems catalogue. Every data query is scoped through
fieldcollect.access.scope: what is outside a caller's scope is answered 404, as if it did not exist.
"""

from flask import Blueprint

from fieldcollect.extensions import csrf

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(blueprint)  # programs carry no form token; api.auth checks session-only writes instead

from fieldcollect.api import cadres, errors, households, imports, regions, rounds  # noqa: E402,F401,I001
from fieldcollect.api import submissions, timelines, users  # noqa: E402,F401,I001

errors.register(blueprint)
