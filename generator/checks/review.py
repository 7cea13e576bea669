"""The optional `review:` block: who reviewed a case, when, notes, and the 案例征集 criteria.

Supervisors review cases against five criteria (真实性, 专业性, 示范性, 创新性, 可读性) before they
are published. The block is read with the header's field rules; a published case whose review left
a criterion unmet gets a warning, and a published page shows "督导审核：姓名，日期".
"""

from __future__ import annotations

import difflib

from generator.checks.fields import DATE, FieldReader
from generator.core.model import CRITERIA, Case, Review
from generator.core.problems import Problem
from generator.core.sources import Document
from generator.core.vocabulary import Vocabulary

KEYS = ("reviewer", "date", "notes", "criteria")
EXAMPLE = "写成 review: 换行后缩进两格写 reviewer: 周静、date: 2024-05-10、criteria: 换行后再缩进写 真实性: 是"


def check_review(doc: Document, vocab: Vocabulary, case: Case | None) -> tuple[Review | None, list[Problem]]:
    """The case's review and its problems; None when there is no block."""
    node = doc.meta.mapping.get("review") if doc.meta is not None and doc.meta.mapping else None
    if node is None:
        return None, []
    problems: list[Problem] = []
    header = FieldReader(doc, vocab, doc.meta, problems)
    if node.mapping is None:
        header.error(header.line("review"), "类型错误", "review 应该是几行缩进的子字段", EXAMPLE)
        return None, problems
    reader = FieldReader(doc, vocab, node, problems)
    for key in node.mapping.keys() - set(KEYS):
        reader.warn(reader.line(key), "未知字段", f"review 中不认识 {key}", f"可用：{'、'.join(KEYS)}")
    review = Review(reader.text("reviewer"), _date(reader), reader.text("notes"), _criteria(reader))
    if case is not None and case.status == "published" and review.unmet:
        reader.warn(reader.line("criteria"), "审核未通过", f"已发布，但审核中“{'、'.join(review.unmet)}”没有勾选",
                    "按审核意见修改后把它们改为 是；还没改好的案例请把 status 改为 review")
    return review, problems


def _date(reader: FieldReader) -> str:
    value, line = reader.scalar("date")
    if value and not DATE.match(value):
        reader.error(line, "日期格式", f"review 的 date“{value}”不是规定的日期格式", "写成 YYYY-MM-DD，例如 2024-05-10")
        return ""
    return value or ""


def _criteria(reader: FieldReader) -> tuple[tuple[str, bool], ...]:
    node = reader.fields.get("criteria")
    if node is None:
        return ()
    if node.mapping is None:
        reader.error(reader.line("criteria"), "类型错误", "criteria 应该是几行“标准: 是/否”",
                     f"换行后缩进写，例如 真实性: 是；标准有：{'、'.join(CRITERIA)}")
        return ()
    sub = FieldReader(reader.doc, reader.vocab, node, reader.problems)
    for key in node.mapping.keys() - set(CRITERIA):
        guess = difflib.get_close_matches(key, CRITERIA, n=1, cutoff=0.3)
        hint = f"是否指 {guess[0]}？" if guess else f"标准有：{'、'.join(CRITERIA)}"
        sub.error(sub.line(key), "未知标准", f"criteria 中的“{key}”不是案例征集的审核标准", hint)
    checked = ((name, sub.boolean(name)) for name in CRITERIA if name in node.mapping)
    return tuple((name, met) for name, met in checked if met is not None)
