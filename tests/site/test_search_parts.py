"""A library larger than one Pagefind run (pagefind_parts.PART_SIZE) is indexed in parts and
merged: the merged index must hold exactly what one run over all cases holds. (The browser
search tests run on the sample library indexed in parts: tests/conftest.py.)"""

import gzip
import json
import random

import pytest

from generator import search
from generator.pagefind_parts import HEADER, Part, _ranges, read
from generator.search import IndexWriter, Record, dictionary_words

WORDS = ["居民", "公约", "居民公约", "楼道", "堆物", "加装", "电梯", "志愿者", "议事会", "café", "Café", "naïve",
         "naive", "社工", "老人", "探访", "2019", "协商", ",", "。"]


def records(n: int, words: list[str] = WORDS, longest: int = 60) -> list[Record]:
    rng = random.Random(7)
    out = []
    for i in range(n):
        body = " ".join(rng.choice(words) for _ in range(rng.randint(3, longest)))
        date = f"20{rng.randint(18, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        meta = {"title": f"案例 {i} {rng.choice(WORDS)}", "kind": "服务案例", "date": date,
                "community": rng.choice(["和平社区", "东风社区"]), "summary": rng.choice(["", "居民 协商 楼道"])}
        filters = {"model": [rng.choice(["社区照顾模式", "地区发展模式"])], "year": [date[:4]]}
        out.append(Record(f"cases/c{i:03}/", f"{meta['title']} {body}", meta, filters))
    return out


def index(tmp_path, name: str, rs: list[Record], cache=None):
    writer = IndexWriter(cache)
    for r in rs:
        writer.add(r, dictionary_words(r), key=repr(r))
    writer.start(tmp_path / name)
    writer.finish()
    return tmp_path / name / search.BUNDLE


def content(bundle) -> dict:
    """What a search can find and show, by page url (page numbers and file names aside)."""
    part = Part(bundle, 0)
    urls = [json.loads(gzip.decompress((bundle / "fragment" / f"{h}.pf_fragment").read_bytes())[len(HEADER):])["url"]
            for h, _ in part.pages]

    def by_url(pages):
        found, page = {}, 0
        for delta, locs, meta_locs in pages:
            page += delta
            found[urls[page]] = (locs, meta_locs)
        return found

    words = {w: (by_url(pages), {v: by_url(vp) for v, vp in variants})
             for w, _, (_, pages, variants), *_ in part.words(0)}
    filters = {}
    for name, file in part.filters:
        _, values = read(bundle / "filter" / f"{file}.pf_filter")
        filters[name] = {v: sorted(urls[p] for p in pages) for v, pages in values}
    sorts = {name: [urls[p] for p in pages] for name, pages in part.sorts}
    fragments = {f.name: f.read_bytes() for f in (bundle / "fragment").iterdir()}
    return {"words": words, "filters": filters, "sorts": sorts, "fields": part.fields, "fragments": fragments,
            "word_counts": {urls[i]: c for i, (_, c) in enumerate(part.pages)}}


def test_an_index_in_parts_holds_what_one_run_holds(tmp_path, monkeypatch):
    rs = records(23)
    whole = content(index(tmp_path, "whole", rs))
    monkeypatch.setattr(search, "PART_SIZE", 5)   # five Pagefind runs, merged
    merged = content(index(tmp_path, "parts", rs))
    assert len(merged["word_counts"]) == 23
    assert any(variants for _, variants in whole["words"].values())   # accented words were merged too
    for key in ("words", "filters", "fields", "fragments", "word_counts"):
        assert merged[key] == whole[key], key
    dates = {f"/{r.url}": r.meta["date"] for r in rs}
    assert [dates[u] for u in merged["sorts"]["date"]] == sorted(dates.values())


