"""Header text that would not be published as typed: YAML traps and markup in text fields.

YAML silently drops a `# …` after a value (`title: 楼道公约的制定 #2 复盘` publishes as
"楼道公约的制定"), a leading `!tag`, and turns backslashes in double quotes into escapes.
Markup in a text field is shown on the pages as the literal characters. Each is reported
with the quoted form that keeps the text whole.
"""

from __future__ import annotations

import re

from generator.checks.personal_data import masked_text
from generator.checks.published import scalars
from generator.core.problems import Problem, error, warning
from generator.core.sources import Document
from generator.core.yamltree import Node

# Fields whose text is published: a "#" in them is part of the text, never a deliberate comment.
TEXT_FIELDS = ("title", "summary", "community", "region", "supervisor", "authors")
# A link's text stops at a bracket and its target at a parenthesis: "[[[[…" is read once, not once per "[".
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]{0,80}>?|javascript\s*:|\*\*[^*]+\*\*|!?\[[^\[\]]*\]\([^()]*\)|\{\{|\{%")


def check_header_text(doc: Document) -> list[Problem]:
    if doc.meta is None or doc.meta.mapping is None:
        return []
    lines: list[str] = []
    problems = []
    for field, node in scalars(doc.meta):
        if node.comment or node.tag or node.escaped:
            lines = lines or doc.text.split("\n")
            problems += _traps(doc, lines, field, node)
        if field.split(".")[0] in TEXT_FIELDS and node.scalar and (m := MARKUP.search(node.scalar)):
            problems.append(warning(doc.shown, node.line, "头信息标记",
                                    f"{field} 里有标记“{_short(masked_text(m[0]))}”，网站会把它原样显示成文字",
                                    "头信息只写纯文字：删掉 HTML、链接和 ** 之类的标记"))
    return problems


def _traps(doc: Document, lines: list[str], field: str, node: Node) -> list[Problem]:
    typed = lines[node.line - 1][node.col:].rstrip() if node.line <= len(lines) else ""
    prefix = "- " if typed and lines[node.line - 1][:node.col].rstrip().endswith("-") else f"{field.split('.')[-1]}: "
    shown = node.scalar or ""
    # what a message quotes of the value, its personal data masked (a message is shown and logged)
    said, comment, line = masked_text(shown), masked_text(node.comment or ""), masked_text(typed)
    if node.comment and not _set_off(typed, shown) and (
            field in TEXT_FIELDS or not typed[typed.rfind("#") + 1:][:1].isspace()):
        report, kept = (warning, f"网站只会显示“{said}”") if shown else (error, "这一项是空的")
        return [report(doc.shown, node.line, "文字丢失",
                       f"{field} 中“#”之后的“{comment}”被 YAML 当作注释丢掉，{kept}",
                       f"把整个值用引号括起来：{prefix}{_quoted(line.strip())}")]
    if node.tag:
        return [warning(doc.shown, node.line, "文字丢失",
                        f"{field} 开头的“{node.tag}”被 YAML 当作类型标记丢掉，网站只会显示“{said}”",
                        f"把整个值用引号括起来：{prefix}{_quoted(line)}")]
    if node.escaped:
        raw = line[1:line.rfind('"')] if line.startswith('"') else line
        return [warning(doc.shown, node.line, "文字丢失",
                        f"{field} 双引号里的反斜杠“\\”被 YAML 当作转义符，网站会显示成“{_short(said)}”",
                        f"改用单引号：{prefix}'{raw}'")]
    return []


def _set_off(typed: str, shown: str) -> bool:
    """A comment set off by two spaces or a tab (`community: 和平路社区  # 出现 2 次`), as caselib's
    templates and importer write them, is meant as one; `#2` after one space is lost text."""
    at = typed.find("#", len(shown))
    return at >= 2 and (typed[at - 2:at] == "  " or typed[at - 1] == "\t")


def _quoted(text: str) -> str:
    """`text` as one YAML value: double quotes unless it holds quotes or backslashes."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


VISIBLE = str.maketrans({"\n": "（换行）", "\t": "（制表符）", "\r": "（回车）"})


def _short(text: str, limit: int = 30) -> str:
    text = text.translate(VISIBLE)
    return text if len(text) <= limit else text[:limit] + "…"
