"""The site build, outside MkDocs: load → check → link → render → convert → index.

`caselib build`, `caselib serve` and the tests all run `build_site_model`; the MkDocs adapter
(plugin.py) only hands the listing pages to MkDocs and writes the case pages into the theme's
shell. Checks and converted bodies come from the cache when their inputs are unchanged, and the
search index too when every record is, so a build with nothing changed does little work.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import escape

from generator.checks.load import CHECKS, Loaded, load_library
from generator.core.cache import FOLDER, Cache, Table
from generator.core.config import Config, MarkdownSettings
from generator.core.facets import FACETS
from generator.core.hashing import digest
from generator.core.model import Case
from generator.core.problems import Problem, by_file
from generator.core.workers import forked_pool
from generator.search.records import RecordHeader, whole_names
from generator.search.writer import IndexWriter
from generator.site.bodies import Body, convert_bodies
from generator.site.fragments import Page, article_html
from generator.site.library import Community, Library, link, related_cases
from generator.site.packs import Packs, load_packs
from generator.site.render import Affected, CaseSource, Renderer, environment
from generator.site.urls import (
    case_path,
    cell_path,
    community_path,
    term_path,
)

_TODO = re.compile(r"【待填写[^】<]*】")


@dataclass(frozen=True)
class CasePage:
    path: str                                  # docs path, "cases/<slug>.md"; published at cases/<slug>/
    title: str                                 # HTML-escaped, as the theme prints it
    description: str                           # HTML-escaped summary
    content: str                               # the article's finished HTML
    toc: list                                  # headings of the body (Python-Markdown toc tokens)
    assets: tuple[tuple[str, Path], ...] = ()  # images published beside the page


# What the cache keeps between builds (core/cache.py): each table's key is made where its value is.
BODIES: Table[Body] = Table("body")
PAGES: Table[CasePage] = Table("page")
LISTING_PAGES: Table[Page] = Table("listing-page")
RELATED: Table[dict[str, tuple[str, ...]]] = Table("related")


@dataclass
class Site:
    loaded: Loaded
    library: Library
    pages: list[Page]              # the other generated pages, Markdown for MkDocs
    case_pages: list[CasePage]
    bodies: dict[str, tuple[str, Body]]   # case slug → (cache key, converted body), every case
    related: dict[str, tuple[str, ...]]   # case slug → slugs its page lists as related
    packs: Packs
    removed: tuple[str, ...] = ()  # docs paths of case pages a preview rebuild no longer has
    groups: frozenset[str] = frozenset()   # first pages of the listings a preview rebuild rendered anew
    started_index: IndexWriter | None = None   # the index, written since the bodies were converted

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.loaded.problems + self.packs.problems

    @property
    def ok(self) -> bool:
        return self.loaded.ok and not any(p.severity == "error" for p in self.packs.problems)

    @property
    def files(self) -> int:
        return self.loaded.files + self.packs.files

    def index(self, cache_folder: Path | None, background: bool = False) -> tuple[IndexWriter, str]:
        return search_index(self.library, self.bodies, cache_folder, background)


def search_index(library: Library, bodies: dict[str, tuple[str, Body]], cache_folder: Path | None,
                 background: bool = False) -> tuple[IndexWriter, str]:
    """The search index of the library's cases (not started) and the key naming its records."""
    writer = IndexWriter(cache_folder, background)
    keys = []
    for case in library.cases:
        key, body = bodies[case.slug]
        writer.add(body.record, body.words)
        keys.append(key)
    return writer, digest(*keys)


def open_cache(config: Config) -> Cache:
    return Cache(config.root / FOLDER, config.vocabulary)


def build_site_model(config: Config, site_name: str, preview: bool = False,
                     cache: Cache | None = None, loaded: Loaded | None = None,
                     index_into: Path | None = None) -> Site:
    """Everything a site needs. `preview` (caselib serve) shows drafts and cases with problems,
    each with its problems on its page. With `index_into` (a site folder) and no error, the index
    starts as soon as the bodies are converted, and is written while the pages are rendered."""
    cache = cache or Cache(None, config.vocabulary)
    loaded = loaded or load_library(config, cache=cache, preview=preview)
    library, ranked = _linked([c for c in loaded.cases if preview or not c.is_draft], config, loaded, cache)
    packs = load_packs(config, loaded.cases, preview=preview)
    memo = _listing_memo(config, cache, loaded, preview)
    renderer = Renderer(library, config.root / "templates", site_name, packs, config.site_url, memo)
    sources = renderer.case_sources(config.cases_dir)
    bodies = _bodies(sources, library, config.markdown, cache)
    index = None
    try:
        if index_into is not None and loaded.ok:
            index, key = search_index(library, bodies, cache.folder)
            index.start(index_into, key)
        if not preview:   # a build keeps only what it used, so the cache does not grow forever
            cache.prune(CHECKS, set(loaded.keys))
            cache.prune(BODIES, {key for key, _ in bodies.values()})
        ranked()
        notes = by_file(loaded.problems) if preview else {}
        case_pages = _case_pages(renderer, sources, bodies, notes, loaded, cache, preview)
        related = {slug: tuple(c.slug for c in cases) for slug, cases in library.related.items()}
        pages = renderer.listing_pages(bodies=_html(bodies))
        if not preview:
            cache.prune(LISTING_PAGES, memo.used)
    except BaseException:   # stopped or failed: the index is not handed over, so it ends here
        if index is not None:
            index.cancel()
        raise
    return Site(loaded, library, pages, case_pages, bodies, related, packs, started_index=index)


