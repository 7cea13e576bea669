"""Details that identify a resident together though none does alone (issue 22).

Three combinations, each a warning that says why:
- an exact birth date (year, month and day, in any numerals, lunar too), or a birthday written beside an
  age: with the pseudonym beside it, neighbours know who it is. The person's age is read from the date
  itself (or the age written beside it), so the warning is 儿童信息 only for a minor and 组合信息 otherwise;
- a school class (三年级二班, 四（3）班, 初二(1)班) that one child is in: 儿童信息. A class named as a
  group (四年级二班的三十二名同学, 全班同学) identifies nobody;
- an illness with a place that narrows it to one person: a rare disease (渐冻症, 血友病 …) or a
  sentence saying the resident is the only one with a condition (唯一一位…患者), in a sentence that names a
  place (社区, 小区, 院, 楼, 村 …): 组合信息.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable

from generator.checks.reader_text import reader_text
from generator.core.problems import Problem, warning

Texts = Iterable[tuple[str, Callable[[int], int], str]]   # (text, file line of an offset, where it stands)

_CN_DIGIT = "〇零一二三四五六七八九"
_YEAR = rf"(?:(?:19|20)[0-9]{{2}}|[一二][{_CN_DIGIT}]{{3}})"
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]|正|冬|腊)"
_DAY = (r"(?:3[01]|[12][0-9]|0?[1-9]|初[一二三四五六七八九十]|廿[一二三四五六七八九]?|二十[一二三四五六七八九]?"
        r"|三十[一]?|十[一二三四五六七八九]?|[一二三四五六七八九])")
_LUNAR = r"(?:农历|阴历)?"
_DATE = (rf"{_LUNAR}(?P<year>{_YEAR})\s*年\s*{_LUNAR}{_MONTH}\s*月\s*{_DAY}\s*[日号]?"
         rf"|(?P<year2>(?:19|20)[0-9]{{2}})[-./]{_MONTH}[-./]{_DAY}(?![0-9])")
_MONTH_DAY = rf"{_LUNAR}{_MONTH}\s*月\s*{_DAY}\s*[日号]?"
# A birth is found by its word first (the words are few, dates many), then the date beside it: before
# 出生, 生人, 生日 …, or after 出生于, 生于, 出生日期：, 生日是, 每年.
BIRTH_WORD = re.compile(r"出生|生于|生日|生人|生的|降生|落地|每年|生(?=[，。,；;、\s）)]|$)")
_WORDS_AFTER_A_DATE = ("出生", "生日", "生人", "生的", "降生", "落地", "生")
_WORDS_BEFORE_A_DATE = ("出生", "生于", "生日", "每年")
DATE_BEFORE_WORD = re.compile(rf"(?:{_DATE})\s*$")
DATE_AFTER_WORD = re.compile(rf"(?:于|在|日期|时间|年月日|是|为|[:：\s])*(?:{_DATE})")
DAY_BEFORE_WORD = re.compile(rf"{_MONTH_DAY}(?:是)?(?:的)?\s*$")
DAY_AFTER_WORD = re.compile(rf"(?:于|在|是|为|[:：\s])*{_MONTH_DAY}")
_NOT_A_BIRTHDAY = re.compile(r"[会宴派聚活蛋]")    # 5月3日生日会: a party's date
AGE = re.compile(r"(?P<age>[0-9]{1,3}|[一二三四五六七八九十百]{1,4})\s*(?:周)?岁")

_CLASS_NO = r"[0-9一二三四五六七八九十]{1,2}"
SCHOOL_CLASS = re.compile(
    rf"(?:[一二三四五六1-6]\s*年级|[初高][一二三1-3]|[一二三四五六1-6]\s*年)\s*[（(]?\s*{_CLASS_NO}\s*[)）]?\s*班"
    rf"|[一二三四五六1-6]\s*[（(]\s*{_CLASS_NO}\s*[)）]\s*班")
# A kindergarten's class (大二班, 中一班, 小三班, 托班): a class only where a kindergarten is named.
KINDERGARTEN_CLASS = re.compile(rf"[大中小]\s*{_CLASS_NO}\s*班")
KINDERGARTEN = re.compile(r"幼儿园|托儿所|托育|学前")
# The class as a group: its pupils counted or called together, not one child.
_GROUP_AFTER = re.compile(r"[^。！？；\n]{0,4}?(?:全体|同学们|学生们|孩子们|小朋友们|师生|家长们|教室|班会|"
                          r"[0-9一二三四五六七八九十几两多]+\s*(?:名|位|个)(?:同学|学生|孩子|小朋友|少先队员))")
_GROUP_BEFORE = re.compile(r"(?:全班|全体|整个)[^。！？；\n]{0,8}$|(?:和|与|跟|同)\s*$")

# Rare diseases (from China's first list of rare diseases, 2018, the ones a case writer would name) and the
# plain names people use for them.
RARE_DISEASES = ("渐冻症|渐冻人|肌萎缩侧索硬化|脊髓性肌萎缩|肌营养不良|血友病|白化病|成骨不全|瓷娃娃|戈谢病|庞贝病|"
                 "法布雷病|苯丙酮尿症|多发性硬化|亨廷顿|重症肌无力|结节性硬化|黏多糖|卟啉病|肝豆状核变性|马凡综合征|"
                 "视网膜色素变性|早衰症|天使综合征|普拉德|小胖威利|蝴蝶宝贝|大疱性表皮松解|罕见病|特发性肺动脉高压|"
                 "尼曼匹克|纯红细胞再生障碍|朗格汉斯|噬血细胞|先天性肌无力|脊髓小脑共济失调|进行性核上性麻痹")
RARE = re.compile(RARE_DISEASES)
# "the only one with …": uniqueness, then a condition within the same clause.
# (or of another kind few share: 唯一的朝鲜族百岁老人, 唯一一户低保家庭)
ONLY_ONE = re.compile(r"(?:唯一|仅有|独一|只有(?:他|她|这)?一(?:位|个|人|家))[^。！？；，,\n]{0,10}?"
                      r"(?:患者|病人|病友|残疾人|盲人|聋哑人|瘫痪|患有|得了|确诊|坐轮椅|透析"
                      r"|老人|老太太|老爷子|百岁|寿星|孩子|儿童|家庭|人家|住户|一户)")
PLACE = re.compile(r"社区|小区|院里|大院|[0-9一二三四五六七八九十]+号院|楼里|楼栋|单元|村里|[村屯寨]|街道|新村|家园|"
                   r"花园|[苑里巷弄]|这栋|这幢|本楼")

CHILD_HINT = "删去具体的出生日期和班级（可写“上小学三年级”“八九岁”）"
BIRTH_HINT = "只写年龄或年代（如“九十多岁”“五十年代生人”），不写具体的出生日期"
ILLNESS_HINT = "不写让人能对上号的地点或“唯一”这样的说法（如改为“社区里一位患重病的居民”），或只写病的类别"
ALLOW_HINT = "；确需保留（如已取得本人或监护人同意公开）时，在头信息 privacy 下写 allow: [\"这几个字\"]，审核人会看到"
Found = tuple[int, str, str, str]       # offset, the detail as written, the message, the hint
SENTENCE_ENDS = re.compile(r"[。！？；!?;\n]")


def together_in(shown: str, texts: Texts, today: dt.date, allow: tuple[str, ...] = ()) -> list[Problem]:
    """Warnings for the details in `texts` that identify someone together, but those `allow` lets through
    (privacy.allow: a guardian's consent covers taking part, not being recognised, so it silences nothing)."""
    problems: dict[tuple[int, str], Problem] = {}      # a detail written twice on a line: one warning
    for text, line, where in texts:
        seen = reader_text(text)
        found = (_births(seen.text, today) + _table_births(seen.text, today) + _classes(seen.text)
                 + _illnesses(seen.text))
        for at, detail, message, hint in sorted(found):
            if any(a and (a in detail or detail in a) for a in allow):
                continue
            code = "儿童信息" if hint == CHILD_HINT else "组合信息"
            row = line(seen.source_start(at))
            problems.setdefault((row, detail), warning(shown, row, code, f"{where}{message}", hint + ALLOW_HINT))
    return list(problems.values())


def _births(text: str, today: dt.date) -> list[Found]:
    found: list[Found] = []
    for word in BIRTH_WORD.finditer(text):
        at, end = word.span()
        dated = after = None
        if word[0] in _WORDS_AFTER_A_DATE and not (word[0] == "生日" and _NOT_A_BIRTHDAY.match(text, end)):
            dated = (DATE_BEFORE_WORD.search(text, max(0, at - 24), at)
                     or DAY_BEFORE_WORD.search(text, max(0, at - 12), at))
        if dated is None and word[0] in _WORDS_BEFORE_A_DATE:
            dated = after = DATE_AFTER_WORD.match(text, end) or DAY_AFTER_WORD.match(text, end)
        if dated is None or any(f[0] <= dated.start() < f[0] + 24 for f in found):
            continue
        start = at if after else dated.start()
        detail = text[start:dated.end() if after else end].strip()
        year = dated.groupdict().get("year") or dated.groupdict().get("year2")
        if year:
            found += _birth(start, detail, today.year - int(year.translate(_TO_DIGITS)), "出生日期")
        elif (age := _age_near(text, at)) is not None:
            found += _birth(start, detail, age, "生日")
    return found


FULL_DATE = re.compile(_DATE)
BIRTH_COLUMN = re.compile(r"出生|生日")
TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}")


