"""What a reader sees in the built site: pages exist, list the right cases, links resolve."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin

from generator.mkdocs_adapter.build import build_site

from ..fixture_library import CASES, case_text, make_library
from ..helpers import listed_titles, page


def test_every_expected_page_exists(built):
    for url in ("", "kinds", "models", "stages", "techniques", "communities", "matrix", "contribute",
                "cases/heping-convention", "techniques/open-space", "models/social-action",
                "stages/evaluation", "kinds/micro-project", "matrix/district-development--launch"):
        assert (built / url / "index.html").is_file(), url


def test_term_page_lists_exactly_its_cases_newest_first(built):
    html = page(built, "techniques/residents-convention")
    assert listed_titles(html) == ["环山路社区的公益积分", "和平路社区的楼道公约"]
    assert "案例（2 篇）" in html


def test_term_without_cases_still_explains_itself(built):
    html = page(built, "models/social-action")
    assert "案例（0 篇）" in html and "还没有标注“社会行动模式”的案例" in html
    assert re.search(r"<h1[^>]*>社会行动模式</h1>", html)          # the page is headed by its term


def test_case_page_has_metadata_chips_and_related_cases(built):
    html = page(built, "cases/heping-convention")
    assert "<h1>和平路社区的楼道公约</h1>" in html
    assert "<dt>日期</dt><dd>2023-06-15</dd>" in html
    assert '<dt>社区</dt><dd><a href="../../communities/和平路社区/">和平路社区</a></dd>' in html
    chips = re.findall(r'class="cl-chip cl-chip--(\w+)" href="([^"]+)"[^>]*>([^<]+)<', html)
    assert ("techniques", "../../techniques/open-space/", "开放空间会议") in chips
    assert ("models", "../../models/district-development/", "地区发展模式") in chips
    related = html.split('id="related"')[1]
    assert listed_titles(related)[0] == "环山路社区的公益积分"  # shares a model and a technique


def test_drafts_are_left_out_of_build(built):
    assert not (built / "cases" / "draft-case").exists()
    assert "还在修改的草稿案例" not in "".join(p.read_text(encoding="utf-8") for p in built.rglob("*.html"))


def test_matrix_counts_and_gaps(built):
    html = page(built, "matrix")
    assert re.search(r'href="district-development--launch/"[^>]*>1</a>', html)
    assert html.count("空缺") >= 10
    assert listed_titles(page(built, "matrix/community-care--launch")) == ["独居老人的邻里守望"]


def test_home_has_counts_entrances_and_newest(built):
    html = page(built, "")
    assert "<strong>5</strong> 篇案例" in html and "<strong>4</strong> 个社区" in html
    assert "新社工" in html and "培训师" in html and "督导" in html
    assert listed_titles(html)[0] == "环山路社区的公益积分"


def test_navigation_lists_sections_not_cases(built):
    nav = page(built, "").split('class="md-content"')[0]
    for section in ("案例类型", "介入模式", "工作阶段", "方法与技巧", "社区", "模式 × 阶段", "统计", "如何撰写与投稿"):
        assert section in nav
    assert "和平路社区的楼道公约" not in nav


def test_case_page_size_stays_small(built):
    assert (built / "cases" / "heping-convention" / "index.html").stat().st_size < 60_000


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for key in ("href", "src"):
            if attrs.get(key):
                self.links.append(attrs[key])


def test_every_internal_link_and_anchor_resolves(built):
    parsed = {}
    for path in built.rglob("*.html"):
        if path.name == "404.html":
            continue  # MkDocs writes root-absolute links there by design (served at any URL)
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        parsed[path] = parser
    broken = []
    for path, parser in parsed.items():
        base = "file://" + str(path)
        for link in parser.links:
            if link.startswith(("http://", "https://", "mailto:", "javascript:", "data:")):
                continue
            url, fragment = urldefrag(urljoin(base, link))
            url = url.split("?", 1)[0]   # search links carry their filters in the query
            target = Path(unquote(url[len("file://"):]))
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append((str(path.relative_to(built)), link))
            elif fragment and target.suffix == ".html" and fragment not in parsed[target].ids:
                broken.append((str(path.relative_to(built)), link))
    assert not broken, broken[:20]


def test_no_external_requests(built):
    for path in built.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert not re.search(r'<(script|link)[^>]+(src|href)="https?://', html), path


def test_bad_case_stops_the_build_with_the_check_message(tmp_path, capsys, monkeypatch):
    cases = dict(CASES)
    cases["服务案例/bad.md"] = dict(CASES["服务案例/elderly-care.md"], title="坏案例", techniques="[开放空间技巧]")
    root = make_library(tmp_path, cases)
    monkeypatch.chdir(root)
    assert build_site(root / "site_config.yml", tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert "案例文件有错误，网站没有生成" in err
    assert "cases/服务案例/bad.md:8: 错误[未知术语]" in err
    assert "是否指 “开放空间会议”？" in err
    assert not (tmp_path / "out" / "index.html").exists()
    assert "Traceback" not in err


def test_case_text_is_never_a_template(tmp_path):
    cases = {"c.md": dict(CASES["培训心得/open-space-reflection.md"])}
    root = make_library(tmp_path, cases)
    path = root / "cases" / "c.md"
    path.write_text(case_text(cases["c.md"]) + "\n模板语法 {{ 7 * 7 }} 与 {% if x %} 原样显示。\n", encoding="utf-8")
    assert build_site(root / "site_config.yml") == 0
    html = page(root / "site", "cases/c")
    assert "{{ 7 * 7 }}" in html and "49" not in html


def test_long_listings_are_paginated_newest_first(tmp_path):
    cases = {f"c{i:03d}.md": dict(CASES["培训心得/open-space-reflection.md"], title=f"心得{i:03d}",
                                  date=f"20{10 + i // 12:02d}-{i % 12 + 1:02d}-01") for i in range(230)}
    root = make_library(tmp_path, cases)
    assert build_site(root / "site_config.yml") == 0
    site = root / "site"
    first, second, third = (page(site, u) for u in ("techniques/open-space", "techniques/open-space/2",
                                                     "techniques/open-space/3"))
    assert [len(listed_titles(h)) for h in (first, second, third)] == [100, 100, 30]
    assert listed_titles(first)[0] == "心得229" and listed_titles(third)[-1] == "心得000"
    assert "第 1 / 3 页" in first and 'href="2/" rel="next"' in first
    assert 'href="../" rel="prev"' in second and "案例（230 篇）" in third
    assert (site / "techniques/open-space/index.html").stat().st_size < 120_000


def test_hostile_header_values_show_as_text_everywhere(tmp_path):
    evil = '<img src=x onerror=alert(1)></title><script>alert(2)</script>'
    fields = dict(CASES["培训心得/open-space-reflection.md"], title=evil, community="<b>社区</b>")
    root = make_library(tmp_path, {"evil.md": fields})
    assert build_site(root / "site_config.yml") == 0
    for path in (root / "site").rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "<script>alert(2)" not in html and "<img src=x" not in html and "<b>社区</b>" not in html, path
    html = page(root / "site", "cases/evil")
    assert "<title>&lt;img src=x onerror=alert(1)&gt;&lt;/title&gt;&lt;script&gt;" in html
    assert "<h1>&lt;img src=x onerror=alert(1)&gt;" in html


def test_personal_data_never_reaches_the_site_or_the_messages(tmp_path, capsys, monkeypatch):
    fields = dict(CASES["微项目故事/garden.md"])
    root = make_library(tmp_path, {"pii.md": fields})
    path = root / "cases" / "pii.md"
    clean = path.read_text(encoding="utf-8").replace("  consent: written\n", '  consent: written\n  allow: ["0531-86001234"]\n')
    leaked = clean + "\n冯伯伯的电话是13812345678，住在3号楼2单元501室。社区服务热线 0531-86001234。\n"
    path.write_text(leaked, encoding="utf-8")
    monkeypatch.chdir(root)
    assert build_site(root / "site_config.yml") == 1
    err = capsys.readouterr().err
    assert "138****5678" in err and "*号楼*单元***室" in err
    assert "13812345678" not in err and "3号楼2单元501室" not in err and "0531-86001234" not in err
    assert not (root / "site").exists()
    path.write_text(clean + "\n社区服务热线 0531-86001234。\n", encoding="utf-8")
    assert build_site(root / "site_config.yml") == 0
    assert "0531-86001234" in page(root / "site", "cases/pii")  # explicitly allowed, so published


def test_images_and_links_between_cases_are_published(tmp_path):
    cases = {"服务案例/a.md": CASES["服务案例/heping-convention.md"], "培训心得/b.md": CASES["培训心得/open-space-reflection.md"]}
    root = make_library(tmp_path, cases)
    (root / "cases" / "服务案例" / "图片").mkdir()
    (root / "cases" / "服务案例" / "图片" / "会议.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    a = root / "cases" / "服务案例" / "a.md"
    a.write_text(a.read_text(encoding="utf-8") + "\n![会议现场](图片/会议.png)\n\n参见[这篇心得](../培训心得/b.md)。\n",
                 encoding="utf-8")
    assert build_site(root / "site_config.yml") == 0
    html = page(root / "site", "cases/a")
    assert 'src="../a-files/%E4%BC%9A%E8%AE%AE.png"' in html or 'src="../a-files/会议.png"' in html
    assert (root / "site" / "cases" / "a-files" / "会议.png").read_bytes().endswith(b"fake")
    assert 'href="../b/"' in html
