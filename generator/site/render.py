"""Jinja2 templates in `templates/pages/` → the generated Markdown pages of the site.

Pure Python: knows nothing of MkDocs. Every page is `docs-relative path → text`;
links between generated pages are computed here as relative URLs, so listings
can be plain escaped HTML (no Markdown parsing of titles written by users).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any, Protocol

import jinja2
from markupsafe import Markup, escape

from generator.core.facets import FACETS, PAGED
from generator.core.model import STATUSES, Case
from generator.core.problems import Problem
from generator.site.fragments import Page, placeholder
from generator.site.library import Library
from generator.site.links import rewrite
from generator.site.packs import NO_PACKS, Packs
from generator.site.search_page import (
    FILTERS,
    filter_query,
    filter_values,
    synonym_groups,
    term_suggestions,
)
from generator.site.stats import THIN, bar_chart, library_stats
from generator.site.urls import (
    CASES,
    COMMUNITIES_INDEX,
    FROM_CASE_PAGE,
    HANDOUT,
    HOME,
    MATRIX_PAGE,
    PACKS_INDEX,
    SEARCH_PAGE,
    STATS_PAGE,
    case_path,
    cell_path,
    community_path,
    facet_index_path,
    handout_path,
    href,
    pack_path,
    term_path,
    url_of,
)

OWN_TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "pages"
PAGE_SIZE = 100   # cases per listing page: a term page listing every case would be too heavy for a phone
FACET_INTROS = {
    "kind": "案例库收录三类文章：记录一项服务全过程的服务案例、参加培训或参访后的心得，"
            "以及居民区微项目负责人讲述的故事。",
    "models": "介入模式是开展社区工作的基本思路：由谁来界定问题、由谁来推动改变、社会工作者扮演什么角色。",
    "stages": "社区工作大致经历准备、启动、巩固和评估四个阶段，每个阶段有各自的主要任务和需要避免的偏差。",
    "techniques": "社区工作中常用的方法与技巧，按用途分组。点进每一项，可以看到说明和用过它的案例。",
}


@dataclass(frozen=True)
class CaseSource:
    """A case body ready for conversion: links already point at published places."""
    case: Case
    url: str                           # the case page's URL, e.g. "cases/heping/"
    text: str                          # body Markdown
    assets: tuple[tuple[str, Path], ...]   # (docs path, source file) of images the body links


@dataclass(frozen=True)
class Affected:
    """What a preview rebuild renders besides the pages every change touches."""
    terms: frozenset[tuple[str, str]]          # (facet, term id)
    cells: frozenset[tuple[str, str]]          # (model id, stage id)
    communities: frozenset[str]                # names


class PageMemo(Protocol):
    """Rendered listing pages by what they show, kept between builds: site/build.py's ListingMemo."""

    def key(self, template: str, path: str, cases: Sequence[Case], total: int, paths: list[str],
            context: dict[str, Any]) -> str | None: ...

    def get(self, key: str) -> Page | None: ...

    def put(self, key: str, page: Page) -> None: ...

    def flush(self) -> None: ...


