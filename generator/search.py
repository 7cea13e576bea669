"""Search: a Pagefind index of the published cases, segmented by us on both sides.

Pure Python, no MkDocs. Pagefind segments Chinese queries in the browser with
`Intl.Segmenter` (ICU) but the index with jieba, and the two disagree (加装电梯 →
加|装|电梯, while the index holds 加装): matches are lost, and which ones changes between
releases (Pagefind issue #1237). So we segment both sides ourselves:

- each case becomes a record whose content is its normalised text (NFKC, Traditional →
  Simplified) cut into words by jieba (rjieba) and separated by spaces, indexed as Pagefind
  indexes a page under a language tag it does not re-segment (pagefind_bundle.py writes the
  index in Pagefind's format, as the Pagefind binary would);
- the words of the library, sharded by first character, are published beside the index,
  and the browser cuts a query into those same words (templates/overrides/assets/caselib-search.js);
- vocabulary terms and community names are kept whole (join_names), so 居民公约 is one word.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from html import unescape
from pathlib import Path
from urllib.parse import urlencode

from .library import Library
from .model import Case
from .text import simplified_characters
from .vocabulary import FACETS, Term

# Filter name in the index and in search URLs (?technique=…) → label on the search page.
FILTER_OF_FACET = {"kind": "kind", "models": "model", "stages": "stage", "techniques": "technique"}
FILTERS = {**{name: FACETS[facet] for facet, name in FILTER_OF_FACET.items()}, "community": "社区", "year": "年份"}
BUNDLE = "pagefind"          # the index, inside the site
WORDS = "search/words"       # the query dictionary shards, inside the site
INDEX_FOLDERS = (BUNDLE, WORDS)   # replaced whole by each build (_install), never file by file
SHARDS = 256                 # a 4-character query fetches at most 4 small files
# A word every record ends with. Browsing by filters alone searches it: Pagefind answers a search
# with no word by fetching every word chunk (10 MB at 10,000 cases), one word's chunk is small.
EVERY = "caselibeverycase"
PART_OPEN, PART_CLOSE = "⁅", "⁆"   # around the parts of a joined name (join_names); not indexed
# Around the header's places and tags at the end of a record: findable, never an excerpt (the
# browser drops what is between them; a result that matched only there shows its summary).
TAGS_OPEN, TAGS_CLOSE = "⸢", "⸣"
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SKIP = re.compile(r"[\s\W_]+")    # tokens of only spaces or punctuation are not words,
# but sentence punctuation stays in the content between them, for readable excerpts (Pagefind
# indexes no punctuation). Full-width marks arrive here as ASCII after NFKC; the browser turns
# them back. Symbols such as < = & are dropped: they carry no meaning and could spell markup.
_SENTENCE = re.compile(r"[,.;:?!()\u3001-\u3011\u2018-\u201d\u2014\u2026]+")
_INERT = str.maketrans("<>", "＜＞")


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message is for the user."""


@dataclass(frozen=True)
class Record:
    url: str                           # site-relative, e.g. "cases/heping/"
    content: str                       # the indexed words, space-separated, with sentence punctuation
    meta: dict[str, str]
    filters: dict[str, list[str]]

    @property
    def words(self) -> list[str]:
        # One string, not a tuple of words: 10,000 records of 3,000 word objects were gigabytes.
        return self.content.split(" ")


@dataclass(frozen=True)
class IndexStats:
    pages: int
    seconds: float         # the index's run, mostly while the pages rendered


# --- text ------------------------------------------------------------------------

def normalise(text: str) -> str:
    """What both the index and the query are made of: NFKC and Simplified characters,
    character by character exactly as the browser does it, so the two agree.
    (Case is left alone for excerpts; Pagefind and the dictionary compare lower case.)"""
    # Full-width punctuation made NFKC rewrite almost every text; mapped first, most texts are
    # left as they are. Both maps go by regular expression: str.translate looks every character up.
    wide, simple, mapped = _normalising()
    return simple.sub(mapped, unicodedata.normalize("NFKC", wide.sub(mapped, text)))


@lru_cache(maxsize=1)
def _normalising() -> tuple[re.Pattern, re.Pattern, Callable[[re.Match], str]]:
    """Full-width characters, Traditional characters, and what either becomes."""
    table = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in (0x3000, *range(0xFF01, 0xFF5F))}
    table.update({chr(c): s for c, s in simplified_characters().items()})
    traditional = "".join(re.escape(chr(c)) for c in sorted(simplified_characters()))
    return re.compile("[\u3000\uff01-\uff5e]"), re.compile(f"[{traditional}]"), lambda m: table[m[0]]


def segment(text: str, names: frozenset[str] = frozenset()) -> list[str]:
    import rjieba

    words = [w for w in rjieba.cut(normalise(text)) if w.isalnum() or _kept(w)]
    return join_names(words, names) if names else words


@lru_cache(maxsize=1 << 12)
def _kept(token: str) -> bool:
    """Whether a token that is not all letters and digits is kept: a word, or sentence punctuation."""
    return not _SKIP.fullmatch(token) or bool(_SENTENCE.fullmatch(token))