def _table_births(text: str, today: dt.date) -> list[Found]:
    """Dates in a table column headed 出生日期 or 生日: the heading is the word beside each of them."""
    if "|" not in text or not BIRTH_COLUMN.search(text):
        return []
    found: list[Found] = []
    lines, at = text.split("\n"), 0
    columns: set[int] = set()
    for n, line in enumerate(lines):
        cells = line.strip().strip("|").split("|")
        if "|" not in line:
            columns = set()
        elif n + 1 < len(lines) and TABLE_SEPARATOR.match(lines[n + 1]):
            columns = {i for i, cell in enumerate(cells) if BIRTH_COLUMN.search(cell)}
        elif columns and not TABLE_SEPARATOR.match(line):
            for i in columns & set(range(len(cells))):
                if m := FULL_DATE.search(cells[i]):
                    year = int((m["year"] or m["year2"]).translate(_TO_DIGITS))
                    found += _birth(at + line.find(cells[i]) + m.start(), m[0], today.year - year, "出生日期")
        at += len(line) + 1
    return found


def _birth(at: int, detail: str, age: int, what: str) -> list[Found]:
    if age < 18:
        return [(at, detail, f"写了孩子的{what}“{detail}”，连同化名和经历，熟悉的人能认出孩子", CHILD_HINT)]
    return [(at, detail, f"写了具体的{what}“{detail}”，连同文中的化名和经历，熟悉的人能认出本人", BIRTH_HINT)]


