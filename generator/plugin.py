"""The MkDocs adapter: the only module that knows MkDocs.

It runs the site build of sitebuild.py, refuses to build when there is any error (one message
listing every problem), hands MkDocs the listing pages (home, sections, terms, communities …),
and writes the case pages itself into a shell of the theme rendered once: a case page is never
in the navigation and all of them sit at the same depth, so only the title, description, table
of contents and article differ between two of them, and rendering Material's templates for each
(10,000 times) was most of a build. `caselib serve` is in preview.py.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
from pathlib import Path
from urllib.parse import quote

from mkdocs.commands.build import get_context
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config as MkDocsSchema
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .config import load_config
from .exports import write_exports
from .problems import format_text
from .render import FACET_FOLDERS, PACKS_INDEX, SECTION_TITLES, fill_fragments, url_of
from .sanitize import sanitise
from .search import SearchIndexError
from .sitebuild import CasePage, MarkdownSettings, Site, build_site_model, open_cache


class CaselibOptions(MkDocsSchema):
    cases_dir = opt.Type(str, default="cases")
    packs_dir = opt.Type(str, default="packs")
    allowed_contacts = opt.ListOfItems(opt.Type(str), default=[])


class CaselibPlugin(BasePlugin[CaselibOptions]):
    # The equality test sets this to False to render case pages through MkDocs' own page machinery.
    shell_cases = True

    def __init__(self):
        self.serving = False
        self.site: Site | None = None
        self.index = None                                 # the search index, built beside the pages
        self.fragments: dict[str, tuple[str, ...]] = {}   # listing page path → finished HTML pieces
        self.tocs: dict[str, list] = {}                   # case path → its toc (reference path only)
        self.nav = None
        self.index_stats = None
        self.preview = None          # the Preview of preview.py, while serving

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"

    def on_files(self, files: Files, *, config) -> Files:
        ours, problems = load_config(Path(config.config_file_path))
        if ours is None:
            raise PluginError("配置文件有错误：\n" + format_text(problems, 1))
        markdown = self.site_markdown = MarkdownSettings(tuple(config.markdown_extensions), dict(config.mdx_configs))
        self.config, self.files = config, files
        loaded = self.preview.loaded if self.preview else None
        cache = self.preview.cache if self.preview else open_cache(ours)
        site = build_site_model(ours, markdown, config.site_name, preview=self.serving, cache=cache, loaded=loaded)
        if not self.serving and not site.ok:
            raise PluginError("案例文件有错误，网站没有生成。请先修改以下问题：\n"
                              + format_text(list(site.problems), site.files))
        self.site, self.fragments, self.tocs = site, {}, {}
        hand_written = {f.src_uri for f in files}
        pages = site.pages + (self.preview.extra_pages(site) if self.preview else [])
        if not self.shell_cases:
            pages += [_as_markdown_page(c) for c in site.case_pages]
            self.tocs = {c.path: c.toc for c in site.case_pages}
        for page in pages:
            if page.path not in hand_written:   # a page in docs/ overrides a generated one
                files.append(File.generated(config, page.path, content=page.text))
                self.fragments[page.path] = page.fragments
        for case in site.case_pages:
            for uri, src in case.assets:   # images the case links, published beside its page
                if files.get_file_from_path(uri) is None:
                    files.append(File.generated(config, uri, abs_src_path=str(src)))
        config.nav = _navigation(files)
        if not self.preview:   # Pagefind indexes while MkDocs renders the pages
            self.index, key = site.index(cache.folder)
            self.index.start(Path(config.site_dir), key)
        return files

    def on_nav(self, nav, *, config, files):
        self.nav = nav
        return nav

    def on_env(self, env, *, config, files):
        self.env = env
        if self.shell_cases:
            self.shell = CaseShell(config, self.nav, files, env)
            for case in self.site.case_pages:
                self.shell.write(case)
        return env

    def write_pages(self, listings: list, cases: list[CasePage]) -> int:
        """While previewing: the listing pages given go through MkDocs' page machinery again,
        the case pages into the shell; the rest of the site stays as the last build wrote it."""
        from mkdocs.commands.build import _build_page, _populate_page

        config, files = self.config, self.files
        for page in listings:
            self.fragments[page.path] = page.fragments
            file = files.get_file_from_path(page.path)
            if not page.path.endswith(".md"):   # data for the pages' scripts, e.g. assets/search-terms.json
                (Path(config.site_dir) / page.path).write_text(page.text, encoding="utf-8")
                continue
            if file is None:
                file = File.generated(config, page.path, content=page.text)
                files.append(file)
                Page(None, file, config)
            else:
                file.content_string = page.text
            _populate_page(file.page, config, files)
            _build_page(file.page, config, files.documentation_pages(), self.nav, self.env)
        for case in cases:
            self.shell.write(case)
            for uri, src in case.assets:
                target = Path(config.site_dir) / uri
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, target)
        return len(listings) + len(cases)

    def remove_page(self, path: str) -> None:
        file = self.files.get_file_from_path(path)
        if file is not None:
            self.files.remove(file)
        (Path(self.config.site_dir) / url_of(path) / "index.html").unlink(missing_ok=True)

    def on_page_content(self, html: str, *, page, config, files) -> str:
        fragments = self.fragments.get(page.file.src_uri)
        if fragments is None:
            return html  # a hand-written page from docs/
        if page.file.src_uri in self.tocs:
            page.toc = get_toc(self.tocs[page.file.src_uri])
        # Our fragments (escaped by the templates, case bodies sanitised in bodies.py) go in after sanitising.
        return fill_fragments(sanitise(html), fragments)

    def on_post_build(self, *, config) -> None:
        write_exports(self.site.library, Path(config.site_dir), site_name=config.site_name, site_url=config.site_url)
        if self.preview:
            self.preview.built(self.site)   # the index finishes in the background while previewing
            return
        try:
            self.index_stats = self.index.finish()
        except SearchIndexError as exc:
            raise PluginError(str(exc)) from exc

    def on_build_error(self, *, error) -> None:
        if self.index is not None:
            self.index.cancel()


def _as_markdown_page(case: CasePage):
    """A case page as MkDocs would read it (reference path of the equality test)."""
    from .render import Page as GeneratedPage

    meta = {"title": case.title, "description": case.description}
    header = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items())
    return GeneratedPage(case.path, f"---\n{header}---\n\nCASELIB-FRAGMENT-0\n", (case.content,))


class CaseShell:
    """Material's page for a case, rendered once with stand-ins for what differs between cases."""
    TITLE, DESCRIPTION, CONTENT = "CASELIB-SHELL-TITLE", "CASELIB-SHELL-DESCRIPTION", "<h1>CASELIB-SHELL-CONTENT</h1>"
    SLUG = "caselib-shell"

    def __init__(self, config, nav, files: Files, env):
        self.config, self.site_dir = config, Path(config.site_dir)
        page = Page(None, File.generated(config, f"cases/{self.SLUG}.md", content=""), config)
        page.meta = {"title": self.TITLE, "description": self.DESCRIPTION}
        page.content, page.toc = self.CONTENT, get_toc([])
        page.active = True
        context = get_context(nav, files, config, page)
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        html = env.get_template("main.html").render(context)
        html = config.plugins.on_post_page(html, page=page, config=config)
        self.context = context
        self.toc_template = env.from_string(
            '{% import "partials/language.html" as lang with context %}{% include "partials/toc.html" %}')
        self.skip_template = env.from_string(
            '{% import "partials/language.html" as lang with context %}' + _skip_block(env))
        self.toc_empty, self.skip_empty = self._toc_parts(page)
        for part in (self.toc_empty, self.skip_empty, self.TITLE, self.DESCRIPTION, self.CONTENT):
            if part and part not in html:
                raise PluginError(f"主题模板与案例页外壳不匹配（找不到 {part[:40]!r}）")
        self.html = html

    def _toc_parts(self, page) -> tuple[str, str]:
        context = {**self.context, "page": page}
        return self.toc_template.render(context), f'<div data-md-component="skip">{self.skip_template.render(context)}</div>'

    def render(self, case: CasePage) -> str:
        html = self.html
        if case.toc:
            page = _TocPage(get_toc(case.toc))
            toc, skip = self._toc_parts(page)
            html = html.replace(self.toc_empty, toc, 1).replace(self.skip_empty, skip, 1)
        if self.SLUG in html:   # the page's own URL (canonical link when site_url is set)
            html = html.replace(self.SLUG, quote(Path(case.path).stem))
        return (html.replace(self.TITLE, case.title).replace(self.DESCRIPTION, case.description)
                .replace(self.CONTENT, case.content))

    def write(self, case: CasePage) -> None:
        target = self.site_dir / url_of(case.path) / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(self.render(case).encode("utf-8", errors="xmlcharrefreplace"))