def _case_pages(renderer: Renderer, sources: list[CaseSource], bodies: dict[str, tuple[str, Body]],
                notes: dict[str, tuple[Problem, ...]], loaded: Loaded, cache: Cache, preview: bool) -> list[CasePage]:
    """Each case's page, from the cache when the case, its body, its related cases, its community,
    its packs, its problems and the templates are all unchanged."""
    lib, key_of = renderer.library, loaded.key_of or {}
    setting = digest(_templates_digest(renderer.env), renderer.site_name, preview)
    keys = [PAGES.key(setting, key_of.get(s.case.shown), bodies[s.case.slug][0], s.url, s.assets,
                   [key_of.get(r.shown) for r in lib.related[s.case.slug]], lib.community_of[s.case.slug].slug,
                   repr(renderer.packs_of.get(s.case.slug, ())), notes.get(s.case.shown, ())) for s in sources]
    known = cache.get_many(PAGES, keys)
    fresh: dict[str, CasePage] = {}
    for s, key in zip(sources, keys, strict=True):
        if key not in known:
            fresh[key] = known[key] = _case_page(renderer, s, bodies[s.case.slug][1], notes.get(s.case.shown, ()),
                                                 preview)
    cache.put_many(PAGES, fresh)
    if not preview:
        cache.prune(PAGES, set(keys))
    return [known[key] for key in keys]


def _listing_memo(config: Config, cache: Cache, loaded: Loaded, preview: bool) -> ListingMemo:
    setting = digest(_templates_digest(environment(config.root / "templates")), preview)
    return ListingMemo(cache, loaded.key_of or {}, setting)


def _templates_digest(env: jinja2.Environment) -> str:
    loader = env.loader
    assert loader is not None   # render.environment always gives one
    return digest(*[(name, loader.get_source(env, name)[0]) for name in sorted(env.list_templates())])


def _linked(cases: list[Case], config: Config, loaded: Loaded, cache: Cache) -> tuple[Library, Callable[[], None]]:
    """The library, and a call that completes its related cases: from the cache when no case
    changed, else ranked in a process of their own while the bodies are converted (ranked here,
    they would leave a core idle)."""
    key = RELATED.key(sorted((loaded.key_of or {}).get(c.shown, c.shown) for c in cases))
    known = cache.get_many(RELATED, [key]).get(key)
    library = link(cases, config.vocabulary, related_for=set())
    ranking, pool = None, forked_pool(1) if not known and len(cases) >= RANK_APART_FROM else None
    if pool:
        global _RANKED   # what the forked process ranks
        _RANKED = library
        ranking = pool.submit(_related_slugs)
        pool.shutdown(wait=False)

    def done() -> None:
        slugs = known or (ranking.result() if ranking else _related_slugs(library))
        by_slug = {c.slug: c for c in library.cases}
        library.related.update({slug: tuple(by_slug[s] for s in related) for slug, related in slugs.items()})
        if not known:
            cache.put_many(RELATED, {key: slugs})
            cache.prune(RELATED, {key})
    return library, done


RANK_APART_FROM = 1000   # cases; fewer are ranked sooner than a process starts
_RANKED: Library | None = None


def _related_slugs(library: Library | None = None) -> dict[str, tuple[str, ...]]:
    library = library or _RANKED
    assert library is not None   # in the forked process: set before the fork
    return {slug: tuple(c.slug for c in cases) for slug, cases in related_cases(library).items()}


class ListingMemo:
    """Rendered listing pages by what they show: the cases (by content), the page's place in the
    listing and its context. One query per page; a warm build renders none."""

    def __init__(self, cache: Cache, key_of: dict[str, str], setting: str):
        self.cache, self.key_of, self.setting = cache, key_of, setting
        self.used: set[str] = set()
        self.fresh: dict[str, Page] = {}

    def key(self, template: str, path: str, cases: Sequence[Case], total: int, paths: list[str],
            context: dict[str, Any]) -> str | None:
        keys = [self.key_of.get(c.shown) for c in cases]
        if None in keys:
            return None
        return LISTING_PAGES.key(self.setting, template, path, keys, total, paths,
                      sorted((k, self._context_key(v)) for k, v in context.items()))

    def _context_key(self, value: object) -> object:
        # A community is its name and all its cases (its page groups them all by year), by content.
        if isinstance(value, Community):
            return value.name, value.slug, [self.key_of.get(c.shown) for c in value.cases]
        return repr(value)

    def get(self, key: str) -> Page | None:
        self.used.add(key)
        return self.cache.get_many(LISTING_PAGES, [key]).get(key)

    def put(self, key: str, page: Page) -> None:
        self.fresh[key] = page

    def flush(self) -> None:
        """The pages rendered since the last flush, stored in one go."""
        self.cache.put_many(LISTING_PAGES, self.fresh)
        self.fresh = {}


