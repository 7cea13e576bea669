"""Any number or code long enough to identify someone is personal data, unless it is shown harmless.

The known shapes (phones, ID and card numbers …) are found first by personal_data.py; what is
left here is every other run of digits (Arabic, full-width or Chinese, with spaces, dots, dashes,
markup or a line break inside) and every letter-and-digit code. Each is reported unless its own
shape or its neighbours say what harmless thing it is: a date, time or year range, money, a count
with its unit, a percentage, a document number, a standard, an ISBN, an organisation's labelled
code, a postal code, an organisation's 400/800 hotline, or a pattern the library declares.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from datetime import date
from functools import lru_cache

# A run of digits with at most three joining characters between them: spaces, a dot, a dash, a line
# break, Markdown emphasis. Possessive: each digit is looked at once.
# At least MIN_LABELLED digits: the many short numbers of a write-up are passed over inside the regex.
# (Each pattern here starts with a character class, the look-behind after it: the regex engine then
# skips to the candidates instead of trying the look-behind at every character, 3× faster.)
_RUN = re.compile(r"[0-9](?<![0-9A-Za-z][0-9])(?:[ .\-\n*_`]{0,3}[0-9]){4,}+")
# Digits read out one by one, as people say and type them: Chinese numerals, the radio and phone forms
# (幺 1, 两 2, 拐 7, 洞 0), mixed with Arabic digits (幺五八6602一四三七), in groups split by a space, a
# dash, a line break, or a comma between groups of three or more (一五九，五三一七，〇八二六).
_CN = "〇零一二三四五六七八九幺两拐洞"
SPOKEN_DIGITS = str.maketrans(_CN, "001234567891270")
_SPOKEN = f"[{_CN}0-9]"


def spoken_run(more: int) -> re.Pattern[str]:
    """A run of at least 1 + `more` spoken digits (possessive: each digit looked at once)."""
    return re.compile(rf"{_SPOKEN}(?:(?:[ \-\n]|[,、](?={_SPOKEN}{{3}}))?{_SPOKEN}){{{more},}}+")


_CN_RUN = spoken_run(4)   # 5+ digits: 一次, 三五成群 are passed over
_CN_DIGITS = SPOKEN_DIGITS
_CN_MAGNITUDES = set("十百千万亿")
# A letter-and-digit code; a dash or Markdown emphasis may stand inside it (E5823**1947).
_CODE = re.compile(r"[A-Za-z0-9](?<![0-9A-Za-z#-][A-Za-z0-9])(?:(?<=[0-9])|(?=[A-Za-z-]{0,11}[0-9]))"
                   r"(?:(?:-|[*_`]{1,3})?[A-Za-z0-9])*+")
# A public service line: a short number (12345, 96110) or one a label names as an organisation's.
_HOTLINE_BEFORE = re.compile(r"(?:热线|专线|服务电话|服务号码|客服|报警|急救|举报|投诉|咨询电话|拨打|打)[:：\s]*$")

MIN_DIGITS = 7          # a number this long identifies someone unless it is shown harmless
MIN_LABELLED = 5        # … and this long when a label names it as someone's (卡号, 学号 …)

Found = Iterator[tuple[str, int, int]]
Harmless = tuple[re.Pattern[str], ...]   # the library's own harmless formats (site_config.yml harmless_numbers)


@lru_cache(maxsize=8)
def harmless_patterns(sources: tuple[str, ...]) -> Harmless:
    """The library's declared formats, compiled once (core/config.py has checked they compile)."""
    return tuple(re.compile(s) for s in sources)

# What a label before a number says it is, most specific first.
_KINDS = (
    ("id-card", re.compile(r"身份证|身份号")),
    ("medical", re.compile(r"病历|病案|住院|门诊|就诊")),
    ("social", re.compile(r"微信|[Qq]{2}|企鹅|抖音|快手|微博|[Vv][Xx]?[:：]|账号名")),
    ("account", re.compile(r"医保|社保|残疾证|低保|特困|护照|户口|户籍|敬老[卡证]|老年[卡证]|证号|证件|证书|学籍|"
                           r"学号|户号|会员|工号|档案|编号|居住证|通行证|驾驶|驾照|车架|电表|水表|燃气|饭卡|餐卡|卡号|"
                           r"不动产|产权|房产证|房本|土地证|宅基地")),
    ("bank-card", re.compile(r"银行|存折|账户|开户|银联|尾号")),
    ("plate", re.compile(r"车牌|牌照")),
)
_LABEL_WINDOW = 14