def whole_names(library: Library) -> frozenset[str]:
    """The names a user searches as one thing: vocabulary terms, their aliases, community names
    (normalised, lower case). jieba cuts most of them apart (居民公约 → 居民 | 公约), and a search
    for the parts finds every case with both words anywhere, fetching the index's largest chunks."""
    names = [n for facet in FILTER_OF_FACET for t in library.vocabulary.terms[facet] for n in (t.label, *t.aliases)]
    names += [c.name for c in library.communities]
    return frozenset(p for p in (normalise(n).lower() for n in names) if len(p) > 1 and CJK.search(p))


def join_names(words: list[str], names: frozenset[str]) -> list[str]:
    """Consecutive words that spell a name become that name, followed by its parts between
    PART_OPEN and PART_CLOSE: 居民公约 ⁅ 居民 公约 ⁆. The index then holds the name as one word, and
    the parts still find the case; the browser drops the bracketed parts from excerpts."""
    starts = _prefixes(names)
    lower = _lowered(words)
    out, done = [], 0
    for i in [i for i, w in enumerate(lower) if w in starts]:   # most words start no name
        if i < done:
            continue
        end, spelt = 0, ""
        for j in range(i, len(words)):   # stops as soon as the words spell no name's start
            spelt += lower[j]
            if spelt not in starts:
                break
            if spelt in names and j > i:
                end = j + 1
        if end:
            out += words[done:i]
            out += ["".join(words[i:end]), PART_OPEN, *words[i:end], PART_CLOSE]
            done = end
    return out + words[done:]


def _lowered(words: list[str]) -> list[str]:
    """Each word in lower case: the text lowered at once (a call per word cost more than the rest)."""
    lower = "\n".join(words).lower().split("\n")
    return lower if len(lower) == len(words) else [w.lower() for w in words]


@lru_cache(maxsize=4)
def _prefixes(names: frozenset[str]) -> frozenset[str]:
    return frozenset(n[:k] for n in names for k in range(1, len(n) + 1))


# A tag, its attribute values quoted as the sanitiser writes them (they may hold ">").
_TAG = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")
_BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "br", "div", "blockquote"})


_HIDDEN = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)


def html_text(html: str) -> str:
    """Visible text of case HTML (sanitised: no comment is left), blocks separated by newlines."""
    text = _TAG.sub(lambda m: "\n" if not m[1] and m[2].lower() in _BLOCKS else "", _HIDDEN.sub("", html))
    return unescape(text)


# --- records and index -------------------------------------------------------------

def record(case: Case, url: str, body_text: str, names: frozenset[str] = frozenset()) -> Record:
    """What the index knows of one case: its words (`names` kept whole, see join_names),
    what a result shows, what filters it."""
    tags = [t.label for f in ("kind", "models", "stages", "techniques", "service_users") for t in case.tags(f)]
    text = "\n".join([case.title, case.summary, body_text])
    labels = segment(" ".join([case.community, case.region, *tags]), names)
    meta = {"title": case.title, "kind": case.kind.label, "date": case.date,
            "community": case.community, "summary": case.summary}
    filters = {FILTER_OF_FACET[f]: [t.label for t in case.tags(f)] for f in FILTER_OF_FACET}
    filters = {k: v for k, v in filters.items() if v}
    # Filter values are stored as they are and shown as filter labels: a community name with
    # angle brackets gets inert full-width ones, so no markup reaches the index's files.
    filters.update(community=[case.community.translate(_INERT)], year=[str(case.year)])
    return Record(url, " ".join([*segment(text, names), TAGS_OPEN, *labels, TAGS_CLOSE, EVERY]), meta, filters)


