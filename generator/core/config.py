"""Load `site_config.yml` once: the caselib settings and the vocabulary.

The same file is the MkDocs config; this module reads only what caselib owns
(`plugins: - caselib:` options and `extra.vocabulary`) and never imports MkDocs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from generator.core import yamltree
from generator.core.facets import FACETS
from generator.core.problems import Problem, error
from generator.core.text import decode, match_key, os_reason
from generator.core.vocabulary import ID_PATTERN, Group, Section, Term, Vocabulary

CONFIG_NAME = "site_config.yml"
# MkDocs always loads these before the ones a config lists (mkdocs/config/defaults.py).
MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")


@dataclass(frozen=True)
class MarkdownSettings:
    """The Markdown extensions the site renders case bodies with, as MkDocs computes them:
    its built-ins, then `markdown_extensions` from the config, duplicates dropped. `configs` is JSON
    (hashable, so a converter can be cached per settings)."""
    extensions: tuple[str, ...] = MKDOCS_BUILTIN_EXTENSIONS
    configs: str = "{}"


@dataclass(frozen=True)
class Config:
    root: Path                 # folder holding site_config.yml
    path: Path
    cases_dir: Path
    vocabulary: Vocabulary
    allowed_contacts: tuple[str, ...] = ()   # public numbers allowed site-wide
    markdown: MarkdownSettings = MarkdownSettings()
    packs_dir: Path | None = None            # training packs (培训包); None: <root>/packs
    site_url: str | None = None              # where the site is published, ending in "/" (MkDocs' key)
    docs_dir: Path | None = None             # the library's own pages (MkDocs' docs_dir); None: <root>/docs
    harmless_numbers: tuple[str, ...] = ()   # regular expressions: the library's own harmless numbers
    public_figures: tuple[str, ...] = ()     # full names a case may print (a named official, an author)


def find_config(start: Path | None = None) -> Path | None:
    """site_config.yml in the working folder or one of its parents."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder / CONFIG_NAME
    return None


def load_config(path: Path, shown: str | None = None) -> tuple[Config | None, list[Problem]]:
    shown = shown or path.name
    try:
        decoded = decode(path.read_bytes())
    except OSError as exc:
        return None, [error(shown, None, "配置文件", f"无法读取配置文件：{os_reason(exc)}")]
    if decoded.text is None:
        return None, [error(shown, None, "配置文件", "配置文件不是 UTF-8 文本", "用文本编辑器另存为 UTF-8")]
    root, issues = yamltree.parse(decoded.text)
    problems = [error(shown, i.line, "配置文件", i.message, i.hint) for i in issues]
    if root is None or root.mapping is None:
        return None, problems or [error(shown, 1, "配置文件", "配置文件是空的或不是“字段: 值”的形式")]
    reader = _Reader(shown, problems)
    options = _plugin_options(root)
    vocab_node = _get(_get(root, "extra"), "vocabulary")
    if vocab_node is None or vocab_node.mapping is None:
        problems.append(error(shown, root.line, "配置文件", "缺少词表 extra.vocabulary"))
        return None, problems
    vocabulary = reader.vocabulary(vocab_node)
    cases_dir = (path.parent / (_text(_get(options, "cases_dir")) or "cases")).resolve()
    allowed = tuple(_texts(_get(options, "allowed_contacts")))
    harmless = reader.patterns(_get(options, "harmless_numbers"))
    public_figures = tuple(_texts(_get(options, "public_figures")))
    packs_dir = (path.parent / (_text(_get(options, "packs_dir")) or "packs")).resolve()
    if problems:
        return None, problems
    markdown = _markdown_settings(_get(root, "markdown_extensions"))
    site_url = _text(_get(root, "site_url")).strip()
    docs_dir = (path.parent / (_text(_get(root, "docs_dir")) or "docs")).resolve()
    return Config(path.parent.resolve(), path.resolve(), cases_dir, vocabulary, allowed, markdown, packs_dir,
                  site_url.rstrip("/") + "/" if site_url else None, docs_dir, harmless, public_figures), problems


