"""HTML forms of the review pages and the household page (Flask-WTF; each POST carries a CSRF token).

Choices that depend on the reader (regions in scope, forms, periods) are filled in by the view.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from fieldcollect.problems import N_
from fieldcollect.submissions.models import ReviewState

MAX_COMMENT = 1000
TOO_LONG = _l("意见不能超过 %(n)d 个字。", n=MAX_COMMENT)
DECISIONS = ((ReviewState.APPROVED, N_("通过")), (ReviewState.HAS_ISSUES, N_("有问题，需整改")),
             (ReviewState.REJECTED, N_("退回")))


class ReviewFilterForm(FlaskForm):
    """Filter the review queue; read from the query string, so no CSRF token."""

    class Meta:
        csrf = False

    state = SelectField(_l("审核状态"), default="")
    form = SelectField(_l("信息类别"), default="")
    period = SelectField(_l("报告期"), default="")
    region = SelectField(_l("区划"), default="")


class DecisionForm(FlaskForm):
    """A supervisor's decision on one submission, with the comment the cadre will read."""

    state = RadioField(_l("审核结论"), choices=[SelectChoice(value, _l(label)) for value, label in DECISIONS],
                       validators=[DataRequired(_l("请选择审核结论。"))])
    comment = TextAreaField(
        _l("意见"), validators=[Length(max=MAX_COMMENT, message=TOO_LONG)],
        description=_l("选择“有问题”或“退回”时必填：写明要修改什么，干部会在手机上看到。"))


class BulkApproveForm(FlaskForm):
    """Approve the ticked submissions of the queue (their instanceIDs come as repeated `pick` values)."""


class ResolveForm(FlaskForm):
    """Settle a conflict: take one submission whole, or field by field (radio values come by name)."""
