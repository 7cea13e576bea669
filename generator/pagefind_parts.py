"""Search index in parts: Pagefind run over groups of cases, their bundles merged into one, so
no process holds the whole library's index.

Pagefind holds every page's words in memory until it writes (about 260 KB per case: 2.6 GB
at 10,000 cases). Each part here is at most PART_SIZE cases; the merge then streams the parts'
word chunks in word order and renumbers pages, keeping everything Pagefind computed (positions,
weights, excerpts) as it is. The bundle format is that of the pinned Pagefind release
(pyproject.toml): a bundle of another version is refused rather than merged wrongly.
Runs in the index's own process (indexing.py).
"""

from __future__ import annotations

import contextlib
import gc
import gzip
import hashlib
import heapq
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from .workers import forked_pool

PART_SIZE = 4000        # cases per Pagefind run: about 1 GB at its peak
FORMAT = "1.5.2"        # the bundle format this merge reads and writes
HEADER = b"pagefind_dcd"
CHUNK_BYTES = 40000     # a word chunk closes at this size (CBOR): a first query fetches ≤ 300 KB at 10,000


class Unmergeable(Exception):
    """A part is not a bundle this merge knows."""


def index_parts(pagefind: str, bundles: list[Path], documents: Callable[[int, Path], None], out: Path,
                sort_values: dict[str, dict[str, str]], runs: int = 1, kept: list[Path | None] | None = None,
                scratch: str | None = None) -> int:
    """Pagefind's bundle in `out` of the parts whose bundles go in the folders `bundles`, `runs`
    Pagefind runs at a time; `documents(i, folder)` writes part i's pages for Pagefind (a site
    folder with the pages' URLs as paths); `sort_values` by page URL. A part whose bundle is in
    place already is not indexed again; `kept`: for each part, where its new bundle is kept for
    later builds, or None; `scratch`: a folder in memory for the documents. Returns Pagefind's exit status."""
    index = partial(_indexed, pagefind, documents, scratch)
    if len(bundles) == 1:
        return index(0, out, None)
    gc.disable()   # millions of small lists are decoded and none forms a cycle: collecting tripled the time
    kept = kept or [None] * len(bundles)
    todo = [i for i, bundle in enumerate(bundles) if not (bundle / "pagefind-entry.json").is_file()]
    # A build runs one per core: its pages are mostly rendered by the time the index starts, and one
    # run alone left a core idle for half a minute at 10,000 cases.
    with ThreadPoolExecutor(runs) as pool:
        if any(list(pool.map(index, todo, [bundles[i] for i in todo],
                             [kept[i] for i in todo]))):
            return 1
    try:
        merge(bundles, out, sort_values, runs)
    except Unmergeable as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def _indexed(pagefind: str, documents: Callable[[int, Path], None], scratch: str | None,
             part: int, bundle: Path, kept: Path | None) -> int:
    """One part indexed and its bundle kept. Its documents are written just before, in `scratch`
    where there is room, and removed just after: 10,000 folders and files created and removed
    on disk cost 5 s of system time. Pagefind writes its bundle there too, and it is then copied
    into place: Pagefind's threads creating files in one folder on disk contend for it (2 s of
    system time a part of 2,500, against 0.6 s for the copy). Where the memory folder is full,
    the part is indexed on disk."""
    for place in (scratch, bundle.parent) if scratch else (bundle.parent,):
        try:
            with tempfile.TemporaryDirectory(prefix="documents-", dir=place) as folder:
                documents(part, Path(folder) / "site")
                out = Path(folder) / "bundle" if place == scratch else bundle
                code = _pagefind(pagefind, Path(folder) / "site", out)
                if code == 0 and out != bundle:
                    shutil.copytree(out, bundle, copy_function=shutil.copyfile)
            if code == 0 or place != scratch:
                break
        except OSError:   # the memory folder is full (64 MB in a container): on disk then
            shutil.rmtree(bundle, ignore_errors=True)
            if place != scratch:
                raise
    if kept and code == 0:
        keep(bundle, kept)
    return code


