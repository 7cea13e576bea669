"""Junk that web pages put inside sentences: flattened pronunciation annotations and the
random ASCII runs forum software injects against copying.

Both rules remove only what they name. The noise rule looks at one run of ASCII at a
time, and only between Chinese text: real numbers, dates, URLs, e-mail addresses,
English words (Wi-Fi, WeChat, COVID-19, SWOT) and Markdown links are never taken.
"""

from __future__ import annotations

import re
from itertools import pairwise

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# 會(huì ) or 會（huì）: a Han character, then a pinyin syllable with a tone mark in brackets.
_ANNOTATION = re.compile(rf"(?<=[\u3400-\u9fff])[(（] ?[a-zü{_TONED}]{{0,5}}[{_TONED}][a-zü{_TONED}]{{0,5}} ?[)）]")


def drop_pronunciation_annotations(text: str) -> tuple[str, int]:
    """`社會(huì )` → `社會`: ruby annotations flattened into the text by copying a news page."""
    return _ANNOTATION.subn("", text)


_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’…—"
# A Markdown link or image (kept as it is) or a run of printable ASCII (tested).
_RUN = re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)|<[^>\n]*>|[!-~]+")
_PARTS = re.compile(r"[-_.']")
_SYMBOL = re.compile(r"[^A-Za-z0-9\-_.']")


def drop_injected_noise(text: str) -> tuple[str, int]:
    """`參訪了社區。k8Jd3a這次…` → `參訪了社區。這次…`: random ASCII between Chinese text;
    a line made only of such runs goes as a whole."""
    count = 0

    def keep_or_drop(m: re.Match) -> str:
        nonlocal count
        run = m[0]
        if not _between_chinese(m.string, m.start(), m.end()) or not looks_random(run):
            return run
        count += 1
        return ""

    out = []
    for line in text.split("\n"):
        tokens = line.split()
        if tokens and all(looks_random(t) for t in tokens):
            count += len(tokens)
            continue
        new = _RUN.sub(keep_or_drop, line)
        out.append(_CJK_SPACES.sub("", new) if new != line else new)
    return "\n".join(out), count


_CJK_SPACES = re.compile(rf"(?<=[{_CJK}]) +(?=[{_CJK}])")


def _between_chinese(line: str, start: int, end: int) -> bool:
    before = line[:start].rstrip(" ")
    after = line[end:].lstrip(" ")
    ok_before = not before or re.match(rf"[{_CJK}]", before[-1]) is not None
    ok_after = not after or re.match(rf"[{_CJK}]", after[0]) is not None
    return ok_before and ok_after


def looks_random(run: str) -> bool:
    """True for k8Jd3a or 4ldT$+c; False for 2021-11-17, 531, SWOT, Wi-Fi, COVID-19, iPhone12, URLs."""
    if run.startswith(("[", "!", "<")) and ("](" in run or run.endswith(">")):
        return False                                   # a Markdown link or an HTML tag
    if not run.isascii() or len(run) < 4 or not re.search(r"[A-Za-z]", run):
        return False                                   # numbers, dates, times, short codes (A4, H5)
    if "://" in run or run.lower().startswith("www.") or "@" in run:
        return False
    if all(p.isalpha() or p.isdigit() or not p for p in _PARTS.split(run)) and _transitions(run) < 4:
        return False                                   # word-like: Wi-Fi, COVID-19, iPhone12, WeChat
    has_symbol = _SYMBOL.search(run) is not None
    digit_inside = re.search(r"[A-Za-z][0-9]+[A-Za-z]", run) is not None
    mixed_case = re.search(r"[a-z]", run) is not None and re.search(r"[A-Z]", run) is not None
    return _transitions(run) >= 3 and (has_symbol or digit_inside) and (mixed_case or has_symbol)


def _transitions(run: str) -> int:
    classes = [0 if c.islower() else 1 if c.isupper() else 2 if c.isdigit() else 3 for c in run]
    return sum(a != b for a, b in pairwise(classes))