class Renderer:
    def __init__(self, library: Library, templates: Path, site_name: str = "社区案例库", packs: Packs = NO_PACKS,
                 site_url: str | None = None, memo: PageMemo | None = None):
        self.library = library
        self.env = environment(templates)
        self.site_name, self.site_url = site_name, site_url
        self.packs = packs
        self.packs_of = packs.using()
        self.memo = memo   # without one, every listing page is rendered
        self._pieces: dict[tuple[str, object, str], Markup] = {}   # see render(): piece

    @cached_property
    def _macros(self) -> Any:
        return self.env.get_template("_macros.md.j2").module

    def render(self, template: str, path: str, **context: Any) -> Page:
        """Render one page. HTML inside `{% call keep_html() %}` skips Markdown, whose raw-HTML
        parsing is slow (see fragments.py)."""
        lib = self.library
        fragments: list[str] = []

        def keep_html(caller: Callable[[], str]) -> Markup:
            fragments.append(str(caller()).strip())
            return Markup(placeholder(len(fragments) - 1))

        def piece(macro: str, thing: object, key: object, target: str) -> Markup:
            """A case or term as `macro` of _macros.md.j2 shows it, linked from this page. It is the
            same on every page as far from it, so each is made once a build."""
            url = href(path, target)
            made = self._pieces.get((macro, key, url))
            if made is None:
                made = self._pieces[(macro, key, url)] = getattr(self._macros, macro)(thing, url)
            return made

        helpers = dict(
            lib=lib, vocab=lib.vocabulary, facets=FACETS, statuses=STATUSES,
            link=lambda target: href(path, target), case_path=case_path, term_path=term_path,
            case_item=lambda case: piece("case_item_at", case, case.slug, case_path(case)),
            term_chip=lambda term: piece("chip_at", term, term.reference, term_path(term)),
            community_path=lambda case: community_path(lib.community_of[case.slug]),
            by_year=_by_year, cell_path=cell_path, site_name=self.site_name, keep_html=keep_html,
            search_link=lambda facet, term: href(path, SEARCH_PAGE) + filter_query(facet, term),
            pack_path=pack_path, paragraphs=paragraphs,
        )
        text = self.env.get_template(template).render(page_path=path, **helpers, **context)
        return Page(path, text, tuple(fragments))

    def case_sources(self, cases_dir: Path, only: set[str] | None = None) -> list[CaseSource]:
        """Case bodies with links rewritten (files published only from `cases_dir`); with `only`,
        of those slugs alone."""
        slugs = {_resolved(c.path): c.slug for c in self.library.cases}
        sources = []
        for case in self.library.cases:
            if only is not None and case.slug not in only:
                continue
            text, assets = rewrite(case.body, case.path, case.slug, slugs, cases_dir)
            sources.append(CaseSource(case, url_of(case_path(case)), text, tuple(assets.items())))
        return sources

    def listing_pages(self, only: Affected | None = None, bodies: dict[str, str] | None = None) -> list[Page]:
        """Every generated page but the case pages: home, sections, terms, communities, matrix,
        search, training packs (with their handouts when the case `bodies` are given, slug → HTML);
        with `only`, the term, cell and community pages of those alone (a preview rebuild)."""
        lib, vocab = self.library, self.library.vocabulary
        popular = sorted(vocab.terms["techniques"], key=lambda t: -len(lib.cases_for(t)))[:5]
        pages = [self.render("home.md.j2", HOME, popular=popular),
                 self.render("matrix.md.j2", MATRIX_PAGE),
                 self.render("communities.md.j2", COMMUNITIES_INDEX),
                 self.stats_page(),
                 *self.search_pages(),
                 *self.pack_pages(bodies)]
        pages += [self.render("cell.md.j2", cell_path(mo, st), model=mo, stage=st, cases=lib.cell(mo, st))
                  for mo in vocab.terms["models"] for st in vocab.terms["stages"]
                  if only is None or (mo.id, st.id) in only.cells]
        groups = {g.id: g.label for g in vocab.groups}
        for facet in (f.field for f in PAGED):
            index = facet_index_path(FACETS[facet])
            pages.append(self.render("facet.md.j2", index, facet=facet, intro=FACET_INTROS[facet]))
            for term in vocab.terms[facet]:
                if only is None or (facet, term.id) in only.terms:
                    pages += self.paged("term.md.j2", term_path(term), lib.cases_for(term), term=term,
                                        folder_index=index, group_label=groups.get(term.group, ""))
        for community in lib.communities:
            if only is None or community.name in only.communities:
                pages += self.paged("community.md.j2", community_path(community), community.cases,
                                    community=community)
        if self.memo is not None:
            self.memo.flush()
        return pages

    def case_page(self, source: CaseSource, body: str, problems: tuple[Problem, ...] = ()) -> Page:
        """A case's page; `body` is the finished HTML of its body, `problems` (preview only) are
        shown in a banner at the top."""
        case = source.case
        page = self.render("case.md.j2", case_path(case), case=case, body=body,
                           related=self.library.related[case.slug], problems=problems,
                           packs=self.packs_of.get(case.slug, ()))
        return Page(page.path, page.text, page.fragments, source.assets)

    def search_pages(self) -> list[Page]:
        """The 案例检索 page and the data its script loads besides Pagefind's bundle."""
        page = self.render("search.md.j2", SEARCH_PAGE, filter_order=filter_values(self.library),
                           filter_labels=json.dumps(FILTERS, ensure_ascii=False))
        suggestions = term_suggestions(self.library, lambda term: url_of(term_path(term)))
        return [page, Page("assets/search-terms.json", suggestions),
                Page("assets/search-synonyms.json", synonym_groups(self.library))]

    def address(self, path: str) -> str:
        """Where a page of the site is, as a printed handout says it: its web address when the
        site's address (site_url) is known, else its place in the library."""
        return f"{self.site_url}{path}" if self.site_url else f"本案例库 {path}"

    def pack_pages(self, bodies: dict[str, str] | None) -> list[Page]:
        """培训包: the list, a page per pack and, with the case bodies, its handout."""
        packs = self.packs.packs
        pages = [self.render("packs.md.j2", PACKS_INDEX, packs=packs)]
        for pack in packs:
            handout = handout_path(pack)
            pages.append(self.render("pack.md.j2", pack_path(pack), pack=pack, handout=HANDOUT))
            if bodies is not None:
                root = "../" * handout.count("/")
                shown = {c.slug: handout_body(bodies[c.slug], root, self.address) for c in pack.cases}
                pages.append(self.render("handout.html.j2", handout, pack=pack, bodies=shown, root=root,
                                         case_address=lambda case: self.address(url_of(case_path(case)))))
        return pages

    def stats_page(self) -> Page:
        """统计: counts and gaps, with links to the exports written beside the site's root."""
        stats = library_stats(self.library, term_path, community_path)
        return self.render("stats.md.j2", STATS_PAGE, stats=stats, thin_limit=THIN, root=href(STATS_PAGE, HOME),
                           bar_chart=lambda chart: bar_chart(chart, lambda target: href(STATS_PAGE, target)))

    def paged(self, template: str, first: str, cases: Sequence[Case], **context: Any) -> list[Page]:
        """A listing split into pages of PAGE_SIZE: first.md, then first/2.md, first/3.md …
        With a memo, a page whose cases and context are unchanged comes from the cache."""
        chunks = [cases[i:i + PAGE_SIZE] for i in range(0, len(cases), PAGE_SIZE)] or [()]
        paths = [first] + [f"{first[:-3]}/{n}.md" for n in range(2, len(chunks) + 1)]
        memo, pages = self.memo, []
        for n, (path, chunk) in enumerate(zip(paths, chunks, strict=True), start=1):
            key = memo.key(template, path, chunk, len(cases), paths, context) if memo is not None else None
            page = memo.get(key) if memo is not None and key else None
            if page is None:
                page = self.render(template, path, cases=chunk, total=len(cases), page_no=n, pages=paths, **context)
                if memo is not None and key:
                    memo.put(key, page)
            pages.append(page)
        return pages


