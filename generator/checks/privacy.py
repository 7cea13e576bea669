"""Personal data in a case file: phone, ID and card numbers, e-mail, WeChat/QQ, home addresses, plates.

Every rule reads the text as its reader sees it (`reader_text`: `&#49;` decoded, zero-width and other
invisible characters removed) and reads all of it: the file as typed, and each header value as YAML
gives it to the pages, the search index and the exports (`published.header_texts`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import NamedTuple

from generator.checks.name_places import find_names
from generator.checks.names import RELATIVES, ROLES, declared_pseudonyms, introduced_names
from generator.checks.numbers import Harmless
from generator.checks.personal_data import find_pii
from generator.checks.published import HeaderText, header_texts, line_in_value
from generator.checks.reader_text import line_at, reader_text
from generator.checks.together import together_in
from generator.core.facets import TAG_FIELDS
from generator.core.problems import ERROR, Problem, error, warning
from generator.core.sources import Document

MAX_FINDINGS = 30

_PARTLY = "删除，或改写为部分隐藏的形式（如 {}）"
_ALLOW = "；如果这是公开的服务电话，在头信息 privacy 下写 allow: [\"这个号码\"]，只对这个号码放行"
# What to write instead, by kind. Only a phone number can be a public service number, so only
# phones get the allow-list hint; an account or address is never shown even partly hidden.
HINTS = {
    "mobile": _PARTLY.format("138****5678") + _ALLOW,
    "landline": _PARTLY.format("0531-****3456") + _ALLOW,
    "id-card": _PARTLY.format("3701**********1234") + "，或只写“已核对身份证件”",
    "bank-card": _PARTLY.format("6222 **** **** 1234") + "，或只写“本人的银行卡”",
    "email": "删除，或改为“（邮箱已隐去）”",
    "wechat": "删除，或改为“（微信号已隐去）”",
    "qq": "删除，或改为“（QQ号已隐去）”",
    "address": "只写到小区或“某楼”，不写单元和门牌号",
    "plate": _PARTLY.format("鲁A·***45") + "，或只写“居民的车”",
    "account": "删除，或只写“已核对证件”；证件、会员、学籍等号码都能找到本人",
    "medical": "删除，或只写“有就诊记录”",
    "social": "删除，或改为“（账号已隐去）”",
    "number": ("这串数字足以找到一个人，删除或部分隐藏；若它确实无害（如本机构的案卷编号），在 privacy 下写"
               " allow: [\"这个号码\"]，或在 site_config.yml 的 caselib 插件设置下用 harmless_numbers 声明这种格式"),
}


# A hand-written page of docs/ has no header of its own to allow a number in: the site's config does.
_SITE_ALLOW = ("；如果这是公开的服务电话，在 site_config.yml 的 caselib 插件设置下写 allowed_contacts: [\"这个号码\"]，"
               "只对这个号码放行")


def check_privacy(doc: Document, allow: tuple[str, ...], page: bool = False, harmless: Harmless = ()) -> list[Problem]:
    """Personal data anywhere in the file, and in each header value as it is published (`page`: a page
    of docs/ rather than a case)."""
    found: dict[tuple[int, str, str], Problem] = {}

    def report(line: int, kind: str, label: str, masked: str) -> None:
        hint = HINTS[kind].replace(_ALLOW, _SITE_ALLOW) if page else HINTS[kind]
        # never echo the full value: the message itself must be safe to show and to log
        found.setdefault((line, kind, masked), error(doc.shown, line, "隐私信息",
                                                     f"{label}“{masked}”不能出现在公开的{'页面' if page else '案例'}中",
                                                     hint))

    for match in find_pii(doc.text, allow, limit=MAX_FINDINGS, harmless=harmless):
        report(line_at(doc.text, match.start), match.kind, match.label, match.masked)
    lines = doc.text.split("\n")
    for value in header_texts(doc):
        if len(found) >= MAX_FINDINGS:
            break
        if value.text in "\n".join(lines[value.line - 1:value.end_line]):
            continue    # the value as typed on its lines: the file's own scan has read it
        for match in find_pii(value.text, allow, limit=MAX_FINDINGS, harmless=harmless):
            report(line_in_value(doc, value, match.text), match.kind, match.label, match.masked)
    return list(found.values())[:MAX_FINDINGS]


RELATIVE_CUES = frozenset(RELATIVES.split("|"))
NEEDS_DECLARATION = ("service-case", "micro-project")  # kinds that describe residents


def check_declaration(case) -> list[Problem]:
    """A case about residents should record what the supervisor vouches for."""
    if case.kind.id not in NEEDS_DECLARATION or case.privacy.declared:
        return []
    return [warning(case.shown, case.line_of.get("kind", 2), "缺少隐私声明",
                    f"{case.kind.label}描写了真实居民，但头信息中没有 privacy 隐私声明",
                    "在头信息中加入：privacy: 换行后缩进写 pseudonymised: true（服务对象已用化名）、"
                    "pseudonyms: [文中用到的化名]、consent: written（书面同意；或 verbal、guardian、not-applicable）")]


class Text(NamedTuple):
    """Where a rule looks: the body or one published text, with the file line of an offset in it."""
    text: str
    line: Callable[[int], int]
    where: str = "正文"


Texts = list[Text]


def check_together(case, today: dt.date) -> list[Problem]:
    """Details that identify a resident together: a birth date, a child's class, an illness and a place."""
    return together_in(case.shown, case_texts(case), today, case.privacy.allow)