def test_words_merged_by_two_workers_hold_what_one_run_holds(tmp_path, monkeypatch):
    # Parts of several word chunks each: the merge gives each worker a range of words.
    many = WORDS + [a + b for a in "社区居民志愿服务小组议事" for b in "会员站点队伍楼院家户群"]
    rs = records(80, many, longest=900)
    whole = content(index(tmp_path, "whole", rs))
    monkeypatch.setattr(search, "PART_SIZE", 40)
    monkeypatch.setattr(search.os, "cpu_count", lambda: 2)
    merged = content(index(tmp_path, "parts", rs, tmp_path / "cache"))
    parts = [Part(p, 0) for p in (tmp_path / "cache").glob("part-*")]
    assert len(parts) == 2 and len(_ranges(parts, 2)) == 2
    for key in ("words", "filters", "fields", "fragments", "word_counts"):
        assert merged[key] == whole[key], key


def test_an_edit_indexes_its_part_again_and_no_other(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "PART_SIZE", 5)
    cache = tmp_path / "cache"
    rs = records(23)
    index(tmp_path, "first", rs, cache)
    parts = {p.name: (p / "pagefind-entry.json").stat().st_ino for p in cache.glob("part-*")}
    assert len(parts) >= 5
    edited = Record(rs[3].url, rs[3].content + " 新写的一句", rs[3].meta, rs[3].filters)
    rs = [*rs[:3], edited, *rs[4:]]
    merged = content(index(tmp_path, "second", rs, cache))
    now = {p.name: (p / "pagefind-entry.json").stat().st_ino for p in cache.glob("part-*")}
    assert len(set(now) - set(parts)) == 1 and len(set(parts) - set(now)) == 1   # one part made again
    assert all(now[name] == ino for name, ino in parts.items() if name in now)  # the others reused as they were
    assert "/cases/c003/" in merged["words"]["新写的一句"][0]
    for key in ("words", "filters", "word_counts"):
        assert merged[key] == content(index(tmp_path, "whole", rs))[key], key


def test_merged_index_says_which_pagefind_it_is_for(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "PART_SIZE", 4)
    bundle = index(tmp_path, "parts", records(9))
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    [(language, info)] = entry["languages"].items()
    assert entry["version"] == "1.5.2" and info["page_count"] == 9
    assert (bundle / f"pagefind.{info['hash']}.pf_meta").is_file()
    assert (bundle / "pagefind.js").is_file()
    assert not list((tmp_path / "parts").glob("bundle-*"))


@pytest.mark.parametrize("n", [0, 1])
def test_tiny_libraries_are_indexed_in_one_run(tmp_path, n):
    bundle = index(tmp_path, "site", records(n))
    assert json.loads((bundle / "pagefind-entry.json").read_text())["languages"]["und"]["page_count"] == n


def test_documents_go_on_disk_when_the_memory_folder_is_unusable(tmp_path, monkeypatch):
    # /dev/shm may be missing (macOS) or full (64 MB in a container): Pagefind reads them from disk then.
    monkeypatch.setattr(search, "_memory_folder", lambda: str(tmp_path / "no-such-folder"))
    monkeypatch.setattr(search, "PART_SIZE", 5)
    merged = content(index(tmp_path, "parts", records(12)))
    assert len(merged["word_counts"]) == 12


def test_a_part_is_indexed_on_disk_when_pagefind_cannot_write_its_bundle_in_memory(tmp_path, monkeypatch):
    # Pagefind writes its bundle into the memory folder; when that is full, it fails there and the part
    # is indexed again on disk. A stand-in Pagefind fails for every bundle in memory.
    memory, real, stand_in = tmp_path / "memory", search._pagefind_binary(), tmp_path / "pagefind"
    memory.mkdir()
    stand_in.write_text(f'#!/bin/sh\ncase "$*" in *"--output-path {memory}"*) echo "No space left" >&2; exit 101;; esac\n'
                        f'exec "{real}" "$@"\n')
    stand_in.chmod(0o755)
    monkeypatch.setattr(search, "PART_SIZE", 5)
    whole = content(index(tmp_path, "whole", records(12)))
    monkeypatch.setattr(search, "_memory_folder", lambda: str(memory))
    monkeypatch.setattr(search, "_pagefind_binary", lambda: str(stand_in))
    merged = content(index(tmp_path, "parts", records(12)))
    assert len(merged["word_counts"]) == 12
    for key in ("words", "filters", "word_counts"):
        assert merged[key] == whole[key], key
