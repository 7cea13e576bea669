"""The search index is made of normalised, segmented words; what it stores cannot carry markup."""

import gzip
from pathlib import Path

from generator.checks.load import load_library
from generator.search.dictionary import dictionary_words, write_dictionary
from generator.search.records import (
    PART_CLOSE,
    PART_OPEN,
    Record,
    html_text,
    normalise,
    record,
    segment,
    whole_names,
)
from generator.search.writer import IndexWriter
from generator.site.library import link
from generator.site.search_page import filter_query

from ..conftest import ROOT, TODAY


def sample_cases(config):
    loaded = load_library(config, [ROOT / "cases"], TODAY)
    return {c.slug: c for c in loaded.cases}


def test_normalise_folds_full_width_and_traditional_characters():
    assert normalise("社區照顧模式") == "社区照顾模式"
    assert normalise("ＳＷＯＴ分析　５３１打分法") == "SWOT分析 531打分法"


def test_normalise_is_nfkc_then_simplified_for_every_kind_of_odd_text():
    # The fast path maps full-width characters before NFKC and skips texts already in NFKC;
    # the result must stay what NFKC and then the browser's character table give.
    import unicodedata

    from generator.core.text import simplified_characters

    texts = ["ＡＢＣ１２３，全角。（括号）", "區域發展與社區營造", "豈更 兀 ① ㎡ ﬁ ｶﾀｶﾅ ½ ²", "e\u0301 ｅ\u0301 café",
             "居民……“引号”——破折号", "\u3000空格\u3000", "ΟΔΥΣΣΕΥΣ İstanbul ǅ", "𠀀 社區 ＂ｑｕｏｔｅ＂"]
    for text in texts:
        assert normalise(text) == unicodedata.normalize("NFKC", text).translate(simplified_characters()), text


def test_segment_keeps_words_the_browser_can_find_and_sentence_punctuation_only():
    words = segment("老旧小区加装电梯，用《531打分法》排序！<b>=&")
    assert {"加装", "电梯", "531", "打分"} <= set(words)
    assert words[words.index("电梯") + 1] == ","             # for excerpts; NFKC made it ASCII
    assert {"《", "》", "!"} <= set(words) and not {"<", ">", "=", "&"} & set(words)
    assert segment("地區發展") == segment("地区发展")


def test_names_are_kept_whole_and_their_parts_stay_searchable():
    names = frozenset({"居民公约", "卡片归类与531打分法", "和平路社区"})
    words = segment("和平路社区用卡片归类与531打分法排序，再制定居民公约。", names)
    assert words[:5] == ["和平路社区", PART_OPEN, "和平路", "社区", PART_CLOSE]
    assert "卡片归类与531打分法" in words and "居民公约" in words
    i = words.index("居民公约")
    assert words[i + 1:i + 5] == [PART_OPEN, "居民", "公约", PART_CLOSE]
    assert segment("居民会议通过公约", names) == segment("居民会议通过公约")   # not next to each other
    assert segment("ＳＷＯＴ分析", frozenset({"swot分析"}))[0] == "SWOT分析"   # width and case folded


def test_whole_names_are_the_vocabulary_and_the_communities(config):
    loaded = load_library(config, [ROOT / "cases"], TODAY)
    library = link(loaded.cases, config.vocabulary)
    names = whole_names(library.vocabulary, [c.name for c in library.communities])
    assert {"居民公约", "开放空间会议", "531打分法", "和平路社区", "swot分析"} <= names
    assert not any(len(n) < 2 for n in names)


def test_html_text_keeps_visible_text_only():
    text = html_text("<h2>背景</h2><p>楼道<b>堆物</b></p><script>var x = 1</script><ul><li>一</li><li>二</li></ul>")
    assert "楼道堆物" in text and "var x" not in text
    assert "背景\n" in text and "一\n二" in text.replace("\n\n", "\n")


def test_record_of_a_sample_case_has_what_results_show_and_filter_on(config):
    case = sample_cases(config)["tongzhou-elevator-planning"]
    r = record(case, "cases/tongzhou-elevator-planning/", "居民在议事厅讨论加装电梯的方案。")
    assert r.meta == {"title": case.title, "kind": "服务案例", "date": "2023-08-30",
                      "community": "玉桥西里社区", "summary": case.summary}
    assert r.filters["technique"] == [t.label for t in case.techniques]
    assert r.filters["model"] == ["社会策划模式"] and r.filters["year"] == ["2023"]
    assert r.filters["community"] == ["玉桥西里社区"] and r.filters["kind"] == ["服务案例"]
    assert {"加装", "电梯", "议事厅", "SWOT"} <= set(r.words)   # body and tags are both searchable


def test_the_index_stores_no_markup_from_hostile_values(tmp_path):
    evil = '<img src=x onerror=alert(1)></title><script>alert(2)</script>'
    r = Record("cases/evil/", " ".join(segment(evil + " 正文")), {"title": evil, "kind": "心得", "date": "2020",
                                                                "community": '"社区"', "summary": evil},
               {"community": ['"社区"'], "year": ["2020"]})
    writer = IndexWriter()
    writer.add(r, dictionary_words(r))
    writer.start(tmp_path)
    writer.finish()
    [fragment] = (tmp_path / "pagefind" / "fragment").iterdir()
    stored = gzip.decompress(fragment.read_bytes()).decode("utf-8")
    assert "<script>" not in stored and "<img" not in stored and "&lt;img src=x" in stored
    assert "script" in r.words and "<" not in " ".join(r.words)


def test_index_writer_keeps_only_chinese_words_for_the_query_dictionary(tmp_path):
    writer = IndexWriter()
    for r in (Record("a/", "加装 电梯 的 SWOT SWOT分析", {"date": "2020"}, {}),
              Record("b/", "电梯 议事厅", {"date": "2021"}, {})):
        writer.add(r, dictionary_words(r))
    writer.start(tmp_path)
    assert writer.finish().pages == 2
    shards = [p.read_text(encoding="utf-8").split("\n") for p in (tmp_path / "search/words").iterdir()]
    words = {line for lines in shards for line in lines if line and "=" not in line}
    assert words == {"加装", "电梯", "swot分析", "议事厅"}   # no single characters or pure Latin
    assert (tmp_path / "pagefind" / "pagefind.js").is_file()


def test_filter_query_is_a_url_a_facilitator_can_send():
    assert filter_query("community", "和平路社区") == "?community=%E5%92%8C%E5%B9%B3%E8%B7%AF%E7%A4%BE%E5%8C%BA"


def test_every_sample_case_is_found_by_the_words_of_its_title(config):
    cases = sample_cases(config)
    assert len(cases) >= 20
    for case in cases.values():
        words = set(segment(case.title))
        assert words and all(w.strip() and w in normalise(case.title) for w in words), case.slug
        assert words <= set(record(case, f"cases/{case.slug}/", case.body).words), case.slug


def test_shards_are_small_for_the_sample_library(tmp_path, config):
    words = {w for c in sample_cases(config).values() for w in segment(c.body) if len(w) > 1}
    write_dictionary(words, tmp_path)
    sizes = [p.stat().st_size for p in Path(tmp_path).glob("*.txt")]
    assert max(sizes) < 4000 and len(sizes) == 256   # every shard holds some Traditional characters
