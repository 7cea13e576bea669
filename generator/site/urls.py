"""Where every generated page lives: docs paths ("cases/a.md", published at cases/a/) and the
relative URLs between them. The one home of the site's URL layout; templates link by these paths.
"""

from __future__ import annotations

from functools import cache, lru_cache

from generator.core.facets import FACETS, Facet
from generator.core.model import Case
from generator.core.vocabulary import Term
from generator.site.library import Community
from generator.site.packs import Pack

HOME = "index.md"
SEARCH_PAGE = "search.md"
STATS_PAGE = "stats.md"
MATRIX_PAGE = "matrix.md"
COMMUNITIES_INDEX = "communities/index.md"
PACKS_INDEX = "packs/index.md"
PROBLEMS_PAGE = "problems.md"   # 问题, while previewing
REVIEW_PAGE = "review.md"       # 待审核, in the navigation while previewing

CASES = "cases/"        # the case pages (cases/<slug>/) and, beside them, the images their bodies link
FROM_CASE_PAGE = "../"  # CASES as a case page links it: links in case bodies start with this
HANDOUT = "handout/"    # a pack's handout, in the folder of the pack's page (which links it so)


def case_path(case: Case) -> str:
    return case_slug_path(case.slug)


def case_slug_path(slug: str) -> str:
    return f"{CASES}{slug}.md"


def case_file_path(slug: str, name: str) -> str:
    """Where a file a case body links (an image) is published: beside the case's page."""
    return f"{CASES}{slug}-files/{name}"


def from_case_page(path: str) -> str:
    """The relative URL of `path`, a site path under CASES, from a case page ("cases/b/" → "../b/")."""
    return FROM_CASE_PAGE + path.removeprefix(CASES)


def facet_index_path(facet: Facet) -> str:
    return f"{facet.folder}/index.md"


def term_path(term: Term) -> str:
    return f"{FACETS[term.facet].folder}/{term.id}.md"


def community_path(community: Community) -> str:
    return f"communities/{community.slug}.md"


def cell_path(model: Term, stage: Term) -> str:
    return f"matrix/{model.id}--{stage.id}.md"


def pack_path(pack: Pack) -> str:
    return f"packs/{pack.slug}.md"


def handout_path(pack: Pack) -> str:
    """The printable handout: a page of its own, without the site's header and navigation."""
    return f"{url_of(pack_path(pack))}{HANDOUT}index.html"


@cache
def url_of(path: str) -> str:
    """Directory-style URL of a docs path ("cases/a.md" → "cases/a/")."""
    stem = path[:-3]
    if stem == "index":
        return ""
    return (stem[: -len("index")] if stem.endswith("/index") else stem + "/")


def href(from_path: str, to_path: str) -> str:
    """Relative URL between two generated pages: what posixpath.relpath gives, without its cost
    (one call per link of every page)."""
    base, target = _folders(from_path), _folders(to_path)
    if not base or not target or base[0] != target[0]:   # most links: nothing in common
        return "../" * len(base) + url_of(to_path) or "./"
    common = 0
    while common < min(len(base), len(target)) and base[common] == target[common]:
        common += 1
    rel = "../" * (len(base) - common) + "".join(part + "/" for part in target[common:])
    return rel or "./"


@lru_cache(maxsize=1 << 16)
def _folders(path: str) -> tuple[str, ...]:
    return tuple(url_of(path).split("/")[:-1])