def linked(src: Path, dst: Path) -> bool:
    """`src`'s files linked (or copied) into a new folder `dst`; False when there is no `src` (or
    it went meanwhile: another build removed it). Kept folders are only ever renamed into place
    whole (keep), so one that exists is complete."""
    try:
        shutil.copytree(src, dst, copy_function=link_or_copy)
        return True
    except OSError:
        shutil.rmtree(dst, ignore_errors=True)
        return False


def keep(bundle: Path, kept: Path) -> None:
    """A bundle kept for later builds: linked aside, then renamed, so no build sees half of one.
    A cache that cannot be written only costs time."""
    aside = kept.with_name(f".{kept.name}-{os.getpid()}")
    if linked(bundle, aside):
        with contextlib.suppress(OSError):
            aside.rename(kept)
    shutil.rmtree(aside, ignore_errors=True)


def link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _pagefind(pagefind: str, site: Path, out: Path) -> int:
    return subprocess.run([pagefind, "--site", str(site), "--output-path", str(out), "--quiet"]).returncode


def empty_index(pagefind: str, folder: Path, out: Path) -> int:
    """An index of no page (every case is still a draft): Pagefind refuses to make one, so it
    indexes a stand-in page for its scripts, and the index is written anew without it."""
    stand_in = folder / "stand-in" / "index.html"
    stand_in.parent.mkdir(parents=True)
    stand_in.write_text('<html lang="und"><body><main data-pagefind-body><p>caselib</p></main></body></html>')
    if code := _pagefind(pagefind, stand_in.parent, out):
        return code
    part = Part(out, 0)
    for folder in ("index", "fragment", "filter"):
        shutil.rmtree(out / folder, ignore_errors=True)
    for meta in out.glob("*.pf_meta"):
        meta.unlink()
    name = write(out, f"pagefind.{part.language}_#.pf_meta", [FORMAT, [], [], [], [], []], 11)
    _write_entry(out, part.entry, part.language, name, 0)
    return 0


# --- the files of a bundle -----------------------------------------------------------

def read(path: Path):
    import cbor2

    return cbor2.loads(read_bytes(path))


