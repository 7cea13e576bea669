"""Printing, as a facilitator does the night before a training: Chromium's own print-to-PDF of a
pack's handout and of a case page, read back with pypdf. The handout must print as a cover and then
one case per sheet, with the questions, link targets written out, and no navigation of the site."""

import io

import pytest
from pypdf import PdfReader

from generator.mkdocs_adapter.build import build_site

from ..fixture_library import make_library
from .conftest import _serve

LINKS = ("\n\n参考：[民政部网站](https://www.mca.gov.cn/)，"
         "另见[开放空间会议的心得](../培训心得/open-space-reflection.md)。\n")
# Text that belongs to the site's chrome, never to a printed page.
CHROME = ("案例检索", "跳转至", "模式 × 阶段", "搜索案例", "返回培训包页面", "打印 / 存为 PDF", "相关案例",
          "用到这篇案例的培训包")


@pytest.fixture(scope="module")
def print_server(tmp_path_factory):
    root = make_library(tmp_path_factory.mktemp("print"))
    case = root / "cases/服务案例/heping-convention.md"
    case.write_text(case.read_text(encoding="utf-8") + LINKS, encoding="utf-8")
    assert build_site(root / "site_config.yml") == 0
    httpd, url = _serve(root / "site")
    yield url
    httpd.shutdown()


def pdf_pages(browser, url: str) -> list[str]:
    page = browser.new_page()
    page.goto(url)
    data = page.pdf(format="A4")
    page.close()
    return [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]


def test_handout_prints_cover_then_a_case_per_sheet_without_site_chrome(browser, print_server):
    pages = pdf_pages(browser, print_server + "/packs/open-space/handout/")
    text = "\n".join(pages)
    assert not [word for word in CHROME if word in text]
    assert pages[0].startswith("培训讲义") and "开放空间入门" in pages[0] and "培训对象" in pages[0]
    starts = [p.split("\n", 1)[0] for p in pages]
    # each case starts a sheet of its own, headed by its session, and so does each session's discussion
    assert [s for s in starts if s.startswith("第 ")] == [
        "第 1 节 · 一份公约的诞生", "第 1 节 · 一份公约的诞生", "第 1 节 · 一份公约的诞生：讨论与活动",
        "第 2 节 · 积分", "第 2 节 · 积分：讨论问题"]
    assert len(pages) >= 6
    assert "专业反思部分" in text and "居民为什么愿意来？" in text and "积分从哪里来？" in text
    flat = text.replace("\n", "")   # long addresses wrap
    assert "民政部网站（https://www.mca.gov.cn/）" in flat                          # a web address, written out
    assert "开放空间会议的心得（本案例库 cases/open-space-reflection/）" in flat     # a link inside the library


def test_case_page_prints_only_the_case(browser, print_server):
    pages = pdf_pages(browser, print_server + "/cases/heping-convention/")
    text = "\n".join(pages)
    assert not [word for word in CHROME if word in text]
    assert pages[0].startswith("服务案例") and "和平路社区的楼道公约" in pages[0]
    assert "专业反思部分" in text and "（https://www.mca.gov.cn/）" in text.replace("\n", "")


@pytest.mark.parametrize("path", ["/packs/open-space/handout/", "/cases/heping-convention/"])
def test_print_button_shows_on_screen_and_opens_printing(browser, print_server, path):
    page = browser.new_page()
    page.goto(print_server + path)
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    button = page.get_by_role("button", name="打印 / 存为 PDF")
    assert button.is_visible()
    button.click()
    assert page.evaluate("window.printed") == 1
    page.close()
