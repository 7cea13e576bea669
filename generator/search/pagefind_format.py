"""The search index written directly in the format of the pinned Pagefind release, which the
browser's Pagefind then reads: words, excerpts, filters and sorts exactly as Pagefind would write
them for our pages, in a fraction of its time and memory.

Our records are already cut into words, so what Pagefind does with them is small: split at
spaces, lower-case, index the parts of words such as e-mail or 2023-05-06, keep accented words as
variants of their plain form, and index the result-card fields (title, summary ...) too. That is
ported here rule by rule, and tests/site/test_search_bundle.py compares what we write with what
the Pagefind binary writes for the same records, file by file, decoded.

Pagefind still provides the browser's scripts and WebAssembly (`scripts`). A bundle of another
release is refused rather than written wrongly (FORMAT).
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from itertools import pairwise
from operator import sub
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, overload

from generator.core.errors import IndexFormatError
from generator.core.workers import forked_pool

if TYPE_CHECKING:
    from generator.search.records import Record

FORMAT = "1.5.2"        # the bundle format written here
HEADER = b"pagefind_dcd"
CHUNK_BYTES = 40000     # a word chunk closes at this size (CBOR): small, so a first query fetches little
LANGUAGE = "und"        # not zh/ja/th: Pagefind would re-segment our queries with ICU in the browser
WEIGHT = 24             # Pagefind's weight of a word in the body text (its marker in an index: -25)


# --- words, as Pagefind finds them ---------------------------------------------------

_SENTENCE_END = re.compile(r"[\w'\")$*]")   # a block ending so gets a "." in Pagefind's content
_ASCII_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")


@overload
def words_of(text: str, ends_block: bool = False, field: Literal[False] = False) -> tuple[dict[str, bytes], list[str]]:
    ...


@overload
def words_of(text: str, ends_block: bool = False, *, field: Literal[True]) -> tuple[dict[str, list[int]], list[str]]:
    ...


def words_of(text: str, ends_block: bool = False, field: bool = False) -> tuple[dict[str, Any], list[str]]:
    """Each word Pagefind indexes in `text` with its locations as CBOR, and the text's tokens as
    Pagefind shows them. Locations are grouped by weight, lowest first, each group led by its
    marker -(weight + 1) and each a step from the one before; parts of compound words weigh less
    (self-help). `ends_block`: the text ends a paragraph (Pagefind adds a full stop). `field`: a
    result field (title ...), whose words have plain positions (a list) and no weights."""
    tokens = text.split()
    if "\u200b" in text:   # zero-width spaces are removed; a token of nothing else takes no position
        tokens = [t for t in (t.replace("\u200b", "") for t in tokens) if t]
    if ends_block and tokens and _SENTENCE_END.match(tokens[-1][-1]):
        tokens[-1] += "."
    # grouped by token first: a page has 500 tokens, 300 different ones
    at: defaultdict[str, list[int]] = defaultdict(list)
    for position, token in enumerate(tokens):
        at[token].append(position)
    words: dict[str, list[int]] = {}            # positions at the body's weight
    lighter: dict[str, dict[int, list[int]]] = {}   # parts of compound words: weight → positions
    for token, positions in at.items():
        for word, weight in _indexed(token):
            # a word from two tokens (Café, café) has its positions in order, as Pagefind adds them
            if weight == WEIGHT or field:
                earlier = words.get(word)
                words[word] = positions if earlier is None else sorted(earlier + positions)
            else:
                groups = lighter.setdefault(word, {})
                earlier = groups.get(weight)
                groups[weight] = positions if earlier is None else sorted(earlier + positions)
    if field:
        return words, tokens
    one, steps = _ONE, _steps
    found = {w: one[ps[0]] if len(ps) == 1 else _ints([-WEIGHT - 1, *steps(ps)]) for w, ps in words.items()}
    for word, groups in lighter.items():   # lighter groups first, as Pagefind orders them
        heavier = [-WEIGHT - 1, *steps(words[word])] if word in words else []
        found[word] = _ints([n for weight in sorted(groups) for n in (-weight - 1, *steps(groups[weight]))] + heavier)
    return found, tokens


@lru_cache(maxsize=1 << 16)
def _indexed(token: str) -> tuple[tuple[str, int], ...]:
    """The words Pagefind indexes for one token with their weights: its letters and digits in lower
    case, and for a token with other characters in it (e-mail, 2023-05-06), its parts of two bytes
    or more, which share the weight between them."""
    word = "".join(c.lower() if c.isupper() else c for c in token if c.isalnum() or c in _CONNECTORS)
    if not word:
        return ()
    if token.isascii() and token.isalpha() and (token.islower() or token.isupper()):
        return ((word, WEIGHT),)   # the most common case, without parts; settled quickly
    digits = not token.isalnum() or any(c.isupper() for c in token[1:])
    parts = " ".join(_case_cut(w, digits) for w in _ASCII_PUNCTUATION.sub(" ", token).split()).lower()
    if " " not in parts and word.startswith(parts):
        return ((word, WEIGHT),)
    kept = [p for p in parts.split() if len(p.encode()) > 1]
    return ((word, WEIGHT), *((p, max(WEIGHT // len(kept), 1)) for p in kept))


def _case_cut(word: str, digits: bool) -> str:
    """`word` with spaces where Pagefind cuts compound words: aB, ABc → A Bc, and with `digits`
    between letters and digits. Pagefind cuts digits off only in a token with punctuation or an
    upper-case letter after its first (v1.2, MyHTTP2Server; not ab1, Ba1): found by comparing
    with its output on every 3- and 4-letter token of a, B and 1. Characters without case
    (Chinese) are never cut."""
    out = [word[0]]
    for i in range(1, len(word)):
        a, b, c = word[i - 1], word[i], word[i + 1:i + 2]
        if ((a.islower() and b.isupper()) or (a.isupper() and b.isupper() and c.islower())
                or (digits and (a.isdigit() != b.isdigit())
                    and (a.isupper() or a.islower() or b.isupper() or b.islower()))):
            out.append(" ")
        out.append(b)
    return "".join(out)


_CONNECTORS = frozenset("_‿⁀⁔︳︴﹍﹎﹏＿")   # Pagefind's include_characters: kept inside words


@lru_cache(maxsize=1 << 16)
def plain(word: str) -> str:
    """A word without its accents (café → cafe): Pagefind indexes the accented word as a variant of it."""
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


# --- the bundle ------------------------------------------------------------------------

def write_bundle(records: list[Record], out: Path, scripts: Path, workers: int = 1) -> None:
    """The index of `records` (search.Record) in the new folder `out`, page numbers in their
    order; `scripts`: a folder with Pagefind's scripts and its pagefind-entry.json. With two
    `workers`, a forked process indexes the second half of the records meanwhile."""
    global _JOB
    shutil.copytree(scripts, out, ignore=shutil.ignore_patterns("pagefind-entry.json"))
    fields = sorted({name for r in records for name in r.meta})
    _JOB = _Job(records, fields)   # what the forked process sees
    pool = forked_pool(1) if workers > 1 and len(records) >= 100 else None
    half = len(records) // 2 if pool else len(records)
    with pool or contextlib.nullcontext():
        second = pool.submit(_indexed_pages, half, len(records)) if pool else None
        postings, fragments = _indexed_pages(0, half)
        if second:
            more, more_fragments = second.result()
            postings.extend(more)
            fragments += more_fragments
    # Written here in page order, so names that share a short hash are the same in every build.
    pages = [[_place(out / "fragment", f"{LANGUAGE}_#.pf_fragment", *f.packed), f.word_count] for f in fragments]
    chunks = postings.chunks(out / "index")
    filters = _filters(records, out / "filter")
    by_date = sorted(range(len(records)), key=lambda n: records[n].meta["date"])
    sorts = [["date", by_date]] if records else []
    meta = write(out, f"pagefind.{LANGUAGE}_#.pf_meta", [FORMAT, pages, chunks, filters, sorts, fields], 11)
    entry = json.loads((scripts / "pagefind-entry.json").read_text(encoding="utf-8"))
    entry["languages"] = {LANGUAGE: {**entry["languages"][LANGUAGE], "hash": meta, "page_count": len(pages)}}
    (out / "pagefind-entry.json").write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                             encoding="utf-8")


@dataclass(frozen=True)
class _Job:
    """The records being indexed and the names of their result fields, sorted."""
    records: list[Record]
    fields: list[str]


_JOB = _Job([], [])


class _Fragment(NamedTuple):
    """A page's fragment (what its result shows) as _packed returns it, and the page's word count."""
    packed: tuple[str, bytes]
    word_count: int


def _indexed_pages(start: int, stop: int) -> tuple[_Postings, list[_Fragment]]:
    """The postings of records [start, stop) of _JOB, and their fragments."""
    records, fields = _JOB.records, _JOB.fields
    postings = _Postings(fields)
    return postings, [_fragment(records[n], postings.add(n, records[n])) for n in range(start, stop)]


class _Postings:
    """Every word's pages as CBOR, one piece per page: [page number minus the word's previous
    page, body locations, field locations]. Locations are steps from the one before; the body's
    start with Pagefind's weight marker, each field's with the field's number as -1, -2, ...
    By word: [pages, first page, last page, the pieces one after another] (a list, changed in place)."""

    def __init__(self, fields: list[str]):
        self.fields = fields
        self.words: dict[str, list[Any]] = {}

    def add(self, number: int, r: Record) -> list[str]:
        """The record's words added as page `number`; returns its tokens as Pagefind shows them."""
        words, tokens = words_of(r.content, ends_block=True)
        in_fields: dict[str, list[int]] = {}
        for f, name in enumerate(self.fields):
            if name in r.meta:   # indexed as Pagefind stores it (_stored)
                for word, positions in words_of(_stored(r.meta[name]), field=True)[0].items():
                    in_fields.setdefault(word, []).extend([-f - 1, *_steps(positions)])
        for word in in_fields.keys() - words.keys():
            words[word] = b"\x80"
        known, cbor = self.words, _CBOR
        for word, body in words.items():   # the loop of the index: 300 words a page
            fields = in_fields.get(word)
            tail = body + (_ints(fields) if fields else b"\x80")
            entry = known.get(word)
            if entry is None:
                known[word] = [1, number, number, bytearray(b"\x83" + cbor[number] + tail)]
            else:
                entry[0] += 1
                entry[3] += b"\x83" + cbor[number - entry[2]] + tail
                entry[2] = number
        return tokens

    def extend(self, later: _Postings) -> None:
        """The postings of later pages appended: of each word, only the first page's step changes."""
        cbor = _CBOR
        for word, (count, first, last, pieces) in later.words.items():
            entry = self.words.get(word)
            if entry is None:
                self.words[word] = [count, first, last, pieces]
            else:
                entry[3] += b"\x83" + cbor[first - entry[2]] + pieces[1 + len(cbor[first]):]
                entry[0] += count
                entry[2] = last

    def chunks(self, folder: Path) -> list[list]:
        """The words in files of about CHUNK_BYTES, in word order: [first word, last word, file] of
        each. An accented word is a variant inside its plain word's entry (café in cafe's)."""
        variants: dict[str, list[str]] = {}
        for word in self.words:
            if plain(word) != word:
                variants.setdefault(plain(word), []).append(word)
        pages = lambda word: _head(4, self.words[word][0]) + self.words[word][3]  # noqa: E731
        entries = sorted((self.words.keys() - {v for vs in variants.values() for v in vs}) | variants.keys())
        chunks, chunk, size = [], [], 0
        for word in entries:
            own = pages(word) if word in self.words else b"\x80"   # cafe itself, or only its variants
            entry = (b"\x83" + _text(word) + own + _head(4, len(variants.get(word, ())))
                     + b"".join(b"\x82" + _text(v) + pages(v) for v in sorted(variants.get(word, ()))))
            chunk.append((word, entry))
            size += len(entry)
            if size >= CHUNK_BYTES or word == entries[-1]:
                data = b"\x81" + _head(4, len(chunk)) + b"".join(e for _, e in chunk)
                name = write(folder, f"{LANGUAGE}_#.pf_index", data)
                chunks.append([chunk[0][0], chunk[-1][0], name])
                chunk, size = [], 0
        for left, right in pairwise(chunks):   # ranges as short as tells them apart, as Pagefind has them
            left[1], right[0] = _distinct_prefixes(left[1], right[0])
        return chunks


