"""The query dictionary: the words the browser cuts a query into, so that it cuts the query the
way the index's records were cut, published in shards beside the index."""

from __future__ import annotations

import re
from pathlib import Path

from generator.core.text import simplified_characters
from generator.search.records import CJK, Record

SHARDS = 256                 # a 4-character query fetches at most 4 small files

def dictionary_words(r: Record) -> str:
    """The record's words the browser needs to cut queries (two or more characters, with Chinese),
    space-separated: one string per case, not a set of strings held for the whole build."""
    words = set(r.content.lower().split(" "))
    if "\n" in r.content:
        return " ".join(sorted(w for w in words if len(w) > 1 and CJK.search(w)))
    return " ".join(sorted(_CHINESE_LINE.findall("\n".join(words))))   # one pass, not a call per word

_CHINESE_LINE = re.compile(r"^(?=[^\n]*[\u3400-\u9fff\uf900-\ufaff])[^\n]{2,}$", re.M)

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
