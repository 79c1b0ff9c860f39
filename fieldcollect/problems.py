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
        return translate(self.message).format(**self.params)
