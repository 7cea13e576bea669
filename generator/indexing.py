"""The search index's own process: the query dictionary, the documents Pagefind reads, and
Pagefind over them in parts (pagefind_parts.py).

search.IndexWriter starts it as `python -m generator.indexing PAGEFIND FOLDER PART_SIZE RUNS` (RUNS:
Pagefind runs at a time; one while previewing, so a core is left for the pages), with
FOLDER/records.pickle holding the records and their dictionary words; FOLDER/_out receives
pagefind/ and search/words/. Writing 10,000 documents here, not in the build's process, lets
that one go on rendering pages (it took 4 s there at 10,000 cases).
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

from .pagefind_parts import index_parts
from .search import BUNDLE, WORDS, sort_values, write_dictionary, write_document


def main(argv: list[str]) -> int:
    pagefind, folder, part_size, runs = argv[0], Path(argv[1]), int(argv[2]), int(argv[3])
    with open(folder / "records.pickle", "rb") as f:
        records, words = pickle.load(f)
    write_dictionary({w for each in words for w in each.split(" ") if w}, folder / "_out" / WORDS)
    count = -(-len(records) // part_size) or 1
    if count > 1:   # a whole number of rounds of runs
        count = -(-count // runs) * runs
    size = -(-len(records) // count) or 1
    parts = [folder / f"part-{i}" for i in range(-(-len(records) // size) or 1)]
    for i, r in enumerate(records):
        write_document(parts[i // size], r)
    parts[0].mkdir(exist_ok=True)   # no record at all still gets an (empty) index
    return index_parts(pagefind, parts, folder / "_out" / BUNDLE, {f"/{r.url}": sort_values(r) for r in records}, runs)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
