"""The household page: facts, members, pairings, the current state per category, the timeline and its
conflicts, with a resolve form for those who may settle them.

Everything comes from the functions the JSON API uses (households.service, cadres.service,
timelines.service) through access.scope.household_scope: outside the scope the household does not
exist (404). ID numbers and personal answers are masked unless access.scope.may_see_id_numbers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from flask_login import current_user, login_required

from fieldcollect.access.scope import household_scope, may_see_id_numbers
from fieldcollect.cadres.service import household_pairings
from fieldcollect.extensions import db
from fieldcollect.forms.categories import CATEGORIES
from fieldcollect.households.codes import label_of
from fieldcollect.households.id_numbers import mask_id_number
from fieldcollect.households.service import get_household_by_code
from fieldcollect.problems import Problem
from fieldcollect.regions.service import get_region
from fieldcollect.submissions.masking import HIDDEN
from fieldcollect.submissions.review import REVIEWER_ROLES, may_review
from fieldcollect.timelines.service import TimelineRow, conflict_id, household_states, household_timeline
from fieldcollect.timelines.service import resolve_conflict as settle_conflict
from fieldcollect.web.access import roles_required
from fieldcollect.web.answers import ChangeLine, FormText, change_lines, row_titles
from fieldcollect.web.conflicts import PickGroup, pick_groups, side_letters
from fieldcollect.web.form_text import form_text_for
from fieldcollect.web.labels import problem_message
from fieldcollect.web.review_forms import ResolveForm
from fieldcollect.web.review_labels import register_review_filters

blueprint = Blueprint("household", __name__)
register_review_filters(blueprint)
CATEGORY_ORDER = {category.code: position for position, category in enumerate(CATEGORIES)}
PICK_PREFIX = "pick-"


@dataclass(frozen=True)
class TimelineItem:
    row: TimelineRow
    lines: list[ChangeLine]
    first: bool  # the category's first period: every answer is new, so the lines are folded away


@dataclass(frozen=True)
class Conflict:
    id: str
    category: str
    period: str
    sides: list[tuple[str, TimelineRow]]  # (letter, row)
    groups: list[PickGroup]


@blueprint.get("/households/<code>")
@login_required
def show(code: str):
    """Show a household in the user's scope with its members, pairings, state, timeline and conflicts."""
    household = _household_or_404(code)
    visible = may_see_id_numbers(current_user)
    rows = household_timeline(db.session, household.id)
    texts = _texts_by_category(rows)
    language = str(get_locale())
    return render_template(
        "household/show.html", household=household, village=get_region(db.session, household.village_code),
        phone=household.phone if visible or not household.phone else HIDDEN,
        members=[(member, member.id_number if visible else mask_id_number(member.id_number))
                 for member in household.members],
        pairings=household_pairings(db.session, household.id),
        states=_states(household.id, rows), timeline=_timeline(rows, texts, language, not visible),
        conflicts=_conflicts(rows, texts, language, not visible), may_resolve=may_review(current_user),
        form=ResolveForm(), pick_prefix=PICK_PREFIX, code_label=label_of)


@blueprint.post("/households/<code>/conflicts/<conflict>/resolve")
@roles_required(*REVIEWER_ROLES)
def resolve(code: str, conflict: str):
    """Settle a conflict: take one submission whole (`chosen`), or merge the picked fields."""
    household = _household_or_404(code)
    if not ResolveForm().validate_on_submit():
        abort(400)
    chosen = request.form.get("chosen") or None
    picks = {name.removeprefix(PICK_PREFIX): value for name, value in request.form.items()
             if name.startswith(PICK_PREFIX)}
    try:
        settle_conflict(db.session, household.id, conflict, current_user.id, datetime.now(UTC), chosen=chosen,
                        base=None if chosen else request.form.get("base"), picks=None if chosen else picks)
    except Problem as problem:
        db.session.rollback()
        flash(problem_message(problem), "error")
        return redirect(url_for("household.show", code=code, _anchor="conflicts"))
    db.session.commit()
    flash(gettext("冲突已处理，现状已更新。"), "success")
    return redirect(url_for("household.show", code=code, _anchor="state"))


def _household_or_404(code: str):
    household = get_household_by_code(db.session, code, household_scope(current_user))
    if household is None:
        abort(404)
    return household


def _by_category(rows: list[TimelineRow]) -> dict[str, list[TimelineRow]]:
    grouped: dict[str, list[TimelineRow]] = defaultdict(list)
    for row in rows:
        grouped[row.entry.category].append(row)
    return dict(sorted(grouped.items(), key=lambda item: CATEGORY_ORDER.get(item[0], len(CATEGORY_ORDER))))


def _texts_by_category(rows: list[TimelineRow]) -> dict[str, FormText]:
    # One FormText per category: field names are unique within a form, not across forms.
    return {category: form_text_for(db.session, {row.entry.form_version_id for row in category_rows})
            for category, category_rows in _by_category(rows).items()}


def _states(household_id: int, rows: list[TimelineRow]) -> list[tuple[str, object, TimelineRow | None]]:
    """Return (category, its current state, the timeline row that state comes from) in category order."""
    by_instance = {row.entry.instance_id: row for row in rows}
    states = household_states(db.session, household_id, [row.entry for row in rows])
    ordered = sorted(states.items(), key=lambda item: CATEGORY_ORDER.get(item[0], len(CATEGORY_ORDER)))
    return [(category, state, by_instance.get(state.instance_id)) for category, state in ordered]


def _timeline(rows: list[TimelineRow], texts: dict[str, FormText], language: str,
              masked: bool) -> dict[str, list[TimelineItem]]:
    """Return each category's entries, newest period first, with their changes in words."""
    timeline = {}
    for category, category_rows in _by_category(rows).items():
        text, names = texts[category], {}
        first_period = category_rows[0].entry.period
        items = []
        for row in category_rows:
            names.update(row_titles(row.entry.answers or {}, text))
            lines = change_lines(row.entry.changes or [], text, language, names, masked)
            items.append(TimelineItem(row, lines, row.entry.period == first_period))
        timeline[category] = items[::-1]
    return timeline


def _conflicts(rows: list[TimelineRow], texts: dict[str, FormText], language: str,
               masked: bool) -> list[Conflict]:
    """Return every period still in conflict, its submissions side by side."""
    contested: dict[tuple[str, str], list[TimelineRow]] = defaultdict(list)
    for row in rows:
        if row.entry.conflict:
            contested[(row.entry.category, row.entry.period)].append(row)
    conflicts = []
    for (category, period), sides in contested.items():
        groups = pick_groups([side.entry.answers or {} for side in sides],
                             sides[0].entry.conflicting_fields or [], texts[category], language, masked)
        conflicts.append(Conflict(conflict_id(category, period), category, period,
                                  list(zip(side_letters(len(sides)), sides, strict=True)), groups))
    return conflicts
