"""The linked library: term → cases, communities, related cases, coverage."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from generator.core.facets import FACETS
from generator.core.model import Case, slugify
from generator.core.vocabulary import Term, Vocabulary

RELATED_COUNT = 5
_POSTING_CAP = 100   # candidates per shared term: keeps related-case ranking linear as the library grows
_WEIGHTS = {f.field: f.related_weight for f in FACETS.values() if f.related_weight}


@dataclass(frozen=True)
class Community:
    slug: str
    name: str
    cases: tuple[Case, ...]


@dataclass(frozen=True)
class Library:
    vocabulary: Vocabulary
    cases: tuple[Case, ...]                              # newest first
    by_term: dict[tuple[str, str], tuple[Case, ...]]     # (facet, term id) → cases, newest first
    communities: tuple[Community, ...]                   # by name
    community_of: dict[str, Community]                   # case slug → its community
    related: dict[str, tuple[Case, ...]]                 # case slug → related cases, best first

    def cases_for(self, term: Term) -> tuple[Case, ...]:
        return self.by_term.get((term.facet, term.id), ())

    def cell(self, model: Term, stage: Term) -> tuple[Case, ...]:
        return tuple(c for c in self.cases_for(model) if stage in c.stages)


def newest_first(cases: Iterable[Case]) -> list[Case]:
    return sorted(cases, key=lambda c: (c.date, c.title), reverse=True)


def link(cases: list[Case], vocabulary: Vocabulary, related_for: set[str] | None = None) -> Library:
    """The library's listings and, for every case or only those in `related_for` (a preview
    rebuild renders few pages), its related cases."""
    ordered = tuple(newest_first(cases))
    by_term: dict[tuple[str, str], list[Case]] = defaultdict(list)
    for case in ordered:
        for facet in FACETS:
            for term in case.tags(facet):
                by_term[(facet, term.id)].append(case)
    groups: dict[str, list[Case]] = defaultdict(list)
    for case in ordered:
        groups[case.community].append(case)
    slugs: set[str] = set()
    communities = tuple(Community(_unique(slugify(name), slugs), name, tuple(cs))
                        for name, cs in sorted(groups.items()))
    community_of = {c.slug: com for com in communities for c in com.cases}
    frozen = {key: tuple(value) for key, value in by_term.items()}
    return Library(vocabulary, ordered, frozen, communities, community_of, _related(ordered, frozen, related_for))


def related_cases(library: Library) -> dict[str, tuple[Case, ...]]:
    return _related(library.cases, library.by_term)


def _unique(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _related(cases: tuple[Case, ...], by_term: dict[tuple[str, str], tuple[Case, ...]],
             only: set[str] | None = None) -> dict[str, tuple[Case, ...]]:
    """Rank other cases by shared techniques (×3), models (×2) and stages (×1).

    Candidates come from the newest _POSTING_CAP cases of each shared term, so the
    cost per case stays flat as the library grows; Counter.update counts in C.
    """
    by_slug = {c.slug: c for c in cases}
    rank = {c.slug: i for i, c in enumerate(cases)}  # cases are newest first
    weighted = {(facet, term_id): [c.slug for c in value[:_POSTING_CAP]] * _WEIGHTS[facet]
                for (facet, term_id), value in by_term.items() if facet in _WEIGHTS}
    related = {}
    for case in cases if only is None else [by_slug[s] for s in only if s in by_slug]:
        scores: Counter[str] = Counter()
        for facet in _WEIGHTS:
            for term in case.tags(facet):
                scores.update(weighted[(facet, term.id)])
        scores.pop(case.slug, None)
        best = sorted(scores.most_common(RELATED_COUNT * 10), key=lambda kv: (-kv[1], rank[kv[0]]))
        related[case.slug] = tuple(by_slug[slug] for slug, score in best[:RELATED_COUNT] if score >= 3)
    return related
