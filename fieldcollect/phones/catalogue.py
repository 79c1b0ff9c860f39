"""The forms a phone may list, download and submit to: published, not closed, and fillable by the role.

A form is listed while it is open; a closing form is hidden from the list but still downloadable
and accepts submissions, and a closed form is refused (ODK Central's semantics, PROTOCOL.md §1.2,
§3.4 rows 6 and 6a). Central sorts the list by name, and so do we.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from fieldcollect.forms.models import FormState, FormVersion
from fieldcollect.forms.service import get_current_version, get_form, list_current_versions
from fieldcollect.phones.access import may_fill
from fieldcollect.problems import Problem
from fieldcollect.users.models import User


def listed_forms(session: Session, user: User, form_id: str | None = None) -> list[FormVersion]:
    """Return the current version of every open form user may fill (only form_id's, if given), by title."""
    versions = [version for version in list_current_versions(session, states=(FormState.OPEN,))
                if may_fill(user.role, version.form.category)
                and (form_id is None or version.form.form_id == form_id)]
    return sorted(versions, key=lambda version: (version.form.title, version.form.form_id))


def phone_form(session: Session, user: User, form_id: str) -> FormVersion:
    """Return the current version of a form user may download, or raise form_not_found / form_forbidden."""
    form = get_form(session, form_id)
    current = get_current_version(session, form_id) if form is not None else None
    if current is None:
        raise Problem("form_not_found", form_id=form_id)
    if form.state == FormState.CLOSED or not may_fill(user.role, form.category):
        raise Problem("form_forbidden", form_id=form_id)
    return current
