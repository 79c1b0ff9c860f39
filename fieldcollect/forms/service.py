"""Operations on forms: publish an XLSForm as a new version, look forms up, open and close them.

Publishing follows ODK Central: the same form again is a no-op; changed content needs a higher
version (otherwise phones holding the old XML under the same version would never update); every
published version is kept, so submissions made on an old version are still accepted. The
current version of a form is the one published last. Nothing here commits: the caller does.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased, contains_eager

from fieldcollect.forms.build import BuiltForm, build_xlsform
from fieldcollect.forms.categories import BY_FORM_ID, get_category
from fieldcollect.forms.field_schema import data_fields
from fieldcollect.forms.models import Form, FormState, FormVersion
from fieldcollect.forms.versions import is_higher_version
from fieldcollect.problems import Problem

PUBLISHED = "published"
UNCHANGED = "unchanged"
STATES = (FormState.OPEN, FormState.CLOSING, FormState.CLOSED)


@dataclass(frozen=True)
class PublishResult:
    status: str  # PUBLISHED or UNCHANGED
    form_id: str
    version: str
    title: str
    category: str
    md5: str
    previous_version: str | None  # the current version before this publish, if any
    warnings: list[str]  # pyxform's and ODK Validate's, for the page to show
    field_count: int  # answered or computed fields, without notes and meta
    media: list[str]  # files the form loads, e.g. households.csv
    form_version: FormVersion


def publish_form(session: Session, source: bytes, filename: str, *, validate: bool = True) -> PublishResult:
    """Build an XLSForm and publish it as the form's new current version, unless it is unchanged."""
    built = build_xlsform(source, filename, validate=validate)
    category = _publishable_category(built)
    form = get_form(session, built.form_id)
    current = get_current_version(session, built.form_id) if form is not None else None
    if current is not None and current.md5 == built.md5:
        return _result(UNCHANGED, built, category, current, current.version)
    if current is not None and not is_higher_version(built.version, current.version):
        raise Problem("form_version_not_higher", form_id=built.form_id, version=built.version,
                      current=current.version)
    if form is None:
        form = Form(form_id=built.form_id, title=built.title, category=category, state=FormState.OPEN)
        session.add(form)
    form.title = built.title
    version = FormVersion(form=form, version=built.version, title=built.title, xml=built.xml, md5=built.md5,
                          xlsform=source, field_schema=built.field_schema, media=built.media)
    session.add(version)
    session.flush()
    return _result(PUBLISHED, built, category, version, current.version if current else None)


def _publishable_category(built: BuiltForm) -> str:
    if not built.version.strip():
        raise Problem("form_version_missing", form_id=built.form_id, example="2018010101")
    if built.category is None:
        raise Problem("form_category_unknown", form_id=built.form_id, choices=", ".join(BY_FORM_ID))
    return built.category


def _result(status: str, built: BuiltForm, category: str, version: FormVersion,
            previous: str | None) -> PublishResult:
    return PublishResult(status=status, form_id=built.form_id, version=version.version, title=built.title,
                         category=category, md5=version.md5, previous_version=previous,
                         warnings=built.warnings, field_count=len(data_fields(built.field_schema)),
                         media=built.media, form_version=version)


def get_form(session: Session, form_id: str) -> Form | None:
    """Return the form with this form_id, or None."""
    return session.scalar(select(Form).where(Form.form_id == form_id))


def get_current_version(session: Session, form_id: str) -> FormVersion | None:
    """Return the form's most recently published version, or None."""
    return session.scalar(select(FormVersion).join(Form).where(Form.form_id == form_id)
                          .order_by(FormVersion.id.desc()).limit(1))


def get_version(session: Session, form_id: str, version: str) -> FormVersion | None:
    """Return one published version of a form, current or old, or None."""
    return session.scalar(select(FormVersion).join(Form)
                          .where(Form.form_id == form_id, FormVersion.version == version))


def list_versions(session: Session, form_id: str) -> list[FormVersion]:
    """Return every published version of a form, oldest first."""
    return list(session.scalars(select(FormVersion).join(Form).where(Form.form_id == form_id)
                                .order_by(FormVersion.id)))


def list_current_versions(session: Session, states: tuple[str, ...] | None = None) -> list[FormVersion]:
    """Return the current version of every form (optionally only forms in the given states), by form_id."""
    # An alias keeps the subquery uncorrelated: correlated to the outer form_versions, PostgreSQL
    # would aggregate over the outer row and match nothing.
    newer = aliased(FormVersion)
    latest = select(func.max(newer.id)).group_by(newer.form_pk).scalar_subquery()
    query = (select(FormVersion).join(FormVersion.form).options(contains_eager(FormVersion.form))
             .where(FormVersion.id.in_(latest)).order_by(Form.form_id))
    if states is not None:
        query = query.where(Form.state.in_(states))
    return list(session.scalars(query))


def count_versions(session: Session) -> dict[str, int]:
    """Return how many versions each form has published, by form_id."""
    query = select(Form.form_id, func.count(FormVersion.id)).join(FormVersion.form).group_by(Form.form_id)
    return dict(session.execute(query).all())


def set_form_state(session: Session, form_id: str, state: str) -> Form:
    """Open, close (no longer listed, still accepting) or fully close (refusing submissions) a form."""
    if state not in STATES:
        raise Problem("form_state_unknown", state=state, choices=", ".join(STATES))
    form = get_form(session, form_id)
    if form is None:
        raise Problem("form_not_found", form_id=form_id)
    form.state = state
    session.flush()
    return form


def category_name(form: Form) -> str:
    """Return the Chinese name of a form's category (its code when the category is unknown)."""
    category = get_category(form.category)
    return category.name_zh if category else form.category
