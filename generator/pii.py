"""Find personal data a published case must not contain, and mask it for messages.

Scans an NFKC-normalised copy (full-width digits become ASCII) and maps every
match back to the original text. Digit look-arounds replace `\\b`, which does
not exist between 卡 and a card number. Quantifiers are bounded, so hostile
input (megabytes of digit groups) stays linear.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterable

LABELS = {
    "mobile": "手机号码", "landline": "固定电话", "id-card": "身份证号码", "bank-card": "银行卡号",
    "email": "电子邮箱", "wechat": "微信号", "qq": "QQ号", "address": "详细住址", "plate": "车牌号",
}


@dataclass(frozen=True)
class PiiMatch:
    kind: str
    label: str
    start: int          # offsets into the original text
    end: int
    text: str
    masked: str


_MAX_CANDIDATES = 5000
_NUM = r"[\d一二三四五六七八九十百]"
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("id-card", re.compile(r"(?<![\d*])\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\d*])")),
    ("id-card", re.compile(r"(?<![\d*])\d{6}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![\d*Xx])")),
    ("bank-card", re.compile(r"(?<![\d*])\d{4}(?:[ -]?\d{4}){2}[ -]?\d{4,7}(?![\d*])")),
    ("mobile", re.compile(r"(?<![\d*])(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?![\d*])")),
    ("landline", re.compile(r"(?<![\d*])(?:\(0\d{2,3}\)|0\d{2,3})[ -]?(?:\d{7,8}|\d{3,4}[ -]\d{4})(?![\d*])")),
    ("email", re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,5}\.[A-Za-z]{2,10}")),
    ("wechat", re.compile(r"(?:微信号?|[Vv][Xx]|[Ww][Xx])\s{0,2}号?\s{0,2}[:是为]?\s{0,2}([A-Za-z][-_A-Za-z0-9]{5,19}|\d{6,12})(?![-_A-Za-z0-9])")),
    ("qq", re.compile(r"(?:QQ|qq|扣扣)\s{0,2}号?\s{0,2}[:是为]?\s{0,2}(\d{5,11})(?!\d)")),
    ("address", re.compile(rf"(?<!{_NUM}){_NUM}{{1,4}}(?:号楼|栋|幢|座)(?:{_NUM}{{1,3}}单元)?\d{{3,4}}(?:室|号|房)?(?!\d)")),
    ("address", re.compile(rf"(?<!{_NUM}){_NUM}{{1,4}}(?:号楼|栋|幢){_NUM}{{1,3}}单元{_NUM}{{1,4}}(?:室|号|房)")),
    ("address", re.compile(r"(?<!\d)\d{1,4}弄\d{1,4}号(?:\d{3,4}室)?")),
    ("address", re.compile(r"(?:住在|家住|住址|地址|住)[^\d\n]{0,6}(\d{1,3}-\d{1,2}-\d{3,4})(?!\d)")),
    ("plate", re.compile(rf"[{_PROVINCES}][A-HJ-NP-Z][·•.]?(?=[A-HJ-NP-Z0-9]{{5,6}}(?![A-Za-z0-9]))(?=(?:[A-Z]*\d){{3}})[A-HJ-NP-Z0-9]{{5,6}}")),
]


# Something every pattern above needs; one pass of this skips the 13 detailed
# passes for the many files with no candidate at all (dates like 2024-05-01 do not trigger).
_TRIGGER = re.compile(rf"\d{{6}}|\d{{3}}[ -]\d{{4}}|\d-\d{{1,2}}-\d{{3}}|@|微信|[VvWw][Xx]|QQ|qq|扣扣|[\d一二三四五六七八九十百](?:号楼|栋|幢|座|弄)"
                      rf"|[{_PROVINCES}][A-HJ-NP-Z]")


def find_pii(text: str, allow: Iterable[str] = (), limit: int = 50) -> list[PiiMatch]:
    norm, origin = _normalise(text)
    if not _TRIGGER.search(norm):
        return []
    allowed = {_compact(a) for a in allow if a}
    found: list[PiiMatch] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for candidates, m in enumerate(pattern.finditer(norm)):
            if candidates > _MAX_CANDIDATES:
                break  # hostile input (megabytes of digit groups): bound the work per pattern
            start, end = m.span(m.lastindex or 0) if kind in ("wechat", "qq") or m.lastindex else m.span()
            value = norm[start:end]
            if not _valid(kind, value) or _compact(value) in allowed or _overlaps(taken, start, end):
                continue
            taken.append((start, end))
            o_start, o_end = origin[start], origin[end - 1] + 1
            found.append(PiiMatch(kind, LABELS[kind], o_start, o_end, text[o_start:o_end], _mask(kind, value)))
            if len(found) >= limit:
                return sorted(found, key=lambda f: f.start)
    return sorted(found, key=lambda f: f.start)


def _normalise(text: str) -> tuple[str, list[int] | range]:
    folded = unicodedata.normalize("NFKC", text)
    if len(folded) == len(text):  # the usual case (full-width digits fold one-to-one)
        return folded, range(len(text))
    chars, origin = [], []
    for i, ch in enumerate(text):
        folded = unicodedata.normalize("NFKC", ch) if ord(ch) > 127 else ch
        chars.append(folded)
        origin.extend([i] * len(folded))
    return "".join(chars), origin


def _compact(value: str) -> str:
    return re.sub(r"[\s\-()（）·]", "", unicodedata.normalize("NFKC", value)).lower()


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in taken)


def _id_ok(value: str) -> bool:
    if len(value) == 15:
        return True
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(value[:17], weights))
    return "10X98765432"[total % 11] == value[17].upper()


def _luhn(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


_CHECKS: dict[str, Callable[[str], bool]] = {
    "id-card": _id_ok,
    "bank-card": lambda v: 16 <= len(re.sub(r"\D", "", v)) <= 19 and _luhn(re.sub(r"\D", "", v)),
}


def _valid(kind: str, value: str) -> bool:
    return _CHECKS.get(kind, lambda v: True)(value)


def _mask(kind: str, value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if kind == "mobile":
        return f"{digits[-11:-8]}****{digits[-4:]}"
    if kind == "landline":
        area = digits[:3] if digits[1] in "12" else digits[:4]
        return f"{area}-****{digits[-4:]}"
    if kind in ("id-card", "bank-card"):
        return value[:4] + re.sub(r"[\dXx]", "*", value[4:-4]) + value[-4:]
    if kind == "email":
        name, _, domain = value.partition("@")
        return f"{name[:2]}***@{domain}"
    if kind == "plate":
        return value[:2] + "·***" + value[-2:]
    if kind == "address":
        return re.sub(r"\d", "*", value)
    return value[:2] + "*" * max(len(value) - 4, 2) + value[-2:]
