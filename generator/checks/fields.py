"""Frontmatter fields: presence, types, dates and vocabulary terms → a `Case`."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

from generator.checks.header import check_header_text
from generator.core.facets import FACETS, TAG_FIELDS
from generator.core.model import STATUSES, Case, Privacy, Status, slugify
from generator.core.problems import Problem, error, warning
from generator.core.sources import Document
from generator.core.text import clean
from generator.core.vocabulary import ID_PATTERN, Term, Vocabulary
from generator.core.yamltree import Node

REQUIRED = ("title", "kind", "date", "community", "summary")
KNOWN = (*REQUIRED, *TAG_FIELDS, "region", "authors", "supervisor", "status", "slug", "privacy", "review")
KEY_HINTS = {  # what people type instead of a field name
    "标题": "title", "题目": "title", "类型": "kind", "案例类型": "kind", "日期": "date", "时间": "date",
    "社区": "community", "居民区": "community", "摘要": "summary", "简介": "summary", "模式": "models",
    "介入模式": "models", "阶段": "stages", "工作阶段": "stages", "技巧": "techniques", "方法": "techniques",
    "标签": "techniques", "tags": "techniques", "地区": "region", "作者": "authors", "撰写人": "authors",
    "督导": "supervisor", "服务对象": "service_users", "状态": "status", "隐私": "privacy",
}
PLACEHOLDER = "【待填写"
LIST_SEPARATORS = re.compile(r"[,，、;；]")
CONSENTS = {"written": "书面", "verbal": "口头", "guardian": "监护人", "not-applicable": "不适用"}
STATUS_WORDS = {"草稿": "draft", "审核中": "review", "待审核": "review", "已发布": "published", "发布": "published"}
CONSENT_WORDS = {"书面": "written", "口头": "verbal", "监护人": "guardian", "不适用": "not-applicable"}
BOOL_WORDS = {"true": True, "false": False, "是": True, "否": False, "yes": True, "no": False}


def build_case(doc: Document, vocab: Vocabulary, today: dt.date,
               preview: bool = False) -> tuple[Case | None, list[Problem]]:
    """Read every field, reporting every problem; a Case only when there is no error, unless
    `preview` (caselib serve): then missing or wrong fields get stand-ins so the writer sees the page."""
    reader = _FieldReader(doc, vocab, doc.meta, [])
    values = reader.read_all(today)
    reader.problems += check_header_text(doc)
    if any(p.severity == "error" for p in reader.problems):
        if not preview:
            return None, reader.problems
        values = _stand_ins(values, doc, vocab, today)
    return Case(path=doc.path, shown=doc.shown, body=doc.body, body_line=doc.body_line,
                line_of=dict(reader.node.key_lines), **values), reader.problems


def _stand_ins(values: dict, doc: Document, vocab: Vocabulary, today: dt.date) -> dict:
    """Values for a draft being written: the file name for a title, the folder's kind, today."""
    folder_kind = vocab.lookup("kind", doc.path.parent.name)
    kind = values["kind"] or (folder_kind.term if folder_kind else vocab.terms["kind"][0])
    return {**values, "kind": kind, "title": values["title"] or doc.path.stem,
            "community": values["community"] or "（未填写社区）", "date": values["date"] or today.isoformat(),
            "status": "draft"}


