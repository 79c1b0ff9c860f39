"""Query-string parsing shared by the API's list endpoints: pages and region filters."""

from __future__ import annotations

from flask import request

from fieldcollect.access.scope import may_see_region
from fieldcollect.extensions import db
from fieldcollect.problems import Problem
from fieldcollect.regions.codes import is_valid_code
from fieldcollect.regions.service import get_region

MAX_PER_PAGE = 200


def page_args(default_per_page: int = 50) -> tuple[int, int]:
    """Return (page, per_page) from the query string, refusing values that are not sensible."""
    page = _positive(request.args.get("page", "1"), "page")
    per_page = _positive(request.args.get("per_page", str(default_per_page)), "per_page")
    if per_page > MAX_PER_PAGE:
        raise Problem("invalid_input", detail=f"per_page <= {MAX_PER_PAGE}")
    return page, per_page


def visible_region_arg(user) -> str | None:
    """Return the ?region= code when the user may see that region; raise not_found otherwise."""
    code = request.args.get("region") or None
    if code is not None and not (is_valid_code(code) and may_see_region(user, code)
                                 and get_region(db.session, code) is not None):
        raise Problem("not_found")
    return code


def paged(items: list, page: int, per_page: int, total: int) -> dict:
    """Return the envelope every list endpoint answers with."""
    return {"items": items, "page": page, "per_page": per_page, "total": total}


def _positive(text: str, name: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise Problem("invalid_input", detail=f"{name} >= 1")
    return int(text)
