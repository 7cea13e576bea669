"""Outcome evidence: a service case's 成效评估 section should show what changed, in figures.

Case-writing training asks for results a reader can weigh: indicators (参与率, 受益率, 需求满足率,
满意率), counts of people, households and visits (人次, 户), before/after numbers, percentages.
A 成效评估 section with none of these ("效果很好，居民很满意") gets a warning with a hint. The
section is found by the kind's section keywords in site_config.yml; each heading belongs to the
first section whose label or keyword it contains, so "需求评估" stays a needs section.
"""

from __future__ import annotations

import re

from generator.checks.body import HEADING
from generator.core.problems import Problem, warning
from generator.core.sources import Document
from generator.core.vocabulary import Term

OUTCOME = "成效评估"   # the section label in site_config.yml
# Digits, or Chinese numerals other than a bare 一 ("又一次" is not a count).
_NUMERAL = r"(?:\d[\d,，.]*|(?:[两三四五六七八九十百千万]|一[十百千万])[零一二两三四五六七八九十百千万]*[多余]?)"
EVIDENCE = re.compile(
    r"参与率|受益率|需求满足率|满意率|覆盖率|知晓率|人次|户次"
    rf"|{_NUMERAL}\s*(?:%|％|个百分点|成|倍)|百分之"
    rf"|{_NUMERAL}\s*(?:名|位|人|户|家|次|场|份|件|处|元)"
)
_LEVEL = re.compile(r"^(#{1,6})\s")


def check_outcome(doc: Document, kind: Term | None) -> list[Problem]:
    if kind is None or not any(s.label == OUTCOME for s in kind.sections):
        return []
    lines = doc.body.split("\n")
    found = _outcome_section(lines, kind)
    if found is None:
        return []   # a missing section is reported by body.py
    start, text = found
    if EVIDENCE.search(text):
        return []
    return [warning(doc.shown, doc.body_line + start, "缺少成效数据", f"“{OUTCOME}”一节没有数字或指标",
                    "写出变化的数字：参与人次、服务户数、参与率、满意率，"
                    "或前后对比（如 楼道堆物从 143 处减少到 51 处）")]


def _level(line: str) -> int:
    """A heading's level (1–6); 7 for a line that is not an ATX heading."""
    m = _LEVEL.match(line)
    return len(m[1]) if m else 7


def _outcome_section(lines: list[str], kind: Term) -> tuple[int, str] | None:
    """(line offset of the heading, text up to the next heading of its level or above)."""
    for i, line in enumerate(lines):
        m = HEADING.match(line)
        if m and _section_of(m[1], kind) == OUTCOME:
            level = _level(line)
            end = next((j for j in range(i + 1, len(lines))
                        if HEADING.match(lines[j]) and _level(lines[j]) <= level), len(lines))
            return i, "\n".join(lines[i + 1:end])
    return None


def _section_of(heading: str, kind: Term) -> str | None:
    return next((s.label for s in kind.sections if any(k in heading for k in (s.label, *s.keywords))), None)