class _TocPage:
    """What the table-of-contents templates read of a page."""
    def __init__(self, toc):
        self.toc = toc
        self.meta = {}
        self.url = ""


def _skip_block(env) -> str:
    """The "skip to content" link of Material's base.html, taken from the template itself."""
    source = env.loader.get_source(env, "base.html")[0]
    start = source.index('<div data-md-component="skip">') + len('<div data-md-component="skip">')
    return source[start:source.index("</div>", start)]


def _navigation(files: Files) -> list:
    """Section pages only, never every case or term: Material renders the whole
    nav into every page (a nav of 1,000 cases made each page 389 KB, and even
    the 40 terms cost a third of build time). Terms are one click from each
    section page, two from home."""
    nav: list = [{"首页": "index.md"}, {"案例检索": "search.md"}]
    nav += [{SECTION_TITLES[facet]: f"{folder}/index.md"} for facet, folder in FACET_FOLDERS.items()]
    nav += [{"社区": "communities/index.md"}, {"模式 × 阶段": "matrix.md"}, {"培训包": PACKS_INDEX}, {"统计": "stats.md"}]
    nav += [page.src_uri for page in _static_pages(files)]
    if files.get_file_from_path("review.md") is not None:   # the preview's 待审核 page
        nav.append({"待审核": "review.md"})
    return nav


