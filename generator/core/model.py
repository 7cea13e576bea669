"""The validated case: what every later stage (library, pages, search) works with."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from generator.core.vocabulary import Term

Status = Literal["draft", "review", "published"]
STATUSES: dict[Status, str] = {"draft": "草稿", "review": "审核中", "published": "已发布"}


@dataclass(frozen=True)
class Privacy:
    """What the supervisor vouches for about the people in the case."""
    declared: bool = False                 # a privacy block is present
    pseudonymised: bool | None = None
    pseudonyms: tuple[str, ...] = ()
    consent: str = ""                      # written | verbal | guardian | not-applicable
    allow: tuple[str, ...] = ()            # specific public numbers etc. allowed in this case


CRITERIA = ("真实性", "专业性", "示范性", "创新性", "可读性")   # the 案例征集 criteria a reviewer checks


@dataclass(frozen=True)
class Review:
    """A supervisor's review of the case (the optional `review:` block)."""
    reviewer: str = ""
    date: str = ""                                   # "YYYY-MM-DD" or "YYYY-MM"
    notes: str = ""
    criteria: tuple[tuple[str, bool], ...] = ()      # (criterion, met), in CRITERIA order

    @property
    def unmet(self) -> tuple[str, ...]:
        return tuple(name for name, met in self.criteria if not met)


@dataclass(frozen=True)
class Case:
    slug: str
    path: Path
    shown: str                             # source path as shown in messages
    title: str
    kind: Term
    date: str                              # "YYYY-MM-DD" or "YYYY-MM"
    community: str
    summary: str
    body: str
    body_line: int
    models: tuple[Term, ...] = ()
    stages: tuple[Term, ...] = ()
    techniques: tuple[Term, ...] = ()
    service_users: tuple[Term, ...] = ()
    region: str = ""
    authors: tuple[str, ...] = ()
    supervisor: str = ""
    status: Status = "published"
    privacy: Privacy = field(default_factory=Privacy)
    review: Review | None = None
    line_of: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def year(self) -> int:
        return int(self.date[:4])

    @property
    def is_draft(self) -> bool:
        return self.status != "published"

    def tags(self, facet: str) -> tuple[Term, ...]:
        return (self.kind,) if facet == "kind" else getattr(self, facet)


_UNSAFE_IN_URL = re.compile(r"[\x00-\x1f\x7f\s\\/?#%:*\"'<>|，。、；：？！“”‘’（）()\[\]{}&=+]+")


def slugify(name: str) -> str:
    """A URL segment from a file name; Chinese characters are kept (browsers show them)."""
    text = unicodedata.normalize("NFKC", name).strip().lower()
    return _UNSAFE_IN_URL.sub("-", text).strip("-.") or "case"