def read_bytes(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(HEADER):
        raise Unmergeable(f"{path} is not a Pagefind index file")
    return data[len(HEADER):]


def write(folder: Path, name: str, value, digits: int = 7) -> str:
    """`value` (or its bytes) encoded as Pagefind does, in a file named by its hash: `name` is the file name
    with "#" where the hash goes. Returns the language and hash, e.g. "und_1a2b3c4". A name another file
    took already (the same short hash: merge workers write into one folder) gets a longer hash."""
    import cbor2

    data = value if isinstance(value, bytes) else cbor2.dumps(value)
    full = hashlib.sha1(data).hexdigest()
    packed = gzip.compress(HEADER + data, compresslevel=5, mtime=0)
    folder.mkdir(parents=True, exist_ok=True)
    for length in range(digits, len(full) + 1):
        try:
            with open(folder / name.replace("#", full[:length]), "xb") as f:
                f.write(packed)
            return name.split(".")[-2].replace("#", full[:length])
        except FileExistsError:
            continue
    raise Unmergeable(f"{folder}: two files with the same content")


class Part:
    """One part's bundle: its meta index and where its pages start in the merged numbering."""

    def __init__(self, bundle: Path, offset: int):
        self.bundle, self.offset = bundle, offset
        self.entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        if self.entry.get("version") != FORMAT or len(self.entry["languages"]) != 1:
            raise Unmergeable(f"{bundle}: Pagefind {self.entry.get('version')} bundle, this merge reads {FORMAT}")
        [(self.language, info)] = self.entry["languages"].items()
        meta = read(bundle / f"pagefind.{info['hash']}.pf_meta")
        if len(meta) != 6 or meta[0] != FORMAT:
            raise Unmergeable(f"{bundle}: unknown meta index")
        _, self.pages, self.chunks, self.filters, self.sorts, self.fields = meta

    def words(self, number: int, lo: str = "", hi: str | None = None):
        """Each word in [lo, hi) in word order, one chunk in memory at a time, as (word, `number`,
        [word, pages, variants], the chunk's bytes, where the entry starts, where it ends)."""
        import cbor2

        for first, last, name in self.chunks:   # prefixes of the chunk's first and last words
            if hi is not None and first >= hi:
                return
            if last + "\U0010ffff" < lo:
                continue
            raw = read_bytes(self.bundle / "index" / f"{name}.pf_index")
            [words] = cbor2.loads(raw)
            starts, at = [], 0
            for entry in words:   # found by their first bytes, which no position list can spell
                at = raw.find(_opening(entry), at)
                if at < 0:
                    raise Unmergeable(f"{self.bundle}: cannot find {entry[0]!r} in its chunk")
                starts.append(at)
            starts.append(len(raw))
            yield from ((e[0], number, e, raw, a, b) for e, a, b in zip(words, starts, starts[1:])
                        if lo <= e[0] and (hi is None or e[0] < hi))


def _opening(entry: list) -> bytes:
    import cbor2

    word, pages, _ = entry
    return b"\x83" + cbor2.dumps(word) + _head(4, len(pages)) + (cbor2.dumps(pages[0]) if pages else b"")


def _head(major: int, n: int) -> bytes:
    """A CBOR item header: major type and length."""
    if n < 24:
        return bytes([major << 5 | n])
    size = next(s for s in (1, 2, 4, 8) if n < 256 ** s)
    return bytes([major << 5 | {1: 24, 2: 25, 4: 26, 8: 27}[size]]) + n.to_bytes(size, "big")


# --- the merge -------------------------------------------------------------------------

def merge(bundles: list[Path], out: Path, sort_values: dict[str, dict[str, str]], workers: int = 1) -> None:
    """One bundle of the parts' bundles; the words merged by `workers` processes, each over a range
    of words, while this one moves the fragments and merges filters and sorts."""
    parts, offset = [], 0
    for bundle in bundles:
        parts.append(Part(bundle, offset))
        offset += len(parts[-1].pages)
    language = parts[0].language
    fields = parts[0].fields   # meta locations name fields by number: every part must list the same
    if any(p.language != language or p.fields != fields for p in parts):
        raise Unmergeable("parts with other languages or meta fields")
    out.mkdir(parents=True)
    for item in parts[0].bundle.iterdir():   # the scripts, styles and WebAssembly of the release
        if item.is_file() and item.suffix != ".pf_meta" and item.name != "pagefind-entry.json":
            shutil.copy2(item, out / item.name)
    ranges = _ranges(parts, workers)
    pool = forked_pool(len(ranges)) if len(ranges) > 1 else None
    with pool or contextlib.nullcontext():
        words = partial(_word_chunks, parts, out / "index", language)
        merging = [pool.submit(words, lo, hi) for lo, hi in ranges] if pool else []
        pages = _fragments(parts, out / "fragment")
        filters = _filters(parts, out / "filter", language)
        sorts = _sorts(parts, pages, out / "fragment", sort_values)
        chunks = [c for m in merging for c in m.result()] if pool else words()
    for left, right in zip(chunks, chunks[1:]):   # ranges as short as tells them apart, as Pagefind has them
        left[1], right[0] = _prefixes(left[1], right[0])
    name = write(out, f"pagefind.{language}_#.pf_meta", [FORMAT, pages, chunks, filters, sorts, fields], 11)
    _write_entry(out, parts[0].entry, language, name, len(pages))


def _ranges(parts: list[Part], workers: int) -> list[tuple[str, str | None]]:
    """Word ranges of about the same number of chunks, one for each worker."""
    starts = sorted(first for part in parts for first, _, _ in part.chunks[1:])
    cuts = sorted({starts[len(starts) * k // workers] for k in range(1, workers)}) if starts and workers > 1 else []
    return list(zip(["", *cuts], [*cuts, None]))


def _write_entry(out: Path, entry: dict, language: str, meta: str, pages: int) -> None:
    entry = {**entry, "languages": {language: {**entry["languages"][language], "hash": meta, "page_count": pages}}}
    (out / "pagefind-entry.json").write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                             encoding="utf-8")


def _fragments(parts: list[Part], folder: Path) -> list[list]:
    """Every part's pages in part order, their fragment files moved into the merged bundle."""
    folder.mkdir(parents=True)
    pages = []
    for part in parts:
        for name, word_count in part.pages:
            src, dst = part.bundle / "fragment" / f"{name}.pf_fragment", folder / f"{name}.pf_fragment"
            if dst.exists() and dst.read_bytes() != src.read_bytes():   # same short hash, another page
                name = f"{name}{hashlib.sha1(src.read_bytes()).hexdigest()[:8]}"
                dst = folder / f"{name}.pf_fragment"
            if not dst.exists():
                os.replace(src, dst)
            pages.append([name, word_count])
    return pages


def _word_chunks(parts: list[Part], folder: Path, language: str, lo: str = "", hi: str | None = None) -> list[list]:
    """The words in [lo, hi) in chunks: [first word, last word, file name] of each."""
    streams = [part.words(i, lo, hi) for i, part in enumerate(parts)]
    chunks, chunk, size = [], [], 0
    for word, group in groupby(heapq.merge(*streams, key=lambda t: (t[0], t[1])), key=lambda t: t[0]):
        chunk.append((word, _word_bytes(word, [(parts[i].offset, *rest) for _, i, *rest in group])))
        size += len(chunk[-1][1])
        if size >= CHUNK_BYTES:
            chunks.append(chunk)
            chunk, size = [], 0
    if chunk:
        chunks.append(chunk)
    name = f"{language}_#.pf_index"
    return [[c[0][0], c[-1][0], write(folder, name, b"\x81" + _head(4, len(c)) + b"".join(e for _, e in c))]
            for c in chunks]


def _word_bytes(word: str, items: list) -> bytes:
    """One word's entry over all parts, as CBOR. Page numbers are deltas from the previous page, so
    of each part only the first page changes: the rest is copied as bytes, not decoded again."""
    import cbor2

    pieces, total, last, variants = [], 0, 0, {}
    for offset, (_, pages, own_variants), raw, start, end in items:
        for variant, vpages in own_variants:
            variants.setdefault(variant, []).append((offset, vpages))
        if not pages:
            continue
        first = [offset + pages[0][0] - last, *pages[0][1:]]
        rest = start + len(_opening([word, pages, None]))
        pieces += [cbor2.dumps(first), raw[rest:end - len(cbor2.dumps(own_variants))]]
        total += len(pages)
        last = offset + sum(map(itemgetter(0), pages))
    merged_variants = [[v, _joined(lists)] for v, lists in variants.items()]
    return b"\x83" + cbor2.dumps(word) + _head(4, total) + b"".join(pieces) + cbor2.dumps(merged_variants)


def _joined(lists: list[tuple[int, list]]) -> list[list]:
    """A variant's pages from several parts, decoded (variants are few: accented Latin words)."""
    out, last = [], 0
    for offset, pages in lists:
        out.append([offset + pages[0][0] - last, *pages[0][1:]])
        out.extend(pages[1:])
        last = offset + sum(p[0] for p in pages)
    return out


def _prefixes(a: str, b: str) -> tuple[str, str]:
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    return a[:common + 1], b[:common + 1]


def _filters(parts: list[Part], folder: Path, language: str) -> list[list]:
    merged: dict[str, dict[str, list[int]]] = {}
    for part in parts:
        for name, file in part.filters:
            _, values = read(part.bundle / "filter" / f"{file}.pf_filter")
            into = merged.setdefault(name, {})
            for value, pages in values:
                into.setdefault(value, []).extend(part.offset + p for p in pages)
    return [[name, write(folder, f"{language}_#.pf_filter", [name, [[v, p] for v, p in values.items()]])]
            for name, values in merged.items()]


def _sorts(parts: list[Part], pages: list[list], fragments: Path, sort_values: dict[str, dict[str, str]]) -> list[list]:
    """Each sort's page order over all parts, decided as Pagefind decides it: by number when every
    value is one, else by text; pages with equal values in page order."""
    if not any(p.sorts for p in parts):
        return []
    urls = [json.loads(gzip.decompress((fragments / f"{name}.pf_fragment").read_bytes())[len(HEADER):])["url"]
            for name, _ in pages]
    names = sorted({name for part in parts for name, _ in part.sorts})
    out = []
    for name in names:
        valued = [(sort_values.get(url, {}).get(name), page) for page, url in enumerate(urls)]
        valued = [(v, page) for v, page in valued if v is not None]
        numeric = all(_number(v) is not None for v, _ in valued)
        valued.sort(key=lambda t: (_number(t[0]) if numeric else t[0], t[1]))
        out.append([name, [page for _, page in valued]])
    return out


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None
