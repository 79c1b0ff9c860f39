"""Load the FormText of the form versions behind some answers (labels, choice words), cached per XForm.

A published version never changes, so its FormText is built once per process, keyed by the md5 of
its XForm, like validation.service keeps its rules.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldcollect.forms.models import FormVersion
from fieldcollect.validation.service import rules_by_version_id
from fieldcollect.web.answers import FormText, form_text, merge_texts

_TEXTS: dict[str, FormText] = {}  # by FormVersion.md5


def form_text_for(session: Session, version_ids: set[int]) -> FormText:
    """Return one FormText for answers made with these form versions (later versions win)."""
    digests = dict(session.execute(select(FormVersion.id, FormVersion.md5)
                                   .where(FormVersion.id.in_(version_ids))).all()) if version_ids else {}
    missing = {version_id for version_id, md5 in digests.items() if md5 not in _TEXTS}
    if missing:
        rules = rules_by_version_id(session, missing)
        for version in session.scalars(select(FormVersion).where(FormVersion.id.in_(missing))):
            _TEXTS[version.md5] = form_text(rules[version.id], version.field_schema or [], version.xml)
    return merge_texts(_TEXTS[digests[version_id]] for version_id in sorted(digests))