def _fragment(r: Record, tokens: list[str]) -> _Fragment:
    """A page's fragment (what its result shows) packed (_packed), and its word count."""
    data = {"url": f"/{r.url}", "content": " ".join(tokens), "word_count": len(tokens),
            "filters": {k: r.filters[k] for k in sorted(r.filters)},
            "meta": {k: _stored(r.meta[k]) for k in sorted(r.meta)}, "anchors": []}
    return _Fragment(_packed(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()), len(tokens))


def _stored(value: str) -> str:
    """A result field as Pagefind stores it: HTML-escaped (the browser shows it as plain text, so
    not even a hostile title puts markup into site/pagefind/), its spaces and line breaks as one space."""
    return " ".join(escape(value).split())


def _filters(records: list[Record], folder: Path) -> list[list]:
    values: dict[str, dict[str, list[int]]] = {}
    for number, r in enumerate(records):
        for name, vs in r.filters.items():
            for v in vs:
                values.setdefault(name, {}).setdefault(v, []).append(number)
    return [[name, write(folder, f"{LANGUAGE}_#.pf_filter", [name, [[v, p] for v, p in by_value.items()]])]
            for name, by_value in values.items()]


def _distinct_prefixes(a: str, b: str) -> tuple[str, str]:
    """The shortest starts of `a` and `b` that tell them apart: one character past what they share."""
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    return a[:common + 1], b[:common + 1]