# The published text of a case besides its body, for the rules that read a case rather than a file.
CASE_TEXT_FIELDS = ("title", "summary", "community", "region")


def case_texts(case) -> Texts:
    """The body and each published text field of a case."""
    texts = [Text(case.body, lambda at: line_at(case.body, at, case.body_line))]
    for field in CASE_TEXT_FIELDS:
        if text := getattr(case, field):
            texts.append(Text(text, _fixed(case.line_of.get(field, 2)), f"头信息 {field} "))
    if case.review is not None and case.review.notes:
        texts.append(Text(case.review.notes, _fixed(case.line_of.get("review", 2)), "审核意见"))
    return texts


def document_texts(doc: Document) -> Texts:
    """The body and each header value of a file (a page of docs/ has no fields of its own)."""
    texts = [Text(doc.body, lambda at: line_at(doc.body, at, doc.body_line))]
    return texts + [Text(value.text, _fixed(value.line), f"头信息 {value.field} ") for value in header_texts(doc)]


def _fixed(line: int) -> Callable[[int], int]:
    return lambda _: line


NAME_HINT = "改用化名（如 王阿姨、老王、小王、王某），或确认是化名后写进 privacy.pseudonyms"
REAL_NAME_HINT = ("改用化名（如 王阿姨、张某）；若确是化名，在 privacy.pseudonyms 中写出；"
                  "若是公众人物，加入 site_config.yml 的 public_figures")
# Where a header value stands, in the words of the message; fields that hold staff names by design are not read.
FIELD_PLACES = {"title": "标题", "summary": "摘要", "community": "社区名称", "region": "地区",
                "review.notes": "审核意见"}
RUNNING_TEXT_FIELDS = ("summary", "review.notes")        # running text; the others are labels (the title …)
# Values checked as what they are (vocabulary terms, dates, switches), never free text a name could be in.
NOT_TEXT_FIELDS = (*TAG_FIELDS, "kind", "date", "status", "slug", "privacy.pseudonymised", "privacy.consent",
                   "review.date", "review.criteria")
STAFF_FIELDS = ("authors", "supervisor", "review", "review.reviewer", "privacy.pseudonyms", "privacy.allow")


def check_names(case, public_figures: tuple[str, ...] = (), doc: Document | None = None) -> list[Problem]:
    """A resident's full name anywhere the reader sees text: the body's pieces (headings, tables, lists,
    captions, alt and link text, emphasis, quotes) and running text, and each published header value (every
    one when `doc` is given, else the case's text fields). Declared pseudonyms, the authors, the supervisor,
    the reviewer and the library's `public_figures` are known names."""
    reviewer = (case.review.reviewer,) if case.review is not None else ()
    known = (*case.privacy.pseudonyms, *case.authors, case.supervisor, *reviewer, *public_figures)
    texts: list[tuple[str, Callable[[int], int], str | None, str]] = [
        (case.body, lambda at: line_at(case.body, at, case.body_line), None, "")]
    values = header_texts(doc) if doc is not None else []
    if doc is not None:
        texts += [(value.text, _in_value(doc, value), _place(value.field), value.field)
                  for value in values
                  if value.field not in STAFF_FIELDS and not value.field.startswith(NOT_TEXT_FIELDS)]
    else:
        texts += [(text, _fixed(case.line_of.get(field, 2)), FIELD_PLACES[field], field)
                  for field in CASE_TEXT_FIELDS if (text := getattr(case, field))]
        if case.review is not None and case.review.notes:
            texts.append((case.review.notes, _fixed(case.line_of.get("review", 2)), "审核意见", "review.notes"))
    return resident_names(case.shown, texts, known) + residents_among_staff(case.shown, values)


# A resident listed where the staff go: authors: [罗婷, 钱桂芝（服务对象）].
RESIDENT_MARK = re.compile(rf"(?:{ROLES}|家属|家人|老伴|口述者?|受访者|受访人|{RELATIVES})")
_STAFF_NAME_FIELDS = ("authors", "supervisor", "review.reviewer")


