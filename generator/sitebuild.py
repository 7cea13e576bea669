"""The site build, outside MkDocs: load → check → link → render → convert → index.

`caselib build`, `caselib serve` and the tests all run `build_site_model`; the MkDocs adapter
(plugin.py) only hands the listing pages to MkDocs and writes the case pages into the theme's
shell. Checks and converted bodies come from the cache when their inputs are unchanged, and the
search index too when every record is, so a build with nothing changed does little work.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .bodies import Body, convert_bodies
from .cache import FOLDER, Cache, code_version, digest
from .config import Config
from .library import Library, link
from .model import Case
from .pipeline import Loaded, load_library
from .problems import Problem
from .render import CaseSource, Page, Renderer, case_path
from .search import IndexWriter, whole_names

_MARKER = re.compile(r"CASELIB-FRAGMENT-(\d+)")
_TODO = re.compile(r"【待填写[^】<]*】")


@dataclass(frozen=True)
class MarkdownSettings:
    extensions: tuple = ()
    configs: dict | None = None


@dataclass(frozen=True)
class CasePage:
    path: str                                  # docs path, "cases/<slug>.md"; published at cases/<slug>/
    title: str                                 # HTML-escaped, as the theme prints it
    description: str                           # HTML-escaped summary
    content: str                               # the article's finished HTML
    toc: list                                  # headings of the body (Python-Markdown toc tokens)
    assets: tuple[tuple[str, Path], ...] = ()  # images published beside the page


@dataclass
class Site:
    loaded: Loaded
    library: Library
    pages: list[Page]              # the other generated pages, Markdown for MkDocs
    case_pages: list[CasePage]
    index: IndexWriter             # every record added; `start_index` runs Pagefind
    index_key: str                 # names this set of records (the cached bundle)

    def start_index(self, site_dir: Path) -> None:
        self.index.start(site_dir, self.index_key)

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.loaded.problems


def open_cache(config: Config) -> Cache:
    return Cache(config.root / FOLDER)


def build_site_model(config: Config, markdown: MarkdownSettings, site_name: str, preview: bool = False, cache: Cache | None = None, loaded: Loaded | None = None) -> Site:
    """Everything a site needs, the search index ready to start. `preview` (caselib serve) shows
    drafts and cases with problems, each with its problems on its page."""
    cache = cache or Cache(None)
    loaded = loaded or load_library(config, cache=cache, preview=preview)
    library = link([c for c in loaded.cases if preview or not c.is_draft], config.vocabulary)
    renderer = Renderer(library, config.root / "templates", site_name)
    sources = renderer.case_sources()
    bodies, keys = _bodies(sources, library, markdown, cache)
    index = IndexWriter(cache.folder)
    for body in bodies:
        index.add(body.record, body.words)
    if not preview:   # a build keeps only what it used, so the cache does not grow forever
        cache.prune("check", set(loaded.keys))
        cache.prune("body", set(keys))
    notes = _problems_by_file(loaded.problems) if preview else {}
    case_pages = [_case_page(renderer, source, body, notes.get(source.case.shown, ()), preview)
                  for source, body in zip(sources, bodies)]
    return Site(loaded, library, renderer.listing_pages(), case_pages, index, digest(*keys))


def _bodies(sources: list[CaseSource], library: Library, markdown: MarkdownSettings,
            cache: Cache) -> tuple[list[Body], list[str]]:
    """Each case body converted, from the cache where its text, its record's fields, the names
    kept whole, the Markdown settings and caselib are all unchanged."""
    names = whole_names(library)
    setting = digest(code_version(), markdown.extensions, json.dumps(markdown.configs or {}, default=str, sort_keys=True),
                     sorted(names))
    keys = [digest(setting, s.url, s.text, _record_inputs(s.case)) for s in sources]
    known = cache.get_many("body", keys)
    todo = [(s.case, s.url, s.text) for s, key in zip(sources, keys) if key not in known]
    fresh = dict(zip([key for key in keys if key not in known],
                     convert_bodies(todo, list(markdown.extensions), markdown.configs or {}, names)))
    cache.put_many("body", fresh)
    return [known.get(key) or fresh[key] for key in keys], keys


def _record_inputs(case: Case) -> tuple:
    """What a search record takes from the header (search.record)."""
    tags = tuple(t.label for f in ("kind", "models", "stages", "techniques", "service_users") for t in case.tags(f))
    return case.title, case.summary, case.community, case.region, case.date, tags


def _problems_by_file(problems) -> dict[str, tuple[Problem, ...]]:
    by_file: dict[str, list[Problem]] = {}
    for p in problems:
        by_file.setdefault(p.path, []).append(p)
    return {path: tuple(sorted(found, key=lambda p: (p.line or 0, p.severity))) for path, found in by_file.items()}


def _case_page(renderer: Renderer, source: CaseSource, body: Body, problems, preview: bool) -> CasePage:
    html = _TODO.sub(lambda m: f'<mark class="cl-todo">{m[0]}</mark>', body.html) if preview else body.html
    page = renderer.case_page(source, html, problems)
    return CasePage(case_path(source.case), _escaped(source.case.title), _escaped(source.case.summary),
                    article_html(page), body.toc, page.assets)


def _escaped(text: str) -> str:
    from markupsafe import escape
    return str(escape(text))


def article_html(page: Page) -> str:
    """The page's HTML as MkDocs would make it: the case template is nothing but finished HTML
    fragments, each a paragraph of its own in the Markdown, so Markdown would only join them."""
    body = page.text.split("\n---\n", 1)[1] if page.text.startswith("---\n") else page.text
    blocks = [b.strip() for b in body.split("\n\n") if b.strip()]
    matches = [_MARKER.fullmatch(b) for b in blocks]
    if not all(matches):
        raise ValueError(f"{page.path}: the case template must consist of keep_html() blocks only")
    return "\n".join(page.fragments[int(m[1])] for m in matches)
