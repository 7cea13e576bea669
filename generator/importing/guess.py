"""The proposed header of a draft: every field either guessed with the reason (and the
sentence that suggested it) or left as the 【待填写……】 placeholder `caselib check` points at.

Guesses are proposals for a supervisor, never facts: the report and YAML comments say
where each one came from.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from generator.checks.names import PSEUDONYM_FORM, SURNAMES, introduced_names
from generator.checks.personal_data import PiiMatch, find_pii
from generator.core.vocabulary import Term, Vocabulary
from generator.importing.split import COMMUNITY_LINE


@dataclass(frozen=True)
class Suggestion:
    label: str
    quote: str          # the sentence that suggested it
    score: int = 0


@dataclass
class Proposal:
    title: str = ""
    kind: Term | None = None
    kind_why: str = ""
    date: str = ""
    date_why: str = ""
    community: str = ""
    community_why: str = ""
    other_communities: list[str] = field(default_factory=list)
    region: str = ""
    region_why: str = ""
    authors: list[str] = field(default_factory=list)
    authors_why: str = "署名行"
    opening: str = ""                                        # first sentence, a start for the summary
    tags: dict[str, list[Suggestion]] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)          # person names found, to confirm as pseudonyms
    pii: list[PiiMatch] = field(default_factory=list)


_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_MARKUP = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+|[0-9]{1,3}[.)]\s+|\|)")


def sentences(text: str) -> list[str]:
    """Sentences without Markdown markup at the start of their line (headings, quotes, list markers)."""
    lines = (_MARKUP.sub("", line) for line in text.split("\n"))
    return [s.strip(" *|") for line in lines for s in _SENTENCE.findall(line) if s.strip(" *|")]


# --- kind --------------------------------------------------------------------------

def guess_kind(vocab: Vocabulary, text: str) -> tuple[Term, str]:
    """The kind whose labels, aliases and hints the text mentions most, with the words counted."""
    best, best_score, best_words = None, 0, []
    for term in vocab.terms["kind"]:
        words = [(w, text.count(w)) for w in (term.label, *term.aliases, *term.hints)]
        words = [(w, n) for w, n in words if n]
        score = sum(n * (3 if w in (term.label, *term.aliases) else 1) for w, n in words)
        if score > best_score:
            best, best_score, best_words = term, score, words
    if best is None or best_score < 3:
        term = vocab.terms["kind"][0]
        return term, f"正文中没有明显线索，暂定为{term.label}"
    counted = "、".join(f"“{w}”{n}次" for w, n in sorted(best_words, key=lambda wn: -wn[1])[:4])
    return best, f"正文中出现 {counted}"


# --- date --------------------------------------------------------------------------

_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_DATE = re.compile(r"(?P<y>(?:19|20)[0-9]{2}|[二][〇零0][〇零一二三四五六七八九0-9]{2})\s*[-/.年]\s*"
                   r"(?P<m>[0-9]{1,2}|十[一二]?|[一二三四五六七八九])\s*(?:[-/.月]\s*(?P<d>[0-9]{1,2})(?![0-9])\s*日?|月)")
_PUBLISHED = re.compile(r"发布|发表|时间|日期|编辑于|更新")


def guess_date(text: str, metadata: str = "", today: dt.date | None = None,
               published_only: bool = False) -> tuple[str, str]:
    """(YYYY-MM-DD or YYYY-MM, the sentence it came from): metadata first, then a publication line,
    then the first date."""
    today = today or dt.date.today()
    if metadata and (found := _first_date(metadata, today)):
        return found, f"网页信息中的发布时间“{metadata.strip()}”"
    lines = [line for line in text.split("\n") if line.strip() and (_PUBLISHED.search(line) or not published_only)]
    for line in sorted(lines, key=lambda line: not _PUBLISHED.search(line)):
        if found := _first_date(line, today):
            return found, f"“{quote(line, found_at(line))}”"
    return "", ""


def found_at(line: str) -> int:
    m = _DATE.search(line)
    return m.start() if m else 0


def _first_date(text: str, today: dt.date) -> str:
    for m in _DATE.finditer(text):
        year = int(m["y"].translate(_CN_DIGITS))
        month = _month(m["m"])
        day = int(m["d"]) if m["d"] else None
        try:
            when = dt.date(year, month, day or 1)
        except ValueError:
            continue
        if year >= 1980 and when <= today:
            return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
    return ""


def _month(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + (int(text[1:].translate(_CN_DIGITS)) if len(text) > 1 else 0)
    return int(text.translate(_CN_DIGITS))


# --- community and region ------------------------------------------------------------

_PLACE = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{2,6}?(?:社区|居民区))|"
                    r"(?:^|(?<=[在于到和与及、，,。“：:\s]))([\u4e00-\u9fff]{2,6}?(?:社区|居民区))")
# Words that make "…社区" a phrase rather than a name (了解社区, 更好地为社区, 各社区).
_NOT_A_NAME = re.compile(r"^(?:各|本|该|每|全|整个|一个|这|那|其他|我们|所在|所属|多个|[一二三四五六七八九十两几]个"
                         r"|农村|城市|老旧|新建|和谐|社区|基层|我|他|她)"
                         r"|[的地得了把被让使]|实现|提升|了解|组织|动员|认为|关心|主动|进行|推动|服务"
                         r"|加强|建设|开展|参与|全方位|一场|打造|构建|融入|走进|深入|进入|带动|治理|能力|工作")
# A city with its district or county (北京市通州区), or a province with its city (山东省济南市).
_REGION = re.compile(r"[\u4e00-\u9fff]{2,3}省[\u4e00-\u9fff]{2,3}市(?:[\u4e00-\u9fff]{1,3}?[区县])?"
                     r"|(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,3}市[\u4e00-\u9fff]{1,3}?[区县]"
                     r"|(?<=[在于到，,。、])[\u4e00-\u9fff]{2,3}市[\u4e00-\u9fff]{1,3}?[区县]")


def guess_community(text: str) -> tuple[str, str, list[str]]:
    """(a community named at least twice, why, other candidates)."""
    counts: dict[str, int] = {}
    for line in text.split("\n"):
        if c := COMMUNITY_LINE.match(line.strip()):
            counts[c["name"]] = counts.get(c["name"], 0) + 2
            continue
        for m in _PLACE.finditer(line):
            name = m[1] or m[2]
            if _is_place_name(name):
                counts[name] = counts.get(name, 0) + 1
    ranked = sorted(counts, key=lambda n: -counts[n])
    if ranked and counts[ranked[0]] >= 2:
        return ranked[0], f"正文中出现 {counts[ranked[0]]} 次", ranked[1:5]
    return "", "", ranked[:5]


def _is_place_name(name: str) -> bool:
    """和平路社区 yes; 了解社区, 更好地为社区 no (a verb, adverb, preposition or pronoun before 社区)."""
    import rjieba

    stem = name[:-3] if name.endswith("居民区") else name[:-2]
    if _NOT_A_NAME.search(stem):
        return False
    return not any(tag[:1] in ("v", "d", "p", "u", "c", "r") for _, tag in rjieba.tag(stem))


def guess_region(text: str) -> tuple[str, str]:
    for line in text.split("\n"):
        if m := _REGION.search(line):
            return m[0], f"“{quote(line, m.start())}”"
    return "", ""


# --- tags -----------------------------------------------------------------------------

LIMITS = {"models": 2, "stages": 3, "techniques": 6, "service_users": 4}
_STRONG_MIN = 3      # characters: shorter aliases (沟通, 共建) are weak evidence, like hints


def suggest_tags(vocab: Vocabulary, text: str) -> dict[str, list[Suggestion]]:
    """Per facet, terms the text names (label, alias: 2 points) or hints at (hint: 1 point); 2 points suggest."""
    said = sentences(text)
    folded = [s.casefold() for s in said]
    out: dict[str, list[Suggestion]] = {}
    for facet, limit in LIMITS.items():
        found = []
        for term in vocab.terms[facet]:
            if s := _evidence(term, said, folded):
                found.append(s)
        found.sort(key=lambda s: -s.score)
        out[facet] = found[:limit]
    return out


def _evidence(term: Term, said: list[str], folded: list[str]) -> Suggestion | None:
    strong = [w for w in (term.label, *term.aliases) if len(w) >= _STRONG_MIN or w == term.label]
    weak = [w for w in (*term.aliases, *term.hints) if w not in strong]
    score, first = 0, None
    for sentence, low in zip(said, folded, strict=True):   # folded: said, case-folded
        hit = next((w for w in strong if w.casefold() in low), None)
        points = 2 if hit else 0
        if not hit and (hit := next((w for w in weak if w.casefold() in low), None)):
            points = 1
        if hit:
            score += points
            if first is None or (points == 2 and first[1] < 2):
                first = (quote(sentence, low.find(hit.casefold())), points)
    return Suggestion(term.label, first[0], score) if first and score >= 2 else None


# --- people -----------------------------------------------------------------------------

_NAME_FORM = re.compile(rf"(?:[老小阿][{SURNAMES}])(?![\u4e00-\u9fff]{{0,0}}[们])"
                        rf"|[{SURNAMES}](?:阿姨|大爷|奶奶|爷爷|叔叔|大妈|师傅|书记|主任|女士|先生|老师|某某?)")


def find_names(text: str, exclude: list[str]) -> list[str]:
    """Person names to confirm as pseudonyms: full names jieba tags as names, 老李/王阿姨 forms, introduced names."""
    import rjieba

    names: dict[str, None] = {}
    for found in introduced_names(text):
        names[found.name] = None
    for word, tag in rjieba.tag(text):
        # jieba also tags dictionary words (顾问, 范文) and places (魏家坟村) as names: those are left out
        if (tag == "nr" and 2 <= len(word) <= 3 and word[0] in SURNAMES and word[0] != "于"
                and not rjieba.has_word(word) and not re.search(re.escape(word) + "[村坟庄路街镇里社]", text)):
            names[word] = None
    for m in _NAME_FORM.finditer(text):
        names[m[0]] = None
    return [n for n in names if n not in exclude and not any(n in e for e in exclude)][:30]


def is_pseudonym_form(name: str) -> bool:
    return bool(PSEUDONYM_FORM.search(name)) or name[0] in "老小阿"


def scan_pii(text: str) -> list[PiiMatch]:
    return find_pii(text, limit=50)


def mask_pii(text: str, found: list[PiiMatch]) -> str:
    """The text with each finding replaced by its masked form (from the end, so offsets hold)."""
    for m in sorted(found, key=lambda m: -m.start):
        text = text[:m.start] + m.masked + text[m.end:]
    return text


# --- helpers ------------------------------------------------------------------------------

_QUOTE_LEN = 60


def quote(sentence: str, at: int = 0) -> str:
    """At most 60 characters of a sentence around position `at`, on one line."""
    s = " ".join(sentence.split())
    if len(s) <= _QUOTE_LEN:
        return s
    start = max(0, min(at - 20, len(s) - _QUOTE_LEN))
    return ("…" if start else "") + s[start:start + _QUOTE_LEN] + "…"


def opening(text: str) -> str:
    for s in sentences(text):
        if len(s) >= 10 and not s.startswith(("!", "|")):
            return quote(s)
    return ""
