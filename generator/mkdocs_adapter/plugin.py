"""The MkDocs plugin: runs the site build (site/build.py) inside MkDocs' build and hands MkDocs its pages.

It refuses to build when there is any error (one message listing every problem), hands MkDocs the
listing pages (home, sections, terms, communities …), and writes the pages outside the navigation
(the case pages above all) itself, into a shell of the theme rendered once (shell.py): only their
title, description, table of contents and article differ. `caselib serve` is in preview.py.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
from pathlib import Path
from typing import Any, Literal, Protocol

import jinja2
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config as MkDocsSchema
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc

from generator.checks.load import Loaded
from generator.core import confine
from generator.core.cache import Cache, Table
from generator.core.config import Config, load_config
from generator.core.confine import Outside
from generator.core.errors import SearchIndexError, UserError
from generator.core.facets import PAGED
from generator.core.markup import sanitise
from generator.core.problems import format_text
from generator.mkdocs_adapter.shell import Shells
from generator.search.writer import INDEX_FOLDERS, IndexStats, IndexWriter
from generator.site.build import CasePage, Site, build_site_model, open_cache
from generator.site.exports import write_exports
from generator.site.fragments import Page, fill_fragments, placeholder
from generator.site.output import MARKER, check_site_folder, claim
from generator.site.urls import (
    COMMUNITIES_INDEX,
    HOME,
    MATRIX_PAGE,
    PACKS_INDEX,
    REVIEW_PAGE,
    SEARCH_PAGE,
    STATS_PAGE,
    facet_index_path,
    url_of,
)

SITE_FILES: Table[list[str]] = Table("site")   # by site folder: the pages its last build wrote into the shell


class CaselibOptions(MkDocsSchema):
    cases_dir = opt.Type(str, default="cases")
    packs_dir = opt.Type(str, default="packs")
    allowed_contacts = opt.ListOfItems(opt.Type(str), default=[])
    harmless_numbers = opt.ListOfItems(opt.Type(str), default=[])
    public_figures = opt.ListOfItems(opt.Type(str), default=[])


class Previewing(Protocol):
    """What the plugin asks of `caselib serve` (preview.py's Preview), which builds through it."""

    loaded: Loaded | None   # the library as the preview read it
    cache: Cache | None     # the preview's cache, kept in memory between builds

    def extra_pages(self, site: Site) -> list[Page]: ...

    def built(self, site: Site) -> None: ...


class CaselibPlugin(BasePlugin[CaselibOptions]):
    # The equality test sets this to False to render every page through MkDocs' own page machinery.
    use_shell = True

    def __init__(self) -> None:
        self.serving = False
        self.library: Config | None = None                # our config: set by caselib, or read in on_config
        self.preview: Previewing | None = None            # while serving
        self.refusal = ""                                 # why the build was refused, for the user
        self.kept: set[str] = set()  # shell pages the last build wrote into site/ (clean_site)
        self.manifest: tuple[Cache, str] | None = None    # where this site's list of shell pages is kept
        self.site_accepted = False   # clean_site found the folder one a build may empty (site/output.py)
        # Set by the build's events, in this order: on_files, on_nav, on_env, on_post_build.
        self.mkdocs_config: MkDocsConfig | None = None    # (self.config is the plugin's own options)
        self.files: Files | None = None
        self.cache: Cache | None = None
        self.site: Site | None = None
        self.index: IndexWriter | None = None             # the search index, built beside the pages
        self.fragments: dict[str, tuple[str, ...]] = {}   # listing page path → finished HTML pieces
        self.tocs: dict[str, list[Any]] = {}              # case path → its toc (reference path only)
        self.in_nav: set[str] = set()                     # docs paths of the pages in the navigation
        self.shelled: list[Page] = []                     # listing pages to write into the shell
        self.nav: Navigation | None = None
        self.env: jinja2.Environment | None = None
        self.shells: Shells | None = None
        self.index_stats: IndexStats | None = None

    def refuse(self, message: str) -> PluginError:
        """The build stops with `message`, which `build_site` prints instead of MkDocs' own lines."""
        self.refusal = message
        return PluginError(message)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """The library's config: as `caselib` read it, or read here once (a plain `mkdocs build`)."""
        self.refusal = ""   # MkDocs keeps plugin objects between builds of one process
        if self.library is None or self.library.path.resolve() != Path(config.config_file_path).resolve():
            ours, problems = load_config(Path(config.config_file_path))
            if ours is None:
                raise self.refuse("配置文件有错误，网站没有生成：\n" + format_text(problems, 1))
            self.library = ours
        return config

    def clean_site(self, directory: str) -> None:
        """MkDocs' cleaning of site/ in `caselib build`, less what a warm build would write again
        unchanged: the pages the last build wrote into the shell (compared, and rewritten only if
        they changed; the ones this build does not write are removed after it) and the search
        index (replaced whole, or kept when it is the same), rather than thousands of folders
        deleted and made again."""
        site = Path(directory)
        self.site_accepted = False
        try:
            check_site_folder(site, self._library())
        except UserError as exc:
            raise self.refuse(str(exc)) from None
        self.site_accepted = True
        cache, key = open_cache(self._library()), SITE_FILES.key(str(site.resolve()))
        self.manifest = (cache, key)
        self.kept = set(cache.get_many(SITE_FILES, [key]).get(key, []))
        if site.is_dir():
            _clean(site, "", self.kept | {MARKER})
            claim(site)

    def _keep_manifest(self, written: list[str]) -> None:
        """Remember the shell's pages for the next build; remove the ones kept that this build did not write."""
        if self.manifest is None or self.mkdocs_config is None:
            return
        site = Path(self.mkdocs_config.site_dir)
        pages = [f"{url_of(path)}index.html" for path in written]
        for gone in self.kept - set(pages):
            with contextlib.suppress(Outside):
                confine.remove(site, gone)
            with contextlib.suppress(OSError, Outside):
                confine.inside(site, gone).parent.rmdir()
        cache, key = self.manifest
        cache.put_many(SITE_FILES, {key: pages})

    def _library(self) -> Config:
        if self.library is None:   # on_config reads it, before any other event
            raise PluginError("caselib: the library's config was not read")
        return self.library

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.serving = command == "serve"

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        ours = self._library()
        self.mkdocs_config, self.files = config, files
        if self.preview is not None:
            loaded, cache = self.preview.loaded, self.preview.cache
            if cache is None:
                raise PluginError("caselib: the preview builds without its cache")
        else:
            loaded, cache = None, open_cache(ours)
        self.cache = cache
        site = build_site_model(ours, config.site_name, preview=self.serving, cache=cache, loaded=loaded,
                                index_into=None if self.preview else Path(config.site_dir))
        self.index = site.started_index
        if not self.serving and not site.ok:
            raise self.refuse("案例文件有错误，网站没有生成。请先修改以下问题：\n"
                              + format_text(list(site.problems), site.files))
        self.site, self.fragments, self.tocs = site, {}, {}
        config.nav = _navigation(files)   # from the hand-written pages alone, before ours are added
        self.in_nav = set(_paths(config.nav))
        hand_written = {f.src_uri for f in files}
        pages = site.pages + (self.preview.extra_pages(site) if self.preview else [])
        if not self.use_shell:
            pages += [_as_markdown_page(c) for c in site.case_pages]
            self.tocs = {c.path: c.toc for c in site.case_pages}
        self.shelled = []
        for page in pages:
            if page.path in hand_written:   # a page in docs/ overrides a generated one
                continue
            if self.use_shell and self._shellable(page):
                self.shelled.append(page)
            else:
                files.append(File.generated(config, page.path, content=page.text))
                self.fragments[page.path] = page.fragments
        for case in site.case_pages:
            for uri, src in case.assets:   # images the case links, published beside its page
                if files.get_file_from_path(uri) is None:
                    files.append(File.generated(config, uri, abs_src_path=str(src)))
        self._confine(files, Path(config.site_dir), ours.cases_dir)
        return files

    def _confine(self, files: Files, site: Path, cases: Path) -> None:
        """Every page and file MkDocs will write lands in site/; every file it copies comes from
        docs/ or, for a case's images and attachments, from cases/ (slugs and links are checked
        before this; here nothing a field added later does can reach outside)."""
        try:
            for file in files:
                confine.inside(site, file.abs_dest_path)
                if file.generated_by and file.abs_src_path:
                    confine.inside(cases, file.abs_src_path)
        except Outside as exc:
            raise self.refuse(f"网站没有生成：{exc}") from None

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    def _shellable(self, page: Page) -> bool:
        """A generated page outside the navigation, with a title: written into the theme shell."""
        return page.path.endswith(".md") and page.path not in self.in_nav and page.text.startswith("---\ntitle:")

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        self.env = env
        if self.use_shell:
            if self.nav is None or self.cache is None or self.site is None:
                raise PluginError("caselib: on_env before on_files and on_nav")
            self.shells = Shells(config, self.nav, files, env, self.cache, self.kept)
            for case in self.site.case_pages:
                self.shells.write_case(case)
            self.shells.write_listings(self.shelled, whole_site=not self.preview)
        return env

    def write_pages(self, listings: list[Page], cases: list[CasePage]) -> int:
        """While previewing: the pages given are written again (listing pages in the navigation
        through MkDocs' page machinery, the others into the shell); the rest of the site stays."""
        from mkdocs.commands.build import _build_page, _populate_page

        config, files, nav, env, shells = self.mkdocs_config, self.files, self.nav, self.env, self.shells
        if config is None or files is None or nav is None or env is None or shells is None:
            raise PluginError("caselib: pages are written again only after a full build")
        for page in listings:
            if not page.path.endswith(".md"):   # data for the pages' scripts, e.g. assets/search-terms.json
                confine.write_text(Path(config.site_dir), page.path, page.text)
            elif self._shellable(page):
                shells.write_listings([page])
            else:
                self.fragments[page.path] = page.fragments
                file = files.get_file_from_path(page.path)
                if file is None or file.page is None:
                    raise PluginError(f"caselib: {page.path} was not in the last full build")
                file.content_string = page.text
                _populate_page(file.page, config, files)
                _build_page(file.page, config, files.documentation_pages(), nav, env)
        for case in cases:
            shells.write_case(case)
            for uri, src in case.assets:
                confine.copy_file(src, self._library().cases_dir, Path(config.site_dir), uri)
        return len(listings) + len(cases)

    def remove_page(self, path: str) -> None:
        if self.files is None or self.mkdocs_config is None:
            raise PluginError("caselib: pages are removed only after a full build")
        file = self.files.get_file_from_path(path)
        if file is not None:
            self.files.remove(file)
        confine.remove(Path(self.mkdocs_config.site_dir), url_of(path) + "index.html")

    def on_page_content(self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        fragments = self.fragments.get(page.file.src_uri)
        if fragments is None:
            return html  # a hand-written page from docs/
        if page.file.src_uri in self.tocs:
            page.toc = get_toc(self.tocs[page.file.src_uri])
        # Our fragments (escaped by the templates, case bodies sanitised in bodies.py) go in after sanitising.
        return fill_fragments(sanitise(html), fragments)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site = self.site
        if site is None:
            raise PluginError("caselib: on_post_build before on_files")
        if self.use_shell:
            if self.shells is None:
                raise PluginError("caselib: on_post_build before on_env")
            _add_to_sitemap(Path(config.site_dir), self.shells.sitemap_entries())
            if not self.preview:
                self._keep_manifest(self.shells.written)
        write_exports(site.library, Path(config.site_dir), site_name=config.site_name, site_url=config.site_url)
        claim(Path(config.site_dir))
        if self.preview:
            self.preview.built(site)   # the index finishes in the background while previewing
            return
        if self.index is None:   # a library with errors, which only `mkdocs serve` builds
            return
        try:
            self.index_stats = self.index.finish()
        except SearchIndexError as exc:
            raise self.refuse(str(exc)) from exc

    def on_build_error(self, *, error: Exception) -> None:
        if self.index is not None:
            self.index.cancel()


def _as_markdown_page(case: CasePage) -> Page:
    """A case page as MkDocs would read it (reference path of the equality test)."""
    meta = {"title": case.title, "description": case.description}
    header = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items())
    return Page(case.path, f"---\n{header}---{placeholder(0)}", (case.content,))


def _paths(nav: object) -> list[str]:
    """The page paths of a nav setting (dicts of titles, lists, paths)."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in _paths(value)]
    assert isinstance(nav, list)
    return [p for item in nav for p in _paths(item)]


def _add_to_sitemap(site_dir: Path, entries: str) -> None:
    """MkDocs lists the pages it rendered; the shell's pages are added (only with a site_url)."""
    sitemap = site_dir / "sitemap.xml"
    if not entries or not sitemap.is_file():
        return
    text = sitemap.read_text(encoding="utf-8").replace("\n</urlset>", entries + "\n</urlset>", 1)
    confine.write_text(site_dir, "sitemap.xml", text)
    confine.write_bytes(site_dir, "sitemap.xml.gz", gzip.compress(text.encode("utf-8"), mtime=0))


def _navigation(files: Files) -> list[dict[str, str] | str]:
    """Section pages only, never every case or term: Material renders the whole nav into every
    page, so each page would weigh as much as the nav. Terms are one click from each section
    page, two from home."""
    nav: list[dict[str, str] | str] = [{"首页": HOME}, {"案例检索": SEARCH_PAGE}]
    nav += [{facet.label: facet_index_path(facet)} for facet in PAGED]
    nav += [{"社区": COMMUNITIES_INDEX}, {"模式 × 阶段": MATRIX_PAGE}, {"培训包": PACKS_INDEX}, {"统计": STATS_PAGE}]
    nav += [page.src_uri for page in _static_pages(files)]
    if files.get_file_from_path(REVIEW_PAGE) is not None:   # the preview's 待审核 page
        nav.append({"待审核": REVIEW_PAGE})
    return nav


def _static_pages(files: Files) -> list[File]:
    # Hand-written pages in docs/ (如何投稿 …), in file-name order.
    return sorted((f for f in files.documentation_pages() if not f.generated_by),
                  key=lambda f: f.src_uri)


def _clean(folder: Path, prefix: str, keep: set[str]) -> bool:
    """Remove what is in `folder` but the files in `keep` and the index folders; whether it is empty."""
    empty = True
    for entry in os.scandir(folder):
        path = prefix + entry.name
        if entry.is_dir(follow_symlinks=False):
            if path in INDEX_FOLDERS or not _clean(Path(entry.path), path + "/", keep):
                empty = False
            else:
                os.rmdir(entry.path)
        elif path in keep:
            empty = False
        else:
            os.unlink(entry.path)
    return empty


