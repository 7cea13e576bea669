"""Find personal data a published case must not contain, and mask it for messages.

- The scan runs on the text as its reader sees it (`reader_text`: character references such
  as `&#49;` decoded, zero-width and other invisible characters removed), then on an NFKC
  copy (full-width digits, letters and punctuation become ASCII); every match is mapped back
  through both, so offsets and `text` refer to the original.
- Phone, ID and card numbers are found as runs of digits joined by single spaces or
  dashes, and a run is split only between its groups: no number is ever taken from
  the middle of a longer one. Digit look-arounds stand in for `\\b`, which does not
  exist between 卡 and a card number.
- ID numbers must pass the GB 11643 check digit and carry a real birth date; card
  numbers must pass Luhn. Dates, amounts, counts and masked values fail these shapes.
- Hostile input stays linear: each regex starts with a literal or a character class,
  quantifiers are bounded or possessive, patterns whose keyword is absent are skipped,
  and each kind stops after `limit` findings.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from generator.checks.dwellings import dwellings
from generator.checks.numbers import SPOKEN_DIGITS, other_numbers, spoken_run
from generator.checks.reader_text import reader_text

LABELS = {
    "mobile": "手机号码", "landline": "固定电话", "id-card": "身份证号码", "bank-card": "银行卡号",
    "email": "电子邮箱", "wechat": "微信号", "qq": "QQ号", "address": "详细住址", "plate": "车牌号",
    "account": "证件号", "medical": "病历号", "social": "社交账号", "number": "未识别的号码",
}


@dataclass(frozen=True)
class PiiMatch:
    kind: str
    label: str
    start: int          # offsets into the original text
    end: int
    text: str           # the original text of the match
    masked: str         # safe to print


Found = Iterator[tuple[str, int, int]]    # (kind, start, end) in the normalised text


def find_pii(text: str, allow: Iterable[str] = (), limit: int = 50,
             harmless: tuple[re.Pattern[str], ...] = ()) -> list[PiiMatch]:
    """Personal data in `text` by position, at most `limit`; values in `allow` and numbers matching a
    `harmless` pattern (the library's own, from site_config.yml) are not reported."""
    shown = reader_text(text)
    norm, origin = _normalise(shown.text)
    allowed = {_compact(reader_text(a).text) for a in allow if a}
    taken: list[tuple[int, int]] = []       # sorted, non-overlapping spans already claimed
    found: list[PiiMatch] = []
    finders = (*_FINDERS, dwellings, lambda norm: other_numbers(norm, harmless))
    for finder in finders:                  # most specific first; a claimed span is not reported twice
        count = 0
        for kind, start, end in finder(norm):
            if count >= limit:
                break   # this finder's later matches all come after `limit` of its own
            i = bisect_left(taken, (end,))
            if i and taken[i - 1][1] > start:
                continue
            taken.insert(i, (start, end))   # an allowed value is claimed too: no part of it is reported
            value = norm[start:end]
            if allowed and _compact(value) in allowed:
                continue
            a, b = shown.source_span(*((origin[start], origin[end - 1] + 1) if origin else (start, end)))
            found.append(PiiMatch(kind, LABELS[kind], a, b, text[a:b], _mask(kind, value)))
            count += 1
    found.sort(key=lambda m: m.start)
    return found[:max(limit, 0)]


def masked_text(text: str, allow: Iterable[str] = ()) -> str:
    """`text` with each piece of personal data in it replaced by its masked form: safe to quote in a message."""
    for m in sorted(find_pii(text, allow), key=lambda m: -m.start):
        text = text[:m.start] + m.masked + text[m.end:]
    return text


# --- normalisation -----------------------------------------------------------------

# NFKC leaves ASCII, C1 controls, CJK ideographs and the common Chinese punctuation
# 、。〈〉《》「」『』【】—‘’“” alone (a unit test checks this): only runs of other characters are folded.
_MAY_FOLD = re.compile("[^\x00-\x9f\u4e00-\u9fff\u3001\u3002\u3008-\u3011\u2014\u2018\u2019\u201c\u201d]+")


# Dashes people type between the groups of a number (0531—86123456): a hyphen, one for one.
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc", "-"))
_DASH = re.compile(f"[{''.join(map(chr, _DASHES))}]")   # the same, faster: str.translate looks up every character


@lru_cache(maxsize=4096)
def _fold(run: str) -> str:
    """NFKC of each character on its own (NFKC of the whole run could compose neighbours)."""
    return "".join(unicodedata.normalize("NFKC", ch) for ch in run)


def nfkc(text: str) -> str:
    """NFKC of each character, fast on Chinese prose (only runs NFKC may change are folded)."""
    return text if text.isascii() else _MAY_FOLD.sub(lambda m: _fold(m[0]), text)


def _normalise(text: str) -> tuple[str, list[int] | None]:
    """The NFKC copy, and for each of its indexes the original index (None: the same index)."""
    if text.isascii():
        return text, None
    uneven: list[tuple[int, str]] = []      # runs whose length changes: …, ㎏, ① and the like

    def fold(m: re.Match) -> str:
        folded = _fold(m[0])
        if len(folded) != len(m[0]):
            uneven.append((m.start(), m[0]))
        return folded

    norm = _DASH.sub("-", _MAY_FOLD.sub(fold, text))
    if not uneven:
        return norm, None                   # the usual case: full-width characters fold one for one
    origin: list[int] = []
    last = 0
    for start, run in uneven:               # everything between these runs folded one for one
        origin += range(last, start)
        for i, ch in enumerate(run, start):
            origin += [i] * len(_fold(ch))
        last = start + len(run)
    origin += range(last, len(text))
    return norm, origin


def _compact(value: str) -> str:
    """The form an allowed value is compared in: NFKC, no spaces, dashes or brackets, lower case."""
    return re.sub(r"[\s\-()·]", "", unicodedata.normalize("NFKC", value).translate(_DASHES)).lower()


# --- numbers: phones, ID and bank card numbers --------------------------------------

# A run of 7+ digits in groups joined by one space or a dash, which may have a space on either
# side ("138 1234 5678", "0531 - 86123456"). It starts with a digit (so the regex engine skips
# text without digits quickly) that does not follow a digit (never inside a number); the
# possessive group repeat keeps it linear. A "+" or "(010)" just before the run belongs to it.
_JOIN = r"(?: ?- ?| )"
_SPACED_DASH = re.compile(r" ?- ?")
_RUN = re.compile(rf"[0-9](?<![0-9]{{2}})(?=(?:{_JOIN}?[0-9]){{6}})[0-9]*(?:{_JOIN}[0-9]+)*+[Xx]?")
_PREFIX = re.compile(r"(?:\+|\(0[0-9]{2,3}\)[ -]?)\Z")
_GROUP = re.compile(r"\(0[0-9]{2,3}\)|\+?[0-9]+[Xx]?")
_LONG_GROUP = re.compile(r"[0-9]{7,}[Xx]?")   # from a group start it takes the whole group
_MAX_RUN = 48          # longer runs are tables or noise: only their whole long groups are looked at
_MAX_GROUPS = 5        # the most groups one number has: 6222 0212 3456 7890 123

_AREA = r"(?:010|02[0-9]|0[3-9][0-9]{2})"
_ID = re.compile(r"[1-8][0-9]{16}[0-9Xx]|[1-8][0-9]{14}")
_MOBILE = re.compile(r"(?:(?:\+|00)?86[ -]?)?1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}")
_LANDLINE = re.compile(rf"(?:\({_AREA}\)|{_AREA})[ -]?[1-9][0-9]{{2,3}}[ -]?[0-9]{{4}}")
_CARD = re.compile(r"(?=35|[4569])(?:[0-9]{4}(?:[ -]?[0-9]{4}){3}(?:[ -]?[0-9]{1,3})?|[0-9]{6}[ -][0-9]{10,13})")


def _numbers(norm: str) -> Found:
    for run in _RUN.finditer(norm):
        s, e = run.span()
        if prefix := _PREFIX.search(norm, max(0, s - 7), s):
            s = prefix.start()
        if "*" in (norm[s - 1:s], norm[e:e + 1]) or (norm[s - 1:s] == "." and norm[s - 2:s - 1].isdigit()):
            continue  # part of a masked value (138****5678), or the decimals of an amount
        if e - s > _MAX_RUN:
            for g in _LONG_GROUP.finditer(norm, s, e):
                if kind := _number_kind(g[0]):
                    yield kind, g.start(), g.end()
        else:
            yield from _split_run(norm, [g.span() for g in _GROUP.finditer(norm, s, e)])


def _split_run(norm: str, groups: list[tuple[int, int]]) -> Found:
    """Numbers made of whole groups, leftmost and longest first: "13812345678 13987654321" is two."""
    i = 0
    while i < len(groups):
        for j in range(min(len(groups), i + _MAX_GROUPS), i, -1):
            start, end = groups[i][0], groups[j - 1][1]
            if kind := _number_kind(norm[start:end]):
                yield kind, start, end
                i = j
                break
        else:
            i += 1


def _number_kind(chunk: str) -> str | None:
    if len(chunk) > 24:
        return None
    chunk = _SPACED_DASH.sub("-", chunk)    # 0531 - 86123456 has the shape of 0531-86123456
    if _ID.fullmatch(chunk) and _id_ok(chunk):
        return "id-card"    # before cards: a valid ID number is not also reported as a card
    compact = chunk.replace(" ", "").replace("-", "")
    if compact != chunk and len(compact) == 18 and _ID.fullmatch(compact) and _id_ok(compact):
        return "id-card"    # 370102 19800101 1234: grouped for reading, still one person's number
    if _MOBILE.fullmatch(chunk):
        return "mobile"
    if _LANDLINE.fullmatch(chunk):
        return "landline"
    if _CARD.fullmatch(chunk) and _luhn(re.sub(r"[ -]", "", chunk)):
        return "bank-card"
    return None


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _id_ok(number: str) -> bool:
    """GB 11643: a real birth date, and for 18 digits the check character."""
    if len(number) == 15:   # old form: YYMMDD in positions 7-12, no check digit
        return _born(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    if not _born(int(number[6:10]), int(number[10:12]), int(number[12:14])):
        return False
    total = sum(int(d) * w for d, w in zip(number, _ID_WEIGHTS, strict=False))
    return "10X98765432"[total % 11] == number[17].upper()


def _born(year: int, month: int, day: int) -> bool:
    try:
        return date(1900, 1, 1) <= date(year, month, day) <= date.today()
    except ValueError:
        return False


_DOUBLED = str.maketrans("0123456789", "0246813579")   # digit -> digit sum of twice the digit


def _luhn(digits: str) -> bool:
    return sum(map(int, digits[-1::-2] + digits[-2::-2].translate(_DOUBLED))) % 10 == 0


# Phone numbers grouped with dots (138.1234.5678, 0531.8612.3456): only these exact shapes, so dates
# (2023.11.17), decimals and version numbers never are.
_DOTTED = re.compile(r"(?<![0-9.])(?:1[3-9][0-9]\.[0-9]{4}\.[0-9]{4}|0[0-9]{2,3}\.[0-9]{3,4}\.?[0-9]{4})"
                     r"(?![0-9]|\.[0-9])")
# Digits written as Chinese numerals (一三八一二三四五六七八, 幺三拐洞…, mixed with Arabic ones): read digit
# by digit, so a run must be long enough for a phone number; counts (一百二十) hold 十/百 and never match.
_CN_DIGITS = SPOKEN_DIGITS
_CN_RUN = spoken_run(6)
_CN_ONLY = frozenset("〇零一二三四五六七八九幺两拐洞")


_DOTTED_GROUP = re.compile(r"\.[0-9]{4}")   # cheap to look for; most texts have none


def _dotted_phones(norm: str) -> Found:
    if not _DOTTED_GROUP.search(norm):
        return
    for m in _DOTTED.finditer(norm):
        if (kind := _number_kind(m[0].replace(".", "-"))) in ("mobile", "landline"):
            yield kind, m.start(), m.end()


def _chinese_numeral_phones(norm: str) -> Found:
    for m in _CN_RUN.finditer(norm):
        digits = re.sub(r"[^0-9 -]", "", m[0].translate(_CN_DIGITS))
        if any(c in _CN_ONLY for c in m[0]) and (kind := _number_kind(digits)) in ("mobile", "landline"):
            yield kind, m.start(), m.end()


# --- labelled accounts, e-mail, home addresses, plates ----------------------------------

def _regex(kind: str, pattern: re.Pattern, needs: tuple[str, ...] = (),
           check: Callable[[str], bool] | None = None) -> Callable[[str], Found]:
    """A finder for `pattern` (its group 1 if it has one), skipped when none of `needs` occurs."""
    def finder(norm: str) -> Found:
        if needs and not any(word in norm for word in needs):
            return
        for m in pattern.finditer(norm):
            start, end = m.span(1 if pattern.groups else 0)
            if check is None or check(norm[start:end]):
                yield kind, start, end
    return finder


_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}"
                    r"(?:\.[A-Za-z0-9-]{1,63}){0,5}\.[A-Za-z]{2,10}(?![A-Za-z0-9-])")