def update_site_model(config: Config, site_name: str, before: Site,
                      loaded: Loaded, cache: Cache) -> Site:
    """The preview after some case files were saved: only the pages that show what changed (the
    changed cases, the pages listing them as related, the listings they are or were on, home and
    the section pages). Related cases of the other pages are brought up to date by the next full build."""
    old = {c.shown: c for c in before.library.cases}
    new = {c.shown: c for c in loaded.cases}
    notes, old_notes = by_file(loaded.problems), by_file(before.loaded.problems)
    changed = {shown for shown in old.keys() | new.keys() if old.get(shown) != new.get(shown)}
    touched = changed | {shown for shown in new if notes.get(shown, ()) != old_notes.get(shown, ())}
    gone = {old[s].slug for s in changed if s in old}
    listing = {slug for slug, related in before.related.items() if gone & set(related)}
    render = {new[s].slug for s in touched if s in new} | (listing & {c.slug for c in new.values()})
    library = link(list(new.values()), config.vocabulary, related_for=render)
    packs = load_packs(config, loaded.cases, preview=True)
    renderer = Renderer(library, config.root / "templates", site_name, packs, config.site_url,
                        _listing_memo(config, cache, loaded, True))
    sources = renderer.case_sources(config.cases_dir, only=render)
    kept = {slug: body for slug, body in before.bodies.items() if slug in library.community_of}
    bodies = {**kept, **_bodies(sources, library, config.markdown, cache)}
    case_pages = [_case_page(renderer, source, bodies[source.case.slug][1], notes.get(source.case.shown, ()), True)
                  for source in sources]
    related = {**before.related, **{slug: tuple(c.slug for c in cases) for slug, cases in library.related.items()}}
    versions = [old[s] for s in changed if s in old] + [new[s] for s in changed if s in new]
    affected = _affected(versions)
    pages = renderer.listing_pages(only=affected, bodies=_html(bodies))
    removed = tuple(case_path(old[s]) for s in changed if s in old and case_path(old[s]) not in
                    {case_path(c) for c in new.values()})
    return Site(loaded, library, pages, case_pages, bodies, {s: r for s, r in related.items() if s in bodies},
                packs, removed, _groups(affected, before.library, library))


def _html(bodies: dict[str, tuple[str, Body]]) -> dict[str, str]:
    return {slug: body.html for slug, (_, body) in bodies.items()}


def _affected(cases: list[Case]) -> Affected:
    return Affected(frozenset((f, t.id) for c in cases for f in FACETS for t in c.tags(f)),
                    frozenset((m.id, s.id) for c in cases for m in c.models for s in c.stages),
                    frozenset(c.community for c in cases))


def _groups(affected: Affected, *libraries: Library) -> frozenset[str]:
    """The first page of each listing an update renders, before and after (a community can go)."""
    vocab = libraries[0].vocabulary
    terms = {(t.facet, t.id): t for facet in FACETS for t in vocab.terms[facet]}
    paths = {term_path(terms[key]) for key in affected.terms if key in terms and FACETS[key[0]].folder}
    paths |= {cell_path(terms[("models", m)], terms[("stages", s)]) for m, s in affected.cells}
    paths |= {community_path(c) for lib in libraries for c in lib.communities if c.name in affected.communities}
    return frozenset(paths)


def _bodies(sources: list[CaseSource], library: Library, markdown: MarkdownSettings,
            cache: Cache) -> dict[str, tuple[str, Body]]:
    """Each case body converted, from the cache where its text, its record's fields, the names
    kept whole, the Markdown settings and caselib are all unchanged."""
    names = whole_names(library.vocabulary, [c.name for c in library.communities])
    setting = digest(markdown.extensions, markdown.configs, sorted(names))
    keys = [BODIES.key(setting, s.url, s.text, RecordHeader.of(s.case)) for s in sources]
    known = cache.get_many(BODIES, keys)
    todo = [(s.case, s.url, s.text) for s, key in zip(sources, keys, strict=True) if key not in known]
    fresh: dict[str, Body] = {}
    packed: dict[str, bytes] = {}
    missing = [key for key in keys if key not in known]
    for key, (body, data) in zip(missing, convert_bodies(todo, markdown, names), strict=True):
        fresh[key] = known[key] = body
        if data:
            packed[key] = data
    cache.put_many(BODIES, fresh, packed)
    return {s.case.slug: (key, known[key]) for s, key in zip(sources, keys, strict=True)}


def _case_page(renderer: Renderer, source: CaseSource, body: Body, problems: tuple[Problem, ...],
               preview: bool) -> CasePage:
    html = _TODO.sub(lambda m: f'<mark class="cl-todo">{m[0]}</mark>', body.html) if preview else body.html
    page = renderer.case_page(source, html, problems)
    return CasePage(case_path(source.case), _escaped(source.case.title), _escaped(source.case.summary),
                    article_html(page), body.toc, page.assets)


def _escaped(text: str) -> str:
    return str(escape(text))


