"""The text as a reader sees it: what the privacy and HTML checks look at.

A browser shows `&#49;3812345678` as 13812345678 and draws nothing for a zero-width space, a soft
hyphen or a byte-order mark, so a number split by them is still a number to its reader. The checks
therefore run on a copy with character references decoded once (as a browser decodes them, with
`html.unescape`) and every character nobody sees removed: Unicode's default-ignorable characters
(the format characters, category Cf, with the variation selectors and the fillers that draw nothing)
and the control characters other than tab and line breaks. Every position in the copy maps back to
the source, so a problem still names the line the writer typed it on.

Linear: one regex pass over the source (a reference is at most 36 characters), and the map holds one
entry per change, not one per character.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby

# html.unescape's own reference pattern (decimal, hexadecimal, or a name), bounded.
_REFERENCE = r"&(?:#[0-9]{1,32};?|#[xX][0-9a-fA-F]{1,32};?|[^\t\n\f <&#;]{1,32};?)"
# Text outside these characters is looked at one character at a time; Chinese prose, its punctuation and
# ASCII never are.
_UNUSUAL = (r"[^\t\n\r\f\x20-\x7e\xa0-\xac\xae-\xff\u2010-\u2027\u2030-\u205f\u3001-\u303f\u4e00-\u9fff"
            r"\uff01-\uffef]+")
_CHANGING = re.compile(f"{_REFERENCE}|{_UNUSUAL}")
_MAY_CHANGE = re.compile(f"&|{_UNUSUAL}")
# Default-ignorable code points that are not format characters (Unicode's DerivedCoreProperties.txt):
# the combining grapheme joiner, Hangul and Khmer fillers, Mongolian and other variation selectors.
_OTHER_IGNORABLE = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0" + "".join(map(chr, range(0x180B, 0x1810)))
    + "".join(map(chr, range(0xFE00, 0xFE10))) + "".join(map(chr, range(0xE0100, 0xE01F0))))
_KEPT_CONTROLS = frozenset("\t\n\r\f")


def is_hidden(ch: str) -> bool:
    """Whether a reader sees nothing of this character."""
    category = unicodedata.category(ch)
    return (category == "Cf" or (category == "Cc" and ch not in _KEPT_CONTROLS) or ch in _OTHER_IGNORABLE
            or 0xE0000 <= ord(ch) <= 0xE0FFF)


def visible(text: str) -> str:
    """`text` without the characters nobody sees."""
    return "".join(ch for ch in text if not is_hidden(ch))


@dataclass(frozen=True)
class ReaderText:
    """`text` as a reader sees it, with the way back to the source."""
    text: str
    # Each change, in order: (start, end) in `text`, (start, end) in the source. Between changes the
    # two run one for one.
    changes: tuple[tuple[int, int, int, int], ...] = ()
    starts: tuple[int, ...] = ()        # the changes' starts in `text`, for bisecting

    def source_start(self, at: int) -> int:
        """Where in the source the character at `at` of `text` comes from (len(text): the source's end)."""
        i = bisect_right(self.starts, at) - 1
        if i < 0:
            return at
        _, out_end, src_start, src_end = self.changes[i]
        return src_start if at < out_end else src_end + (at - out_end)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source span of `text[start:end]`; a reference partly inside it is taken whole."""
        if end <= start:
            at = self.source_start(start)
            return at, at
        i = bisect_right(self.starts, end - 1) - 1
        if i >= 0 and self.changes[i][0] <= end - 1 < self.changes[i][1]:
            return self.source_start(start), self.changes[i][3]
        return self.source_start(start), self.source_start(end - 1) + 1


@lru_cache(maxsize=16)     # each rule of a file's check asks for the same body and values
def reader_text(source: str) -> ReaderText:
    """`source` as its reader sees it: references decoded, invisible characters removed."""
    if not _MAY_CHANGE.search(source):
        return ReaderText(source)       # the usual text: nothing to change
    out: list[str] = []
    changes: list[tuple[int, int, int, int]] = []
    length = last = 0
    for start, end, shown in _changed(source):
        out.append(source[last:start])
        length += start - last
        changes.append((length, length + len(shown), start, end))
        out.append(shown)
        length += len(shown)
        last = end
    if not changes:
        return ReaderText(source)
    out.append(source[last:])
    return ReaderText("".join(out), tuple(changes), tuple(c[0] for c in changes))


def _changed(source: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, what the reader sees) of each reference and each run of hidden characters."""
    for m in _CHANGING.finditer(source):
        typed = m[0]
        if typed.startswith("&"):
            shown = visible(html.unescape(typed))
            if shown != typed:      # else an "&" that is no reference: shown as typed
                yield m.start(), m.end(), shown
            continue
        at = m.start()
        for hidden, run in groupby(typed, is_hidden):
            size = len(list(run))
            if hidden:
                yield at, at + size, ""
            at += size


def line_at(source: str, at: int, first_line: int = 1) -> int:
    """The line of source offset `at`, counting from `first_line`."""
    return first_line + source.count("\n", 0, at)
