"""`caselib serve`: a preview that keeps up with the writer.

The first build is a full MkDocs build that shows drafts and cases with problems (each problem
in a banner on its case page, every unreadable file on a 问题 page). After that, saving a case
file rebuilds only what it changes: the other files' checks and bodies come from the cache in
memory, the listing pages whose Markdown changed go through MkDocs' page machinery again, the
case pages whose HTML changed are written into the theme shell, and the search index catches up
in the background (the search page says so). A change to site_config.yml, templates/ or docs/
rebuilds everything. The terminal gets one line per rebuild. MkDocs only through plugin.py's
objects and mkdocs.commands.build.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.checks.load import Loaded, load_library
from generator.core.cache import FOLDER, Cache
from generator.core.config import Config, load_config
from generator.core.errors import SearchIndexError, UserError
from generator.core.problems import ERROR, Problem, by_file, format_text, sort_key
from generator.core.sources import shown_path
from generator.mkdocs_adapter.local_only import (
    WARNING,
    check_port_free,
    is_loopback,
    local_only,
    parse_address,
    port_error,
)
from generator.search.writer import IndexWriter
from generator.site.build import CasePage, Site, update_site_model
from generator.site.fragments import Page
from generator.site.urls import PROBLEMS_PAGE, REVIEW_PAGE, url_of

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from watchdog.events import FileSystemEvent

    from generator.mkdocs_adapter.plugin import CaselibPlugin

STATUS = "assets/preview.json"   # what the preview script reads: problems and the index's state
QUIET = 2.0   # seconds without a save before the search index is updated


@dataclass
class LastWritten:
    """What the last build wrote, to compare the next one with."""
    listings: dict[str, tuple[str, tuple[str, ...]]]   # docs path → (Markdown, HTML fragments)
    cases: dict[str, CasePage]                         # docs path → its page


@dataclass
class FullBuild:
    """The last full build: MkDocs' config and our plugin, which the updates after it write through."""
    config: MkDocsConfig
    plugin: CaselibPlugin
    site: Site              # the site as the last build or update left it
    rendered: LastWritten


