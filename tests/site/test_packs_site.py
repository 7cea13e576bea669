"""Training packs on the built site: the 培训包 section, a page per pack, its handout, and the
packs each case page names."""

import re

import pytest

from generator.mkdocs_adapter.build import build_site

from ..fixture_library import CASES, PACK, make_library
from ..helpers import listed_titles, page


def test_packs_section_is_in_the_nav_and_lists_the_pack(built):
    html = page(built, "packs")
    assert "培训包" in html.split('class="md-content"')[0]
    assert listed_titles(html) == ["开放空间入门"]
    assert "培训对象：新社工、居民骨干 · 半天 · 2 节 · 3 篇案例" in html


def test_pack_page_has_agenda_cases_with_summaries_and_tags_and_questions(built):
    html = page(built, "packs/open-space")
    agenda = html.split('id="agenda"')[1].split("</ol>")[0]
    assert re.findall(r'<a href="#session-\d">([^<]+)</a>', agenda) == ["一份公约的诞生", "积分"]
    first = html.split('id="session-1"')[1].split('id="session-2"')[0]
    assert listed_titles(first) == ["和平路社区的楼道公约", "第一次参加开放空间会议"]
    assert "和平路社区的楼道公约的做法与效果。" in first                       # the summary
    assert 'href="../../techniques/residents-convention/"' in first           # the case's tags
    assert "<li>居民为什么愿意来？</li>" in first and "分组模拟一次开放空间会议。" in first
    assert 'href="handout/"' in html


def test_case_pages_name_the_packs_that_use_them(built):
    assert re.search(r'用到这篇案例的培训包.*href="../../packs/open-space/">开放空间入门</a>',
                     page(built, "cases/heping-convention"), re.S)
    assert "用到这篇案例的培训包" not in page(built, "cases/elderly-care")


def test_handout_has_cover_then_every_case_in_full_and_the_questions(built):
    html = (built / "packs/open-space/handout/index.html").read_text(encoding="utf-8")
    assert "md-header" not in html and "md-tabs" not in html                  # no site chrome
    cover, *cases = html.split('<article class="cl-handout__case">')
    assert "<h1>开放空间入门</h1>" in cover and "学会用开放空间会议让居民自己提出议题。" in cover
    assert [re.search(r"<h2>([^<]+)</h2>", c)[1] for c in cases] == [
        "和平路社区的楼道公约", "第一次参加开放空间会议", "环山路社区的公益积分"]
    assert all("专业反思部分" in c for c in cases)                           # the whole body
    assert "<h3>成效评估</h3>" in cases[0]                                    # body headings under the title
    assert html.count('class="cl-handout__discussion"') == 2 and "<li>积分从哪里来？</li>" in html
    assert 'href="../../../assets/caselib-print.css"' in html


def test_handout_writes_where_each_case_is_read_online(tmp_path):
    # Printed, a link cannot be clicked: the handout says where each case is. Without the site's
    # address that is its place in the library; with site_url, the address a trainee can type.
    root = make_library(tmp_path)
    case = root / "cases" / "服务案例" / "heping-convention.md"
    case.write_text(case.read_text(encoding="utf-8") + "\n\n另见[开放空间会议的心得](../培训心得/open-space-reflection.md)。\n",
                    encoding="utf-8")
    config = root / "site_config.yml"
    for site_url, address in [(None, "本案例库 "), ("https://example.org/anli", "https://example.org/anli/")]:
        if site_url:
            config.write_text(f"site_url: {site_url}\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
        assert build_site(config) == 0
        html = (root / "site/packs/open-space/handout/index.html").read_text(encoding="utf-8")
        assert f"网上阅读：{address}cases/heping-convention/" in html
        assert f'data-address="{address}cases/open-space-reflection/"' in html


def test_a_broken_pack_stops_the_build_with_its_line(tmp_path, capsys):
    root = make_library(tmp_path, CASES, {"bad.yml": PACK.replace("huanshan-points", "huanshan-point")})
    assert build_site(root / "site_config.yml") == 1
    err = capsys.readouterr().err
    assert "/packs/bad.yml:16: 错误[未知案例] 找不到案例“huanshan-point” —— 是否指 “huanshan-points”？" in err


@pytest.mark.parametrize("status", ["draft", "review"])
def test_a_pack_may_not_use_an_unpublished_case(tmp_path, capsys, status):
    cases = {**CASES, "服务案例/huanshan-points.md": {**CASES["服务案例/huanshan-points.md"], "status": status}}
    root = make_library(tmp_path, cases, {"p.yml": PACK})
    assert build_site(root / "site_config.yml") == 1
    assert "错误[案例未发布] 案例“环山路社区的公益积分”还没有发布" in capsys.readouterr().err