def _static_pages(files: Files):
    # Hand-written pages in docs/ (如何投稿 …), in file-name order.
    return sorted((f for f in files.documentation_pages() if not f.generated_by),
                  key=lambda f: f.src_uri)


def build_site(config_file: Path, site_dir: Path | None = None) -> int:
    """`caselib build`: a strict MkDocs build; problems are printed, never a traceback."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config as load_mkdocs_config
    from mkdocs.exceptions import Abort, MkDocsException

    quiet_mkdocs_logging()
    overrides = {"site_dir": str(site_dir)} if site_dir else {}
    try:
        config = load_mkdocs_config(config_file=str(config_file), strict=True, **overrides)
        build(config)
    except Abort as exc:
        print(f"网站没有生成：{exc.message}", file=sys.stderr)
        return 1
    except MkDocsException as exc:
        print(exc.message if hasattr(exc, "message") else str(exc), file=sys.stderr)
        return 1
    print(f"网站已生成：{config.site_dir}")
    stats = config.plugins["caselib"].index_stats
    if stats:
        print(f"检索已就绪：{stats.pages} 篇案例可以在“案例检索”中搜到（索引用时 {stats.seconds:.1f} 秒）。")
    return 0


def quiet_mkdocs_logging(level: int = logging.WARNING) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("MkDocs %(levelname)s: %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False
    logging.getLogger("mkdocs.livereload").setLevel(logging.ERROR)   # no line per 404 while previewing