# --- encoding --------------------------------------------------------------------------

def _steps(positions: list[int]) -> list[int]:
    return list(map(sub, positions, [0, *positions]))


class _Ints(dict[int, bytes]):
    """CBOR of an integer, computed once."""

    def __missing__(self, n: int) -> bytes:
        import cbor2

        self[n] = cbor2.dumps(n)
        return self[n]


_CBOR = _Ints()


class _One(dict[int, bytes]):
    """CBOR of the body locations of a word found once on a page, at a position."""

    def __missing__(self, position: int) -> bytes:
        self[position] = b"\x82" + _CBOR[-WEIGHT - 1] + _CBOR[position]
        return self[position]


_ONE = _One()


def _ints(values: list[int]) -> bytes:
    return _head(4, len(values)) + b"".join(map(_CBOR.__getitem__, values))


def _text(s: str) -> bytes:
    data = s.encode("utf-8")
    return _head(3, len(data)) + data


def _head(major: int, n: int) -> bytes:
    """A CBOR item header: major type and length."""
    if n < 24:
        return bytes([major << 5 | n])
    size = next(s for s in (1, 2, 4, 8) if n < 256 ** s)
    return bytes([major << 5 | {1: 24, 2: 25, 4: 26, 8: 27}[size]]) + n.to_bytes(size, "big")


