"""Generated pages written into Material's page shell instead of through MkDocs' page machinery.

Part of the MkDocs adapter (with plugin.py and preview.py). Case pages, term, community and
matrix-cell pages are never in the navigation, and pages in the same folder differ only in
title, description, table of contents, article and their own address. So Material's templates
are rendered once per folder with stand-ins, and each page is the shell with its own parts put
in, instead of the templates rendered again for every page, the largest cost of a build.
`tests/site/test_build_cache.py` proves the pages equal MkDocs' own, byte for byte.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Set
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
import markdown
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents, get_toc
from mkdocs.utils.meta import get_data

from generator.core import confine
from generator.core.cache import Cache, Table
from generator.core.hashing import digest
from generator.core.markup import sanitise
from generator.site.build import CasePage
from generator.site.fragments import Page as GeneratedPage
from generator.site.fragments import fill_fragments
from generator.site.urls import url_of

# The stand-ins carry a nonce drawn for each build (shells are never cached): no title, summary, heading or
# page of docs/ can spell one, and they are put in in one pass, so what is put in is never searched again.
_NONCE = secrets.token_hex(8)
TITLE, DESCRIPTION = f"caselib-shell-title-{_NONCE}", f"caselib-shell-description-{_NONCE}"
CONTENT = f"<h1>caselib-shell-content-{_NONCE}</h1>"
STAND_IN = f"caselib-shell-{_NONCE}"
_PARTS = re.compile("|".join(re.escape(part) for part in (TITLE, DESCRIPTION, CONTENT)))
LISTINGS: Table[tuple[str, list[Any]]] = Table("listing")   # (HTML, toc tokens) by Markdown


class Shells:
    """Shells by folder (relative links from a page depend on it) and by whether the page has a
    description, made when first needed."""

    def __init__(self, config: MkDocsConfig, nav: Navigation, files: Files, env: jinja2.Environment, cache: Cache,
                 kept: Set[str] = frozenset()):
        self.config, self.nav, self.files, self.env, self.cache = config, nav, files, env, cache
        self.site_dir = Path(config.site_dir)
        self._shells: dict[tuple[str, bool], _Shell] = {}
        self._md = markdown.Markdown(extensions=list(config.markdown_extensions),
                                     extension_configs=config.mdx_configs or {})
        self.written: list[str] = []    # docs paths, for the sitemap
        self.kept = kept                # pages the last build wrote, left in site/ to compare with

    def write_case(self, case: CasePage) -> None:
        self._write(case.path, case.title, case.description, case.content, case.toc)

    def write_listings(self, pages: list[GeneratedPage], whole_site: bool = False) -> None:
        """Listing pages: their Markdown converted as MkDocs would (or as the last build did, from
        the cache), then put into the shell."""
        setting = digest(self.config.markdown_extensions, repr(self.config.mdx_configs))
        keys = [LISTINGS.key(setting, page.text) for page in pages]
        known = self.cache.get_many(LISTINGS, keys)
        fresh: dict[str, tuple[str, list[Any]]] = {}
        for page, key in zip(pages, keys, strict=True):
            meta_text, meta = get_data(page.text)
            if key not in known:
                fresh[key] = known[key] = (self._md.reset().convert(meta_text), getattr(self._md, "toc_tokens", []))
            html, toc = known[key]
            self._write(page.path, meta["title"], None, fill_fragments(sanitise(html), page.fragments), toc)
        self.cache.put_many(LISTINGS, fresh)
        if whole_site:   # a full build keeps only what it used, so the cache does not grow forever
            self.cache.prune(LISTINGS, set(keys))

    def _write(self, path: str, title: str, description: str | None, content: str, toc: list[Any]) -> None:
        url = url_of(path)
        shell = self._shell(url[:url.rstrip("/").rfind("/") + 1], description is not None)
        html = shell.render(url, title, description or "", content, toc)
        # Written here, one after another: writer threads are slower (they queue on the GIL and
        # on the folder's lock).
        target = confine.inside(self.site_dir, f"{url}index.html")
        data = html.encode("utf-8", errors="xmlcharrefreplace")
        if f"{url}index.html" not in self.kept or not _unchanged(target, data):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        self.written.append(path)

    def _shell(self, folder: str, described: bool) -> _Shell:
        key = (folder, described)
        if key not in self._shells:
            self._shells[key] = _Shell(self.config, self.nav, self.files, self.env, folder, described)
        return self._shells[key]

    def sitemap_entries(self) -> str:
        """What MkDocs' sitemap would list for the pages written here (only with a site_url)."""
        if not self.config.site_url:
            return ""
        date = _build_date()
        return "".join(f"\n    <url>\n         <loc>{_escape(self.config.site_url + quote(url_of(p)))}</loc>\n"
                       f"         <lastmod>{date}</lastmod>\n    </url>" for p in self.written)


