"""Where a reader sees a name: the pieces of a case body and header a reader takes in apart.

A name in running text needs context to be told from a word (a form of address, a cue, a self-introduction:
`names.context_names`). A piece a reader sees on its own — a heading, a table cell, a list item's label, an
image's alt text or caption, a link's text, a bold or italic span, a quoted line, the title — is often just a
name, with no context at all, so in such a piece (when it is short, `names.SHORT`) the segmenter and the name
tables decide alone (`names.short_unit_names`). Pieces are found line by line with bounded patterns (linear on
any input); a piece is further split at the punctuation that separates labels (陪伴：王秀英, 图1 王秀英).

Everything here works on the text as its reader sees it (`reader_text`), and maps offsets back to the source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from generator.checks.names import (
    MAX_NAMES,
    SHORT,
    STAFF,
    bare_names,
    context_names,
    declared_pseudonyms,
    dot_names,
    may_hold_a_name,
    short_unit_names,
)
from generator.checks.reader_text import reader_text


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    where: str          # 小标题, 表格, 列表, 图片说明, 链接文字, 加粗文字, 引用 …


@dataclass(frozen=True)
class FoundName:
    offset: int         # in the source text given
    name: str
    where: str
    why: str
    strong: bool


STRUCTURAL_STARTS = frozenset("#-*+>0123456789（(一二三四五六七八九十图![<")     # how a non-paragraph line may start
INLINE_MARK = re.compile(r"[\[*_<=]")
HEADING = re.compile(r" {0,3}#{1,6}[ \t]+")
SETEXT_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")
CHINESE_ENUMERATION = re.compile(r"[ \t]*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十0-9]{1,3}[)）])")
LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|[0-9]{1,9}[.)、])[ \t]+(?:\[[ xX]\][ \t]+)?")
QUOTE = re.compile(r"(?:[ \t]{0,3}>[ \t]?)+")
FENCE = re.compile(r"[ \t]{0,3}(?:`{3,}|~{3,})")
TABLE_SEPARATOR = re.compile(r"[ \t|:-]*-[ \t|:-]*$")
CELL_BORDER = re.compile(r"(?<!\\)\|")
CAPTION_LINE = re.compile(r"[ \t]*图\s*[0-9一二三四五六七八九十]+(?:[-.][0-9]+)?[\s.:：、]")
IMAGE = re.compile(r"!\[([^\[\]\n]{0,200})\]\([^()\n]{0,500}?(?:\"([^\"\n]{0,200})\"|'([^'\n]{0,200})')?\s*\)")
IMAGE_ONLY_LINE = re.compile(r"[ \t]*(?:\[)?!\[[^\[\]\n]{0,200}\]\([^()\n]{0,500}\)(?:\]\([^()\n]{0,500}\))?[ \t]*$")
LINK = re.compile(r"(?<!!)\[([^\[\]\n]{1,200})\](?=[(\[])")
HTML_ATTRIBUTE = re.compile(r"\b(?:alt|title)[ \t]*=[ \t]*(?:\"([^\"\n]{0,200})\"|'([^'\n]{0,200})')", re.IGNORECASE)
HTML_TEXT = re.compile(r"<(a|figcaption|caption|b|strong|em|i|th|td|li|h[1-6])\b[^<>\n]{0,300}>([^<>\n]{1,200})</\1>",
                       re.IGNORECASE)
EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)([^*_\n]{1,100}?)(?<=\S)\1")
# The punctuation that separates labels inside one piece (陪伴：王秀英 ——, 图1 王秀英, 张敏、李娜).
LABEL_BREAK = re.compile(r"[\s：:，,；;、（）()《》【】\[\]“”\"'‘’—–\-|｜/／!！?？。…~～]+")
LABEL_COLON = re.compile(r"[^：:\n]{1,20}?(?=[：:])")
# A column whose heading names staff holds staff: | 社工 | 负责人 | 讲师 | …
STAFF_COLUMN = re.compile(rf"{STAFF}|负责人|工作人员|主持|带领|记录|授课|撰写|作者|审核|联系人|执行人|志愿者")
# Pieces that are labels, split further at their punctuation (a list item or a quoted line is running text:
# only its label before a colon, and the whole of it when short, are pieces).
LABELS = frozenset({"小标题", "表格", "图片说明", "链接文字", "加粗文字", "强调文字"})
MAX_PIECES = 4_000      # pieces tagged per text: a real case has a few dozen


def body_pieces(text: str) -> list[Piece]:
    """The pieces of a Markdown body a reader sees apart, in order (offsets in `text`)."""
    pieces: list[Piece] = []
    lines = text.split("\n")
    starts = []
    at = 0
    for line in lines:
        starts.append(at)
        at += len(line) + 1
    fenced = False
    table_columns: list[bool] | None = None       # in a table: which columns hold staff
    after_image = False
    for n, line in enumerate(lines):
        start = starts[n]
        first = line.lstrip()[:1]
        if not first:       # a blank line ends a table; a caption may stand one blank line below its image
            table_columns = None
            after_image = after_image and n > 0 and bool(IMAGE_ONLY_LINE.match(lines[n - 1]))
            continue
        if first in "`~" and FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        if INLINE_MARK.search(line):
            pieces += _inline(line, start)
        if (not after_image and first not in STRUCTURAL_STARTS and "|" not in line
                and not (n + 1 < len(lines) and lines[n + 1][:1] in "=-")):
            continue        # a paragraph line, as most are: only its inline pieces
        if table_columns is None and "|" in line and n + 1 < len(lines) and TABLE_SEPARATOR.match(lines[n + 1]) \
                and "|" in lines[n + 1]:
            cells = list(_cells(line, start))
            table_columns = [bool(STAFF_COLUMN.search(text[a:b])) for a, b in cells]
            pieces += [Piece(a, b, "表格") for a, b in cells]
            continue
        if table_columns is not None and "|" in line:
            if not TABLE_SEPARATOR.match(line):
                for column, (a, b) in enumerate(_cells(line, start)):
                    if not (column < len(table_columns) and table_columns[column]):
                        pieces.append(Piece(a, b, "表格"))
            continue
        table_columns = None
        if m := HEADING.match(line):
            pieces.append(Piece(start + m.end(), start + len(line.rstrip(" \t#")), "小标题"))
        elif n + 1 < len(lines) and SETEXT_UNDERLINE.match(lines[n + 1]) and not LIST_ITEM.match(line) \
                and not (n and lines[n - 1].strip()):
            pieces.append(Piece(start, start + len(line), "小标题"))
        elif m := LIST_ITEM.match(line):
            pieces += _labelled(text, start + m.end(), start + len(line), "列表")
        elif m := QUOTE.match(line):
            pieces += _labelled(text, start + m.end(), start + len(line), "引用")
        elif after_image or CAPTION_LINE.match(line):
            pieces.append(Piece(start, start + len(line), "图片说明"))
        elif CHINESE_ENUMERATION.match(line) and len(line) <= 2 * SHORT:
            pieces.append(Piece(start, start + len(line), "小标题"))
        after_image = bool(IMAGE_ONLY_LINE.match(line))
        if len(pieces) >= MAX_PIECES:
            break
    return pieces[:MAX_PIECES]


def _inline(line: str, start: int) -> list[Piece]:
    """Alt text, image titles, link text and emphasis within one line."""
    found = []
    for m in IMAGE.finditer(line):
        for group in (1, 2, 3):
            if m[group]:
                found.append(Piece(start + m.start(group), start + m.end(group), "图片说明"))
    for m in LINK.finditer(line):
        found.append(Piece(start + m.start(1), start + m.end(1), "链接文字"))
    for m in HTML_ATTRIBUTE.finditer(line):
        group = 1 if m[1] is not None else 2
        found.append(Piece(start + m.start(group), start + m.end(group), "图片说明"))
    for m in HTML_TEXT.finditer(line):
        tag = m[1].lower()
        where = ("链接文字" if tag == "a" else "图片说明" if tag in ("figcaption", "caption") else "表格"
                 if tag in ("th", "td") else "列表" if tag == "li" else "小标题" if tag.startswith("h") else "加粗文字")
        found.append(Piece(start + m.start(2), start + m.end(2), where))
    for m in EMPHASIS.finditer(line):
        found.append(Piece(start + m.start(2), start + m.end(2), "加粗文字" if len(m[1]) == 2 else "强调文字"))
    return found


def _cells(line: str, start: int) -> Iterable[tuple[int, int]]:
    """(start, end) of each cell of a table row."""
    borders = [m.start() for m in CELL_BORDER.finditer(line)]
    edges = [-1, *borders, len(line)]
    for a, b in zip(edges, edges[1:], strict=False):
        if line[a + 1:b].strip():
            yield start + a + 1, start + b


def _labelled(text: str, start: int, end: int, where: str) -> list[Piece]:
    """A list item or quoted line, and its label before a colon (王秀英：女，78岁)."""
    pieces = [Piece(start, end, where)]
    if m := LABEL_COLON.match(text, start, end):
        pieces.append(Piece(start, m.end(), where))
    return pieces


def label_parts(text: str, piece: Piece) -> list[Piece]:
    """A piece and the parts its label punctuation separates, each a piece of its own (a long piece is
    running text, not a label: it is not split)."""
    parts = [piece]
    inner = text[piece.start:piece.end]
    if len(inner) > 4 * SHORT:
        return parts
    at = 0
    for m in LABEL_BREAK.finditer(inner):
        if m.start() > at and (at, m.start()) != (0, len(inner)):
            parts.append(Piece(piece.start + at, piece.start + m.start(), piece.where))
        at = m.end()
    if 0 < at < len(inner):
        parts.append(Piece(piece.start + at, piece.end, piece.where))
    return parts


def where_in_body(text: str, at: int, pieces: list[Piece]) -> str:
    """The kind of piece `at` stands in (the innermost), or 正文."""
    inside = [p for p in pieces if p.start <= at < p.end]
    return min(inside, key=lambda p: p.end - p.start).where if inside else "正文"


def find_names(source: str, where: str = "正文", markdown: bool = True, known: Iterable[str] = (),
               label: bool = True, limit: int = MAX_NAMES) -> list[FoundName]:
    """Full names in one text (a body when `markdown`, else one header value, all of it a piece called
    `where`: a label such as the title when `label`, running text such as the summary when not), not among
    `known` (pseudonyms, authors, public figures; and those the text itself calls 化名)."""
    shown = reader_text(source)
    text = shown.text
    if not may_hold_a_name(text):
        return []
    names = frozenset(k for k in (*known, *declared_pseudonyms(text)) if len(k) >= 2)
    pieces = body_pieces(text) if markdown else [Piece(0, len(text), where)]
    found: dict[int, FoundName] = {}
    dotted = dot_names(text, names, limit) if markdown or not label else []
    within_a_dot_name = {at for n in dotted for at in range(n.offset, n.offset + len(n.name))}
    for name in context_names(text, names, limit):
        if name.offset in within_a_dot_name:
            continue        # 艾山 of 热依拉·艾山大妈: the whole name is taken below
        place = where_in_body(text, name.offset, pieces) if markdown else where
        found[name.offset] = FoundName(name.offset, name.name, place, name.why, name.strong)
    running = markdown or not label
    for name in [*dotted, *bare_names(text, names, limit)] if running else ():
        if name.offset not in found:
            place = where_in_body(text, name.offset, pieces) if markdown else where
            why = name.why if name.strong else f"写在{place}中"
            found[name.offset] = FoundName(name.offset, name.name, place, why, name.strong)
    for piece in pieces:
        if len(found) >= limit:
            break
        labels = piece.where in LABELS if markdown else label
        for part in label_parts(text, piece) if labels else [piece]:
            for seen in short_unit_names(text, part.start, part.end, names):
                old = found.get(seen.offset)
                if old is None or (seen.strong and not old.strong):
                    why = f"单独写在{part.where}中" if seen.strong else f"写在{part.where}中"
                    found[seen.offset] = FoundName(seen.offset, seen.name, part.where, why, seen.strong)
    return sorted((FoundName(shown.source_start(f.offset), f.name, f.where, f.why, f.strong)
                   for f in found.values()), key=lambda f: f.offset)[:limit]
