"""A draft case file: the proposed header as YAML (each guess with a comment saying where
it came from, each unknown a 【待填写……】 placeholder) and the cleaned body."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.checks.personal_data import PiiMatch
from generator.core.facets import FACETS, TAG_FIELDS
from generator.core.vocabulary import Vocabulary
from generator.importing.guess import Proposal, Suggestion
from generator.importing.model import IMAGE_DIR, Image

_NEEDS_QUOTES = re.compile(r"[:#\[\]{},&*!|>'\"%@`]|^[\s\-?]|\s$")
EXAMPLES_CUE = {"techniques": "如"}   # what comes before the example terms of a facet (default: 可选)
SUMMARY_PROMPT = "【待填写：一两句话说明做了什么、用了什么方法、有什么结果】"
NEEDS_PRIVACY = ("service-case", "micro-project")


@dataclass
class DraftText:
    text: str
    todo: list[str] = field(default_factory=list)       # fields left as placeholders
    guesses: list[str] = field(default_factory=list)    # what was guessed, and why


def yaml_text(value: str) -> str:
    """A scalar as YAML: plain when safe, else double-quoted (JSON escaping is valid YAML), or
    single-quoted when double quotes would need a backslash (which `caselib check` warns about)."""
    value = " ".join(value.split())
    if not _NEEDS_QUOTES.search(value):
        return value
    quoted = json.dumps(value, ensure_ascii=False)
    return "'" + value.replace("'", "''") + "'" if "\\" in quoted and value.isprintable() else quoted


def _comment(text: str) -> str:
    return f"  # {' '.join(text.split())}" if text else ""


def render(p: Proposal, body: str, vocab: Vocabulary, origin: str) -> DraftText:
    out = DraftText("")
    lines = ["---", f"# 由 caselib import 从“{origin}”导入。"
                    "把每个【待填写……】换成实际内容；# 后面是导入时的依据，核对后可删去。"]

    def field_line(key: str, value: str, why: str, prompt: str, what: str) -> None:
        if value:
            lines.append(f"{key}: {yaml_text(value)}{_comment(why)}")
            if why:
                out.guesses.append(f"{what} {value}（{why}）")
        else:
            lines.append(f"{key}: 【待填写：{prompt}】{_comment(why)}")
            out.todo.append(key)

    field_line("title", p.title, "", "标题，写清楚“用什么方法做了什么”", "标题")
    kind = p.kind
    if kind is None:
        raise ValueError("a draft is rendered from a proposal with a kind")
    lines.append(f"kind: {kind.label}{_comment(p.kind_why)}")
    field_line("date", p.date, f"取自 {p.date_why}" if p.date else "", "日期 YYYY-MM-DD 或 YYYY-MM", "日期")
    others = f"文中还提到：{'、'.join(p.other_communities)}" if p.other_communities else ""
    field_line("community", p.community, "；".join(x for x in (p.community_why, others) if x),
               "社区或居民区名称", "社区")
    if p.region:
        field_line("region", p.region, f"取自 {p.region_why}", "", "地区")
    if p.authors:
        lines.append(f"authors: [{', '.join(yaml_text(a) for a in p.authors)}]{_comment(p.authors_why)}")
        out.guesses.append(f"撰写人 {'、'.join(p.authors)}（{p.authors_why}）")
    else:
        lines.append("authors: [【待填写：撰写人姓名】]")
        out.todo.append("authors")
    lines.append(f"summary: {SUMMARY_PROMPT}{_comment(f'可参考开头：“{p.opening}”' if p.opening else '')}")
    out.todo.append("summary")
    for facet in TAG_FIELDS:
        lines += _tags(facet, p.tags.get(facet, []), facet in kind.requires, vocab, out)
    lines.append("status: draft")
    if p.names or kind.id in NEEDS_PRIVACY:
        lines += _privacy(p.names, out)
    lines.append("---")
    return DraftText("\n".join(lines) + "\n\n" + body.strip() + "\n", out.todo, out.guesses)


def _tags(facet: str, found: list[Suggestion], required: bool, vocab: Vocabulary, out: DraftText) -> list[str]:
    if found:
        out.guesses.append(f"{FACETS[facet].label} " + "、".join(s.label for s in found))
        return [f"{facet}:  # 导入时按词表推测，逐条核对，不对的删去"] + [
            f"  - {yaml_text(s.label)}{_comment(f'“{s.quote}”')}" for s in found]
    if not required:
        return []
    out.todo.append(facet)
    choices = "、".join(t.label for t in vocab.terms[facet][:4])
    return [f"{facet}: [【待填写：{FACETS[facet].label}，{EXAMPLES_CUE.get(facet, '可选')} {choices}】]"]


def _privacy(names: list[str], out: DraftText) -> list[str]:
    out.todo += ["privacy.pseudonymised", "privacy.consent"]
    lines = ["privacy:",
             "  pseudonymised: 【待填写：true 或 false，文中居民是否都已改用化名】"]
    if names:
        out.guesses.append(f"文中的人名 {'、'.join(names)}（请确认都是化名）")
        lines.append("  pseudonyms:  # 导入时在文中找到的人名：逐个确认是化名；是真名的，先在正文中改成化名")
        lines += [f"    - {yaml_text(n)}" for n in names]
    else:
        lines.append("  pseudonyms: []  # 文中用到的化名，如 [张阿姨, 老李]")
    lines.append("  consent: 【待填写：written 书面 / verbal 口头 / guardian 监护人 / not-applicable 不适用】")
    return lines


@dataclass
class Draft:
    folder: Path                     # where it goes
    root: Path                       # what every write of the draft is confined to (files.confinement)
    stem: str                        # a safe file name without .md; its images are named after it
    rendered: DraftText
    images: list[Image]
    title: str
    pii: list[PiiMatch] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.folder / f"{self.stem}.md"

    def files(self) -> list[str]:
        """The draft's files relative to its folder: its images, then the draft itself (written last)."""
        return [*(f"{IMAGE_DIR}/{image.name}" for image in self.images), f"{self.stem}.md"]

    def contents(self) -> list[bytes]:
        """What `files()` hold, in the same order."""
        return [*(image.data for image in self.images), self.rendered.text.encode("utf-8")]