_HEADING = re.compile(r"<(/?)h([1-5])((?:\s[^>]*)?)>")
_HEADING_ID = re.compile(r'\sid="[^"]*"')
_PAGE_LINK = re.compile(rf'(href|src)="{re.escape(FROM_CASE_PAGE)}([^"]*)"')   # a body's link into CASES


def handout_body(html: str, root: str, address: Callable[[str], str]) -> str:
    """A case body for the handout: headings one level down (the case title is the h2), without
    ids (several cases share a page), links that pointed next to the case page pointing from the
    handout, each marked with its address (`address` of its path in the site) for printing."""
    html = _HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) + 1}{_HEADING_ID.sub('', m[3])}>", html)

    def relink(m: re.Match[str]) -> str:
        site_path = CASES + m[2]
        target = f'{m[1]}="{root}{site_path}"'
        return f'{target} data-address="{address(site_path)}"' if m[1] == "href" else target
    return _PAGE_LINK.sub(relink, html)


def paragraphs(text: str) -> Markup:
    """Free notes (a pack's activities) as paragraphs: blank lines part them, line breaks stay."""
    parts = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return Markup("\n".join(f"<p>{escape(p)}</p>".replace("\n", "<br>\n") for p in parts))


@cache
def _resolved(path: Path) -> Path:
    """A case file's real path, the way links to it are resolved: its folder's, asked of the disk
    once per folder rather than once per file."""
    return path.resolve() if path.is_symlink() else _resolved_folder(path.parent) / path.name


@cache
def _resolved_folder(folder: Path) -> Path:
    return folder.resolve()


@lru_cache(maxsize=4)
def environment(templates: Path) -> jinja2.Environment:
    """One per templates folder, so that a preview rebuild does not compile the templates again
    (Jinja still reloads a template whose file changed)."""
    # A library made with an older caselib lacks newer templates (统计, 问题 …): caselib's own fill in.
    folders = [templates / "pages", *([OWN_TEMPLATES] if templates / "pages" != OWN_TEMPLATES else [])]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    # Page titles go into MkDocs metadata, which Material prints unescaped: escape them here.
    env.filters["meta"] = lambda v: Markup(json.dumps(str(escape(v)), ensure_ascii=False))
    return env


def _by_year(cases: Iterable[Case]) -> list[tuple[int, list[Case]]]:
    years: dict[int, list[Case]] = {}
    for case in cases:
        years.setdefault(case.year, []).append(case)
    return sorted(years.items(), reverse=True)
