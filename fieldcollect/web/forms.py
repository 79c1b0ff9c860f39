"""HTML forms for the pages, as Flask-WTF classes (each carries a CSRF token).

Naming: in this project "form" means an XLSForm/XForm that phones fill in. These classes are
the web pages' HTML input forms; they are named for what they do (LoginForm, NewUserForm,
UserFilterForm) and live only in web/.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import HiddenField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Regexp

from fieldcollect.users.passwords import MINIMUM_LENGTH

REQUIRED = _l("请填写此项。")


class LoginForm(FlaskForm):
    """Sign in with a user name and a password."""

    username = StringField(_l("用户名"), validators=[DataRequired(REQUIRED), Length(max=64)],
                           render_kw={"autocomplete": "username", "autocapitalize": "none"})
    password = PasswordField(_l("密码"), validators=[DataRequired(REQUIRED)],
                             render_kw={"autocomplete": "current-password"})
    submit = SubmitField(_l("登录"))


class NewUserForm(FlaskForm):
    """Create a user: name, password, role and home region (choices filled by the view)."""

    username = StringField(_l("用户名"), validators=[DataRequired(REQUIRED), Length(max=64)],
                           render_kw={"autocomplete": "off", "autocapitalize": "none"})
    display_name = StringField(_l("姓名"), validators=[Length(max=64)])
    password = PasswordField(_l("初始密码"), validators=[DataRequired(REQUIRED)],
                             description=_l("至少 %(n)d 个字符。", n=MINIMUM_LENGTH),
                             render_kw={"autocomplete": "new-password"})
    role = SelectField(_l("角色"), validators=[DataRequired(REQUIRED)])
    region = StringField(_l("所属区划代码"), validators=[
        DataRequired(REQUIRED), Regexp(r"^\d{12}$", message=_l("请输入12位区划代码。"))],
        description=_l("12位统计用区划代码；输入旗区或苏木乡镇名称可查找。"),
        render_kw={"list": "region-options", "autocomplete": "off"})
    submit = SubmitField(_l("创建用户"))


class UserFilterForm(FlaskForm):
    """Filter the user list by role and region; read from the query string, so no CSRF token."""

    class Meta:
        csrf = False

    role = SelectField(_l("角色"), default="")
    region = SelectField(_l("区划"), default="")


# Uploads: the domain decides which file types it reads and says so in Chinese; these only cap the size.
IMPORT_LIMIT_MB = 100  # a 100,000-household national export as CSV is about 85 MB
XLSFORM_LIMIT_MB = 10


class ImportUploadForm(FlaskForm):
    """Upload a households, pairings or users file; the check button only reports (a dry run)."""

    kind = SelectField(_l("导入内容"), validators=[DataRequired(REQUIRED)])
    file = FileField(_l("文件（.xlsx 或 .csv）"), validators=[
        FileRequired(_l("请选择文件。")),
        FileSize(IMPORT_LIMIT_MB * 1024 * 1024, message=_l("文件不能超过 %(n)d MB。", n=IMPORT_LIMIT_MB))],
        description=_l("第一行为表头，可使用中文或英文列名；每一行都检查通过后才会写入。"),
        render_kw={"accept": ".xlsx,.csv"})
    check = SubmitField(_l("只检查不导入"))
    submit = SubmitField(_l("导入"))


class XLSFormUploadForm(FlaskForm):
    """Upload an XLSForm workbook to build, validate and publish."""

    file = FileField(_l("XLSForm 文件（.xlsx）"), validators=[
        FileRequired(_l("请选择文件。")),
        FileSize(XLSFORM_LIMIT_MB * 1024 * 1024, message=_l("文件不能超过 %(n)d MB。", n=XLSFORM_LIMIT_MB))],
        description=_l("内容改变时须在 settings 表中提高 version；内容相同的文件不会重复发布。"),
        render_kw={"accept": ".xlsx,.xls"})
    submit = SubmitField(_l("检查并发布"))


class FormStateForm(FlaskForm):
    """Open or close a form (the state comes from the button pressed)."""

    state = StringField(validators=[DataRequired()])
    back = HiddenField()  # "detail" to return to the form's page, else the list
