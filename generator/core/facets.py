"""The facets a case is tagged by: one table that every module reads.

A facet is a header field whose values are vocabulary terms (kind, models, stages, techniques,
service users). Which facets have pages, which are search filters, which need descriptions and
how much a shared term relates two cases are properties of the facet, written here once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Facet:
    field: str                  # the header field and the key of its terms: "models"
    label: str                  # what users call it: 介入模式
    section: str                # its section of extra.vocabulary in site_config.yml
    folder: str | None          # the site folder of its term pages; None: no pages of its own
    filter: str | None          # its search filter (in the index and in ?model=… links); None: none
    described: bool             # its terms need a description in the vocabulary
    related_weight: int         # how much one shared term relates two cases (0: not at all)
    many: bool = True           # a list of terms (kind is one)


FACETS: dict[str, Facet] = {f.field: f for f in (
    Facet("kind", "案例类型", "kinds", "kinds", "kind", described=True, related_weight=0, many=False),
    Facet("models", "介入模式", "models", "models", "model", described=True, related_weight=2),
    Facet("stages", "工作阶段", "stages", "stages", "stage", described=True, related_weight=1),
    Facet("techniques", "方法与技巧", "techniques", "techniques", "technique", described=True, related_weight=3),
    Facet("service_users", "服务对象", "service_users", None, None, described=False, related_weight=0),
)}
TAG_FIELDS = tuple(f.field for f in FACETS.values() if f.many)          # the list fields of a header
PAGED = tuple(f for f in FACETS.values() if f.folder)                   # facets with pages of their own
FILTERED = tuple(f for f in FACETS.values() if f.filter)                # facets that are search filters