def write(folder: Path, name: str, value: object, digits: int = 7) -> str:
    """`value` (or its bytes) encoded as Pagefind does, in a file named by its hash: `name` is the
    file name with "#" where the hash goes. Returns the name's language and hash, e.g. "und_1a2b3c4".
    A name another file took already (the same short hash) gets a longer hash."""
    return _place(folder, name, *_packed(value), digits)


def _packed(value: object) -> tuple[str, bytes]:
    """`value` (or its bytes) as Pagefind's files hold it, and the hash of its content."""
    import cbor2

    data = value if isinstance(value, bytes) else cbor2.dumps(value)
    return hashlib.sha1(data).hexdigest(), gzip.compress(HEADER + data, compresslevel=5, mtime=0)


def _place(folder: Path, name: str, full: str, packed: bytes, digits: int = 7) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    for length in range(digits, len(full) + 1):
        try:
            with open(folder / name.replace("#", full[:length]), "xb") as f:
                f.write(packed)
            return name.split(".")[-2].replace("#", full[:length])
        except FileExistsError:
            continue
    raise IndexFormatError(f"{folder}: two files with the same content")


def read(path: Path) -> Any:
    """A bundle file decoded (for tests and tools)."""
    import cbor2

    data = gzip.decompress(path.read_bytes())
    if not data.startswith(HEADER):
        raise IndexFormatError(f"{path} is not a Pagefind index file")
    return cbor2.loads(data[len(HEADER):])


# --- Pagefind's scripts ----------------------------------------------------------------

def scripts(pagefind: str, folder: Path) -> Path:
    """Pagefind's scripts, styles and WebAssembly, from a run over a stand-in page, in `folder`."""
    with tempfile.TemporaryDirectory(prefix="stand-in-", dir=folder.parent) as tmp:
        page = Path(tmp) / "site" / "index.html"
        page.parent.mkdir()
        page.write_text(f'<html lang="{LANGUAGE}"><body><main data-pagefind-body><p>caselib</p></main></body></html>')
        run = subprocess.run([pagefind, "--site", str(page.parent), "--output-path", str(Path(tmp) / "out"), "--quiet"],
                             capture_output=True, text=True)
        if run.returncode:
            raise IndexFormatError(f"检索程序 Pagefind 运行失败（退出码 {run.returncode}）："
                                   f"{run.stderr.strip()[-2000:]}")
        entry = json.loads((Path(tmp) / "out" / "pagefind-entry.json").read_text(encoding="utf-8"))
        if entry.get("version") != FORMAT:
            raise IndexFormatError(f"安装的检索程序 Pagefind 是 {entry.get('version')} 版，"
                                   f"caselib 写的索引要配 {FORMAT} 版。请重新运行安装命令 bash scripts/demo.sh。")
        shutil.copytree(Path(tmp) / "out", folder, ignore=_not_scripts)
    return folder


def _not_scripts(folder: str, names: list[str]) -> list[str]:
    """What the stand-in's run wrote that is its index, not Pagefind's scripts: left out of the copy."""
    return [n for n in names if n.endswith(".pf_meta") or n in ("fragment", "index", "filter")]
