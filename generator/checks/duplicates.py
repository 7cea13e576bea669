"""Rules across files: titles and web addresses must be unique, and titles clearly different.

The same title or web address twice is an error (two pages cannot share one address, and
readers cannot tell the cases apart). Titles that differ only in punctuation, spaces, width
or Traditional/Simplified forms are a warning naming both files: often the same case twice.
"""

from __future__ import annotations

from generator.core.model import Case
from generator.core.problems import Problem, error, warning
from generator.core.text import loose_key, match_key


def check_library(cases: list[Case]) -> list[Problem]:
    ordered = sorted(cases, key=lambda c: c.shown)
    return _same(ordered, "slug") + _same(ordered, "title") + _near_titles(ordered)


def _same(cases: list[Case], field: str) -> list[Problem]:
    key = match_key if field == "slug" else _exact
    first: dict[str, Case] = {}
    problems = []
    for case in cases:
        other = first.setdefault(key(getattr(case, field)), case)
        if other is not case:
            label = "网址（slug）" if field == "slug" else "标题"
            problems.append(error(
                case.shown, _line(case, field), "重复", f"{label}“{getattr(case, field)}”与 {other.shown} 重复",
                "改一个不同的标题" if field == "title" else "在头信息中写一个不同的 slug: ，或给文件改名"))
    return problems


def _near_titles(cases: list[Case]) -> list[Problem]:
    first: dict[str, Case] = {}
    problems = []
    for case in cases:
        other = first.setdefault(loose_key(case.title), case)
        if other is not case and _exact(other.title) != _exact(case.title):
            problems.append(warning(
                case.shown, _line(case, "title"), "标题相近",
                f"标题“{case.title}”与 {other.shown} 的“{other.title}”只差标点、空格、全角半角或繁简写法",
                "如果是同一篇案例，删掉其中一个文件；如果不是，把标题改得能区分开"))
    return problems


def _exact(title: str) -> str:
    return " ".join(title.split())


def _line(case: Case, field: str) -> int:
    return case.line_of.get(field, case.line_of.get("title", 2))
