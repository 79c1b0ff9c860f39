"""GET /api/v1/households/<code>/state and /timeline, POST /api/v1/households/<code>/conflicts/<id>/resolve.

The household is looked up through access.scope.household_scope (outside the scope: 404). Personal
answers, and roster rows keyed by ID number, are masked unless access.scope.may_see_id_numbers
allows the caller to see them.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import request
from flask_babel import gettext

from fieldcollect.access.scope import household_scope, may_see_id_numbers
from fieldcollect.api import blueprint
from fieldcollect.api.auth import api_user, login_required
from fieldcollect.extensions import db
from fieldcollect.households.service import get_household_by_code
from fieldcollect.problems import Problem
from fieldcollect.submissions.masking import mask_answers, mask_change, mask_field_label
from fieldcollect.submissions.review import may_review
from fieldcollect.timelines.service import (
    conflict_id,
    household_states,
    household_timeline,
    personal_fields,
    resolve_conflict,
)
from fieldcollect.validation.issues import problem_of


@blueprint.get("/households/<code>/state")
@login_required
def household_state(code: str):
    household = _household_or_404(code)
    states = household_states(db.session, household.id)
    masker = _Masker({v for state in states.values() for v in state.form_version_ids})
    return {category: {"period": state.period, "instance_id": state.instance_id,
                       "fields": masker.answers(state.fields), "conflict": state.conflict,
                       "conflict_id": state.conflict_id,
                       "conflicting_fields": [masker.label(name) for name in state.conflicting_fields]}
            for category, state in states.items()}


@blueprint.get("/households/<code>/timeline")
@login_required
def household_timeline_view(code: str):
    household = _household_or_404(code)
    rows = household_timeline(db.session, household.id, request.args.get("category") or None,
                              request.args.get("period") or None)
    masker = _Masker({row.entry.form_version_id for row in rows})
    return {"household_code": household.household_code, "entries": [_entry(row, masker) for row in rows]}


@blueprint.post("/households/<code>/conflicts/<conflict>/resolve")
@login_required
def conflict_resolve(code: str, conflict: str):
    user = api_user()
    if not may_review(user):
        raise Problem("forbidden")
    household = _household_or_404(code)
    body = request.get_json(silent=True) or {}
    picks = body.get("fields")
    if picks is not None and not isinstance(picks, dict):
        raise Problem("conflict_resolution_invalid")
    resolution = resolve_conflict(db.session, household.id, conflict, user.id, datetime.now(UTC),
                                  chosen=body.get("instance_id") or None, base=body.get("base") or None,
                                  picks={str(k): str(v) for k, v in (picks or {}).items()})
    db.session.commit()
    return {"conflict_id": conflict_id(resolution.category, resolution.period),
            "chosen_instance_id": resolution.chosen_instance_id, "picks": resolution.picks,
            "resolved_by": user.username, "resolved_at": resolution.resolved_at.isoformat()}


class _Masker:
    """Mask what this caller may not see, knowing the personal fields of the forms involved."""

    def __init__(self, form_version_ids: set[int]):
        self.visible = may_see_id_numbers(api_user())
        self.personal, self.keyed = (frozenset(), False) if self.visible else personal_fields(db.session,
                                                                                             form_version_ids)

    def answers(self, answers: dict) -> dict:
        return answers if self.visible else mask_answers(answers, self.personal)

    def change(self, change: dict) -> dict:
        return change if self.visible else mask_change(change, self.personal, self.keyed)

    def label(self, label: str) -> str:
        return label if self.visible else mask_field_label(label, self.keyed)


def _entry(row, masker: _Masker) -> dict:
    entry = row.entry
    return {
        "period": entry.period, "category": entry.category, "instance_id": entry.instance_id,
        "cadre": {"id": entry.cadre_id, "name": row.cadre_name} if entry.cadre_id else None,
        "visit_date": entry.visit_date.isoformat() if entry.visit_date else None,
        "received_at": entry.received_at.isoformat(), "review_state": row.review_state,
        "conflict": entry.conflict,
        "conflicting_fields": [masker.label(name) for name in entry.conflicting_fields or []],
        "conflict_id": conflict_id(entry.category, entry.period) if entry.conflict else None,
        "after_lock": entry.after_lock,
        "findings": [{"code": f["code"], "field": f.get("field"), "row": f.get("row"),
                      "message": problem_of(f).render(gettext)} for f in entry.findings or []],
        "changes": [masker.change(change) for change in entry.changes or []],
    }


def _household_or_404(code: str):
    household = get_household_by_code(db.session, code, household_scope(api_user()))
    if household is None:
        raise Problem("not_found")
    return household
