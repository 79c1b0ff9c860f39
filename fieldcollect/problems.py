"""The one catalogue of problems a person or a phone can be told about.

Domain code raises Problem(code, **params); each audience renders it in its own format (OpenRosa
XML for phones, JSON for programs, a page for people) with the message translated by Flask-Babel.
Messages are written in Chinese, the users' language and the default locale; English comes from
translations/en. Codes are stable: programs may match on them, so never reuse or rename one.
"""

from __future__ import annotations

from dataclasses import dataclass


def N_(message: str) -> str:
    """Mark a message for extraction by pybabel without translating it here."""
    return message


@dataclass(frozen=True)
class ProblemKind:
    status: int  # the HTTP status an edge should answer with
    message: str  # Chinese msgid, with {named} placeholders


CATALOGUE: dict[str, ProblemKind] = {
    "not_found": ProblemKind(404, N_("找不到该记录，或您无权查看。")),
    "forbidden": ProblemKind(403, N_("您的角色无权执行此操作。")),
    "unauthenticated": ProblemKind(401, N_("请先登录。")),
    "invalid_input": ProblemKind(400, N_("输入有误：{detail}")),
    "unknown_role": ProblemKind(400, N_("未知角色“{role}”，可选：{choices}。")),
    "unknown_region": ProblemKind(400, N_("未知区划代码“{code}”。")),
    "role_region_mismatch": ProblemKind(400, N_("角色“{role}”须对应{level}级区划，而“{code}”是{actual}级。")),
    "username_taken": ProblemKind(409, N_("用户名“{username}”已存在。")),
    "weak_password": ProblemKind(400, N_("密码至少需要 {minimum} 个字符。")),
    # Forms: building XLSForms with pyxform and publishing them ({detail} is pyxform's or ODK Validate's text).
    "form_file_type": ProblemKind(400, N_("不支持的文件“{filename}”：XLSForm 须为以下格式之一：{choices}。")),
    "form_unreadable": ProblemKind(400, N_("无法读取 XLSForm“{filename}”：{detail}")),
    "form_invalid": ProblemKind(400, N_("XLSForm“{filename}”有误：{detail}")),
    "form_validation_failed": ProblemKind(400, N_("XLSForm“{filename}”未通过 ODK Validate 校验：{detail}")),
    "form_version_missing": ProblemKind(400, N_("表单“{form_id}”缺少版本号：请在 settings 表的 version 列填写，如 {example}。")),
    "form_version_not_higher": ProblemKind(409, N_("表单“{form_id}”的内容已改变，但版本号“{version}”不高于当前版本“{current}”。请在 settings 表中提高 version 后再发布。")),
    "form_category_unknown": ProblemKind(400, N_("表单“{form_id}”不属于任何信息类别：form_id 须为 {choices} 之一，或在 settings 表的 category 列填写类别代码。")),
    "form_state_unknown": ProblemKind(400, N_("未知表单状态“{state}”，可选：{choices}。")),
    # Settings this server cannot honour: the phones' data would be unreadable here, or sent elsewhere.
    "form_encrypted": ProblemKind(400, N_("XLSForm“{filename}”的 settings 表设置了 public_key（加密提交）。本服务器无法解密，收到的数据将无法校验和使用。请删除 public_key 列后重新上传。")),
    "form_submission_url": ProblemKind(400, N_("XLSForm“{filename}”的 settings 表设置了 submission_url（“{url}”），手机会把数据发往该地址而不是本服务器。请删除 submission_url 列后重新上传。")),
    # Phones (OpenRosa): what ODK Collect shows after "Error:" when the server refuses something.
    "openrosa_version_required": ProblemKind(400, N_("请求缺少 X-OpenRosa-Version: 1.0 头（收到：{got}）。请使用 ODK Collect 或 KoboCollect。")),
    "phone_login_required": ProblemKind(401, N_("请登录：在手机上填写用户名和密码，或扫描您的二维码。")),
    "basic_auth_needs_https": ProblemKind(401, N_("明文密码只能通过 HTTPS 发送，请改用 HTTPS 地址或扫描二维码。")),
    "phone_key_malformed": ProblemKind(401, N_("服务器地址中的手机密钥格式不对，请重新扫描二维码。")),
    "phone_key_unknown": ProblemKind(403, N_("手机密钥无效或已被撤销，请向管理员索取新的二维码。")),
    "form_not_found": ProblemKind(404, N_("服务器上没有表单“{form_id}”。")),
    "form_forbidden": ProblemKind(403, N_("您不能使用表单“{form_id}”：它已关闭，或不属于您的角色。")),
    "form_version_not_found": ProblemKind(404, N_("表单“{form_id}”没有版本“{version}”，请先在手机上获取最新表单。")),
    "form_closed": ProblemKind(409, N_("表单“{form_id}”已停止接收数据。如有疑问，请联系扶贫办。")),
    "submission_file_missing": ProblemKind(400, N_("提交中缺少必需的 multipart 字段 xml_submission_file。")),
    "multipart_invalid": ProblemKind(400, N_("提交的 multipart 表单内容无法解析。")),
    "submission_xml_invalid": ProblemKind(400, N_("提交的 XML 无法解析（{detail}）。")),
    "submission_form_id_missing": ProblemKind(400, N_("提交的 XML 缺少表单 ID（根元素的 id 属性）。")),
    "submission_too_large": ProblemKind(413, N_("提交内容过大，每次最多 {limit} 字节。")),
    "submission_conflict": ProblemKind(409, N_("已有 instanceID 为 {instance_id} 的数据，但 XML 内容不同。补传附件时必须重新提交完全相同的 XML。")),
    "submission_stale": ProblemKind(409, N_("您修改的数据（{instance_id}）已过期：服务器上已有更新的版本。")),
    "submission_deleted": ProblemKind(409, N_("数据 {instance_id} 已被删除，不能再次提交。")),
    "edit_target_not_found": ProblemKind(404, N_("要修改的数据（{instance_id}）在服务器上找不到。")),
    # The registry: ID numbers, households, members, cadres, pairings and bulk imports.
    "id_number_length": ProblemKind(400, N_("证件号码应为 15、18、20 或 22 位，实际为 {length} 位。")),
    "id_number_characters": ProblemKind(400, N_("证件号码含有非法字符。")),
    "id_number_check_digit": ProblemKind(400, N_("证件号码校验位不正确。")),
    "id_number_birth_date": ProblemKind(400, N_("证件号码中的出生日期无效。")),
    "id_number_disability_suffix": ProblemKind(400, N_("残疾人证号末两位应为残疾类别（1–7）和残疾等级（1–4）。")),
    "id_number_sex_mismatch": ProblemKind(400, N_("性别与证件号码不符。")),
    "id_number_birth_mismatch": ProblemKind(400, N_("出生日期与证件号码不符。")),
    "id_number_repeated": ProblemKind(400, N_("证件号码与第 {other_row} 行重复。")),
    "id_number_taken": ProblemKind(409, N_("该证件号码已登记在户“{household_code}”。")),
    "value_required": ProblemKind(400, N_("此项不能为空。")),
    "unknown_code": ProblemKind(400, N_("“{value}”不是有效的{list}代码或名称。")),
    "invalid_date": ProblemKind(400, N_("“{value}”不是有效日期（应为 2018-01-31 的格式）。")),
    "invalid_number": ProblemKind(400, N_("“{value}”不是整数。")),
    "value_out_of_range": ProblemKind(400, N_("{value} 不在 {low}–{high} 之间。")),
    "invalid_yes_no": ProblemKind(400, N_("“{value}”应为“是”或“否”。")),
    "not_a_village": ProblemKind(400, N_("区划代码“{code}”不是嘎查村级代码。")),
    "village_township_unknown": ProblemKind(400, N_("嘎查村代码“{code}”所属的苏木乡镇不存在。")),
    "village_name_required": ProblemKind(400, N_("嘎查村“{code}”尚未登记，须填写嘎查村名称。")),
    "too_many_other_causes": ProblemKind(400, N_("其他致贫原因最多两项。")),
    "other_cause_repeats_main": ProblemKind(400, N_("其他致贫原因不能与主要致贫原因重复。")),
    "other_causes_repeated": ProblemKind(400, N_("其他致贫原因不能重复。")),
    "exit_year_required": ProblemKind(400, N_("已脱贫户须填写脱贫年度。")),
    "return_year_required": ProblemKind(400, N_("返贫户须填写返贫年度。")),
    "head_count": ProblemKind(400, N_("每户须有且仅有一名户主，户“{household_code}”有 {count} 名。")),
    "spouse_count": ProblemKind(400, N_("每户最多一名配偶。")),
    "head_spouse_same_sex": ProblemKind(400, N_("户主与配偶性别相同。")),
    "relation_sex_mismatch": ProblemKind(400, N_("与户主关系“{relation}”与性别不符。")),
    "health_exclusive": ProblemKind(400, N_("健康状况“健康”不能与其他状况同时选择。")),
    "education_and_school": ProblemKind(400, N_("文化程度与在校生状况只能填写一项。")),
    "work_area_required": ProblemKind(400, N_("务工时间大于 0 时须填写务工区域。")),
    "cause_illness_unsupported": ProblemKind(400, N_("致贫原因含因病，但没有成员患有长期慢性病或大病。")),
    "cause_disability_unsupported": ProblemKind(400, N_("致贫原因含因残，但没有成员残疾。")),
    "cause_school_unsupported": ProblemKind(400, N_("致贫原因含因学，但没有在校生。")),
    "inconsistent_value": ProblemKind(400, N_("与第 {first_row} 行的“{first}”不一致。")),
    "household_code_taken": ProblemKind(409, N_("户编号“{household_code}”已存在。")),
    "unknown_household": ProblemKind(400, N_("户编号“{household_code}”不存在。")),
    "unknown_cadre_phone": ProblemKind(400, N_("没有联系电话为“{phone}”的帮扶干部。")),
    "pairing_dates": ProblemKind(400, N_("结对结束日期早于开始日期。")),
    "primary_pairing_overlap": ProblemKind(409, N_("户“{household_code}”在 {day} 已有主要帮扶干部。")),
    "cadre_login_needs_cadre": ProblemKind(400, N_("帮扶干部账号须填写所关联帮扶干部的联系电话。")),
    "missing_column": ProblemKind(400, N_("缺少必需的列“{column}”。")),
    "import_empty": ProblemKind(400, N_("文件中没有数据行。")),
    "import_format": ProblemKind(400, N_("只接受 .xlsx 或 .csv 文件。")),
    "import_unreadable": ProblemKind(400, N_("无法读取文件：{detail}")),
    "import_rejected": ProblemKind(422, N_("文件有 {count} 处错误，未写入任何数据。")),
    # The receiver: validating a submission against its form and the registry, reviews and conflicts.
    "submission_rejected": ProblemKind(400, N_("数据已收到，但未通过校验，未被采用：{reasons}。请修改后重新提交。")),
    "answer_problem": ProblemKind(400, N_("“{label}”：{detail}")),
    "row_answer_problem": ProblemKind(400, N_("“{label}”（第 {row} 行）：{detail}")),
    "invalid_decimal": ProblemKind(400, N_("“{value}”不是数字。")),
    "invalid_answer": ProblemKind(400, N_("“{value}”的格式不对。")),
    "unknown_choice": ProblemKind(400, N_("“{value}”不是可选的答案。")),
    "period_invalid": ProblemKind(400, N_("报告期“{period}”的格式不对，应为“年份Q季度”，如 2018Q1。")),
    "period_too_early": ProblemKind(400, N_("报告期“{period}”早于 {first}，不存在。")),
    "period_in_future": ProblemKind(400, N_("报告期“{period}”尚未开始（数据收到于 {received}）。")),
    "total_mismatch": ProblemKind(400, N_("“{label}”为 {total}，与各分项计算结果 {expected} 不符。")),
    "head_count_too_many": ProblemKind(400, N_("家庭成员中有 {count} 名户主，每户只能有一名。")),
    "cadre_not_paired": ProblemKind(400, N_("提交人{cadre}在走访日期 {visit_date} 未与该户结对。")),
    "household_outside_region": ProblemKind(400, N_("该户不在提交人{submitter}负责的区域内。")),
    "form_warning": ProblemKind(400, N_("表单提示：{message}")),
    "visit_after_receipt": ProblemKind(400, N_("走访日期 {visit_date} 晚于数据收到的日期 {received}。")),
    "visit_before_period": ProblemKind(400, N_("走访日期 {visit_date} 早于报告期 {period} 的第一天。")),
    "period_after_visit": ProblemKind(400, N_("报告期 {period} 晚于走访日期 {visit_date} 所在的季度。")),
    "implausible_value": ProblemKind(400, N_("“{label}”为 {value}，超过合理上限 {limit}，请核实。")),
    "member_count_differs": ProblemKind(400, N_("家庭人口数 {count} 与登记的 {registered} 人相差较大，请核实。")),
    "review_state_unknown": ProblemKind(400, N_("未知审核状态“{state}”，可选：{choices}。")),
    "review_comment_required": ProblemKind(400, N_("标记为“有问题”或“退回”时须写明要修改什么，干部会在手机上看到。")),
    "conflict_pick_unknown": ProblemKind(400, N_("数据 {instance_id} 不属于这一冲突。")),
    "conflict_resolution_invalid": ProblemKind(400, N_("请用 instance_id 选定一份数据，或用 base 和 fields 逐项合并。")),
    # Rounds: quarterly collection, its lock and the admission of late submissions.
    "round_invalid": ProblemKind(400, N_("“{name}”不是有效的轮次，应为如 2018Q1 的格式。")),
    "round_not_started": ProblemKind(404, N_("轮次 {name} 尚未开始。")),
    "round_already_open": ProblemKind(409, N_("轮次 {name} 已经开启。")),
    "round_event_unknown": ProblemKind(400, N_("未知事件“{kind}”，可选：{choices}。")),
    "entry_not_held": ProblemKind(409, N_("数据 {instance_id} 不在锁定后待纳入状态，无需纳入。")),
    "login_failed": ProblemKind(401, N_("用户名或密码错误。")),
    "login_throttled": ProblemKind(429, N_("登录失败次数过多，请一分钟后再试。")),
}


class Problem(Exception):
    """A catalogued problem raised by domain code; the edge decides how to show it."""

    def __init__(self, code: str, /, **params):
        if code not in CATALOGUE:
            raise KeyError(f"problem code {code!r} is not in the catalogue")
        self.code = code
        self.params = params
        super().__init__(f"{code}: {params}")

    @property
    def status(self) -> int:
        return CATALOGUE[self.code].status

    @property
    def message(self) -> str:
        """The untranslated (Chinese) message template."""
        return CATALOGUE[self.code].message

    def render(self, translate=lambda text: text) -> str:
        """Return the message, translated by translate, with the parameters filled in."""
        params = {name: _render_param(value, translate) for name, value in self.params.items()}
        return translate(self.message).format(**params)


def _render_param(value, translate):
    """Render a nested Problem (or a list of them, joined by "；") in the same language as its parent."""
    if isinstance(value, Problem):
        return value.render(translate)
    if isinstance(value, (list, tuple)) and value and all(isinstance(item, Problem) for item in value):
        return "；".join(item.render(translate).rstrip("。.") for item in value)
    return value
