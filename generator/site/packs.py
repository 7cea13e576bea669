"""Training packs (培训包): a facilitator's plan for a training, one small YAML file per pack.

A pack names its cases by slug or title, so it is read after the cases: every reference must find
a published case (with "did you mean" for near misses). The files are read with the same
position-keeping YAML reader and field rules as case headers, so a pack's problems look exactly
like a case's (`packs/x.yml:12: 错误[未知案例] …`). Work is O(packs × references): titles and slugs
are looked up in one dictionary built once; only a miss compares against the titles.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.checks.fields import PLACEHOLDER, FieldReader, placeholder_hint
from generator.checks.privacy import pack_names
from generator.core import yamltree
from generator.core.config import Config
from generator.core.model import Case
from generator.core.problems import ERROR, Problem, error, warning
from generator.core.sources import IGNORED_NAMES, Document, NotRegularFile, read_bytes, shown_path
from generator.core.text import decode, match_key, os_reason
from generator.core.vocabulary import Term, Vocabulary

SUFFIXES = {".yml", ".yaml"}
REQUIRED = {"title": "培训包的名称，例如 title: 参与式方法两日培训",
            "purpose": "一两句话写这次培训要让学员学会什么",
            "audience": "写成列表，例如 audience: [新社工, 居民骨干]",
            "duration": "例如 duration: 两天（共 12 小时）",
            "sessions": "按顺序列出每一节，见 caselib new 培训包 生成的模板"}
KNOWN = (*REQUIRED, "slug")
SESSION_KNOWN = ("title", "duration", "cases", "questions", "activities", "techniques")


@dataclass(frozen=True)
class Session:
    title: str
    duration: str
    cases: tuple[Case, ...]
    questions: tuple[str, ...]
    activities: str                  # free notes for the facilitator (Markdown-free text)
    techniques: tuple[Term, ...]


@dataclass(frozen=True)
class Pack:
    slug: str
    shown: str
    title: str
    purpose: str
    audience: tuple[str, ...]
    duration: str
    sessions: tuple[Session, ...]

    @property
    def cases(self) -> tuple[Case, ...]:
        """Every case of the pack once, in the order of the agenda."""
        return tuple({c.slug: c for s in self.sessions for c in s.cases}.values())


@dataclass(frozen=True)
class Packs:
    packs: tuple[Pack, ...]          # by title; in a build only those without errors
    problems: tuple[Problem, ...]
    files: int

    def using(self) -> dict[str, tuple[Pack, ...]]:
        """Case slug → the packs that use it."""
        found: dict[str, list[Pack]] = {}
        for pack in self.packs:
            for case in pack.cases:
                found.setdefault(case.slug, []).append(pack)
        return {slug: tuple(packs) for slug, packs in found.items()}


NO_PACKS = Packs((), (), 0)


def pack_files(config: Config, targets: list[Path] | None = None) -> list[Path]:
    """The pack files: every one in packs/, or those among `targets` (files or folders)."""
    folder = config.packs_dir or config.root / "packs"
    roots = [folder] if targets is None else [t for t in targets if t.resolve().is_relative_to(folder)]
    found: list[Path] = []
    for root in roots:
        paths = [root] if root.is_file() else sorted(root.rglob("*")) if root.is_dir() else []
        found += [p for p in paths if p.suffix.lower() in SUFFIXES and p.is_file() and not IGNORED_NAMES.match(p.name)]
    return sorted(set(found))


def load_packs(config: Config, cases: Iterable[Case], targets: list[Path] | None = None,
               preview: bool = False) -> Packs:
    """Read and check the pack files against the cases (drafts included, so a pack naming one is
    told it is not published yet). In a build a pack with an error is left out; `preview` keeps it."""
    finder = CaseFinder(cases)
    packs: list[Pack] = []
    problems: list[Problem] = []
    paths = pack_files(config, targets)
    for path in paths:
        pack, found = read_pack(path, config, finder)
        problems += found
        if pack is not None and (preview or not any(p.severity == ERROR for p in found)):
            packs.append(pack)
    problems += _duplicates(packs)
    return Packs(tuple(sorted(packs, key=lambda p: (p.title, p.slug))), tuple(problems), len(paths))


class CaseFinder:
    """Cases by slug or title (normalised as tags are: full-width, Traditional, spacing)."""

    def __init__(self, cases: Iterable[Case]):
        self.by_key: dict[str, Case] = {}
        for case in cases:
            self.by_key.setdefault(match_key(case.slug), case)
            self.by_key.setdefault(match_key(case.title), case)
        self.names = {key: c.slug if key == match_key(c.slug) else c.title for key, c in self.by_key.items()}

    def find(self, value: str) -> Case | None:
        return self.by_key.get(match_key(value))

    def suggest(self, value: str) -> list[str]:
        """Titles or slugs close to a reference that found nothing (a typo, part of a title)."""
        key = match_key(value)
        close = difflib.get_close_matches(key, self.names, n=2, cutoff=0.7)
        contained = [k for k in self.names if len(key) >= 4 and (key in k or k in key)][:2]
        return [self.names[k] for k in dict.fromkeys(contained + close)][:2]


def read_pack(path: Path, config: Config, finder: CaseFinder) -> tuple[Pack | None, list[Problem]]:
    shown = shown_path(path)
    try:
        data = read_bytes(path)   # never opens a FIFO or a device
    except NotRegularFile as exc:
        return None, [warning(shown, None, "特殊文件", f"这是{exc.kind}，不是普通文件，没有读取")]
    except OSError as exc:
        return None, [error(shown, None, "无法读取", f"无法读取这个文件：{os_reason(exc)}")]
    if data is None:
        return None, [error(shown, None, "文件过大", "培训包文件超过 5 MB", "把它拆成几个培训包")]
    decoded = decode(data)
    if decoded.text is None:
        return None, [error(shown, None, "无法读取", "无法识别文件的文字编码",
                            "用文本编辑器另存为 UTF-8 编码的 .yml 文件")]
    root, issues = yamltree.parse(decoded.text)
    problems = [error(shown, i.line, "格式错误", i.message, i.hint) for i in issues]
    if root is None or root.mapping is None:
        if not problems:
            problems.append(error(shown, 1, "格式错误", "培训包文件应是一行一个“字段: 值”",
                                  "用 caselib new 培训包 生成一个模板"))
        return None, problems
    doc = Document(path, shown, decoded.text, root, "", 0)
    reader = _PackReader(doc, config.vocabulary, root, problems, finder)
    pack = reader.pack()
    used = pack.cases if pack is not None else ()
    problems += pack_names(doc, config.public_figures,
                           tuple(n for c in used for n in (*c.privacy.pseudonyms, *c.authors, c.supervisor)))
    return pack, problems


class _PackReader(FieldReader):
    """The pack's fields, with the case header's rules for values, lists and vocabulary terms."""

    def __init__(self, doc: Document, vocab: Vocabulary, node: yamltree.Node, problems: list[Problem],
                 finder: CaseFinder):
        super().__init__(doc, vocab, node, problems)
        self.finder = finder

    def pack(self) -> Pack | None:
        self.unknown(KNOWN, "")
        title, purpose, duration = (self.text(key) for key in ("title", "purpose", "duration"))
        audience, sessions = self.names("audience"), self.sessions()
        values = {"title": title, "purpose": purpose, "duration": duration, "audience": audience, "sessions": sessions}
        for key, value in values.items():
            if not value and key not in self.reported and not (key == "sessions" and key in self.fields):
                message = f"培训包缺少必填字段 {key}" if key not in self.fields else f"{key} 是空的"
                self.error(self.line(key), "缺少字段", message, REQUIRED[key])
        if not title:
            return None
        return Pack(self.slug(), self.doc.shown, title, purpose, audience, duration, sessions)

    def unknown(self, known: tuple[str, ...], where: str) -> None:
        for key in self.fields:
            if key not in known:
                guess = difflib.get_close_matches(key.lower(), known, n=1, cutoff=0.6)
                hint = f"是否指 {guess[0]}？" if guess else f"可用的字段：{'、'.join(known)}"
                self.warn(self.line(key), "未知字段", f"{where}不认识字段 {key}，它会被忽略", hint)

    def sessions(self) -> tuple[Session, ...]:
        node = self.fields.get("sessions")
        if node is None:
            return ()
        if not node.items:
            self.error(self.line("sessions"), "类型错误", "sessions 应该是一节一节的列表，每节以 - 开头",
                       "写成 sessions: 换行后 - title: 第一节的名称，下面缩进写 cases、questions")
            return ()
        return tuple(s for n, item in enumerate(node.items, start=1) if (s := self.session(n, item)))

    def session(self, number: int, node: yamltree.Node) -> Session | None:
        where = f"第 {number} 节"
        if node.mapping is None:
            self.error(node.line, "类型错误", f"{where}应该是几行缩进的子字段",
                       "写成 - title: 这一节的名称，下面对齐写 cases、questions、activities")
            return None
        sub = _PackReader(self.doc, self.vocab, node, self.problems, self.finder)
        sub.unknown(SESSION_KNOWN, f"{where}中")
        title = sub.text("title", required=True)
        cases = sub.cases(where)
        activities = sub.text("activities")
        if "cases" not in sub.fields and not activities and "activities" not in sub.reported:
            self.warn(node.line, "内容为空", f"{where}既没有案例（cases）也没有活动说明（activities）",
                      "写上这一节要讨论的案例，或学员要做的活动")
        techniques = tuple(t for value, line in sub.list_items("techniques", sub.fields.get("techniques"))
                           if (t := sub.term("techniques", value, line)))
        return Session(title or where, sub.text("duration"), cases, sub.questions(), activities, techniques)

    def cases(self, where: str) -> tuple[Case, ...]:
        node = self.fields.get("cases")
        scalar = (node.scalar or "").strip() if node is not None and node.kind == "scalar" else None
        whole = scalar is not None and self.finder.find(scalar)   # a title list_items would split at its commas
        items = [(scalar, self.line("cases"))] if scalar is not None and whole else self.list_items("cases", node)
        found: list[Case] = []
        for value, line in items:
            case = self.case(value, line)
            if case is not None and case in found:
                self.warn(line, "重复", f"{where}中案例“{case.title}”写了两次", "删掉重复的一项")
            elif case is not None:
                found.append(case)
        return tuple(found)

    def case(self, value: str, line: int) -> Case | None:
        case = self.finder.find(value)
        if case is None:
            guesses = self.finder.suggest(value)
            hint = (f"是否指 {' 或 '.join(f'“{g}”' for g in guesses)}？" if guesses
                    else "写案例的 slug（网址中的名字，即文件名）或完整标题")
            self.error(line, "未知案例", f"找不到案例“{value}”", hint)
            return None
        if case.status != "published":
            self.error(line, "案例未发布", f"案例“{case.title}”还没有发布（{case.shown}）",
                       "培训包只能用已发布的案例：等督导审核后把它的 status 改为 published，或换一篇案例")
            return None
        return case

    def questions(self) -> tuple[str, ...]:
        """Discussion questions: one per list item (a question may contain commas)."""
        node = self.fields.get("questions")
        if node is None:
            return ()
        items = [node] if node.kind == "scalar" else list(node.items or ())
        if node.kind == "mapping":
            self.error(self.line("questions"), "类型错误", "questions 应该是列表", "每个问题一行，以 - 开头")
            return ()
        found = []
        for item in items:
            text = (item.scalar or "").strip() if item.kind == "scalar" else ""
            if item.kind != "scalar":
                self.error(item.line, "类型错误", "questions 的每一项应该是一个问题", "每个问题一行，以 - 开头")
            elif PLACEHOLDER in text:
                self.error(item.line, "未填写", "questions 还是模板里的提示文字", placeholder_hint(text))
            elif text:
                found.append(text)
        return tuple(found)


def _duplicates(packs: list[Pack]) -> list[Problem]:
    problems: list[Problem] = []
    first: dict[tuple[str, str], Pack] = {}
    for pack in sorted(packs, key=lambda p: p.shown):
        for key in (("slug", pack.slug), ("title", match_key(pack.title))):
            other = first.setdefault(key, pack)
            if other is not pack:
                what = "网址（文件名）" if key[0] == "slug" else "标题"
                problems.append(error(pack.shown, None, "重复", f"培训包的{what}与 {other.shown} 重复",
                                      "改一个不同的标题或文件名"))
    return problems
