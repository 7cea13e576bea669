"""The Markdown body: present, filled in, and (for service cases) complete, as its reader sees it
(`reader_text`: a body of zero-width spaces is empty, a placeholder split by one is still a placeholder)."""

from __future__ import annotations

import re

from generator.checks.fields import PLACEHOLDER, placeholder_hint
from generator.checks.reader_text import reader_text
from generator.core.problems import Problem, error, warning
from generator.core.sources import Document
from generator.core.vocabulary import Term

HEADING = re.compile(r"#{1,6}\s+(.+)")     # its text without closing hashes: heading_text
MIN_BODY_CHARS = 50
HINT_CHARS = 100      # of a placeholder's text, for the hint
WHITESPACE = re.compile(r"\s+")


def check_body(doc: Document, kind: Term | None) -> list[Problem]:
    """Body rules; they run even when the header has errors, so one run shows everything."""
    shown = reader_text(doc.body)
    lines = shown.text.split("\n")
    text = WHITESPACE.sub("", shown.text)
    if not text:
        return [error(doc.shown, doc.body_line, "正文为空", "头信息之后没有正文", "在第二个 --- 之后写案例正文")]
    problems = [error(doc.shown, line, "未填写", "正文里还有模板的提示文字", placeholder_hint(typed))
                for line, typed in _placeholder_lines(doc, shown.text, shown.source_start).items()]
    if len(text) < MIN_BODY_CHARS and not problems:
        problems.append(warning(doc.shown, doc.body_line, "正文过短", f"正文只有 {len(text)} 个字",
                                "案例需要写清楚背景、做法和效果，别人才能借鉴"))
    if kind is not None and kind.sections:
        problems += _missing_sections(doc, kind, lines)
    return problems


def _placeholder_lines(doc: Document, text: str, source_start) -> dict[int, str]:
    """File line → the placeholder's text on it (the first, up to HINT_CHARS), once per line; linear:
    each line is looked at once, lines are counted on from the last one."""
    found: dict[int, str] = {}
    at, line, counted = text.find(PLACEHOLDER), doc.body_line, 0
    while at >= 0:
        source = source_start(at)
        line += doc.body.count("\n", counted, source)
        counted = source
        end = text.find("\n", at)
        end = end if end >= 0 else len(text)
        found.setdefault(line, text[at:min(end, at + HINT_CHARS)])
        at = text.find(PLACEHOLDER, end)
    return found


def _missing_sections(doc: Document, kind: Term, lines: list[str]) -> list[Problem]:
    headings = [heading_text(m[1]) for line in lines if (m := HEADING.match(line))]
    missing = [s.label for s in kind.sections
               if not any(k in h for h in headings for k in (s.label, *s.keywords))]
    if not missing:
        return []
    return [warning(doc.shown, doc.body_line, "缺少章节",
                    f"{kind.label}缺少常规章节：{'、'.join(missing)}",
                    "用 ## 标题分节，例如 “## " + missing[0] + "”；标题措辞可以不同，但要包含关键词")]



def heading_text(written: str) -> str:
    """A heading's text without its closing hashes and spaces (a regex for it backtracks on long lines)."""
    return written.rstrip().rstrip("#").rstrip() or written[:1]
