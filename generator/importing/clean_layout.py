"""Layout left behind by copying: whole articles flattened onto one line, paragraphs cut
into lines (often across a blank line where a page ended), numbered Chinese headings
written as plain lines, and full-width letters and digits.
"""

from __future__ import annotations

import re
from itertools import pairwise

_END = "。！？!?…；;：:”」』）)】"
_BREAK_AFTER = "。！？!?…”"
_LONG_LINE = 300
# In a long single-line article, a space after the end of a sentence (or before an author mark □)
# is where a paragraph was.
# Each alternative starts only at the first space of a run, so a long run of spaces costs its length once.
_PARAGRAPH_GAP = re.compile(rf"(?<=[{_BREAK_AFTER}]) +(?=[^\s{_BREAK_AFTER}])|(?<! ) +(?=□)")
_AFTER_SIGNATURE = re.compile(r"(□[^□。！？\n]{1,30}?[)）]) +")    # □讲述人 夏敏（北京居民区） 2021年…


def split_flattened_paragraphs(text: str) -> tuple[str, int]:
    """A whole article on one line with spaces where paragraphs were → one paragraph per line."""
    out, count = [], 0
    for line in text.split("\n"):
        if len(line) >= _LONG_LINE and not _is_structure(line):
            line, n = _PARAGRAPH_GAP.subn("\n\n", line)
            line, m = _AFTER_SIGNATURE.subn("\\1\n\n", line)
            count += n + m
        out.append(line)
    return "\n".join(out), count


_STRUCTURE = re.compile(r"^\s*(?:#|>|\||[-*+] |[0-9]+[.)] |!\[|```)")
_AUTHOR_MARK = re.compile(r"^\s*(?:□|■|◎|文[/:：]|作者[:：]|讲述人)")
_CJK_TAIL = re.compile(r"[\u3400-\u9fff，、“‘（(《0-9A-Za-z]$")
_CJK_HEAD = re.compile(r"^[\u3400-\u9fff，、。”’）)》0-9A-Za-z]")
_SHORT = 25


def join_hard_wraps(text: str) -> tuple[str, int]:
    """A sentence cut into lines (also across one blank line, where a page ended) → one paragraph."""
    lines = text.split("\n")
    out: list[str] = []
    count = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt, gap = _next_text_line(lines, i)
        while nxt is not None and _continues(line, lines[nxt]):
            line = _glue(line, lines[nxt].strip())
            count += 1
            i = nxt
            nxt, gap = _next_text_line(lines, i)
        out.append(line)
        i += 1
    return "\n".join(out), count


def _next_text_line(lines: list[str], i: int) -> tuple[int | None, int]:
    """The next non-blank line if at most one blank line lies between."""
    for gap, j in enumerate(range(i + 1, min(i + 3, len(lines)))):
        if lines[j].strip():
            return j, gap
    return None, 0


def _continues(line: str, nxt: str) -> bool:
    a, b = line.rstrip(), nxt.strip()
    if not a or not b or a[-1] in _END or _is_structure(a) or _is_structure(b):
        return False
    if _AUTHOR_MARK.match(a) or _AUTHOR_MARK.match(b) or numbered_heading_level(a) or numbered_heading_level(b):
        return False
    if len(a.strip()) <= _SHORT and not re.search(r"[，,、“]", a):
        return False   # a title, a community name, a signature: not a cut sentence
    return bool(_CJK_TAIL.search(a) and _CJK_HEAD.match(b))


def _glue(a: str, b: str) -> str:
    a = a.rstrip()
    space = " " if a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum() else ""
    return a + space + b


def _is_structure(line: str) -> bool:
    return bool(_STRUCTURE.match(line))


_LIST_ITEM = re.compile(r"^\s*(?:[-*+] |[0-9]+[.)] )")
_TABLE_ROW = re.compile(r"^\s*\|")


def separate_paragraphs(text: str) -> tuple[str, int]:
    """One paragraph per line (as text files and web copies have it) → a blank line between
    paragraphs, which Markdown needs; list items and table rows stay together."""
    lines = text.split("\n")
    out, count = [], 0
    for prev, line in pairwise(["", *lines]):
        together = any(p.match(prev) and p.match(line) for p in (_LIST_ITEM, _TABLE_ROW))
        if prev.strip() and line.strip() and not together:
            out.append("")
            count += 1
        out.append(line)
    return "\n".join(out), count


_NUM = "一二三四五六七八九十百零〇"
_HEADINGS = (
    (re.compile(rf"^第[{_NUM}0-9]{{1,3}}(?:部分|章|节|篇)"), 2),
    (re.compile(rf"^[{_NUM}]{{1,3}}[、.．]"), 2),
    (re.compile(rf"^[（(][{_NUM}]{{1,3}}[)）]"), 3),
    (re.compile(r"^[0-9]{1,2}[、.．](?![0-9])"), 4),
)
_MAX_HEADING = 30


def numbered_heading_level(line: str) -> int:
    """2, 3 or 4 for 一、/第一部分, （一）, 1. lines that read as headings (short, no sentence in them)."""
    bare = line.strip()
    if not bare or len(bare) > _MAX_HEADING or re.search(r"[。！？!?；;，,]", bare.rstrip("。")) or bare.endswith("。"):
        return 0
    for pattern, level in _HEADINGS:
        if pattern.match(bare):
            return level
    return 0


def mark_numbered_headings(text: str) -> tuple[str, int]:
    """`一、服务背景` → `## 一、服务背景`; `（一）` → `###`; `1.` → `####`."""
    out, count = [], 0
    for line in text.split("\n"):
        level = numbered_heading_level(line) if not _is_structure(line) else 0
        if level:
            line = "#" * level + " " + line.strip()
            count += 1
        out.append(line)
    return "\n".join(out), count


_FULLWIDTH = {cp: cp - 0xFEE0 for cp in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}


def halfwidth_letters_digits(text: str) -> tuple[str, int]:
    """`ＳＷＯＴ２０２１` → `SWOT2021` (Chinese punctuation stays full-width)."""
    count = sum(text.count(chr(cp)) for cp in _FULLWIDTH) if any(chr(cp) in text for cp in _FULLWIDTH) else 0
    return text.translate(_FULLWIDTH), count