# The keyword, then optionally 号/是/: (a few), then the account. The look-behind after the
# two-character keyword: "vx" or "qq" inside an English word is not a label.
_SAYS = r"[号码账是为:\s]{0,4}"
_WECHAT = re.compile(rf"(?:微信|V[Xx]|v[Xx]|W[Xx]|w[Xx])(?<![A-Za-z]{{3}}){_SAYS}"
                     r"([A-Za-z][-_A-Za-z0-9]{5,19}|[0-9]{5,20})(?![-_A-Za-z0-9])")
_QQ = re.compile(rf"(?:QQ|qq|Qq|扣扣)(?<![A-Za-z]{{3}}){_SAYS}([1-9][0-9]{{4,10}})(?![0-9])")

# Home addresses: building + unit and/or room, Arabic or Chinese numerals. A room number
# must not be a count (5栋302户) or a public room (3号楼201会议室); a bare building is not enough.
_N = "[0-9一二三四五六七八九十百零〇]"
_NUMBER = rf"{_N}(?<!{_N}{_N}){_N}{{0,3}}"             # starts where the numeral starts
# A room in Chinese numerals is read digit by digit and needs 室/号/房 (五零一室): 一百二十户 is a count.
_ROOM = (r"(?:[0-9]{3,4}(?:室|号|房|(?![0-9户人名个份家位套间层栋平米元年天次万余多会活办教]))"
         r"|[零〇一二三四五六七八九]{3,4}(?:室|号|房))")
