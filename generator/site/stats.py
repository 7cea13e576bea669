"""The library's numbers (统计): counts per facet, community and year, drawn as SVG at build time.

Supervisors report these figures and see what the library still lacks; facilitators see which
methods have enough cases to teach from. The charts are plain inline SVG written here, so the
page needs no chart library, no script and no network, and prints as it looks. Text in the
charts keeps the page's own font size (bars are sized in percent of the width, not by scaling a
drawing), so labels stay readable on a phone. Gaps are worded as a call for cases.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from generator.core.facets import FACETS
from generator.core.vocabulary import Term
from generator.site.library import Community, Library

THIN = 3                  # a technique with fewer cases than this is asked for
TOP_COMMUNITIES = 20      # the communities chart shows the busiest ones and sums up the rest
ROW = 44                  # px per bar: a label line, then the bar
BAR_HEIGHT = 12


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    target: str = ""      # docs path of the page listing these cases ("" when there is none)


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    bars: tuple[Bar, ...]
    rest: str = ""        # a line under the chart for what it leaves out


@dataclass(frozen=True)
class Stats:
    total: int
    charts: tuple[Chart, ...]
    empty_cells: tuple[tuple[Term, Term], ...]   # (model, stage) with no case
    thin: tuple[tuple[Term, int], ...]           # techniques with fewer than THIN cases, fewest first


def library_stats(lib: Library, term_path: Callable[[Term], str], community_path: Callable[[Community], str]) -> Stats:
    """Every figure of the 统计 page; `term_path` and `community_path` give the page to link each bar to."""
    vocab = lib.vocabulary
    charts = [_facet_chart(lib, facet, term_path) for facet in FACETS]
    charts.insert(4, _community_chart(lib, community_path))
    charts.append(_year_chart(lib))
    empty = tuple((mo, st) for mo in vocab.terms["models"] for st in vocab.terms["stages"] if not lib.cell(mo, st))
    counts = [(t, len(lib.cases_for(t))) for t in vocab.terms["techniques"]]
    thin = tuple(sorted(((t, n) for t, n in counts if n < THIN), key=lambda tn: tn[1]))
    return Stats(len(lib.cases), tuple(charts), empty, thin)


def _facet_chart(lib: Library, facet: str, term_path: Callable[[Term], str]) -> Chart:
    paged = FACETS[facet].folder is not None   # service users have no pages of their own
    bars = [Bar(t.label, len(lib.cases_for(t)), term_path(t) if paged else "") for t in lib.vocabulary.terms[facet]]
    if facet in ("techniques", "service_users"):   # long lists read best largest first
        bars.sort(key=lambda b: -b.count)
    return Chart(facet, f"按{FACETS[facet].label}", tuple(bars))


def _community_chart(lib: Library, community_path: Callable[[Community], str]) -> Chart:
    ranked = sorted(lib.communities, key=lambda c: -len(c.cases))
    bars = tuple(Bar(c.name, len(c.cases), community_path(c)) for c in ranked[:TOP_COMMUNITIES])
    others = ranked[TOP_COMMUNITIES:]
    rest = f"另有 {len(others)} 个社区，共 {sum(len(c.cases) for c in others)} 篇。" if others else ""
    return Chart("communities", "按社区", bars, rest)


def _year_chart(lib: Library) -> Chart:
    years = Counter(c.year for c in lib.cases)
    return Chart("years", "按年份", tuple(Bar(f"{y} 年", years[y]) for y in sorted(years)))


def bar_chart(chart: Chart, link: Callable[[str], str]) -> Markup:
    """A horizontal bar chart as inline SVG: label and count above each bar, bars in percent of
    the width. `link` turns a docs path into the relative URL the page uses."""
    top = max((b.count for b in chart.bars), default=0) or 1
    rows = [_bar_row(i * ROW, bar, top, link) for i, bar in enumerate(chart.bars)]
    return Markup(f'<svg class="cl-chart" width="100%" height="{len(chart.bars) * ROW}" '
                  f'aria-labelledby="chart-{chart.id}" xmlns="http://www.w3.org/2000/svg">{"".join(rows)}</svg>')


def _bar_row(y: int, bar: Bar, top: int, link: Callable[[str], str]) -> str:
    label = f'<text class="cl-chart__label" x="0" y="{y + 17}">{escape(bar.label)}</text>'
    if bar.target:
        label = f'<a href="{escape(link(bar.target))}">{label}</a>'
    count = f'<text class="cl-chart__count" x="100%" y="{y + 17}" text-anchor="end">{bar.count} 篇</text>'
    width = max(bar.count / top * 100, 0.6) if bar.count else 0
    rect = (f'<rect class="cl-chart__bar" x="0" y="{y + 24}" width="{width:.1f}%" height="{BAR_HEIGHT}" rx="2"/>'
            if bar.count else "")
    return f"<g>{label}{count}{rect}</g>"