_UNITS = ("人次|人|户|次|名|个|位|份|件|场|期|批|届|组|队|所|家|间|套|栋|条|项|张|本|册|篇|元|块|角|万|亿|千|百|"
          "平方米|平米|米|公里|千米|厘米|毫米|亩|公顷|吨|公斤|千克|斤|克|升|毫升|天|日|周|月|年|小时|分钟|分|秒|岁|"
          "步|页|字|台|辆|棵|盆|箱|袋|瓶|包|双|对|层|楼|号|床|座|级|度|倍|元钱|小组|平|㎡|km|kg|cm|mm|ml|min")
_AFTER_HARMLESS = re.compile(rf"\s*(?:%|‰|％|{_UNITS})")
_FILE_NAME_AFTER = re.compile(r"\.[A-Za-z]{2,4}(?![A-Za-z])")
_YEARS = re.compile(r"(?:19|20)\d\d(?: (?:19|20)\d\d)+")
_MONEY_BEFORE = re.compile(r"[¥￥$€£]\s*$|人民币\s*$|(?:RMB|CNY)\s*$")
_ORG_BEFORE = re.compile(r"(?:统一社会信用代码|信用代码|组织机构代码|纳税人识别号|税号|登记证号|邮编|邮政编码|"
                         r"案例编号|案例号|案卷号|项目编号|课题编号|合同编号|文件编号|发文字号|批准文号|"
                         r"ISBN|ISSN|CN|GB/?T?|DB\d{0,2}/?T?|ISO|IEC|JGJ|MZ/?T?|WS/?T?|HJ|YY|QB|T/)[:：\s]*$",
                         re.IGNORECASE)
_DOCUMENT_NUMBER = re.compile(r"[〔\[［【(（]\s*(?:19|20)\d\d\s*[〕\]］】)）]\s*$")
_DATE = re.compile(r"(?:19|20)\d\d(?:[-./年 ]\d{1,2}(?:[-./月 ]\d{1,2}日?)?)?"
                   r"|\d{1,2}[-./]\d{1,2}[-./](?:19|20)\d\d")
_YEAR_RANGE = re.compile(r"(?:19|20)\d\d\s*[-—~至到]\s*(?:19|20)?\d\d")
_DAY = r"(?:19|20)\d\d(?:[./]\d{1,2}(?:[./]\d{1,2})?)?"
_DATE_RANGE = re.compile(rf"{_DAY}\s*[-—~]\s*{_DAY}")
_HOUR = re.compile(r"\s\d{1,2}$")
_YEAR_SERIAL = re.compile(r"(?:19|20)\d\d-\d{1,4}")   # 2024-001: a year and a short serial, a document's
_DECIMALS = re.compile(r"\d{1,6}\.\d+|\d{1,5}(?:\.\d{1,3})?(?:\s+\d{1,5}(?:\.\d{1,3})?)*")


def other_numbers(norm: str, harmless: tuple[re.Pattern[str], ...] = ()) -> Found:
    """(kind, start, end) of every number or code in `norm` (the NFKC text) not shown harmless."""
    judged: list[tuple[int, int]] = []   # codes looked at: the digits inside one are not judged again
    for m in _CODE.finditer(norm):
        code = m[0]
        if re.search("[A-Za-z]", code) and sum(c.isdigit() for c in code) >= 4 and len(code) >= 6:
            judged.append(m.span())
            yield from _judged(norm, m.start(), m.end(), code, harmless)
    for m in _RUN.finditer(norm):
        run = m[0]
        if len(run) < MIN_LABELLED:
            continue   # the usual number of a write-up (2023, 45): too short to be anyone's
        i = bisect_right(judged, (m.start(), len(norm))) - 1    # the last code starting at or before it
        if i < 0 or judged[i][1] <= m.start():
            yield from _judged(norm, m.start(), m.end(), run if run.isdigit() else re.sub(r"[^0-9]", "", run),
                               harmless)
    if any(c in norm for c in _CN):
        for m in _CN_RUN.finditer(norm):
            if not any(c in _CN for c in m[0]):
                continue   # Arabic digits alone (110、120、119 too): the run above
            digits = re.sub(r"[^0-9]", "", m[0].translate(_CN_DIGITS))
            if norm[m.end():m.end() + 1] in _CN_MAGNITUDES or norm[m.start() - 1:m.start()] in _CN_MAGNITUDES:
                continue   # 一二三四五六七八九十: numerals counted, not a number read digit by digit
            if len(digits) >= MIN_LABELLED:
                yield from _judged(norm, m.start(), m.end(), digits, harmless)


