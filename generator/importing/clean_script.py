"""Traditional → Simplified for documents written in Traditional characters.

OpenCC's `tw2sp` profile (Taiwan standard with Taiwan phrases → Mainland Simplified with
mainland phrases), applied only when the text is clearly Traditional: a Simplified text
would gain nothing and could lose a character used on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.core.text import opencc_converter, simplified_characters

_MIN_SHARE = 0.02       # of the Chinese characters: Traditional-only characters in a Traditional text
_MIN_COUNT = 5
_PIECE = 200            # characters compared at once when listing phrase replacements (OpenCC phrases are short)
_SENTENCE_END = re.compile(r"(?<=[\n。！？；])")


def is_traditional(text: str) -> bool:
    table = simplified_characters()
    han = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    traditional = sum(1 for c in text if ord(c) in table)
    return traditional >= _MIN_COUNT and traditional >= _MIN_SHARE * max(han, 1)


def to_simplified_tw2sp(text: str) -> tuple[str, int]:
    """Traditional text → Simplified with mainland phrasing (OpenCC tw2sp); counts changed characters."""
    if not is_traditional(text):
        return text, 0
    converted = opencc_converter("tw2sp").convert(text)
    # phrases can change the length: characters past the shorter text count as changed
    changed = sum(a != b for a, b in zip(text, converted, strict=False)) + abs(len(text) - len(converted))
    return converted, changed


def phrase_changes(before: str, after: str) -> list[str]:
    """Words tw2sp replaced by a different mainland word (互動 → 交互 rather than 互动), which
    the supervisor should read again: the profile's phrase table was made for software terms.
    Compared sentence by sentence (both profiles converted per piece of `before`), so the work
    stays linear in the text's length; a diff of the whole text was quadratic."""
    if before == after:
        return []
    plain_profile, phrase_profile = opencc_converter("t2s"), opencc_converter("tw2sp")
    found: dict[tuple[str, str], int] = {}
    for piece in _pieces(before):
        plain, converted = plain_profile.convert(piece), phrase_profile.convert(piece)
        if plain == converted:
            continue
        for a1, a2, b1, b2 in _changed_spans(plain, converted):
            key = (plain[a1:a2], converted[b1:b2])
            found[key] = found.get(key, 0) + 1
    return [f"“{old}”改成了“{new}”{n} 处" for (old, new), n in list(found.items())[:20]]


def _pieces(text: str) -> Iterator[str]:
    """Sentences (ending at a line break or a sentence mark) of at most _PIECE characters."""
    for sentence in _SENTENCE_END.split(text):
        for start in range(0, len(sentence), _PIECE):
            yield sentence[start:start + _PIECE]


def _changed_spans(a: str, b: str) -> Iterator[tuple[int, int, int, int]]:
    """Differing spans of a and b, neighbours closer than two characters merged (核心 → 内核 is one)."""
    import difflib

    span: tuple[int, int, int, int] | None = None
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            if span and a2 - a1 > 1:
                yield span
                span = None
            continue
        span = (span[0], a2, span[2], b2) if span else (a1, a2, b1, b2)
    if span:
        yield span
