"""Links to images and other cases must point at files that exist inside cases/.

Split in two so a cached check stays right: which links a body has depends on the file alone
(`link_targets`, cached with the other checks), whether their targets exist does not
(`verify_links`, asked again on every run)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator.core.assets import ALLOWED_TEXT, publishable
from generator.core.body_links import is_case_link, local_links
from generator.core.problems import Problem, error
from generator.core.sources import Document


@dataclass(frozen=True)
class Target:
    """A local link of a body: whether its target exists is asked again on every run."""
    line: int                       # in the file
    written: str                    # the target as written
    path: Path                      # the file it resolves to
    what: Literal["案例", "文件"]    # a link to another case, or to an image or attachment


def link_targets(doc: Document) -> tuple[Target, ...]:
    if "](" not in doc.body:
        return ()
    return tuple(Target(doc.body_line + link.line, link.target, link.path, "案例" if is_case_link(link) else "文件")
                 for link in local_links(doc.body, doc.path))


def verify_links(shown: str, targets: tuple[Target, ...], cases_root: Path) -> list[Problem]:
    problems = []
    for t in targets:
        if not t.path.is_file():
            problems.append(error(shown, t.line, "链接失效", f"找不到链接的{t.what}“{t.written}”",
                                  "检查文件名和路径（相对于这篇案例所在的文件夹），或删掉这个链接"))
        elif not t.path.resolve().is_relative_to(cases_root.resolve()):
            problems.append(error(shown, t.line, "链接失效", f"链接“{t.written}”指向 cases/ 以外的{t.what}",
                                  "把图片或附件放进 cases/ 文件夹，再用相对路径链接"))
        elif t.what == "文件" and not publishable(t.path, cases_root):
            kind = t.path.suffix.lower() or "没有扩展名的"
            problems.append(error(shown, t.line, "不发布的文件",
                                  f"链接的“{t.written}”是 {kind} 文件：网站不发布这种文件（浏览器可能运行其中的脚本），"
                                  "网站不会生成，预览中这个链接打不开",
                                  f"{ALLOWED_TEXT}；网页或 svg 请另存为 pdf 或 png"))
    return problems