def _get(node: yamltree.Node | None, key: str) -> yamltree.Node | None:
    return node.mapping.get(key) if node is not None and node.mapping is not None else None


def _text(node: yamltree.Node | None) -> str:
    return (node.scalar or "").strip() if node is not None and node.kind == "scalar" else ""


def _texts(node: yamltree.Node | None) -> list[str]:
    if node is None:
        return []
    if node.items is None:
        return [_text(node)] if _text(node) else []
    return [_text(n) for n in node.items if _text(n)]


def _markdown_settings(node: yamltree.Node | None) -> MarkdownSettings:
    """Extension names (a list of names or one-key mappings, or a mapping) and their simple options."""
    entries: list[tuple[str, yamltree.Node | None]] = []
    if node is not None and node.mapping is not None:
        entries = list(node.mapping.items())
    for item in (node.items or ()) if node is not None else ():
        if item.mapping:
            entries += list(item.mapping.items())
        elif _text(item):
            entries.append((_text(item), None))
    names = list(dict.fromkeys([*MKDOCS_BUILTIN_EXTENSIONS, *(name for name, _ in entries)]))
    configs = {name: _plain(value) for name, value in entries if value is not None and value.mapping}
    return MarkdownSettings(tuple(names), json.dumps(configs, ensure_ascii=False, sort_keys=True))


_SCALARS = {"true": True, "false": False, "True": True, "False": False}


def _plain(node: yamltree.Node):
    """A config value as YAML would load it (our reader keeps every scalar as text)."""
    if node.mapping is not None:
        return {key: _plain(value) for key, value in node.mapping.items()}
    if node.items is not None:
        return [_plain(item) for item in node.items]
    text = node.scalar
    if text in _SCALARS:
        return _SCALARS[text]
    return int(text) if text is not None and text.lstrip("-").isdigit() else text


def _plugin_options(root: yamltree.Node) -> yamltree.Node | None:
    for item in (_get(root, "plugins") or yamltree.Node(0, items=())).items or ():
        if item.mapping and "caselib" in item.mapping:
            return item.mapping["caselib"]
    return None


