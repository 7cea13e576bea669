"""The search index's own process: the query dictionary and the index (pagefind_format.py).

search.IndexWriter starts it as `python -m generator.search.index_process PAGEFIND FOLDER WORKERS` (WORKERS:
processes indexing; while previewing they run at a low priority, so page rebuilds go first), with
FOLDER/records.pickle holding the records and their dictionary words; FOLDER/_out receives
pagefind/ and search/words/. Writing the index here, not in the build's process, lets that one go
on rendering pages on the other core.
"""

from __future__ import annotations

import gc
import pickle
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from generator.core.errors import IndexFormatError
from generator.search.dictionary import write_dictionary
from generator.search.pagefind_format import scripts, write_bundle
from generator.search.writer import BUNDLE, WORDS


def main(argv: list[str]) -> int:
    pagefind, folder, workers = argv[0], Path(argv[1]), int(argv[2])
    with open(folder / "records.pickle", "rb") as f:
        records, words = pickle.load(f)
    out = folder / "_out"
    gc.disable()   # millions of small objects are made and none forms a cycle: collecting would only cost time
    with ThreadPoolExecutor(1) as pool:   # the dictionary's files are written while the index is
        dictionary = pool.submit(_write_words, words, out / WORDS)
        try:
            write_bundle(records, out / BUNDLE, scripts(pagefind, folder / "scripts"), workers)
        except IndexFormatError as exc:
            print(exc, file=sys.stderr)
            return 1
        dictionary.result()   # raises what went wrong there
    return 0


def _write_words(words: list[str], folder: Path) -> None:
    """The query dictionary of every record's dictionary words (space-separated, dictionary_words)."""
    write_dictionary({w for each in words for w in each.split(" ") if w}, folder)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