def _judged(norm: str, start: int, end: int, digits: str, harmless: tuple[re.Pattern[str], ...]) -> Found:
    if len(digits) < MIN_LABELLED:
        return   # most numbers of a write-up (2023, 45 户): nothing more to look at
    before = norm[max(0, start - _LABEL_WINDOW):start]
    labelled = _kind_by_label(before)
    if len(digits) < (MIN_LABELLED if labelled else MIN_DIGITS):
        return
    if len(digits) <= 6 and (digits[0] in "19" and len(digits) <= 5 or _HOTLINE_BEFORE.search(before)):
        return   # a public service line
    if _is_harmless(norm, start, end, harmless):
        return
    yield labelled or "number", start, end


def _kind_by_label(before: str) -> str | None:
    before = before.rsplit("\n", 1)[-1]
    best: tuple[int, str] | None = None
    for kind, pattern in _KINDS:
        for m in pattern.finditer(before):
            if best is None or m.end() > best[0]:
                best = (m.end(), kind)   # the label nearest the number names it
    return best[1] if best else None


def _is_harmless(norm: str, start: int, end: int, harmless: tuple[re.Pattern[str], ...]) -> bool:
    span = norm[start:end]
    before, after = norm[max(0, start - 24):start], norm[end:end + 6]
    flat = re.sub(r"[*_`\n]", "", span).translate(_CN_DIGITS)
    if _in_address(norm, start) or _FILE_NAME_AFTER.match(after):
        return True   # part of an address or a file name, not of the text
    if _YEARS.fullmatch(flat) or _DATE_RANGE.fullmatch(flat) or _YEAR_SERIAL.fullmatch(flat):
        return True
    if after.startswith(":") and _HOUR.search(flat) and _DATE.fullmatch(_HOUR.sub("", flat)):
        return True   # 2024-05-01 14:30
    if any(p.fullmatch(flat) or p.fullmatch(re.sub(r"\s", "", flat)) for p in harmless):
        return True
    # Written with separators, a date's shape is enough (a wrong date is the date check's to report).
    if _DATE.fullmatch(flat) and (not flat.isdigit() or _real_date(flat)) or _YEAR_RANGE.fullmatch(flat):
        return True
    if _MONEY_BEFORE.search(before) or _ORG_BEFORE.search(before) or _DOCUMENT_NUMBER.search(before):
        return True
    if _AFTER_HARMLESS.match(after) and not _looks_like_an_identifier(flat):
        return True
    if "." in flat and _DECIMALS.fullmatch(flat):
        return True   # measurements, one or several
    digits = re.sub(r"[^0-9]", "", flat)
    if len(set(digits)) <= 2 or len(digits) - len(digits.rstrip("0")) >= len(digits) - 2:
        return True   # 100000000, 1111111: a quantity or a placeholder, too plain to point at anyone
    if _isbn(flat):
        return True   # a book's number, by its check digit
    if len(digits) == 10 and digits[:3] in ("400", "800"):
        return True   # an organisation's hotline: no resident has one
    return len(digits) == 8 and _real_date(digits)


def _isbn(flat: str) -> bool:
    """ISBN-13 (978/979) or ISBN-10 with a valid check digit, hyphenated as books print it."""
    code = re.sub(r"[\s-]", "", flat).upper()
    if len(code) == 13 and code[:3] in ("978", "979") and code.isdigit():
        return sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(code)) % 10 == 0
    if len(code) == 10 and "-" in flat and code[:9].isdigit() and (code[9].isdigit() or code[9] == "X"):
        return sum((10 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(code)) % 11 == 0
    return False


def _in_address(norm: str, start: int) -> bool:
    """Inside a web address or a link's target: the word it stands in (up to 300 characters back)."""
    window = norm[max(0, start - 300):start]
    word = re.split(r"[\s\u3000（），。；]", window)[-1]
    opened = word.rfind("](")
    return "://" in word or word.startswith("www.") or (opened >= 0 and ")" not in word[opened:])


def _looks_like_an_identifier(flat: str) -> bool:
    """11+ digits before a unit is still a number someone holds (…号 after a card number); so is a number
    with a leading zero (第0123456号): no count starts with 0."""
    return sum(c.isdigit() for c in flat) >= 11 or flat.startswith("0")


def _real_date(text: str) -> bool:
    digits = re.sub(r"[^0-9]", " ", text).split()
    try:
        if len(digits) == 1 and len(digits[0]) == 8:
            y, m, d = int(digits[0][:4]), int(digits[0][4:6]), int(digits[0][6:])
        elif len(digits) >= 1 and len(digits[0]) == 4:
            y, m, d = int(digits[0]), int(digits[1]) if len(digits) > 1 else 1, int(digits[2]) if len(digits) > 2 else 1
        elif len(digits) == 3:
            d, m, y = (int(x) for x in digits)
        else:
            return False
        return 1900 <= y <= 2100 and date(y, m, d) is not None
    except ValueError:
        return False