class _Reader:
    """Builds vocabulary terms, collecting config problems with line numbers."""

    def __init__(self, shown: str, problems: list[Problem]):
        self.shown, self.problems = shown, problems

    def fail(self, line: int, message: str, hint: str = "") -> None:
        self.problems.append(error(self.shown, line, "配置文件", message, hint))

    def patterns(self, node: yamltree.Node | None) -> tuple[str, ...]:
        """`harmless_numbers`: regular expressions a whole number must match to be left alone."""
        found = []
        for item in (node.items or (node,)) if node is not None else ():
            text = _text(item)
            try:
                re.compile(text)
            except re.error as exc:
                self.fail(item.line, f"harmless_numbers 中的“{text}”不是有效的正则表达式（{exc.msg}）",
                          r"例如本机构的案卷编号 HP-2023-017 写成 '[A-Z]{2}-\d{4}-\d{3}'（用单引号）")
                continue
            if text:
                found.append(text)
        return tuple(found)

    def vocabulary(self, node: yamltree.Node) -> Vocabulary:
        groups = tuple(Group(_text(_get(g, "id")), _text(_get(g, "label")))
                       for g in (_get(node, "technique_groups") or yamltree.Node(0, items=())).items or ())
        terms: dict[str, tuple[Term, ...]] = {}
        for facet, section in ((f.field, f.section) for f in FACETS.values()):
            section_node = _get(node, section)
            if section_node is None or not section_node.items:
                self.fail(node.line, f"词表缺少 {section}（{FACETS[facet].label}）")
                terms[facet] = ()
                continue
            terms[facet] = tuple(self.term(facet, n, groups) for n in section_node.items)
            self.check_unique(facet, terms[facet], section_node)
        return Vocabulary.build(terms, groups, self.synonyms(_get(node, "synonyms")))

    def synonyms(self, node: yamltree.Node | None) -> tuple[tuple[str, ...], ...]:
        """`synonyms`: groups of words a searcher means alike ([老人, 老年人, 长者]); a word in one group only."""
        groups: list[tuple[str, ...]] = []
        owner: dict[str, int] = {}
        for item in (node.items or ()) if node is not None else ():
            words = tuple(dict.fromkeys(w for w in _texts(item) if w)) if item.items is not None else ()
            if len(words) < 2:
                self.fail(item.line, "synonyms 的每一项应是一组至少两个意思相同的词", "写成 - [老人, 老年人, 长者]")
                continue
            for word in words:
                if (first := owner.setdefault(match_key(word), item.line)) != item.line:
                    self.fail(item.line, f"synonyms 中的“{word}”已在第 {first} 行的一组里", "每个词只放进一组")
            groups.append(words)
        return tuple(groups)

    def term(self, facet: str, node: yamltree.Node, groups: tuple[Group, ...]) -> Term:
        term_id, label = _text(_get(node, "id")), _text(_get(node, "label"))
        where = f"{FACETS[facet].label} {label or term_id or '?'}"
        if not ID_PATTERN.match(term_id):
            self.fail(node.line, f"{where} 的 id “{term_id}” 不合规",
                      "id 只用小写英文字母、数字和连字符，如 open-space")
        if not label:
            self.fail(node.line, f"{where} 缺少 label（中文名称）")
        description_node = _get(node, "description")
        description = (description_node.scalar if description_node else None) or ""
        if FACETS[facet].described and not description.strip():
            self.fail(node.line, f"{where} 缺少 description（说明）", "写一段话说明这个术语，第一句是完整的定义")
        group = _text(_get(node, "group"))
        if facet == "techniques" and group not in {g.id for g in groups}:
            self.fail(node.line, f"{where} 的 group “{group}” 不在 technique_groups 中")
        sections = tuple(Section(_text(_get(s, "label")), tuple(_texts(_get(s, "keywords"))))
                         for s in (_get(node, "sections") or yamltree.Node(0, items=())).items or ())
        return Term(facet, term_id, label, tuple(_texts(_get(node, "aliases"))), description.strip(),
                    group, tuple(_texts(_get(node, "requires"))), sections, self.hints(node, where))

    def hints(self, node: yamltree.Node, where: str) -> tuple[str, ...]:
        """Optional keywords that suggest the term to `caselib import`: a list of words."""
        hints = _get(node, "hints")
        if hints is None:
            return ()
        if hints.items is None or any(item.kind != "scalar" or not _text(item) for item in hints.items):
            self.fail(hints.line, f"{where} 的 hints 应是一串词", "写成 hints: [词一, 词二]，每项是一个词")
            return ()
        return tuple(_texts(hints))

    def check_unique(self, facet: str, terms: tuple[Term, ...], node: yamltree.Node) -> None:
        seen: dict[str, str] = {}
        for term, term_node in zip(terms, node.items or (), strict=False):
            for name in (term.id, term.label, *term.aliases):
                key = match_key(name)
                owner = seen.setdefault(key, term.id)
                if owner != term.id or (name in term.aliases and key == match_key(term.label)):
                    self.fail(term_node.line, f"{FACETS[facet].label}中的“{name}”重复出现（{owner} 与 {term.id}）",
                              "每个名称、别名只能属于一个术语")
        for term, term_node in zip(terms, node.items or (), strict=False):
            for hint in term.hints:
                if match_key(hint) in seen:
                    owner = seen[match_key(hint)]
                    self.fail(term_node.line,
                              f"{FACETS[facet].label} {term.label} 的 hints 中的“{hint}”已是术语 {owner} 的名称或别名",
                              "名称和别名本来就会被认出，从 hints 中删去它")
