"""Where one piece of writing ends and the next begins, and the lines above each piece
that belong in its header (title, community, author) rather than in its body.

A compilation of reflections signs each piece with an author line (`□徐媛`,
`□讲述人 夏敏（北京居民区）`, `作者：…`) under a title or community line; a handbook of
plans numbers them (`…篇一`, `…篇二`). One of these, found at least twice, makes pieces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

_NAME = r"[\u4e00-\u9fff·]{2,4}"
AUTHOR_LINE = re.compile(
    rf"^\s*(?:□|■|◎|●)\s*(?:讲述人|作者|撰稿|撰写|文)?[:：]?\s*(?P<names>{_NAME}(?:[、，,和]\s*{_NAME})*)\s*"
    r"(?:[（(](?P<place>[^）)]{2,20})[)）])?\s*$"
    rf"|^\s*(?:作者|撰稿|撰稿人|撰写人|讲述人|文|供稿)\s*[:：/]\s*(?P<names2>{_NAME}(?:[、，,和 ]\s*{_NAME})*)\s*$")
_PART = re.compile(r"篇[一二三四五六七八九十]{1,3}\s*$")
_END = "。！？!?；;"
COMMUNITY_LINE = re.compile(r"^\s*(?P<name>[\u4e00-\u9fff]{2,16}?(?:社区|居民区|村|街道|小区))"
                            r"(?:居委会|居民委员会|村委会|党委|工作站)?\s*$")
_LEAD_MAX = 40


@dataclass
class Piece:
    body: str
    title: str = ""
    community: str = ""
    community_from: str = ""                           # the line it was read from
    authors: list[str] = field(default_factory=list)
    taken: list[str] = field(default_factory=list)      # lines moved into the header


def find_starts(lines: list[str]) -> list[int]:
    """Line numbers where pieces start (empty when the text reads as one piece)."""
    authors = [i for i, line in enumerate(lines) if AUTHOR_LINE.match(line)]
    if len(authors) >= 2:
        return _with_leads(lines, authors)
    parts = [i for i, line in enumerate(lines) if len(line) <= _LEAD_MAX and _PART.search(line)]
    return parts if len(parts) >= 2 else []


def _with_leads(lines: list[str], marks: list[int]) -> list[int]:
    """Each author line with the up to two short lines above it (title, community)."""
    starts, floor = [], 0
    for mark in marks:
        start, taken = mark, 0
        i = mark - 1
        while i >= floor and taken < 2:
            if not lines[i].strip():
                i -= 1
                continue
            if not is_lead(lines[i]):
                break
            start, taken, i = i, taken + 1, i - 1
        starts.append(start)
        floor = mark + 1
    return starts


def is_lead(line: str) -> bool:
    bare = line.strip().lstrip("#").strip()
    return 0 < len(bare) <= _LEAD_MAX and bare[-1] not in _END and not AUTHOR_LINE.match(line)


def split_pieces(text: str) -> tuple[str, list[str]]:
    """(text before the first piece, the pieces); no pieces when the text is one piece."""
    lines = text.split("\n")
    starts = find_starts(lines)
    if not starts:
        return text, []
    bounds = [*starts, len(lines)]
    pieces = ["\n".join(lines[a:b]).strip() + "\n" for a, b in pairwise(bounds)]
    return "\n".join(lines[:starts[0]]).strip(), pieces


def take_header_lines(text: str, known_title: str = "") -> Piece:
    """The title, community and author lines at the top of a piece, taken out of its body."""
    lines = text.strip("\n").split("\n")
    piece = Piece("")
    i = 0
    while i < len(lines) and len(piece.taken) < 4:
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        bare = line.strip().lstrip("#").strip().strip("*").strip()
        if m := AUTHOR_LINE.match(line):
            piece.authors = [n for n in re.split(r"[、，,和 ]+", m["names"] or m["names2"]) if n]
            if m["place"] and not piece.community:
                piece.community, piece.community_from = m["place"], bare
        elif (c := COMMUNITY_LINE.match(bare)) and not piece.community:
            piece.community, piece.community_from = c["name"], bare
        elif not piece.title and (is_lead(line) or line.startswith("# ")) and _same_or_no_title(bare, known_title):
            piece.title = bare
        else:
            break
        piece.taken.append(line.strip())
        i += 1
    piece.body = "\n".join(lines[i:]).strip() + "\n"
    if known_title and not piece.title:
        piece.title = known_title
    return piece


def _same_or_no_title(line: str, known: str) -> bool:
    return not known or re.sub(r"\W", "", line) == re.sub(r"\W", "", known)