class _FieldReader:
    """Reads the fields of one mapping (the header, or its privacy block)."""

    def __init__(self, doc: Document, vocab: Vocabulary, node: Node | None, problems: list[Problem]):
        self.doc, self.vocab, self.problems = doc, vocab, problems
        self.node = node or Node(2, mapping={})
        self.fields: dict[str, Node] = self.node.mapping or {}
        self.header_line = self.node.line
        self.reported: set[str] = set()   # fields already reported (placeholder, wrong type)

    def error(self, line, code, message, hint=""):
        self.problems.append(error(self.doc.shown, line, code, message, hint))

    def placeholder_error(self, line: int, key: str, text: str) -> None:
        self.error(line, "未填写", f"{key} 还是模板里的提示文字", placeholder_hint(text))
        self.reported.add(key)

    def warn(self, line, code, message, hint=""):
        self.problems.append(warning(self.doc.shown, line, code, message, hint))

    def line(self, key: str) -> int:
        return self.node.key_lines.get(key, self.header_line)

    def read_all(self, today: dt.date) -> dict[str, Any]:
        self.unknown_keys()
        kind = self.kind()
        texts = {key: self.text(key, required=True) for key in ("title", "community", "summary")}
        values: dict[str, Any] = {**texts, "community": clean(texts["community"])}
        values["date"] = self.date(today)
        for facet in TAG_FIELDS:
            values[facet] = self.terms(facet, required=bool(kind and facet in kind.requires), kind=kind)
        values.update(kind=kind, region=clean(self.text("region")), supervisor=self.text("supervisor"),
                      authors=self.names("authors"), status=self.status(), slug=self.slug(),
                      privacy=self.privacy())
        if len(values["summary"]) > 150:
            self.warn(self.line("summary"), "摘要过长", f"summary 有 {len(values['summary'])} 字",
                      "摘要用一两句话（150 字以内）说明做了什么、用了什么方法、有什么结果")
        return values

    def unknown_keys(self) -> None:
        for key in self.fields:
            if key in KNOWN:
                continue
            guess = KEY_HINTS.get(key) or KEY_HINTS.get(key.lower()) or next(
                iter(difflib.get_close_matches(key.lower(), KNOWN, n=1, cutoff=0.6)), "")
            if not guess and key.lower().rstrip("s") + "s" in KNOWN:
                guess = key.lower().rstrip("s") + "s"
            hint = f"是否指 {guess}？" if guess else f"可用的字段：{'、'.join(KNOWN)}"
            self.warn(self.line(key), "未知字段", f"不认识字段 {key}，它会被忽略", hint)

    def scalar(self, key: str) -> tuple[str | None, int]:
        """The text of a one-value field; wrong shapes are reported here."""
        node = self.fields.get(key)
        if node is None:
            return None, self.header_line
        line = self.line(key)
        if node.invalid:
            self.reported.add(key)
            return None, line
        if node.kind != "scalar":
            written = "列表" if node.items is not None else "多层结构"
            self.error(line, "类型错误", f"{key} 应该是一个值，这里写成了{written}", f"写成 {key}: 值")
            self.reported.add(key)
            return None, line
        value = (node.scalar or "").strip()
        if PLACEHOLDER in value:
            self.placeholder_error(line, key, value)
            return None, line
        return value or None, line

    def required_scalar(self, key: str) -> tuple[str | None, int]:
        node = self.fields.get(key)
        if node is None:
            self.error(self.header_line, "缺少字段", f"缺少必填字段 {key}", _FIELD_HELP.get(key, ""))
            return None, self.header_line
        value, line = self.scalar(key)
        if value is None and node.kind == "scalar" and key not in self.reported and not node.comment:
            self.error(line, "缺少字段", f"{key} 是空的", _FIELD_HELP.get(key, ""))
        return value, line

    def text(self, key: str, required: bool = False) -> str:
        value, _ = self.required_scalar(key) if required else self.scalar(key)
        return value or ""

    def kind(self) -> Term | None:
        value, line = self.required_scalar("kind")
        return self.term("kind", value, line) if value else None

    def term(self, facet: str, value: str, line: int) -> Term | None:
        match = self.vocab.lookup(facet, value)
        if match is None:
            self.unknown_term(facet, value, line)
            return None
        if match.via_alias:
            self.warn(line, "使用别名", f"{_field(facet)} 中的“{value}”是“{match.term.label}”的别称",
                      f"请改写为 {match.term.label}")
        return match.term

    def unknown_term(self, facet: str, value: str, line: int) -> None:
        other = self.vocab.other_facet(facet, value)
        if other:
            hint = f"“{value}”属于{FACETS[other].label}，应写在 {other} 中"
        elif suggestions := self.vocab.suggest(facet, value):
            hint = f"是否指 {' 或 '.join(f'“{s}”' for s in suggestions)}？"
        else:
            hint = f"可选：{_choices(self.vocab, facet)}"
        self.error(line, "未知术语", f"{_field(facet)} 中的“{value}”不在词表中", hint)

    def terms(self, facet: str, required: bool, kind: Term | None) -> tuple[Term, ...]:
        node = self.fields.get(facet)
        items = self.list_items(facet, node)
        if not items:
            if required and facet not in self.reported:
                where = self.line(facet) if node else self.header_line
                needing = kind.label if kind else "这篇"
                self.error(where, "缺少字段", f"{needing}需要填写 {facet}（{FACETS[facet].label}）",
                           f"例如 {facet}: [{', '.join(t.label for t in self.vocab.terms[facet][:2])}]；"
                           f"可选：{_choices(self.vocab, facet)}")
            return ()
        terms: list[Term] = []
        for value, line in items:
            term = self.term(facet, value, line)
            if term and term in terms:
                self.warn(line, "重复标签", f"{facet} 中“{term.label}”写了两次", "删掉重复的一项")
            elif term:
                terms.append(term)
        return tuple(terms)

    def list_items(self, key: str, node: Node | None) -> list[tuple[str, int]]:
        """(value, line) pairs of a list field; one string is a one-item list."""
        if node is None or node.invalid or (node.kind == "scalar" and not (node.scalar or "").strip()):
            self.reported.update([key] if node is not None and node.invalid else [])
            return []
        line = self.line(key)
        if node.kind == "mapping":
            self.error(line, "类型错误", f"{key} 应该是列表", f"写成 {key}: [甲, 乙]")
            self.reported.add(key)
            return []
        if node.kind == "scalar":
            value = (node.scalar or "").strip()
            if PLACEHOLDER in value:
                self.placeholder_error(line, key, value)
                return []
            parts = [p.strip() for p in LIST_SEPARATORS.split(value) if p.strip()]
            if len(parts) > 1:
                self.error(line, "列表格式", f"{key} 把几项写成了一个用逗号或顿号连接的值“{value}”",
                           f"写成列表：{key}: [{', '.join(parts)}]")
            return [(p, line) for p in parts]
        items = []
        for item in node.items or ():
            if item.invalid:
                continue
            if item.kind != "scalar":
                self.error(item.line, "类型错误", f"{key} 的每一项应该是一个词", "列表里不要再嵌套列表")
            elif item.scalar and PLACEHOLDER in item.scalar:
                self.placeholder_error(item.line, key, item.scalar)
            elif item.scalar and item.scalar.strip():
                items.append((item.scalar.strip(), item.line))
        return items

    def names(self, key: str) -> tuple[str, ...]:
        items = self.list_items(key, self.fields.get(key))
        return tuple(dict.fromkeys(clean(v) for v, _ in items))

    def date(self, today: dt.date) -> str:
        value, line = self.required_scalar("date")
        if not value:
            return ""
        m = DATE.match(value)
        if not m:
            self.error(line, "日期格式", f"date 的“{value}”不是规定的日期格式", _date_hint(value))
            return ""
        year, month, day = int(m["y"]), int(m["m"]), int(m["d"] or 1)
        try:
            when = dt.date(year, month, day)
        except ValueError:
            what = f"{month} 月" if not 1 <= month <= 12 else f"{month} 月没有 {day} 日"
            self.error(line, "日期不存在", f"date 的“{value}”不是真实的日期（{what}）", "检查月份（1–12）和日期")
            return ""
        if year < 1980 or when > today:
            self.warn(line, "日期可疑", f"date 的“{value}”{'在未来' if when > today else '太早'}", "检查年份是否写错")
        return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if m["d"] else "")

    def status(self) -> Status:
        value, line = self.scalar("status")
        if not value:
            return "published"
        status = STATUS_WORDS.get(value, value.lower())
        for known in STATUSES:
            if status == known:
                return known
        self.error(line, "未知状态", f"status 的“{value}”无效",
                   "可选：draft（草稿）、review（审核中）、published（已发布）")
        return "published"

    def slug(self) -> str:
        """The slug as written when it is one URL segment of the allowed form; else one made from
        the file name (previewing, a case with a wrong slug is still shown, at a safe address)."""
        value, line = self.scalar("slug")
        if value and not ID_PATTERN.match(value):
            self.error(line, "网址格式", f"slug 的“{value}”不能用作网址",
                       "只用小写英文字母、数字和连字符，如 heping-convention")
            value = ""
        return value or slugify(self.doc.path.stem)

    def privacy(self) -> Privacy:
        node = self.fields.get("privacy")
        if node is None:
            return Privacy()
        if node.mapping is None:
            self.error(self.line("privacy"), "类型错误", "privacy 应该是几行缩进的子字段",
                       "写成 privacy: 换行后缩进两格写 pseudonymised: true、pseudonyms: [张阿姨]、consent: written")
            return Privacy(declared=True)
        sub = _FieldReader(self.doc, self.vocab, node, self.problems)
        for key in node.mapping.keys() - {"pseudonymised", "pseudonyms", "consent", "allow"}:
            self.warn(sub.line(key), "未知字段", f"privacy 中不认识 {key}",
                      "可用：pseudonymised、pseudonyms、consent、allow")
        return Privacy(True, sub.boolean("pseudonymised"), sub.names("pseudonyms"), sub.consent(), sub.names("allow"))

    def boolean(self, key: str) -> bool | None:
        value, line = self.scalar(key)
        if value is None:
            return None
        if value.lower() not in BOOL_WORDS:
            self.error(line, "类型错误", f"{key} 的“{value}”应为 true 或 false", "true 表示是，false 表示否")
            return None
        return BOOL_WORDS[value.lower()]

    def consent(self) -> str:
        value, line = self.scalar("consent")
        consent = CONSENT_WORDS.get(value or "", (value or "").lower())
        if value and consent not in CONSENTS:
            self.error(line, "未知取值", f"consent 的“{value}”无效",
                       "可选：" + "、".join(f"{k}（{v}）" for k, v in CONSENTS.items()))
        return consent if consent in CONSENTS else ""