def residents_among_staff(shown: str, values: list[HeaderText]) -> list[Problem]:
    """The writers' and reviewers' fields hold staff names, published as such: a resident there is named."""
    problems = []
    for value in values:
        if value.field in _STAFF_NAME_FIELDS and (mark := RESIDENT_MARK.search(value.text)):
            problems.append(error(shown, value.line, "疑似真名",
                                  f"头信息 {value.field} 中的“{value.text}”标着“{mark[0]}”，像是居民的真实姓名，"
                                  "这里的名字会作为撰写人公开", "这里只写工作人员；居民的话可在正文中用化名引用"))
    return problems


# A training pack's text as its pages show it: labels and running text (the discussion questions, the notes).
PACK_PLACES = {"title": "培训包标题", "purpose": "培训目的", "audience": "培训对象", "duration": "时长",
               "sessions.title": "小节标题", "sessions.duration": "时长", "sessions.questions": "讨论问题",
               "sessions.activities": "活动说明"}
PACK_RUNNING_TEXT = ("purpose", "sessions.questions", "sessions.activities")
PACK_REFERENCES = ("slug", "sessions.cases", "sessions.techniques")      # case references and vocabulary terms


def pack_names(doc: Document, public_figures: tuple[str, ...] = (), known: tuple[str, ...] = ()) -> list[Problem]:
    """A resident's full name in a training pack (`doc` as `site/packs.py` reads it): its title, purpose,
    sessions, discussion questions and notes. `known`: the pseudonyms (and authors) of the cases it uses,
    which its questions may name."""
    texts: list[tuple[str, Callable[[int], int], str | None, str]] = [
        (value.text, _in_value(doc, value), PACK_PLACES.get(value.field, value.field), value.field)
        for value in header_texts(doc) if value.field not in PACK_REFERENCES]
    running = tuple(field for _, _, _, field in texts if field not in PACK_RUNNING_TEXT)
    return resident_names(doc.shown, texts, (*known, *public_figures), labels=running, what="培训包")


PACK_NAME_HINT = "改用案例中的化名（如 王阿姨、张某）；若是公众人物，加入 site_config.yml 的 public_figures"


def resident_names(shown: str, texts: list[tuple[str, Callable[[int], int], str | None, str]],
                   known: tuple[str, ...] = (), labels: tuple[str, ...] | None = None,
                   what: str = "案例") -> list[Problem]:
    """Problems for the names in `texts`: (text, line of an offset, where it stands or None for a body, field);
    a value is a label (the title …) unless running text (the summary …): the fields in `labels` when given."""
    names = tuple(reader_text(k).text for k in known if k)
    hint = PACK_NAME_HINT if what == "培训包" else REAL_NAME_HINT
    declared = {n for text, _, _, _ in texts if "化名" in text for n in declared_pseudonyms(reader_text(text).text)}
    problems: dict[tuple[int, str], Problem] = {}
    for text, line, where, field in texts:
        label = field in labels if labels is not None else field not in RUNNING_TEXT_FIELDS
        found = find_names(text, where or "正文", markdown=where is None, known=(*names, *declared), label=label)
        for name in found:
            at = line(name.offset)
            if name.strong and name.why.startswith(("后面是", "自我介绍", "单独写在")):
                problem = error(shown, at, "疑似真名", f"{name.where}中的“{name.name}”像是居民的真实姓名"
                                f"（{name.why}），{what}不能这样发布", hint)
            elif name.why.startswith("写在"):       # in a short piece, beside other words: for the supervisor
                problem = warning(shown, at, "疑似真名", f"{name.where}中的“{name.name}”可能是居民的真实姓名", hint)
            else:                                   # introduced as a resident or relative (服务对象王某某 …)
                who = "服务对象家人或邻居" if name.why in RELATIVE_CUES else "服务对象"
                problem = error(shown, at, "疑似真名", f"“{name.name}”像是{who}的真实姓名，{what}不能这样发布", hint)
            old = problems.get((at, name.name))
            if old is None or (problem.severity == ERROR and old.severity != ERROR):
                problems[(at, name.name)] = problem
    return list(problems.values())[:MAX_FINDINGS]


def _place(field: str) -> str:
    return FIELD_PLACES.get(field, f"头信息 {field} ")


def _in_value(doc: Document, value) -> Callable[[int], int]:
    return lambda at: line_in_value(doc, value, value.text[at:at + 4])


def names_in(shown: str, texts: Texts, known: tuple[str, ...] = ()) -> list[Problem]:
    """Names introduced in a page of docs/ (its own pages name staff freely: only introduced names, as warnings)."""
    names = frozenset(reader_text(k).text for k in known)
    problems = []
    for text, line, _ in texts:
        for found in introduced_names(text, names):
            who = "服务对象家人或邻居" if found.cue in RELATIVE_CUES else "服务对象"
            problems.append(warning(shown, line(found.offset), "疑似真名", f"“{found.name}”像是{who}的真实姓名",
                                    NAME_HINT))
    return problems