class Preview:
    def __init__(self, config_file: Path, address: str):
        self.config_file, self.address = config_file, address
        self.site_dir = Path(tempfile.mkdtemp(prefix="caselib-preview-"))
        self.ours: Config | None = None         # read again at every full build; None while it has errors
        self.cache: Cache | None = None         # opened by the first full build, in the library's folder
        self.loaded: Loaded | None = None       # handed to the plugin for a full build
        self.last: FullBuild | None = None
        self.snapshot: dict[str, tuple[int, int] | tuple[()]] = {}
        self.indexer = _Indexer(self)
        self._server: LiveReloadServer | None = None   # while serving

    # --- the server --------------------------------------------------------------------

    def serve(self) -> int:
        from mkdocs.livereload import LiveReloadServer

        from generator.mkdocs_adapter.build import quiet_mkdocs_logging

        quiet_mkdocs_logging()
        server = None
        try:   # stopped at any moment (Ctrl+C, a closed window), nothing is left in the temporary folder
            host, port = parse_address(self.address)
            check_port_free(host, port)
            if not is_loopback(host):
                print(WARNING.format(host=host), file=sys.stderr, flush=True)
            self.full_build()
            server = LiveReloadServer(builder=self.rebuild, host=host, port=port, root=str(self.site_dir))
            server.set_app(local_only(server.serve_request, host))
            server.error_handler = lambda code: self._error_page(code)
            self._server = server
            self._watch_new()
            self._wake_on_new_folders(server)
            if self.last is not None and self._problems():   # the same problems the pages show, as `caselib check` does
                print(format_text(list(self._problems()), self.last.site.files), flush=True)
            shown = f"[{host}]" if ":" in host else host
            print(f"预览地址：http://{shown}:{port}/ （按 Ctrl+C 停止；保存文件后页面会自动刷新）", flush=True)
            try:
                server.serve()
            except OSError as exc:   # the port was taken while the site was built
                raise port_error(host, port, exc) from None
        except UserError as exc:
            print(exc, file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            pass
        finally:
            if server is not None:
                server.shutdown()
            self.indexer.stop()
            shutil.rmtree(self.site_dir, ignore_errors=True)
        return 0

    def _error_page(self, code: int) -> bytes | None:
        page = self.site_dir / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    def _wake_on_new_folders(self, server: LiveReloadServer) -> None:
        """MkDocs' watch ignores folders, so packs/ made after serve started would go unseen: a
        rebuild is asked for when one of ours appears (made, or renamed into place), and the
        rebuild starts watching it (_watch_new) and finds the files already in it."""
        import watchdog.events

        watched = self._watched

        class Appeared(watchdog.events.FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                folder = Path(os.fsdecode(getattr(event, "dest_path", "") or event.src_path)).resolve()
                if event.is_directory and folder in {p.resolve() for p in watched()}:
                    with server._rebuild_cond:   # how MkDocs' own watch asks for a rebuild
                        server._want_rebuild = True
                        server._rebuild_cond.notify_all()

        server.observer.schedule(Appeared(), os.path.abspath(self.config_file.parent), recursive=False)

    def _watch_new(self) -> None:
        """Watch each of the library's folders that exists now (MkDocs' watch takes a path it
        watches already as a no-op)."""
        for path in self._watched():
            if path.exists() and self._server:
                self._server.watch(str(path))

    def _watched(self) -> list[Path]:
        root = self.config_file.parent
        cases = self.ours.cases_dir if self.ours else root / "cases"
        packs = (self.ours.packs_dir if self.ours else None) or root / "packs"
        return [cases, packs, self.config_file, root / "templates", root / "docs"]

    # --- builds --------------------------------------------------------------------------

    def rebuild(self) -> None:
        """The server calls this after files change; never raises (the preview stays up)."""
        started = time.perf_counter()
        try:
            self._watch_new()   # a folder made since the last look (packs/ for the first pack)
            changed = self._changes()
            if not changed:
                return
            if any(not self._is_case_file(p) for p in changed):
                self.full_build()
                written = None
            else:
                written = self.update()
        except UserError as exc:
            print(f"{_now()} 没有更新：{exc}", flush=True)
            return
        except Exception as exc:   # noqa: BLE001 - a preview must survive anything a file can do
            print(f"{_now()} 更新失败（{type(exc).__name__}: {exc}），请保存文件后再试。", flush=True)
            if os.environ.get("CASELIB_DEBUG"):
                traceback.print_exc()
            return
        self._report(changed, written, time.perf_counter() - started)

    def full_build(self) -> None:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config as load_mkdocs_config
        from mkdocs.exceptions import MkDocsException

        from generator.mkdocs_adapter.build import caselib_plugin

        self.ours, problems = load_config(self.config_file)
        if self.ours is None:
            raise UserError("配置文件有错误，请先修改 site_config.yml：\n" + format_text(problems, 1))
        if self.cache is None or self.cache.vocabulary.terms != self.ours.vocabulary.terms:
            self.cache = Cache(self.ours.root / FOLDER, self.ours.vocabulary, remember=True)
        self.snapshot = _scan(self._watched())
        self.loaded = load_library(self.ours, cache=self.cache, preview=True)
        try:
            config = load_mkdocs_config(config_file=str(self.config_file), site_dir=str(self.site_dir))
            config.extra_javascript.append("assets/caselib-preview.js")
            config.plugins.on_startup(command="serve", dirty=False)
            plugin = caselib_plugin(config)
            plugin.preview, plugin.library = self, self.ours
            build(config, serve_url=f"http://{self.address}/")
        except MkDocsException as exc:
            raise UserError(getattr(exc, "message", str(exc))) from exc
        site = plugin.site
        assert site is not None   # the build made it (on_files)
        rendered = LastWritten({p.path: (p.text, p.fragments) for p in site.pages + self.extra_pages(site)},
                            {c.path: c for c in site.case_pages})
        self.last = FullBuild(config, plugin, site, rendered)

    def update(self) -> int:
        """Rebuild after case files changed: only the pages that show them are rendered, and only
        those whose content changed are written."""
        last, ours, cache = self.last, self.ours, self.cache
        assert last is not None and ours is not None and cache is not None   # rebuild() builds all first
        plugin, rendered = last.plugin, last.rendered
        self.loaded = load_library(ours, cache=cache, preview=True)
        site = update_site_model(ours, last.config.site_name, last.site, self.loaded, cache)
        listings = {p.path: p for p in site.pages + self.extra_pages(site)}
        stale = [path for path in rendered.listings if _first_page(path) in site.groups and path not in listings]
        written = plugin.write_pages([p for path, p in listings.items()
                                      if rendered.listings.get(path) != (p.text, p.fragments)],
                                     [c for c in site.case_pages if rendered.cases.get(c.path) != c])
        for path in [*stale, *site.removed]:
            plugin.remove_page(path)
            rendered.listings.pop(path, None)
            rendered.cases.pop(path, None)
        rendered.listings.update({path: (p.text, p.fragments) for path, p in listings.items()})
        rendered.cases.update({c.path: c for c in site.case_pages})
        last.site = plugin.site = site
        self.built(site)
        return written + len(stale) + len(site.removed)

    def extra_pages(self, site: Site) -> list[Page]:
        """The 问题 page (every file with a problem, unreadable ones included) and the 待审核 page
        (every case in review with its problems)."""
        from generator.checks.review_queue import queue
        from generator.site.render import Renderer

        assert self.ours is not None   # full_build reads it before building
        renderer = Renderer(site.library, self.ours.root / "templates")
        shown = {c.shown: c for c in site.library.cases}
        return [renderer.render("problems.md.j2", PROBLEMS_PAGE, by_file=by_file(site.problems), shown=shown),
                renderer.render("review.md.j2", REVIEW_PAGE, entries=queue(site.loaded))]

    def built(self, site: Site) -> None:
        """After any build: the status the pages' preview script shows, and the index to catch up."""
        self._write_status(site, updating=True)
        self.indexer.want(site)

    def _write_status(self, site: Site, updating: bool) -> None:
        problems = site.problems
        errors = sum(p.severity == ERROR for p in problems)
        status = {"errors": errors, "warnings": len(problems) - errors, "files": len({p.path for p in problems}),
                  "problems": url_of(PROBLEMS_PAGE), "indexing": updating}
        target = self.site_dir / STATUS
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps(status, ensure_ascii=False), encoding="utf-8")
        tmp.replace(target)

    # --- what changed ------------------------------------------------------------------------

    def _changes(self) -> list[str]:
        """The files changed since the last look (which this look replaces: one scan per save)."""
        now = _scan(self._watched())
        changed = [p for p in now.keys() | self.snapshot.keys() if now.get(p) != self.snapshot.get(p)]
        self.snapshot = now
        return sorted(changed)

    def _problems(self) -> tuple[Problem, ...]:
        """Every problem of the last build, cases and packs, as the 问题 page lists them."""
        return self.last.site.problems if self.last else ()

    def _is_case_file(self, path: str) -> bool:
        return self.ours is not None and Path(path).is_relative_to(self.ours.cases_dir)

    def _report(self, changed: list[str], written: int | None, seconds: float) -> None:
        problems = self._problems()
        errors = sum(p.severity == ERROR for p in problems)
        names = "、".join(Path(p).name for p in changed[:3])
        names += f" 等 {len(changed)} 个文件" if len(changed) > 3 else ""
        what = "整个网站已重新生成" if written is None else f"更新了 {written} 个页面"
        health = f"{errors} 个错误，{len(problems) - errors} 个警告" if problems else "没有问题"
        print(f"{_now()} {names} 有改动：{what}，用时 {seconds:.1f} 秒；{health}。", flush=True)
        shown = {shown_path(Path(p)) for p in changed}
        for problem in sorted((p for p in problems if p.path in shown), key=sort_key):
            print(f"  {problem.format()}", flush=True)   # the changed files' problems, as on their pages


def _first_page(path: str) -> str:
    """The listing a page belongs to: techniques/fishbone/3.md → techniques/fishbone.md."""
    head, _, last = path.rpartition("/")
    return f"{head}.md" if last[:-3].isdigit() else path


class _Indexer:
    """Writes the index of the newest site in the background, one run at a time; the preview
    script shows "检索索引更新中" until the newest index is in place."""

    def __init__(self, preview: Preview):
        self.preview = preview
        self.wanted: Site | None = None
        self.cond = threading.Condition()
        self.stopped = False
        self.running: IndexWriter | None = None   # the index at work, ended by stop()
        threading.Thread(target=self._loop, daemon=True).start()

    def want(self, site: Site) -> None:
        with self.cond:
            self.wanted = site
            self.cond.notify()

    def stop(self) -> None:
        with self.cond:
            self.stopped = True
            self.cond.notify()
            if self.running is not None:
                self.running.cancel()

    def _loop(self) -> None:
        while True:
            with self.cond:
                self.cond.wait_for(lambda: self.wanted is not None or self.stopped)
                while not self.stopped and self.cond.wait(QUIET):   # a writer saving again and again:
                    pass                                            # index once they pause
                if self.stopped:
                    return
                site, self.wanted = self.wanted, None
            assert site is not None   # wait_for saw it, and only this thread takes it
            cache = self.preview.cache
            try:
                with self.cond:
                    index, key = site.index(cache.folder if cache is not None else None, background=True)
                    if self.stopped:
                        index.cancel()
                        return
                    self.running = index
                index.start(self.preview.site_dir, key)
                index.finish()
            except (SearchIndexError, OSError) as exc:
                if not self.stopped:
                    print(f"{_now()} 检索索引没有更新：{exc}", flush=True)
            self.running = None
            with self.cond:
                if self.wanted is None:
                    self.preview._write_status(site, updating=False)


def _scan(paths: list[Path]) -> dict[str, tuple[int, int] | tuple[()]]:
    """Modification time and size of every file under the watched paths."""
    found: dict[str, tuple[int, int] | tuple[()]] = {}
    for path in paths:
        if path.is_file():
            found[str(path)] = _stat(path)
        for folder, dirs, files in os.walk(path):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                full = os.path.join(folder, name)
                found[full] = _stat(Path(full))
    return found


def _stat(path: Path) -> tuple[int, int] | tuple[()]:
    try:
        st = path.stat()
        return st.st_mtime_ns, st.st_size
    except OSError:
        return ()


def _now() -> str:
    return time.strftime("%H:%M:%S")


def serve_site(library: Config, address: str) -> int:
    """`caselib serve`. The config is read again at every full rebuild: it may be edited meanwhile."""
    return Preview(library.path, address).serve()
