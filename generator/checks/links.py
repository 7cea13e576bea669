"""Links to images and other cases must point at files that exist inside cases/."""

from __future__ import annotations

from pathlib import Path

from ..links import is_case_link, local_links
from ..problems import Problem, error
from ..sources import Document


def check_links(doc: Document, cases_root: Path) -> list[Problem]:
    if "](" not in doc.body:
        return []
    problems = []
    for link in local_links(doc.body, doc.path):
        line = doc.body_line + link.line
        what = "案例" if is_case_link(link) else "文件"
        if not link.path.is_file():
            problems.append(error(doc.shown, line, "链接失效", f"找不到链接的{what}“{link.target}”",
                                  "检查文件名和路径（相对于这篇案例所在的文件夹），或删掉这个链接"))
        elif not link.path.is_relative_to(cases_root):
            problems.append(error(doc.shown, line, "链接失效", f"链接“{link.target}”指向 cases/ 以外的{what}",
                                  "把图片或附件放进 cases/ 文件夹，再用相对路径链接"))
    return problems