# 3号楼2单元501室, 5栋302, and the northern 楼-门-室 (3号楼2门501, 12楼3门302号: a bare 楼 is a floor
# unless a 门/单元 and a room follow).
_BUILDING = re.compile(rf"{_NUMBER}(?:号楼|栋|幢)(?:{_N}{{1,3}}(?:单元|门){_ROOM}|{_ROOM})"
                       rf"|{_NUMBER}楼{_N}{{1,3}}(?:单元|门){_ROOM}")
_LANE = re.compile(rf"{_NUMBER}弄{_N}{{1,4}}号(?:{_ROOM})?")
_DASHED = re.compile(r"(?:住|地址)[^0-9\n]{0,10}?([0-9]{1,3}-[0-9]{1,2}-[0-9]{3,4})(?![0-9-])")   # 家住3-2-501
# 楼-单元-室 shorthand right after a compound's name: 阳光花园3-2-501, 幸福小区 12-3-302.
_COMPOUND = "花园|小区|家园|新村|新城|公寓|大厦|社区|花苑|雅苑|佳苑|苑|园|庭|府|邸|湾|里|坊|村|院"
_COMPOUND_DASHED = re.compile(rf"(?:{_COMPOUND}) ?((?<![0-9])[0-9]{{1,3}}-[0-9]{{1,2}}-[0-9]{{3,4}})(?![0-9-])")