def placeholder_hint(text: str) -> str:
    """The guidance inside a template placeholder: 【待填写：社区名称】 → 填写社区名称."""
    rest = text[text.find(PLACEHOLDER) + len(PLACEHOLDER):].lstrip("】：: ")
    return "请填写：" + rest.replace("】", "").strip(" >") if rest.strip() else "把提示文字换成实际内容"


DATE = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?$")
LOOSE_DATE = re.compile(r"(\d{4})\s*[年/.\-_]\s*(\d{1,2})(?:\s*[月/.\-_]\s*(\d{1,2}))?")

_FIELD_HELP = {
    "title": "例如 title: 以开放空间会议推动楼道公约的制定",
    "kind": "可选：服务案例、培训心得、微项目故事",
    "date": "写成 YYYY-MM-DD 或 YYYY-MM，例如 date: 2024-05-01",
    "community": "写社区或居民区名称，例如 community: 和平路社区",
    "summary": "用一两句话说明做了什么、用了什么方法、有什么结果",
}


def _date_hint(value: str) -> str:
    m = LOOSE_DATE.search(value)
    if m and m[3]:
        return f"写成 {int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
    if m:
        return f"写成 {int(m[1]):04d}-{int(m[2]):02d}"
    return _FIELD_HELP["date"]


def _field(facet: str) -> str:
    return f"{facet}（{FACETS[facet].label}）"


def _choices(vocab: Vocabulary, facet: str, limit: int = 12) -> str:
    labels = [t.label for t in vocab.terms.get(facet, ())]
    more = "" if len(labels) <= limit else f" 等（共 {len(labels)} 个，见网站“{FACETS[facet].label}”页）"
    return "、".join(labels[:limit]) + more


FieldReader = _FieldReader   # public name for other header-like files (training packs, review blocks)
