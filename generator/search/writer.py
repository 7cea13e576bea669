"""Search: a Pagefind index of the published cases, segmented by us on both sides.

Pure Python, no MkDocs. Pagefind segments Chinese queries in the browser with
`Intl.Segmenter` (ICU) but the index with jieba, and the two disagree (加装电梯 →
加|装|电梯, while the index holds 加装): matches are lost, and which ones changes between
releases (Pagefind issue #1237). So we segment both sides ourselves:

- each case becomes a record whose content is its normalised text (NFKC, Traditional →
  Simplified) cut into words by jieba (rjieba) and separated by spaces, indexed as Pagefind
  indexes a page under a language tag it does not re-segment (pagefind_format.py writes the
  index in Pagefind's format, as the Pagefind binary would);
- the words of the library, sharded by first character, are published beside the index,
  and the browser cuts a query into those same words (templates/overrides/assets/caselib-search.js);
- vocabulary terms and community names are kept whole (join_names), so 居民公约 is one word.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from generator.core.errors import SearchIndexError
from generator.search.records import Record

BUNDLE = "pagefind"          # the index, inside the site
WORDS = "search/words"       # the query dictionary shards, inside the site
INDEX_FOLDERS = (BUNDLE, WORDS)   # replaced whole by each build (_install), never file by file


@dataclass(frozen=True)
class IndexStats:
    pages: int
    seconds: float         # the index's run, mostly while the pages rendered


@dataclass(frozen=True)
class _InPlace:
    """The site holds this index already: nothing to write or install."""
    started: float


@dataclass(frozen=True)
class _Linking:
    """The cached index of the same records, being linked into the output folder."""
    thread: threading.Thread
    site_dir: Path
    started: float


@dataclass(frozen=True)
class _Indexing:
    """The index's own process, writing its output (and errors) to `log`; a finished index is kept
    in `cached` when there is one."""
    proc: subprocess.Popen[str]
    log: IO[str]
    site_dir: Path
    started: float
    cached: Path | None


class IndexWriter:
    """The search index of one build. Records are added as bodies are converted; `start` writes
    the index in the background while the pages render (index_process.py), or, when every record is the
    same as in an earlier build, takes that build's bundle from the cache; `finish` waits and puts
    the bundle and the query dictionary into the site."""

    def __init__(self, cache_folder: Path | None = None, background: bool = False):
        self.background = background                # previewing: the index yields the processor to page rebuilds
        self._tmp = tempfile.TemporaryDirectory(prefix="caselib-index-")
        self.folder = Path(self._tmp.name)          # the records for the index's process, its output
        self.records: list[Record] = []
        self._words: list[str] = []                 # each record's dictionary words, as given
        self.cache_folder = cache_folder
        self._run: _InPlace | _Linking | _Indexing | None = None   # None until start()
        self._lock, self._cancelled = threading.Lock(), False

    @property
    def pages(self) -> int:
        return len(self.records)

    def add(self, r: Record, words: str) -> None:
        """A record and its dictionary words (dictionary_words)."""
        self.records.append(r)
        self._words.append(words)

    def start(self, site_dir: Path, key: str = "") -> None:
        """Index in the background; `key` names this set of records (empty: no cache). An index
        cached for the same records is linked into place in the background instead."""
        started = time.perf_counter()
        cached = self.cache_folder / f"index-{key}" if self.cache_folder and key else None
        if cached and _same_files(cached, site_dir):   # the site has this index already
            self._run = _InPlace(started)
            return
        if cached and (cached / BUNDLE / "pagefind.js").is_file():
            copy = threading.Thread(target=linked, args=(cached, self.folder / "_out"), daemon=True)
            copy.start()
            self._run = _Linking(copy, site_dir, started)
            return
        self._run_index(site_dir, started, cached)

    def _run_index(self, site_dir: Path, started: float, cached: Path | None) -> _Indexing:
        """The index written in a process of its own (index_process.py), which leaves this one free
        to render the pages."""
        with self._lock:   # started and cancelled from different threads while previewing
            if self._cancelled:
                raise SearchIndexError("检索索引已取消。")
            run = self._run = self._start_process(site_dir, started, cached)
        return run

    def _start_process(self, site_dir: Path, started: float, cached: Path | None) -> _Indexing:
        with open(self.folder / "records.pickle", "wb") as f:
            pickle.dump((self.records, self._words), f, protocol=pickle.HIGHEST_PROTOCOL)
        # The log outlives this call, so no `with`: finish() reads and closes it.
        log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115
        command = [sys.executable, "-m", "generator.search.index_process", _pagefind_binary(), str(self.folder),
                   str(min(os.cpu_count() or 1, 2))]
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, text=True, start_new_session=True,
                                preexec_fn=(lambda: os.nice(15)) if self.background and hasattr(os, "nice") else None)
        return _Indexing(proc, log, site_dir, started, cached)

    def finish(self) -> IndexStats:
        run = self._run
        if run is None:
            raise RuntimeError("IndexWriter.finish() before start()")
        if isinstance(run, _Linking):   # the cached index, linked into place
            run.thread.join()
            if not (self.folder / "_out" / BUNDLE / "pagefind.js").is_file():
                run = self._run_index(run.site_dir, run.started, None)   # another build removed it meanwhile
        try:
            if isinstance(run, _Indexing):
                if run.proc.wait() != 0:
                    run.log.seek(0)
                    raise SearchIndexError("生成检索索引失败：\n" + run.log.read().strip()[-2000:])
                if run.cached:
                    _keep_in_cache(self.folder / "_out", run.cached)
            if not isinstance(run, _InPlace):
                _install(self.folder / "_out", run.site_dir)
        finally:
            if isinstance(run, _Indexing):
                run.log.close()
            self._cleanup()
        return IndexStats(self.pages, time.perf_counter() - run.started)

    def cancel(self) -> None:
        """Stop indexing (the build was stopped or failed): the index's processes (a session of
        their own) are ended and their files removed."""
        with self._lock:
            self._cancelled = True
        run = self._run
        if isinstance(run, _Indexing):
            with contextlib.suppress(ProcessLookupError):
                if hasattr(os, "killpg"):
                    os.killpg(run.proc.pid, signal.SIGKILL)
                else:
                    run.proc.kill()
            run.proc.wait()
        elif isinstance(run, _Linking):
            run.thread.join()
        self._cleanup()

    def _cleanup(self) -> None:
        with contextlib.suppress(OSError):   # a killed process still writing: _removed tries again
            self._tmp.cleanup()
        _removed(self._tmp.name)


def _removed(folder: str) -> None:
    """`folder` removed, again until it is gone: a process of the index killed with it can still
    be creating files in it for a moment (a preview stopped while it re-indexed left them)."""
    for _ in range(100):
        shutil.rmtree(folder, ignore_errors=True)
        if not os.path.lexists(folder):
            return
        time.sleep(0.02)


def _install(bundle: Path, site_dir: Path) -> None:
    """Put a finished index (pagefind/ and search/words/) into the site, replacing an older one."""
    for part in (BUNDLE, WORDS):
        target = site_dir / part
        fresh = target.with_name(target.name + ".new")
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(bundle / part, fresh)   # a rename when both are on one disk
        old = target.with_name(target.name + ".old")
        if target.exists():
            target.rename(old)
        fresh.rename(target)   # a page open in preview sees the old index or the new, never half of one
        shutil.rmtree(old, ignore_errors=True)


def _same_files(cached: Path, site_dir: Path) -> bool:
    """Whether the site holds the cached index: the same entry file, which names the index by a
    hash of its content, and the same file names (Pagefind's are hashes of their content too)."""
    def listing(root: Path) -> list[tuple[Path, list[str]]]:
        return [(Path(folder).relative_to(root), sorted(names))
                for part in INDEX_FOLDERS for folder, _, names in os.walk(root / part)]
    try:
        entry = f"{BUNDLE}/pagefind-entry.json"
        return ((site_dir / entry).read_bytes() == (cached / entry).read_bytes()
                and listing(site_dir) == listing(cached))
    except OSError:
        return False


def _keep_in_cache(bundle: Path, cached: Path) -> None:
    """One whole index is kept, the one this build made: linked aside, then renamed, so no build
    sees half of one. A cache that cannot be written only costs time."""
    for older in [*cached.parent.glob("index-*"), *cached.parent.glob("part-*")]:   # part-*: older caselib's
        shutil.rmtree(older, ignore_errors=True)
    aside = cached.with_name(f".{cached.name}-{os.getpid()}")
    if linked(bundle, aside):
        with contextlib.suppress(OSError):
            aside.rename(cached)
    shutil.rmtree(aside, ignore_errors=True)


def linked(src: Path, dst: Path) -> bool:
    """`src`'s files linked (or copied) into a new folder `dst`; False when there is no `src` (or
    it went meanwhile: another build removed it). Kept folders are only ever renamed into place
    whole (_keep_in_cache), so one that exists is complete."""
    try:
        shutil.copytree(src, dst, copy_function=_link_or_copy)
        return True
    except OSError:
        shutil.rmtree(dst, ignore_errors=True)
        return False


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _pagefind_binary() -> str:
    try:
        from pagefind_bin_extended import get_executable
        return str(get_executable())
    except (ImportError, FileNotFoundError) as exc:
        raise SearchIndexError("没有找到检索程序 pagefind_extended。"
                               "请重新运行安装命令 bash scripts/demo.sh 后再生成网站。") from exc

