"""The index we write (pagefind_format.py) must hold exactly what the Pagefind binary writes for
the same records: every word with its pages, positions and field positions, every accented
variant, every excerpt text, filter and result field. Pagefind is run here over the pages it
used to index (`document`), and both bundles are decoded and compared by page URL."""

import gzip
import json
import random
import re
import subprocess
from html import escape
from pathlib import Path

import pytest

from generator.search import pagefind_format
from generator.search import records as search_records
from generator.search import writer as search_writer
from generator.search.dictionary import dictionary_words
from generator.search.pagefind_format import HEADER, read, scripts, write_bundle
from generator.search.records import Record, record, segment
from generator.search.writer import IndexWriter

WORDS = ["居民", "公约", "居民公约", "楼道", "堆物", "加装", "电梯", "志愿者", "议事会", "café", "Café", "naïve",
         "naive", "社工", "老人", "探访", "2019", "协商", ",", "。", "e-mail", "2023-05-06", "v1.2.3", "iPhone-15",
         "COVID-19", "C++", "70%", "3.5", "self-help", "No.5", "Wi-Fi", "a_b", "snake_case", "HTTPServer-2",
         "x-ABCdef", "ab-ab", "09-09", "ΟΔΟΣ", "straße", "Ærø", "İstanbul", "tiếng", "ά", "が", "한국어", "½", "x²",
         "①", "Ⅻ", "«引»", "'quoted'", "don't", "zhang.san", "example.com", "⁅", "⁆", "⸢", "⸣", "caselibeverycase"]

ODD_TEXT = """联系邮箱 zhang.san@example.com，网址 https://www.example.org/path?a=1&b=2 。版本 v1.2.3 和 iPhone-15 Pro、
COVID-19 疫情、C++ 与 C# 课程，70% 的居民；3.5万元；2023-05-06 会议；self-help 小组；WeChat公众号；O2O 模式；
e-mail；don't；“引号”；café naïve Ærø İstanbul straße ΟΔΟΣ が ＡＢＣ ①② ½ x² 12:30 a_b __init__ snake_case
camelCaseWord HTTPServer MyHTTP2Server 1,000 #话题# @张三 ¥50 $20 #1 No.5 A4纸 3D打印 K12 Wi-Fi 😀 表情 ​零宽"""


def document(r: Record) -> str:
    """The page Pagefind indexed for a record before we wrote the index ourselves: the words as
    content under a language it does not segment, result fields, filters and sort as attributes."""
    attr = lambda key, value: f'<i data-pagefind-{key}="{escape(value, quote=True)}"></i>'  # noqa: E731
    tags = [attr("meta", f"{k}:{escape(v)}") for k, v in r.meta.items()]
    tags += [attr("filter", f"{k}:{v}") for k, values in r.filters.items() for v in values]
    tags += [attr("sort", f"date:{r.meta['date']}")]
    return (f'<!doctype html><html lang="und"><head><meta charset="utf-8"></head><body>'
            f'{"".join(tags)}<main data-pagefind-body><p>{escape(r.content)}</p></main></body></html>')


def records(n: int, words: list[str] = WORDS, longest: int = 60) -> list[Record]:
    rng = random.Random(7)
    out = []
    for i in range(n):
        body = " ".join(rng.choice(words) for _ in range(rng.randint(3, longest)))
        date = f"20{rng.randint(18, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        meta = {"title": f"案例 {i} {rng.choice(WORDS)}", "kind": "服务案例", "date": date,
                "community": rng.choice(["和平社区", "东风社区", "A&B 社区"]),
                "summary": rng.choice(["", "居民 协商 楼道 居民", "居民在社工协助下共同讨论、分工行动。"])}
        filters = {"model": [rng.choice(["社区照顾模式", "地区发展模式"])], "year": [date[:4]]}
        out.append(Record(f"cases/c{i:03}/", f"{meta['title']} {body} {search_records.EVERY}", meta, filters))
    return out


