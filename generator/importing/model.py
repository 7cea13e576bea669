"""What a reader hands to the cleaners, and what the cleaners hand back.

Kept in one small module so that readers, rules and the report agree on the
shape without importing each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Format = Literal["纯文本", "Word 文档", "网页", "微信文章"]   # what Source.format can say, as the report shows it
Unit = Literal["处", "行", "个字", "个"]                      # what a rule counts, as the report shows it


@dataclass(frozen=True)
class Image:
    name: str          # provisional file name, referenced in the text as 图片/<name>
    data: bytes


@dataclass
class Source:
    """One input document as Markdown-ish text plus what its format told us."""
    path: Path
    format: Format
    text: str                           # Markdown, LF line endings
    title: str = ""                     # from document metadata (HTML <title>, WeChat title)
    date: str = ""                      # from metadata, as written
    author: str = ""                    # from metadata
    encoding: str = ""
    images: list[Image] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)   # things the reader did that the report mentions


# A cleanup rule: text in → (text out, how many things it changed). The count is what
# the report prints next to the rule's Chinese name.
RuleFunc = Callable[[str], tuple[str, int]]


@dataclass(frozen=True)
class Rule:
    name: str          # Chinese, as the report shows it
    unit: Unit
    apply: RuleFunc
    explain: Callable[[str, str], list[str]] | None = None   # (before, after) → report lines to check


IMAGE_DIR = "图片"
