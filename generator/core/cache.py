"""Per-file results kept between builds, by content hash, in `.caselib-cache/` (safe to delete).

A warm build re-reads every file (hashing is cheap) but neither re-checks nor re-converts one
whose content, settings and caselib code are unchanged. Keys include a digest of caselib's own
source files, so a new version (or an edited checkout) never reuses an old result. One SQLite
file: thousands of small entries without thousands of small files, and safe if two builds race.
"""

from __future__ import annotations

import io
import pickle
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from generator.core.hashing import code_version, digest
from generator.core.vocabulary import Term, Vocabulary

FOLDER = ".caselib-cache"
README = "这个文件夹是生成网站时的缓存，可以随时删除；删除后下一次生成会慢一些。\n"
T = TypeVar("T")


@dataclass(frozen=True)
class Table(Generic[T]):
    """One cached product, declared beside the code that produces it: its values are `T`, and
    its keys are made here from the inputs that code reads, always with caselib's own code."""
    name: str

    def key(self, *inputs: object) -> str:
        return digest(self.name, code_version(), *inputs)


class Cache:
    """Pickled values by (table, key). `Cache(None)` keeps nothing (a cold build every time);
    `remember` also keeps them in memory, for `caselib serve`, which rebuilds again and again."""

    def __init__(self, folder: Path | None, vocabulary: Vocabulary, remember: bool = False):
        self.folder, self.vocabulary = folder, vocabulary
        self._terms = {t.reference: t for ts in vocabulary.terms.values() for t in ts}
        self._db: sqlite3.Connection | None = None
        self._memory: dict[tuple[str, str], object] | None = {} if remember else None
        self.remembered: dict[Path, tuple[object, str]] | None = {} if remember else None   # see load._file_key
        if folder is None:
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "说明.txt").write_text(README, encoding="utf-8")
            self._db = sqlite3.connect(folder / "cache.sqlite", timeout=30, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            # No flush to disk at every commit (1,500 listing pages took 4 s): with WAL a crash can
            # lose the last entries, never break the file, and a lost entry is only a cache miss.
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS entry"
                             " (tbl TEXT, key TEXT, value BLOB, PRIMARY KEY (tbl, key))")
        except (OSError, sqlite3.Error):
            self._db = None   # a read-only or broken cache folder only costs speed

    def get_many(self, table: Table[T], keys: Sequence[str]) -> dict[str, T]:
        found: dict[str, Any] = {}
        if self._memory is not None:
            found = {k: self._memory[(table.name, k)] for k in keys if (table.name, k) in self._memory}
            keys = [k for k in keys if k not in found]
        if self._db is None or not keys:
            return found
        for start in range(0, len(keys), 500):   # SQLite limits the number of parameters
            chunk = keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT key, value FROM entry WHERE tbl=? AND key IN ({marks})"
            rows = self._db.execute(query, (table.name, *chunk))
            for key, value in rows:
                try:
                    found[key] = self.unpacked(value)
                except Exception:   # noqa: BLE001 - an unreadable entry (or a term of another vocabulary) is a miss
                    continue
                if self._memory is not None:
                    self._memory[(table.name, key)] = found[key]
        return found

    def put_many(self, table: Table[T], items: Mapping[str, T], packed: Mapping[str, bytes] | None = None) -> None:
        """`packed`: items as `packed_result` gave them (those that worker processes made)."""
        if self._memory is not None:
            self._memory.update(((table.name, k), v) for k, v in items.items())
        if self._db is None or not items:
            return
        packed = packed or {}
        rows = ((table.name, key, packed.get(key) or _dumps(value)) for key, value in items.items())
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany("INSERT OR REPLACE INTO entry VALUES (?, ?, ?)", rows)
        except sqlite3.Error:
            pass

    def prune(self, table: Table[T], keep: set[str]) -> None:
        """Forget entries of `table` not used by this build, so the cache does not grow forever."""
        if self._db is None:
            return
        try:
            kept = self._db.execute("SELECT key FROM entry WHERE tbl=?", (table.name,))
            stale = [k for (k,) in kept if k not in keep]
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany("DELETE FROM entry WHERE tbl=? AND key=?", [(table.name, k) for k in stale])
        except sqlite3.Error:
            pass

    def unpacked(self, data: bytes) -> Any:
        """A value as `packed_result` or the cache stored it, its terms those of this vocabulary."""
        return unpacked(data, self._terms)


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj: object) -> object:
        return obj.reference if type(obj) is Term else None   # terms by reference (Term.reference)


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, terms: Mapping[tuple[str, str, str], Term]):
        super().__init__(file)
        self.terms = terms

    def persistent_load(self, pid: Any) -> Term:
        return self.terms[tuple(pid)]   # a KeyError: a term of another vocabulary, so a cache miss


def packed_result(function: Any, *args: Any, **kwargs: Any) -> bytes:
    """`function(*args, **kwargs)` pickled as the cache keeps it. Worker processes return results this way:
    the build's process then neither pickles them again for the cache nor unpickles a copy of
    every vocabulary term they name (unpacked)."""
    return _dumps(function(*args, **kwargs))


def unpacked(data: bytes, terms: Mapping[tuple[str, str, str], Term] | None = None) -> Any:
    """What `packed_result` packed; `terms` resolves the vocabulary terms it names."""
    return _Unpickler(io.BytesIO(data), terms or {}).load()


def _dumps(value: object) -> bytes:
    out = io.BytesIO()
    _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return out.getvalue()
