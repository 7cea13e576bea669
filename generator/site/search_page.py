"""The data the 案例检索 page and the header's search box load: vocabulary suggestions, filter
values in vocabulary order, and the query strings that open the search page on one term.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import urlencode

from generator.core.facets import FACETS, FILTERED
from generator.core.vocabulary import Term
from generator.site.library import Library

# Filter name in the index and in search URLs (?technique=…) → label on the search page.
FILTERS = {**{f.filter: f.label for f in FILTERED}, "community": "社区", "year": "年份"}

def term_suggestions(library: Library, url_of_term: Callable[[Term], str]) -> str:
    """JSON for the header box: every vocabulary term with its aliases, page URL and case count,
    so that typing 开放空间技术 or 地區發展 offers the term page before any case."""
    rows = [{"label": term.label, "facet": facet.label, "aliases": list(term.aliases),
             "url": url_of_term(term), "count": len(library.cases_for(term))}
            for facet in FILTERED for term in library.vocabulary.terms[facet.field]]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))

def synonym_groups(library: Library) -> str:
    """JSON for both search boxes: the thesaurus' groups, as the index's text is written (Simplified,
    lower case), so a query word of any group also searches the others."""
    groups = [[word.lower() for word in group] for group in library.vocabulary.synonyms]
    return json.dumps(groups, ensure_ascii=False, separators=(",", ":"))


def filter_values(library: Library) -> str:
    """JSON: the values of each vocabulary filter in vocabulary order (the search page lists
    准备 → 启动 → 巩固 → 评估 as a process, not alphabetically)."""
    order = {f.filter: [t.label for t in library.vocabulary.terms[f.field]] for f in FILTERED}
    return json.dumps(order, ensure_ascii=False, separators=(",", ":"))

def filter_query(facet: str, term: Term | str) -> str:
    """The search-page query string that selects one term (facet "community" takes a name)."""
    key = "community" if facet == "community" else FACETS[facet].filter
    if key is None:
        raise ValueError(f"facet {facet!r} is not a search filter")
    return "?" + urlencode({key: term if isinstance(term, str) else term.label})