def _unchanged(target: Path, data: bytes) -> bool:
    try:
        return target.stat().st_size == len(data) and target.read_bytes() == data
    except OSError:
        return False


class _Shell:
    """Material's page for the pages outside the navigation in one folder, rendered once."""

    def __init__(self, config: MkDocsConfig, nav: Navigation, files: Files, env: jinja2.Environment, folder: str,
                 described: bool):
        src = f"{folder}{STAND_IN}.md"
        page = Page(None, File.generated(config, src, content=""), config)
        page.meta = {"title": TITLE, **({"description": DESCRIPTION} if described else {})}
        page.content, page.toc, page.active = CONTENT, get_toc([]), True
        context = get_context(nav, files, config, page)
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        html = env.get_template("main.html").render(context)
        self.html = config.plugins.on_post_page(html, page=page, config=config)
        self.url, self.templates = page.url, _toc_templates(env)
        # Material's translations, as base.html imports them, for the table of contents
        language = env.get_template("partials/language.html").make_module(dict(context))
        self.context: dict[str, Any] = {**context, "lang": language}
        self.toc_empty, self.skip_empty = self._toc_parts(page)
        self.tocs: dict[str, tuple[str, str]] = {}
        for part in (self.toc_empty, self.skip_empty, TITLE, CONTENT, *([DESCRIPTION] if described else [])):
            if part and part not in self.html:
                raise PluginError(f"主题模板与页面外壳不匹配（找不到 {part[:40]!r}）")

    def _toc_parts(self, page: Page | _TocPage) -> tuple[str, str]:
        context = {**self.context, "page": page}
        toc, skip = (template.render(context) for template in self.templates)
        return toc, f'<div data-md-component="skip">{skip}</div>'

    def render(self, url: str, title: str, description: str, content: str, toc: list[Any]) -> str:
        html = self.html
        if toc:
            key = repr(toc)   # cases written to one outline share their table of contents
            if key not in self.tocs:
                self.tocs[key] = self._toc_parts(_TocPage(get_toc(toc)))
            toc_html, skip = self.tocs[key]
            html = html.replace(self.toc_empty, toc_html, 1).replace(self.skip_empty, skip, 1)
        if self.url in html:   # the page's own address (canonical link when site_url is set)
            html = html.replace(self.url, quote(url))
        parts = {TITLE: title, DESCRIPTION: description, CONTENT: content}
        return _PARTS.sub(lambda m: parts[m[0]], html)


class _TocPage:
    """What the table-of-contents templates read of a page."""
    def __init__(self, toc: TableOfContents):
        self.toc = toc
        self.meta: dict[str, Any] = {}
        self.url = ""


@lru_cache(maxsize=2)
def _toc_templates(env: jinja2.Environment) -> tuple[jinja2.Template, jinja2.Template]:
    """Material's table of contents, and the "skip to content" link taken from its base.html."""
    assert env.loader is not None   # MkDocs' environment loads the theme's templates
    source = env.loader.get_source(env, "base.html")[0]
    start = source.index('<div data-md-component="skip">') + len('<div data-md-component="skip">')
    return (env.from_string('{% include "partials/toc.html" %}'),
            env.from_string(source[start:source.index("</div>", start)]))


def _build_date() -> str:
    from mkdocs.utils import get_build_date
    return get_build_date()


def _escape(text: str) -> str:
    from markupsafe import escape
    return str(escape(text))