_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
# A space may stand anywhere in the tail (沪AF 29317, 京A D72816): the tail is read without it.
# Lower case too, as typed on a phone (苏a 8k35t).
_PLATE = re.compile(rf"[{_PROVINCES}][A-HJ-NP-Za-hj-np-z][·・•. -]?(?:[A-HJ-NP-Za-hj-np-z0-9] ?){{4,5}}"
                    r"[A-HJ-NP-Za-hj-np-z0-9](?![A-Za-z0-9])")
_PLATE_TAIL = re.compile(r"[A-HJ-NP-Z0-9]{5}|[DF][A-HJ-NP-Z0-9][0-9]{4}|[0-9]{5}[DF]")


def _plate(value: str) -> bool:
    tail = re.sub(r"[·・•. -]", "", value[2:]).upper()
    return bool(_PLATE_TAIL.fullmatch(tail)) and sum(c.isdigit() for c in tail[-5:]) >= 3

_FINDERS: tuple[Callable[[str], Found], ...] = (
    _regex("email", _EMAIL, needs=("@",)),   # before numbers: 13812345678@163.com is one e-mail address
    _numbers,
    _dotted_phones,
    _chinese_numeral_phones,
    _regex("wechat", _WECHAT),
    _regex("qq", _QQ),
    _regex("address", _BUILDING, needs=("楼", "栋", "幢")),
    _regex("address", _LANE, needs=("弄",)),
    _regex("address", _DASHED, needs=("住", "地址")),
    _regex("address", _COMPOUND_DASHED, needs=("-",)),
    _regex("plate", _PLATE, check=_plate),
)


# --- masking -----------------------------------------------------------------------

def _mask(kind: str, value: str) -> str:
    digits = re.sub(r"[^0-9]", "", value.translate(_CN_DIGITS))
    if kind == "mobile":
        return f"{digits[-11:-8]}****{digits[-4:]}"
    if kind == "landline":
        area = digits[:3] if digits[1] in "12" else digits[:4]
        return f"{area}-****{digits[-4:]}"
    if kind in ("id-card", "bank-card"):
        return _keep_ends(value, 4)
    if kind == "email":
        name, _, domain = value.partition("@")
        return f"{name[:2] if len(name) > 3 else name[:1]}***@{domain}"
    if kind == "address":
        return re.sub(_N, "*", value)
    if kind == "plate":
        return f"{value[:2]}·***{value[-2:]}"
    keep = 2 if len(value) >= 8 else 1      # wechat, qq
    return value[:keep] + "*" * (len(value) - 2 * keep) + value[-keep:]


def _keep_ends(value: str, keep: int) -> str:
    """The first and last `keep` digits (or X) shown, the others starred, separators kept."""
    total = sum(c.isalnum() for c in value)
    out, seen = [], 0
    for c in value:
        if c.isalnum():
            out.append(c if seen < keep or seen >= total - keep else "*")
            seen += 1
        else:
            out.append(c)
    return "".join(out)