class IndexWriter:
    """The search index of one build. Records are added as bodies are converted; `start` writes
    the index in the background while the pages render (indexing.py), or, when every record is the
    same as in an earlier build, takes that build's bundle from the cache; `finish` waits and puts
    the bundle and the query dictionary into the site."""

    def __init__(self, cache_folder: Path | None = None, background: bool = False):
        self.background = background                # previewing: the index yields the processor to page rebuilds
        self._tmp = tempfile.TemporaryDirectory(prefix="caselib-index-")
        self.folder = Path(self._tmp.name)          # the records for the index's process, its output
        self.records: list[Record] = []
        self._words: list[str] = []                 # each record's dictionary words, as given
        self.cache_folder = cache_folder
        self._run: tuple | None = None
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
            self._run = (None, None, None, started, None)
            return
        if cached and (cached / BUNDLE / "pagefind.js").is_file():
            copy = threading.Thread(target=linked, args=(cached, self.folder / "_out"), daemon=True)
            copy.start()
            self._run = (copy, None, site_dir, started, None)
            return
        self._run_index(site_dir, started, cached)

    def _run_index(self, site_dir: Path, started: float, cached: Path | None) -> None:
        """The index written in a process of its own (indexing.py), which leaves this one free
        to render the pages."""
        with self._lock:   # started and cancelled from different threads while previewing
            if self._cancelled:
                raise SearchIndexError("检索索引已取消。")
            self._start_process(site_dir, started, cached)

    def _start_process(self, site_dir: Path, started: float, cached: Path | None) -> None:
        with open(self.folder / "records.pickle", "wb") as f:
            pickle.dump((self.records, self._words), f, protocol=pickle.HIGHEST_PROTOCOL)
        log = tempfile.TemporaryFile(mode="w+")
        proc = subprocess.Popen([sys.executable, "-m", "generator.indexing", _pagefind_binary(), str(self.folder),
                                 str(min(os.cpu_count() or 1, 2))],
                                stdout=log, stderr=subprocess.STDOUT, text=True, start_new_session=True,
                                preexec_fn=(lambda: os.nice(15)) if self.background and hasattr(os, "nice") else None)
        self._run = (proc, log, site_dir, started, cached)

    def finish(self) -> IndexStats:
        proc, log, site_dir, started, cached = self._run
        if isinstance(proc, threading.Thread):   # the cached index, linked into place
            proc.join()
            if (self.folder / "_out" / BUNDLE / "pagefind.js").is_file():
                proc = None
            else:   # another build removed it meanwhile: index after all
                self._run_index(site_dir, started, None)
                proc, log = self._run[0], self._run[1]
        try:
            if proc is not None:
                if proc.wait() != 0:
                    log.seek(0)
                    raise SearchIndexError("生成检索索引失败：\n" + log.read().strip()[-2000:])
                if cached:
                    _keep_in_cache(self.folder / "_out", cached)
            if site_dir is not None:
                _install(self.folder / "_out", site_dir)
        finally:
            if log:
                log.close()
            self._cleanup()
        return IndexStats(self.pages, time.perf_counter() - started)

    def cancel(self) -> None:
        """Stop indexing (the build was stopped or failed): the index's processes (a session of
        their own) are ended and their files removed."""
        with self._lock:
            self._cancelled = True
        if self._run and isinstance(self._run[0], subprocess.Popen):
            with contextlib.suppress(ProcessLookupError):
                if hasattr(os, "killpg"):
                    os.killpg(self._run[0].pid, signal.SIGKILL)
                else:
                    self._run[0].kill()
            self._run[0].wait()
        elif self._run and self._run[0]:
            self._run[0].join()
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
    def listing(root: Path) -> list:
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


def dictionary_words(r: Record) -> str:
    """The record's words the browser needs to cut queries (two or more characters, with Chinese),
    space-separated: one string, not a set of 1,500 strings per case held for the whole build."""
    words = set(r.content.lower().split(" "))
    if "\n" in r.content:
        return " ".join(sorted(w for w in words if len(w) > 1 and CJK.search(w)))
    return " ".join(sorted(_CHINESE_LINE.findall("\n".join(words))))   # one pass, not a call per word


_CHINESE_LINE = re.compile(r"^(?=[^\n]*[\u3400-\u9fff\uf900-\ufaff])[^\n]{2,}$", re.M)


def _pagefind_binary() -> str:
    try:
        from pagefind_bin_extended import get_executable
        return str(get_executable())
    except (ImportError, FileNotFoundError) as exc:
        raise SearchIndexError("没有找到检索程序 pagefind_extended。请重新运行安装命令 bash scripts/demo.sh 后再生成网站。") from exc


def write_dictionary(words: set[str], folder: Path) -> None:
    """The library's words of two or more characters with Chinese in them, one a line, in files by
    first character (code point mod SHARDS): what the browser needs to cut a query the index's way.
    Each shard also maps its Traditional characters ("區=区"), so a query needs no other table."""
    shards: dict[int, list[str]] = {}
    for traditional, simple in simplified_characters().items():
        shards.setdefault(traditional % SHARDS, []).append(f"{chr(traditional)}={simple}")
    for word in sorted(words):
        shards.setdefault(ord(word[0]) % SHARDS, []).append(word)
    folder.mkdir(parents=True, exist_ok=True)
    for n, shard in shards.items():
        (folder / f"{n}.txt").write_text("\n".join(shard), encoding="utf-8")


# --- data for the search page and the header box -----------------------------------

def term_suggestions(library: Library, url_of_term) -> str:
    """JSON for the header box: every vocabulary term with its aliases, page URL and case count,
    so that typing 开放空间技术 or 地區發展 offers the term page before any case."""
    rows = [{"label": term.label, "facet": FACETS[facet], "aliases": list(term.aliases),
             "url": url_of_term(term), "count": len(library.cases_for(term))}
            for facet in FILTER_OF_FACET for term in library.vocabulary.terms[facet]]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def filter_values(library: Library) -> str:
    """JSON: the values of each vocabulary filter in vocabulary order (the search page lists
    准备 → 启动 → 巩固 → 评估 as a process, not alphabetically)."""
    order = {FILTER_OF_FACET[f]: [t.label for t in library.vocabulary.terms[f]] for f in FILTER_OF_FACET}
    return json.dumps(order, ensure_ascii=False, separators=(",", ":"))


def filter_query(facet: str, term: Term | str) -> str:
    """The search-page query string that selects one term (facet "community" takes a name)."""
    key = "community" if facet == "community" else FILTER_OF_FACET[facet]
    return "?" + urlencode({key: term if isinstance(term, str) else term.label})
