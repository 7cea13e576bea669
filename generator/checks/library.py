"""Rules across files: titles and web addresses must be unique."""

from __future__ import annotations

from ..model import Case
from ..problems import Problem, error
from ..text import match_key


def check_library(cases: list[Case]) -> list[Problem]:
    problems: list[Problem] = []
    for field, label in (("slug", "网址（slug）"), ("title", "标题")):
        first: dict[str, Case] = {}
        for case in sorted(cases, key=lambda c: c.shown):
            key = match_key(getattr(case, field))
            if key in first:
                other = first[key]
                problems.append(error(
                    case.shown, case.line_of.get(field, case.line_of.get("title", 2)), "重复",
                    f"{label}“{getattr(case, field)}”与 {other.shown} 重复",
                    "改一个不同的标题" if field == "title" else "在头信息中写一个不同的 slug: ，或给文件改名"))
            else:
                first[key] = case
    return problems
