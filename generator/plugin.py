"""The MkDocs adapter: the only module that knows MkDocs.

It runs the same load → check pipeline as `caselib check`, refuses to build
when there is any error (one message listing every problem), adds the
generated pages, sets the navigation and watches `cases/` while serving.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config as MkDocsSchema
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc

from .bodies import convert_bodies
from .config import load_config
from .exports import write_exports
from .library import link
from .pipeline import load_library
from .problems import format_text
from .render import FACET_FOLDERS, SECTION_TITLES, Renderer, case_path, fill_fragments
from .sanitize import sanitise
from .search import IndexWriter, SearchIndexError, whole_names


class CaselibOptions(MkDocsSchema):
    cases_dir = opt.Type(str, default="cases")
    allowed_contacts = opt.ListOfItems(opt.Type(str), default=[])


class CaselibPlugin(BasePlugin[CaselibOptions]):
    def __init__(self):
        self.serving = False
        self.fragments: dict[str, tuple[str, ...]] = {}   # page path → finished HTML pieces
        self.tocs: dict[str, list] = {}                   # case page path → headings of its body
        self.index: IndexWriter | None = None             # the search index, built beside the pages
        self.index_stats = None
        self.library = None                               # the linked library, for the exports

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"

    def on_files(self, files: Files, *, config) -> Files:
        ours, problems = load_config(Path(config.config_file_path))
        if ours is None:
            raise PluginError("配置文件有错误：\n" + format_text(problems, 1))
        loaded = load_library(ours)
        if not loaded.ok:
            raise PluginError("案例文件有错误，网站没有生成。请先修改以下问题：\n"
                              + format_text(list(loaded.problems), loaded.files))
        cases = [c for c in loaded.cases if self.serving or not c.is_draft]
        library = self.library = link(cases, ours.vocabulary)
        renderer = Renderer(library, ours.root / "templates", config.site_name)
        sources = renderer.case_sources()
        self.index, self.tocs, bodies = IndexWriter(), {}, []
        jobs = [(s.case, s.url, s.text) for s in sources]
        bodies_of = convert_bodies(jobs, config.markdown_extensions, config.mdx_configs, self.index.folder,
                                   whole_names(library))
        for source, body in zip(sources, bodies_of):
            self.index.note(body.words)
            self.tocs[case_path(source.case)] = body.toc
            bodies.append(body.html)
        self.index.start(Path(config.site_dir))   # Pagefind indexes while MkDocs renders the pages
        hand_written = {f.src_uri for f in files}
        self.fragments = {}
        for page in renderer.pages(sources, bodies):
            if page.path not in hand_written:   # a page in docs/ overrides a generated one
                files.append(File.generated(config, page.path, content=page.text))
                self.fragments[page.path] = page.fragments
                for uri, src in page.assets:   # images the case links, published beside its page
                    if files.get_file_from_path(uri) is None:
                        files.append(File.generated(config, uri, abs_src_path=str(src)))
        config.nav = _navigation(files)
        return files

    def on_page_content(self, html: str, *, page, config, files) -> str:
        fragments = self.fragments.get(page.file.src_uri)
        if fragments is None:
            return html  # a hand-written page from docs/
        if page.file.src_uri in self.tocs:   # a case: its body was converted (and sanitised) in bodies.py
            page.toc = get_toc(self.tocs[page.file.src_uri])
        # Case text is sanitised; our own fragments (escaped by the templates) go in afterwards.
        return fill_fragments(sanitise(html), fragments)

    def on_post_build(self, *, config) -> None:
        try:
            self.index_stats = self.index.finish()
        except SearchIndexError as exc:
            raise PluginError(str(exc)) from exc
        write_exports(self.library, Path(config.site_dir), site_name=config.site_name, site_url=config.site_url)

    def on_build_error(self, *, error) -> None:
        if self.index is not None:
            self.index.cancel()

    def on_serve(self, server, *, config, builder):
        ours, _ = load_config(Path(config.config_file_path))
        if ours is not None:
            server.watch(str(ours.cases_dir))
        return server


def _navigation(files: Files) -> list:
    """Section pages only, never every case or term: Material renders the whole
    nav into every page (a nav of 1,000 cases made each page 389 KB, and even
    the 40 terms cost a third of build time). Terms are one click from each
    section page, two from home."""
    nav: list = [{"首页": "index.md"}, {"案例检索": "search.md"}]
    nav += [{SECTION_TITLES[facet]: f"{folder}/index.md"} for facet, folder in FACET_FOLDERS.items()]
    nav += [{"社区": "communities/index.md"}, {"模式 × 阶段": "matrix.md"}, {"统计": "stats.md"}]
    nav += [page.src_uri for page in _static_pages(files)]
    return nav


def _static_pages(files: Files):
    # Hand-written pages in docs/ (如何投稿 …), in file-name order.
    return sorted((f for f in files.documentation_pages() if not f.generated_by), key=lambda f: f.src_uri)


def build_site(config_file: Path, site_dir: Path | None = None) -> int:
    """`caselib build`: a strict MkDocs build; problems are printed, never a traceback."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config as load_mkdocs_config
    from mkdocs.exceptions import Abort, MkDocsException

    _quiet_mkdocs_logging()
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


def serve_site(config_file: Path, address: str) -> int:
    """`caselib serve`: live preview with drafts shown; rebuilds when cases/ changes."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    _quiet_mkdocs_logging(level=logging.INFO)
    print(f"预览地址：http://{address}/ （按 Ctrl+C 停止）")
    try:
        serve(config_file=str(config_file), dev_addr=address, livereload=True)
    except MkDocsException as exc:
        print(exc.message if hasattr(exc, "message") else str(exc), file=sys.stderr)
        return 1
    return 0


def _quiet_mkdocs_logging(level: int = logging.WARNING) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("MkDocs %(levelname)s: %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False
