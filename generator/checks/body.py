"""The Markdown body: present, filled in, and (for service cases) complete."""

from __future__ import annotations

import re

from generator.checks.fields import PLACEHOLDER, placeholder_hint
from generator.core.problems import Problem, error, warning
from generator.core.sources import Document
from generator.core.vocabulary import Term

HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
MIN_BODY_CHARS = 50
WHITESPACE = re.compile(r"\s+")


def check_body(doc: Document, kind: Term | None) -> list[Problem]:
    """Body rules; they run even when the header has errors, so one run shows everything."""
    lines = doc.body.split("\n")
    text = WHITESPACE.sub("", doc.body)
    if not text:
        return [error(doc.shown, doc.body_line, "正文为空", "头信息之后没有正文", "在第二个 --- 之后写案例正文")]
    problems = [
        error(doc.shown, doc.body_line + i, "未填写", "正文里还有模板的提示文字", placeholder_hint(line))
        for i, line in enumerate(lines) if PLACEHOLDER in line
    ]
    if len(text) < MIN_BODY_CHARS and not problems:
        problems.append(warning(doc.shown, doc.body_line, "正文过短", f"正文只有 {len(text)} 个字",
                                "案例需要写清楚背景、做法和效果，别人才能借鉴"))
    if kind is not None and kind.sections:
        problems += _missing_sections(doc, kind, lines)
    return problems


def _missing_sections(doc: Document, kind: Term, lines: list[str]) -> list[Problem]:
    headings = [m[1] for line in lines if (m := HEADING.match(line))]
    missing = [s.label for s in kind.sections
               if not any(k in h for h in headings for k in (s.label, *s.keywords))]
    if not missing:
        return []
    return [warning(doc.shown, doc.body_line, "缺少章节",
                    f"{kind.label}缺少常规章节：{'、'.join(missing)}",
                    "用 ## 标题分节，例如 “## " + missing[0] + "”；标题措辞可以不同，但要包含关键词")]