def decoded(bundle: Path) -> dict:
    """What a search can find and show, by page URL (page numbers and file names aside)."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    [(language, info)] = entry["languages"].items()
    _, pages, chunks, filters, sorts, fields = read(bundle / f"pagefind.{info['hash']}.pf_meta")
    fragments = [json.loads(gzip.decompress((bundle / "fragment" / f"{name}.pf_fragment").read_bytes())[len(HEADER):])
                 for name, _ in pages]
    urls = [f["url"] for f in fragments]

    def by_url(entries):
        found, page = {}, 0
        for delta, locations, field_locations in entries:
            page += delta
            found[urls[page]] = (locations, field_locations)
        return found

    words = {}
    for _, _, name in chunks:
        [entries] = read(bundle / "index" / f"{name}.pf_index")
        for word, entries_, variants in entries:
            words[word] = (by_url(entries_), {v: by_url(vs) for v, vs in variants})
    values = {}
    for name, file in filters:
        _, by_value = read(bundle / "filter" / f"{file}.pf_filter")
        values[name] = {v: sorted(urls[p] for p in ps) for v, ps in by_value}
    return {"version": entry["version"], "language": language, "page_count": info["page_count"],
            "fields": fields, "words": words, "filters": values,
            "fragments": {f["url"]: (f, count) for f, (_, count) in zip(fragments, pages, strict=True)},
            "sorted": {name: [urls[p] for p in ps] for name, ps in sorts}}


def scripts_version(bundle: Path) -> str:
    """The Pagefind release the bundle's browser script is (it compares it with the index's)."""
    [version] = re.findall(r'pagefind_version="([^"]+)"', (bundle / "pagefind.js").read_text(encoding="utf-8"))
    return version


def both(tmp_path: Path, rs: list[Record], workers: int = 1) -> tuple[dict, dict]:
    """(Pagefind's bundle, ours) for the same records, decoded."""
    pagefind = search_writer._pagefind_binary()
    for r in rs:
        (tmp_path / "site" / r.url).mkdir(parents=True)
        (tmp_path / "site" / r.url / "index.html").write_text(document(r), encoding="utf-8")
    subprocess.run([pagefind, "--site", str(tmp_path / "site"), "--output-path", str(tmp_path / "theirs"), "--quiet"],
                   check=True, capture_output=True)
    write_bundle(rs, tmp_path / "ours", scripts(pagefind, tmp_path / "scripts"), workers)
    return decoded(tmp_path / "theirs"), decoded(tmp_path / "ours")


def assert_same(theirs: dict, ours: dict) -> None:
    for key in ("version", "language", "page_count", "fields", "filters"):
        assert ours[key] == theirs[key], key
    assert ours["fragments"].keys() == theirs["fragments"].keys()
    for url, fragment in theirs["fragments"].items():
        assert ours["fragments"][url] == fragment, url
    assert ours["words"].keys() == theirs["words"].keys()
    for word, found in theirs["words"].items():
        assert ours["words"][word] == found, word
    dates = {url: f["meta"]["date"] for url, (f, _) in theirs["fragments"].items()}
    assert [dates[u] for u in ours["sorted"]["date"]] == sorted(dates.values())


@pytest.mark.parametrize("workers", [1, 2])
def test_our_index_holds_what_pagefind_writes_for_random_records(tmp_path, workers):
    # With two workers, the second half of the pages is indexed in another process and joined.
    theirs, ours = both(tmp_path, records(150), workers)
    assert any(variants for _, variants in theirs["words"].values())   # accented words are compared too
    assert "mail" in theirs["words"] and "09" in theirs["words"]        # and parts of compound words
    assert_same(theirs, ours)


def test_fragments_that_share_a_short_hash_get_the_same_names_in_every_build(tmp_path, monkeypatch):
    # 10,000 fragments under 7-hex-digit names share one about every fifth build; the later page's
    # name is longer. Two processes must not make that depend on which of them wrote first.
    packed = pagefind_format._packed
    monkeypatch.setattr(pagefind_format, "_packed", lambda value: ("0000000" + packed(value)[0][7:], packed(value)[1]))
    pagefind = search_writer._pagefind_binary()
    names = []
    for workers in (1, 2, 2):
        out = tmp_path / f"out{len(names)}"
        write_bundle(records(150), out, scripts(pagefind, tmp_path / f"scripts{len(names)}"), workers)
        entry = json.loads((out / "pagefind-entry.json").read_text())
        names.append(read(out / f"pagefind.{entry['languages']['und']['hash']}.pf_meta")[1])
    assert names[0][0][0] == "und_0000000" and len(names[0][1][0]) > len("und_0000000")
    assert names[0] == names[1] == names[2]


def test_where_processes_cannot_be_forked_one_indexes_every_record(tmp_path, monkeypatch):
    monkeypatch.setattr(pagefind_format, "forked_pool", lambda workers: None)   # Windows
    theirs, ours = both(tmp_path, records(150), workers=2)
    assert ours["page_count"] == 150
    assert_same(theirs, ours)


def test_our_index_holds_what_pagefind_writes_for_odd_text_and_sample_cases(tmp_path):
    from generator.checks.load import load_library
    from generator.core.config import load_config

    root = Path(__file__).resolve().parents[2]
    config, _ = load_config(root / "site_config.yml")
    cases = load_library(config).cases
    rs = [record(case, f"cases/{case.slug}/", case.body) for case in cases]
    rs.append(Record("cases/odd/", " ".join([*segment(ODD_TEXT), search_records.EVERY]),
                     {"title": "Ｏdd & <b>“标题”</b> v1.2", "kind": "服务案例", "date": "2024-02-29",
                      "community": "和平社区", "summary": ODD_TEXT[:80]}, {"year": ["2024"]}))
    theirs, ours = both(tmp_path, rs)
    assert len(theirs["fragments"]) == len(cases) + 1 > 20
    assert_same(theirs, ours)


def test_an_index_of_no_case_has_pagefinds_scripts_and_no_page(tmp_path):
    writer = IndexWriter()
    writer.start(tmp_path)
    assert writer.finish().pages == 0
    ours = decoded(tmp_path / search_writer.BUNDLE)
    assert ours["page_count"] == 0 and ours["words"] == {}
    assert ours["version"] == scripts_version(tmp_path / search_writer.BUNDLE)


def test_an_index_says_which_pagefind_it_is_for(tmp_path):
    writer = IndexWriter()
    for r in records(9):
        writer.add(r, dictionary_words(r))
    writer.start(tmp_path)
    writer.finish()
    bundle = tmp_path / search_writer.BUNDLE
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    [(language, info)] = entry["languages"].items()
    assert info["page_count"] == 9 and language == "und"
    # The browser's pagefind.js warns and may fail to search an index of another version than its own.
    assert entry["version"] == scripts_version(bundle)
    assert (bundle / f"pagefind.{info['hash']}.pf_meta").is_file()


def test_another_pagefind_release_is_refused_with_a_message(tmp_path, monkeypatch):
    monkeypatch.setattr(pagefind_format, "FORMAT", "9.9.9")
    with pytest.raises(pagefind_format.IndexFormatError, match="9.9.9"):
        scripts(search_writer._pagefind_binary(), tmp_path / "scripts")
