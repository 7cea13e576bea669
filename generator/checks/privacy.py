"""Personal data in a case file: phone, ID and card numbers, e-mail, WeChat/QQ, home addresses, plates."""

from __future__ import annotations

import bisect

from ..pii import find_pii
from ..problems import Problem, error
from ..sources import Document

MAX_FINDINGS = 30


def check_privacy(doc: Document, allow: tuple[str, ...]) -> list[Problem]:
    newlines = [i for i, ch in enumerate(doc.text) if ch == "\n"]
    problems = []
    for match in find_pii(doc.text, allow, limit=MAX_FINDINGS):
        line = bisect.bisect_left(newlines, match.start) + 1
        hint = "删除，或改写为部分隐藏的形式（如 138****5678）"
        if match.kind in ("mobile", "landline"):  # never echo the full value: the message itself must be safe
            hint += "；如果这是公开的服务电话，在头信息 privacy 下写 allow: [\"这个号码\"]，只对这个号码放行"
        problems.append(error(doc.shown, line, "隐私信息", f"{match.label}“{match.masked}”不能出现在公开的案例中", hint))
    return problems
