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
from pathlib import Path

FOLDER = ".caselib-cache"
README = "这个文件夹是生成网站时的缓存，可以随时删除；删除后下一次生成会慢一些。\n"


class Cache:
    """Pickled values by (table, key). `Cache(None)` keeps nothing (a cold build every time);
    `remember` also keeps them in memory, for `caselib serve`, which rebuilds again and again."""

    def __init__(self, folder: Path | None, remember: bool = False):
        self.folder = folder
        self._db: sqlite3.Connection | None = None
        self._memory: dict[tuple[str, str], object] | None = {} if remember else None
        self.remembered: dict | None = {} if remember else None   # file → (stamp, key), see pipeline._file_key
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
            self._db.execute("CREATE TABLE IF NOT EXISTS entry (tbl TEXT, key TEXT, value BLOB, PRIMARY KEY (tbl, key))")
        except (OSError, sqlite3.Error):
            self._db = None   # a read-only or broken cache folder only costs speed

    def get_many(self, table: str, keys: list[str]) -> dict[str, object]:
        found: dict[str, object] = {}
        if self._memory is not None:
            found = {k: self._memory[(table, k)] for k in keys if (table, k) in self._memory}
            keys = [k for k in keys if k not in found]
        if self._db is None or not keys:
            return found
        for start in range(0, len(keys), 500):   # SQLite limits the number of parameters
            chunk = keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(f"SELECT key, value FROM entry WHERE tbl=? AND key IN ({marks})", (table, *chunk))
            for key, value in rows:
                try:
                    found[key] = _loads(value)
                except Exception:   # noqa: BLE001 - an unreadable entry (or a term no longer loaded) is a miss
                    continue
                if self._memory is not None:
                    self._memory[(table, key)] = found[key]
        return found

    def put_many(self, table: str, items: dict[str, object], packed: dict[str, bytes] | None = None) -> None:
        """`packed`: items as `packed_result` gave them (those that worker processes made)."""
        if self._memory is not None:
            self._memory.update(((table, k), v) for k, v in items.items())
        if self._db is None or not items:
            return
        packed = packed or {}
        rows = ((table, key, packed.get(key) or _dumps(value)) for key, value in items.items())
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany("INSERT OR REPLACE INTO entry VALUES (?, ?, ?)", rows)
        except sqlite3.Error:
            pass

    def prune(self, table: str, keep: set[str]) -> None:
        """Forget entries of `table` not used by this build, so the cache does not grow forever."""
        if self._db is None:
            return
        try:
            stale = [k for (k,) in self._db.execute("SELECT key FROM entry WHERE tbl=?", (table,)) if k not in keep]
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany("DELETE FROM entry WHERE tbl=? AND key=?", [(table, k) for k in stale])
        except sqlite3.Error:
            pass


class _Pickler(pickle.Pickler):
    def __init__(self, file):
        from generator.core.vocabulary import Term

        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.term = Term

    def persistent_id(self, obj):
        return obj.reference if type(obj) is self.term else None   # terms by reference (Term.reference)


class _Unpickler(pickle.Unpickler):
    def persistent_load(self, reference):
        from generator.core.vocabulary import LOADED

        return LOADED[tuple(reference)]


def packed_result(function, *args, **kwargs) -> bytes:
    """`function(*args, **kwargs)` pickled as the cache keeps it. Worker processes return results this way:
    the build's process then neither pickles them again for the cache nor unpickles a copy of
    every vocabulary term they name (unpacked)."""
    return _dumps(function(*args, **kwargs))


def unpacked(data: bytes):
    return _loads(data)


def _dumps(value) -> bytes:
    out = io.BytesIO()
    _Pickler(out).dump(value)
    return out.getvalue()


def _loads(data: bytes):
    return _Unpickler(io.BytesIO(data)).load()
