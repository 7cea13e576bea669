"""Personal data in a case file: phone, ID and card numbers, e-mail, WeChat/QQ, home addresses, plates."""

from __future__ import annotations

import re

from generator.checks.names import RELATIVES, introduced_names
from generator.checks.personal_data import find_pii
from generator.core.problems import Problem, error, warning
from generator.core.sources import Document

MAX_FINDINGS = 30

_PARTLY = "删除，或改写为部分隐藏的形式（如 {}）"
_ALLOW = "；如果这是公开的服务电话，在头信息 privacy 下写 allow: [\"这个号码\"]，只对这个号码放行"
# What to write instead, by kind. Only a phone number can be a public service number, so only
# phones get the allow-list hint; an account or address is never shown even partly hidden.
HINTS = {
    "mobile": _PARTLY.format("138****5678") + _ALLOW,
    "landline": _PARTLY.format("0531-****3456") + _ALLOW,
    "id-card": _PARTLY.format("3701**********1234") + "，或只写“已核对身份证件”",
    "bank-card": _PARTLY.format("6222 **** **** 1234") + "，或只写“本人的银行卡”",
    "email": "删除，或改为“（邮箱已隐去）”",
    "wechat": "删除，或改为“（微信号已隐去）”",
    "qq": "删除，或改为“（QQ号已隐去）”",
    "address": "只写到小区或“某楼”，不写单元和门牌号",
    "plate": _PARTLY.format("鲁A·***45") + "，或只写“居民的车”",
}


def check_privacy(doc: Document, allow: tuple[str, ...]) -> list[Problem]:
    problems = []
    for match in find_pii(doc.text, allow, limit=MAX_FINDINGS):
        line = doc.text.count("\n", 0, match.start) + 1
        # never echo the full value: the message itself must be safe to show and to log
        problems.append(error(doc.shown, line, "隐私信息", f"{match.label}“{match.masked}”不能出现在公开的案例中",
                              HINTS[match.kind]))
    return problems


RELATIVE_CUES = frozenset(RELATIVES.split("|"))
NEEDS_DECLARATION = ("service-case", "micro-project")  # kinds that describe residents


def check_declaration(case) -> list[Problem]:
    """A case about residents should record what the supervisor vouches for."""
    if case.kind.id not in NEEDS_DECLARATION or case.privacy.declared:
        return []
    return [warning(case.shown, case.line_of.get("kind", 2), "缺少隐私声明",
                    f"{case.kind.label}描写了真实居民，但头信息中没有 privacy 隐私声明",
                    "在头信息中加入：privacy: 换行后缩进写 pseudonymised: true（服务对象已用化名）、"
                    "pseudonyms: [文中用到的化名]、consent: written（书面同意；或 verbal、guardian、not-applicable）")]


CHILD_DETAIL = re.compile(
    r"(?:\d{4}|[〇零一二三四五六七八九]{4})年\d{1,2}月\d{1,2}日(?:出生|生)"
    r"|出生(?:日期|于)[:：]?\s*\d{4}[-年./]\d{1,2}[-月./]\d{1,2}"
    r"|[一二三四五六七八九\d]年级[一二三四五六七八九十\d]{1,2}班"
    r"|(?:初|高)[一二三]\s*[（(]?[一二三四五六七八九十\d]{1,2}[)）]?班")


def check_child_details(case) -> list[Problem]:
    """An exact birth date or school class identifies a child; it needs a guardian's consent."""
    if case.privacy.consent == "guardian" or not CHILD_DETAIL.search(case.body):   # most bodies: one scan
        return []
    problems = []
    for offset, line in enumerate(case.body.split("\n")):
        if found := [m[0] for m in CHILD_DETAIL.finditer(line)]:
            listed = "、".join(f"“{f}”" for f in found)
            problems.append(warning(case.shown, case.body_line + offset, "儿童信息",
                                    f"正文写了具体的出生日期或班级（{listed}），可能让人认出孩子",
                                    "删去具体日期和班级；确需保留时，"
                                    "取得监护人同意并在 privacy 中写 consent: guardian"))
    return problems


NAME_HINT = "改用化名（如 王阿姨、老王、小王、王某），或确认是化名后写进 privacy.pseudonyms"


def check_names(case) -> list[Problem]:
    """A full name introduced as a service user, resident or relative, not declared as a pseudonym."""
    known = frozenset((*case.privacy.pseudonyms, *case.authors, case.supervisor))
    problems = []
    for found in introduced_names(case.body, known):
        who = "服务对象家人或邻居" if found.cue in RELATIVE_CUES else "服务对象"
        problems.append(warning(case.shown, case.body_line + case.body.count("\n", 0, found.offset), "疑似真名",
                                f"“{found.name}”像是{who}的真实姓名", NAME_HINT))
    return problems
