"""The search bundle is built with the site: only published cases are indexed, nothing unsafe is stored."""

import gzip
import json

from generator.mkdocs_adapter.build import build_site

from ..fixture_library import CASES, make_library
from ..helpers import page


def entry(site):
    return json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))


def fragments(site) -> list[dict]:
    """Pagefind's per-page records (gzip, a signature, then JSON)."""
    out = []
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        out.append(json.loads(raw[raw.index(b"{"):]))
    return out


def test_only_published_cases_are_indexed(built):
    published = len([c for c in CASES.values() if c.get("status") != "draft"])
    assert sum(lang["page_count"] for lang in entry(built)["languages"].values()) == published
    urls = sorted(f["url"] for f in fragments(built))
    assert urls == sorted(f"/cases/{name.split('/')[1][:-3]}/" for name, c in CASES.items()
                          if c.get("status") != "draft")


def test_index_records_carry_filters_and_what_a_result_shows(built):
    record = next(f for f in fragments(built) if f["url"] == "/cases/heping-convention/")
    assert record["meta"]["title"] == "和平路社区的楼道公约" and record["meta"]["community"] == "和平路社区"
    assert record["filters"]["technique"] == ["开放空间会议", "居民公约", "参与式需求调查"]
    assert record["filters"]["stage"] == ["准备阶段", "启动阶段"] and record["filters"]["year"] == ["2023"]
    assert "楼道" in record["content"] and "堆物" in record["content"]


def test_search_page_dictionary_and_term_links_exist(built):
    html = page(built, "search")
    assert "data-cl-finder" in html and "开放空间会议" in html   # filter order for the page's script
    assert any((built / "search" / "words").glob("*.txt"))
    assert 'href="../../search/?technique=%E5%BC%80%E6%94%BE%E7%A9%BA%E9%97%B4%E4%BC%9A%E8%AE%AE"' in \
        page(built, "techniques/open-space")
    nav = page(built, "").split('class="md-content"')[0]
    assert "案例检索" in nav and 'action="search/"' in nav     # header box works without JavaScript too


def test_search_data_files_are_valid(built):
    terms = json.loads((built / "assets" / "search-terms.json").read_text(encoding="utf-8"))
    open_space = next(t for t in terms if t["label"] == "开放空间会议")
    assert "开放空间技术" in open_space["aliases"] and open_space["url"] == "techniques/open-space/"
    assert open_space["count"] == 2
    shard = (built / "search" / "words" / f"{ord('區') % 256}.txt").read_text(encoding="utf-8")
    assert "區=区" in shard.split("\n")      # the browser folds Traditional characters with the same files


def test_hostile_values_never_reach_the_index_as_markup(tmp_path):
    evil = '<img src=x onerror=alert(1)></title><script>alert(2)</script>'
    fields = dict(CASES["培训心得/open-space-reflection.md"], title=evil, community="<b>社区</b>")
    root = make_library(tmp_path, {"evil.md": fields})
    path = root / "cases" / "evil.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n正文<script>alert(3)</script>里的脚本。\n", encoding="utf-8")
    assert build_site(root / "site_config.yml") == 1      # check refuses the script in the body
    path.write_text(path.read_text(encoding="utf-8").replace("<script>alert(3)</script>", ""), encoding="utf-8")
    assert build_site(root / "site_config.yml") == 0
    site = root / "site"
    for path in site.rglob("*"):
        if path.is_file() and path.name != "cases.csv":   # a spreadsheet shows text as written (test_exports.py)
            raw = path.read_bytes()
            if raw[:2] == b"\x1f\x8b":   # Pagefind's index, filter and fragment chunks are gzip
                raw = gzip.decompress(raw)
            for payload in ("<script>alert", "<img src=x", "<b>社区</b>"):
                assert payload.encode() not in raw, (path, payload)
    assert any("＜b＞社区＜/b＞" in json.dumps(f["filters"], ensure_ascii=False) for f in fragments(site))
