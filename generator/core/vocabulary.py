"""The controlled vocabulary: kinds, models, stages, techniques, service users.

Matching is forgiving (Traditional characters, full-width letters, ids and
aliases all find their term) and suggestions are specific, because the
people typing these tags are supervisors, not data-entry clerks.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property

from generator.core.hashing import digest
from generator.core.text import match_key

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Section:
    """A conventional section of a kind of write-up (e.g. 需求评估 of a service case)."""
    label: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Term:
    facet: str                                  # "kind", "models", ...
    id: str
    label: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    group: str = ""                             # techniques only
    requires: tuple[str, ...] = ()              # kinds only: required tag fields
    sections: tuple[Section, ...] = ()          # kinds only
    hints: tuple[str, ...] = ()                 # words that suggest the term (`caselib import`), not names of it

    @cached_property
    def reference(self) -> tuple[str, str, str]:
        """How the cache stores this term: by name and content, not a copy of it (cache.py); copies
        of every case's terms were most of the cache and of a warm build's reading it."""
        return self.facet, self.id, digest(repr(self))

    @property
    def short(self) -> str:
        """First sentence of the description, for glossaries and tooltips."""
        first = self.description.strip().split("\n", 1)[0]
        end = first.find("。")
        return first[: end + 1] if end >= 0 else first


@dataclass(frozen=True)
class Group:
    id: str
    label: str


@dataclass(frozen=True)
class Match:
    term: Term
    via_alias: str = ""   # the alias used, when the value was not the label or id


@dataclass(frozen=True)
class Vocabulary:
    terms: dict[str, tuple[Term, ...]]          # facet → terms in config order
    groups: tuple[Group, ...] = ()
    _index: dict[str, dict[str, Match]] = field(default_factory=dict, repr=False)
    synonyms: tuple[tuple[str, ...], ...] = ()  # the search's thesaurus: words a searcher means alike

    @classmethod
    def build(cls, terms: dict[str, tuple[Term, ...]], groups: tuple[Group, ...],
              synonyms: tuple[tuple[str, ...], ...] = ()) -> Vocabulary:
        index = {facet: _index_facet(ts) for facet, ts in terms.items()}
        return cls(terms, groups, index, synonyms)

    def lookup(self, facet: str, value: str) -> Match | None:
        return self._index.get(facet, {}).get(match_key(value))

    def get(self, facet: str, term_id: str) -> Term:
        return next(t for t in self.terms[facet] if t.id == term_id)

    def other_facet(self, facet: str, value: str) -> str | None:
        """The facet a misplaced value belongs to (鱼骨图 written under models)."""
        for other in self.terms:
            if other != facet and self.lookup(other, value):
                return other
        return None

    def suggest(self, facet: str, value: str, limit: int = 3) -> list[str]:
        """Closest canonical labels for an unknown value, best first."""
        key = match_key(value)
        scored: dict[str, float] = {}
        for name, match in self._index.get(facet, {}).items():
            score = difflib.SequenceMatcher(None, key, name).ratio()
            if key and (key in name or name in key):
                score = max(score, 0.75)
            label = match.term.label
            scored[label] = max(scored.get(label, 0.0), score)
        ranked = sorted(scored.items(), key=lambda kv: -kv[1])
        return [label for label, score in ranked if score >= 0.5][:limit]


def _index_facet(terms: tuple[Term, ...]) -> dict[str, Match]:
    index: dict[str, Match] = {}
    for term in terms:
        index.setdefault(term.id.casefold(), Match(term))
        index.setdefault(match_key(term.label), Match(term))
    for term in terms:  # aliases never shadow a label
        for alias in term.aliases:
            index.setdefault(match_key(alias), Match(term, via_alias=alias))
    return index
