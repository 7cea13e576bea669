"""Pages written into the theme's shell (mkdocs_adapter/shell.py): the shell is rendered once per
folder with stand-ins, so each page must get its own title, description, table of contents,
article and address, and nothing of the stand-ins or of another page of the folder.
(tests/site/test_build_cache.py compares the pages with MkDocs' own rendering, byte for byte.)"""

import html
import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest

from generator.mkdocs_adapter.build import build_site

from ..fixture_library import CASES, make_library
from ..helpers import page

SITE_URL = "https://example.org/anli/"
SITE_NAME = "社区案例库"
EXTRA = {
    "培训心得/楼道议事的心得.md": dict(CASES["培训心得/open-space-reflection.md"], title="楼道议事的心得"),
    "培训心得/no-headings.md": dict(CASES["培训心得/open-space-reflection.md"], title="没有小标题的心得"),
}
NO_HEADINGS = ("居民自己提出议题，社工只是把大家的意见记下来。" * 8) + "\n"
QUOTED_SUMMARY = '她说"先听完再说"，<b>不是</b>口号。'


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The fixture library and two more reflections (one named in Chinese, one without headings), with a site_url."""
    root = make_library(tmp_path_factory.mktemp("shell"), {**CASES, **EXTRA})
    quoted = root / "cases/培训心得/楼道议事的心得.md"
    quoted.write_text(quoted.read_text(encoding="utf-8").replace("summary: 楼道议事的心得的做法与效果。",
                                                                 f"summary: '{QUOTED_SUMMARY}'"), encoding="utf-8")
    flat = root / "cases/培训心得/no-headings.md"
    flat.write_text(flat.read_text(encoding="utf-8").split("\n---\n")[0] + "\n---\n\n" + NO_HEADINGS, encoding="utf-8")
    config = root / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        f"site_name: {SITE_NAME}", f"site_name: {SITE_NAME}\nsite_url: {SITE_URL}"), encoding="utf-8")
    assert build_site(config) == 0
    return root / "site"


class _Page(HTMLParser):
    """The parts of a page the shell fills in."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.title = self.description = self.canonical = None
        self.toc: list[tuple[str, str]] = []          # (href, text) of the table of contents
        self.headings: dict[str, str] = {}            # id → text of the article's headings
        self.h1: list[str] = []
        self._in: list[str] = []
        self._toc_depth = self._link = self._heading = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("name") == "description":
            self.description = a["content"]
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        elif tag == "ul" and a.get("data-md-component") == "toc":
            self._toc_depth = 0
        if self._toc_depth is not None and tag == "ul":
            self._toc_depth += 1
        if self._toc_depth and tag == "a":
            self._link = [a["href"], ""]
        if tag in ("h1", "h2", "h3", "h4"):
            self._heading = [tag, a.get("id"), ""]
        if tag == "title":
            self.title = ""
        self._in.append(tag)

    def handle_endtag(self, tag):
        if self._toc_depth and tag == "ul":
            self._toc_depth -= 1
            if self._toc_depth == 0:
                self._toc_depth = None
        if tag == "a" and self._link:
            self.toc.append((self._link[0], self._link[1].strip()))
            self._link = None
        if self._heading and tag == self._heading[0]:
            _, id_, text = self._heading
            if tag == "h1":
                self.h1.append(text.strip())
            else:
                self.headings[id_] = text.strip()
            self._heading = None
        if self._in:
            self._in.pop()

    def handle_data(self, data):
        if self._in and self._in[-1] == "title" and self.title is not None:
            self.title += data
        if self._link:
            self._link[1] += data
        if self._heading:
            self._heading[2] += data


def case_pages(site):
    return sorted(p for p in (site / "cases").glob("*/index.html"))


def test_each_case_page_has_its_own_title_description_address_and_article(site):
    pages = {p.parent.name: _Page(p.read_text(encoding="utf-8")) for p in case_pages(site)}
    assert len(pages) == len(CASES) - 1 + len(EXTRA)                 # all in one folder: one shell
    expected = {"heping-convention": ("和平路社区的楼道公约", "和平路社区的楼道公约的做法与效果。"),
                "楼道议事的心得": ("楼道议事的心得", QUOTED_SUMMARY),
                "no-headings": ("没有小标题的心得", "没有小标题的心得的做法与效果。")}
    for slug, (title, summary) in expected.items():
        found = pages[slug]
        assert found.title == f"{title} - {SITE_NAME}"
        assert found.h1 == [title]
        assert found.description == summary                           # escaped in the page, this once read
        assert found.canonical == SITE_URL + quote(f"cases/{slug}/")
    assert len({p.canonical for p in pages.values()}) == len({p.title for p in pages.values()}) == len(pages)


def test_the_table_of_contents_is_the_pages_own_headings(site):
    heping = _Page(page(site, "cases/heping-convention"))
    names = ["背景", "需求评估", "服务目标", "服务计划与介入过程", "成效评估", "专业反思"]
    assert [text for _, text in heping.toc] == names
    assert [heping.headings[href.removeprefix("#")] for href, _ in heping.toc] == names   # each leads to its heading
    flat = _Page(page(site, "cases/no-headings"))
    assert flat.toc == []                                             # not the toc of another page of the shell
    assert set(flat.headings) == set(heping.headings) - {href.removeprefix("#") for href, _ in heping.toc}
    assert NO_HEADINGS.strip()[:40] in page(site, "cases/no-headings")


def test_listing_pages_in_the_shell_get_their_own_title_and_address(site):
    for url, title in [("techniques/open-space", "开放空间会议"), ("communities/和平路社区", "和平路社区"),
                       ("matrix/district-development--launch", "地区发展模式 · 启动阶段")]:
        found = _Page(page(site, url))
        assert found.title == f"{title} - {SITE_NAME}" and found.h1 == [title]
        assert found.canonical == SITE_URL + quote(url + "/")         # Chinese addresses percent-encoded


def test_no_stand_in_is_left_on_any_page(site):
    leftovers = [p.relative_to(site).as_posix() for p in site.rglob("*.html")
                 if re.search("CASELIB-SHELL|caselib-shell", p.read_text(encoding="utf-8"))]
    assert leftovers == []
    sitemap = html.unescape((site / "sitemap.xml").read_text(encoding="utf-8"))
    assert SITE_URL + quote("cases/楼道议事的心得/") in sitemap and "caselib-shell" not in sitemap
