"""The 统计 page: what a supervisor reads off it (counts per facet, gaps to fill, the exports)."""

import re
import xml.etree.ElementTree as ET

from generator.checks.load import load_library
from generator.core.config import load_config
from generator.site.library import link
from generator.site.stats import TOP_COMMUNITIES, library_stats
from generator.site.urls import community_path, term_path

from ..fixture_library import CASES, make_library
from ..helpers import page

SVG = "{http://www.w3.org/2000/svg}"


def charts(html: str) -> dict[str, list[tuple[str, str]]]:
    """Chart title → [(label, count), …] read from the inline SVG under each heading."""
    found = {}
    for title, svg in re.findall(r"<h2[^>]*>(按[^<]+)<.*?(<svg class=\"cl-chart\".*?</svg>)", html, re.S):
        texts = [t.text for t in ET.fromstring(svg).iter(SVG + "text")]
        found[title] = list(zip(texts[::2], texts[1::2]))
    return found


def test_stats_page_counts_published_cases_by_every_facet(built):
    found = charts(page(built, "stats"))
    assert list(found) == ["按案例类型", "按介入模式", "按工作阶段", "按方法与技巧", "按社区", "按服务对象", "按年份"]
    assert found["按案例类型"] == [("服务案例", "3 篇"), ("培训心得", "1 篇"), ("微项目故事", "1 篇")]
    assert dict(found["按介入模式"]) == {"地区发展模式": "2 篇", "社会策划模式": "0 篇",   # the draft is not counted
                                       "社会行动模式": "0 篇", "社区照顾模式": "1 篇"}
    techniques = found["按方法与技巧"]                                             # largest first
    assert set(techniques[:4]) == {(t, "2 篇") for t in ("开放空间会议", "居民公约", "参与式需求调查", "资源链接")}
    assert techniques[4][1] == "1 篇" and techniques[-1][1] == "0 篇"
    assert found["按社区"][0] == ("和平路社区", "2 篇")
    assert found["按年份"] == [("2019 年", "1 篇"), ("2021 年", "1 篇"), ("2022 年", "1 篇"),
                            ("2023 年", "1 篇"), ("2024 年", "1 篇")]


def test_bars_link_to_the_pages_listing_their_cases(built):
    html = page(built, "stats")
    assert re.search(r'<a href="\.\./models/district-development/"><text[^>]*>地区发展模式</text></a>', html)
    assert re.search(r'<rect class="cl-chart__bar"[^>]*width="100\.0%"', html)          # the largest bar is full
    assert "<script" not in html.split('class="md-content"')[1].split("</article>")[0]   # drawn at build time


def test_gaps_are_a_call_for_cases(built):
    article = page(built, "stats").split("<article")[1]
    gaps = article.split("还缺哪些案例")[1].split("按案例类型")[0]
    assert re.search(r'href="\.\./matrix/social-action--preparation/">社会行动模式 · 准备阶段</a>：还没有案例', gaps)
    assert "社区照顾模式 · 启动阶段" not in gaps                                    # that cell has a case
    assert re.search(r'>开放空间会议</a>：只有 2 篇，再有 1 篇', gaps)
    assert re.search(r'>鱼骨图</a>：还没有案例', gaps)                              # only a draft uses it
    assert "整理成案例投稿" in gaps and 'href="../contribute/"' in gaps


def test_stats_page_links_the_exports(built):
    html = page(built, "stats")
    for name in ("cases.csv", "cases.json", "feed.xml"):
        assert f'href="../{name}"' in html and (built / name).is_file()


def test_many_communities_show_the_busiest_and_sum_up_the_rest(tmp_path):
    fields = CASES["培训心得/open-space-reflection.md"]
    cases = {f"培训心得/c{i}.md": dict(fields, title=f"心得{i}", community=f"第{i}社区") for i in range(TOP_COMMUNITIES + 5)}
    cases["培训心得/extra.md"] = dict(fields, title="又一篇", community="第7社区")
    root = make_library(tmp_path, cases)
    config, _ = load_config(root / "site_config.yml")
    stats = library_stats(link(list(load_library(config).cases), config.vocabulary), term_path, community_path)
    chart = next(c for c in stats.charts if c.id == "communities")
    assert len(chart.bars) == TOP_COMMUNITIES and chart.bars[0].label == "第7社区" and chart.bars[0].count == 2
    assert chart.rest == "另有 5 个社区，共 5 篇。"