_TO_DIGITS = str.maketrans(_CN_DIGIT, "00123456789")


def _age_near(text: str, at: int) -> int | None:
    """The age written in the sentence around `at` (今年九岁, 78岁), if any."""
    start, end = _sentence(text, at)
    m = AGE.search(text, start, end)
    return _number(m["age"]) if m else None


def _number(numeral: str) -> int:
    """78, 九, 十二, 七十八, 九十 (an age)."""
    if numeral.isdigit():
        return int(numeral)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    if "百" in numeral:
        hundreds, _, rest = numeral.partition("百")
        return digits.get(hundreds[-1:], 1) * 100 + (_number(rest.lstrip("零")) if rest.strip("零") else 0)
    tens, _, ones = numeral.partition("十")
    if not _:
        return digits.get(numeral[-1], 0)
    return (digits.get(tens[-1:], 1) if tens else 1) * 10 + (digits.get(ones[:1], 0) if ones else 0)


def _classes(text: str) -> list[Found]:
    found: list[Found] = []
    at = text.find("班")
    while at >= 0:      # the class's own word first: 班 is rare, the numerals before it are not
        m = SCHOOL_CLASS.search(text, max(0, at - 12), at + 1) or _kindergarten_class(text, at)
        at = text.find("班", at + 1)
        if m is None or found and found[-1][0] == m.start() or _as_a_group(text, m):
            continue
        found.append((m.start(), m[0], f"写了孩子所在的班级“{m[0]}”，加上学校和化名，熟悉的人能认出孩子", CHILD_HINT))
    return found


def _kindergarten_class(text: str, at: int) -> re.Match[str] | None:
    m = KINDERGARTEN_CLASS.search(text, max(0, at - 5), at + 1)
    if m is None:
        return None
    start, end = _sentence(text, at)
    return m if KINDERGARTEN.search(text, start, end) else None


def _as_a_group(text: str, m: re.Match[str]) -> bool:
    return bool(_GROUP_AFTER.match(text, m.end()) or _GROUP_BEFORE.search(text, max(0, m.start() - 12), m.start()))


def _illnesses(text: str) -> list[Found]:
    found: list[Found] = []
    for pattern in (RARE, ONLY_ONE):
        for m in pattern.finditer(text):
            start, end = _sentence(text, m.start())
            if PLACE.search(text, start, end) and not any(start <= f[0] < end for f in found):
                why = "写了罕见的病" if pattern is RARE else "说这个人是那里唯一的一位"
                found.append((m.start(), m[0], f"{why}（“{m[0]}”），又写了所在的地方，熟悉的人能对上号", ILLNESS_HINT))
    return found


def _sentence(text: str, at: int) -> tuple[int, int]:
    start = max((m.end() for m in SENTENCE_ENDS.finditer(text, max(0, at - 120), at)), default=max(0, at - 120))
    end = SENTENCE_ENDS.search(text, at)
    return start, end.start() if end else min(len(text), at + 120)
