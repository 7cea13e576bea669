"""The search index's own process: the query dictionary, the documents Pagefind reads, and
Pagefind over them in parts (pagefind_parts.py).

search.IndexWriter starts it as `python -m generator.indexing PAGEFIND FOLDER PART_SIZE RUNS` (RUNS:
Pagefind runs at a time; one while previewing, so a core is left for the pages), with
FOLDER/records.pickle holding the records, their dictionary words, their keys, the cache folder and
a folder in memory for the documents (or None); FOLDER/_out receives
pagefind/ and search/words/. Writing 10,000 documents here, not in the build's process, lets
that one go on rendering pages (it took 4 s there at 10,000 cases). With more than one part, each
part's bundle is kept in the cache folder, so an edit re-indexes one part, not the library.
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .cache import digest
from .pagefind_parts import empty_index, index_parts, linked
from .search import BUNDLE, WORDS, sort_values, write_dictionary, write_document


def main(argv: list[str]) -> int:
    pagefind, folder, part_size, runs = argv[0], Path(argv[1]), int(argv[2]), int(argv[3])
    with open(folder / "records.pickle", "rb") as f:
        records, words, keys, cache, scratch = pickle.load(f)
    out = folder / "_out"
    # Written while Pagefind runs (this process mostly waits for it): before, a core stood idle.
    with ThreadPoolExecutor(1) as pool:
        dictionary = pool.submit(lambda: write_dictionary({w for each in words for w in each.split(" ") if w}, out / WORDS))
        code = _index(pagefind, folder, out, records, part_size, runs, keys, cache, scratch)
        dictionary.result()   # raises what went wrong there
    return code


def _index(pagefind: str, folder: Path, out: Path, records: list, part_size: int, runs: int, keys: list | None,
           cache: Path | None, scratch: str | None) -> int:
    if not records:
        return empty_index(pagefind, folder, out / BUNDLE)
    groups = _parts(records, part_size, runs)
    # Parts are kept between builds by their records' keys: after one case is edited, Pagefind
    # runs again over its part alone, and the merge takes the others as they were.
    kept = [cache / f"part-{digest(len(groups), sorted(keys[i] for i in g))}" if keys and len(groups) > 1
            else None for g in groups]
    if cache and len(groups) > 1:
        for older in set(cache.glob("part-*")) - set(kept):
            shutil.rmtree(older, ignore_errors=True)
    bundles = [folder / f"bundle-part-{n}" for n in range(len(groups))]
    for bundle, keep in zip(bundles, kept):
        if keep:
            linked(keep, bundle)

    def documents(part: int, into: Path) -> None:
        for i in groups[part]:
            write_document(into, records[i])
    return index_parts(pagefind, bundles, documents, out / BUNDLE, {f"/{r.url}": sort_values(r) for r in records},
                       runs, kept, scratch)


def _parts(records: list, part_size: int, runs: int) -> list[list[int]]:
    """The records' numbers by part: at most `part_size` a part (about), a whole number of rounds of
    `runs`; a record's part is decided by its URL alone, so it stays put when others come and go."""
    count = -(-len(records) // part_size)
    if count > 1:
        count = -(-count // runs) * runs
    groups: list[list[int]] = [[] for _ in range(count)]
    for i, r in enumerate(records):
        groups[int(hashlib.blake2b(r.url.encode("utf-8"), digest_size=4).hexdigest(), 16) % count].append(i)
    return [g for g in groups if g]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
