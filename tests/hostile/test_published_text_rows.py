"""What the reader sees is what was checked (issue 21, rows 13 to 16): personal data hidden by character
references or invisible characters, in the body and in the header's published text; the library's own
pages of docs/; patterns that must stay linear on long hostile lines; placeholders and element ids
that content must not be able to forge."""

from __future__ import annotations

import datetime as dt
import html
import multiprocessing
import os
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.checks.load import check_file
from generator.checks.pages import check_pages
from generator.core.config import load_config

from ..fixture_library import BODY_SECTIONS, ROOT
from .conftest import assert_plain_failure

CASE = "cases/服务案例/leak.md"
HEADER = """---
title: {title}
kind: 服务案例
date: 2023-06-15
community: 和平路社区
summary: {summary}
models: [地区发展模式]
stages: [准备阶段]
techniques: [居民公约]
privacy:
  pseudonymised: true
  consent: written
---

"""
LINES = {"title": 2, "summary": 6, "body": 17}      # where each place's text stands in the file


PLAIN = "居民互相留了联系方式。"


def case_text(title: str = "楼道里的联系方式", summary: str = PLAIN, leak: str = PLAIN,
              body: str = BODY_SECTIONS) -> str:
    first, rest = body.split("\n\n", 1)         # the leak is the body's first paragraph, on line 17
    return HEADER.format(title=title, summary=summary) + f"{first}\n\n{leak}\n\n{rest}\n"


NUMBER = "13812345678"
REFERENCES = {
    "decimal": "&#49;3812345678",
    "decimal-zeros": "&#0049;3812345678",
    "hex": "&#x31;3812345678",
    "hex-upper": "&#X31;&#x33;812345678",
    "every-digit": "".join(f"&#{ord(c)};" for c in NUMBER),
    "nbsp-groups": "138&nbsp;1234&nbsp;5678",
    "nbsp-once": "1381234&nbsp;5678",
    "named-invisible": "138&ZeroWidthSpace;1234&shy;5678",
    "named-nobreak": "138&NoBreak;12345678",
    "named-bom": "138&#xFEFF;1234&#8203;5678",
}
INVISIBLE = {
    "U+200B": "\u200b", "U+200C": "\u200c", "U+200D": "\u200d", "U+2060": "\u2060", "U+FEFF": "\ufeff",
    "U+00AD": "\u00ad", "U+2063": "\u2063", "U+180E": "\u180e", "U+061C": "\u061c", "U+E0041": "\U000e0041",
    "U+1D173": "\U0001d173", "U+034F": "\u034f", "U+FE0F": "\ufe0f",
}
HIDDEN = {**{f"reference-{k}": v for k, v in REFERENCES.items()},
          **{f"invisible-{k}": f"138{ch}1234{ch}5678" for k, ch in INVISIBLE.items()},
          "invisible-every-digit": "\u200b".join(NUMBER)}


def write_case(hostile, text: str) -> Path:
    path = hostile.lib / CASE
    path.write_text(text, encoding="utf-8")
    hostile.mark()
    return path


def leak_in(place: str, number: str) -> str:
    words = f"联系电话 {number}。"
    return case_text(**{"title" if place == "title" else "summary" if place == "summary" else "leak": words})


def assert_refused_and_nothing_published(hostile, line: int) -> None:
    check = hostile.caselib("check")
    assert_plain_failure(check)
    assert f"{CASE}:{line}: 错误[隐私信息] 手机号码“138****5678”" in check.out, check.out
    assert not [line for line in check.out.splitlines() if "隐私信息" in line and NUMBER in line]   # never echoed
    build = hostile.caselib("build")
    assert_plain_failure(build)
    assert "网站没有生成" in build.out, build.out
    assert hostile.changed_outside() == []               # nothing published: no site/ written at all


# --- row 13: personal data as its reader sees it ------------------------------------------------------

@pytest.mark.parametrize("place", ["body", "title", "summary"])
@pytest.mark.parametrize("variant", list(HIDDEN))
def test_a_phone_number_hidden_by_references_or_invisible_characters_is_found_on_its_line(hostile, variant, place):
    write_case(hostile, leak_in(place, HIDDEN[variant]))
    assert_refused_and_nothing_published(hostile, LINES[place])


@pytest.mark.parametrize("header, line", [
    ('title: "联系电话 \\u0031\\u0033812345678"', 2),              # YAML's escapes: the page shows the digits
    ('title: "联系电话 \\x31\\x338\\x312345678"', 2),
    ("summary: 联系电话 138\n  12345678", 6),                       # folded: the page shows "138 12345678"
])
def test_a_phone_number_only_yaml_puts_together_is_found_in_the_published_value(hostile, header, line):
    key = header.split(":")[0]
    text = case_text()
    text = re.sub(rf"^{key}: .*$", lambda _: header, text, count=1, flags=re.MULTILINE)
    write_case(hostile, text)
    assert_refused_and_nothing_published(hostile, line)


def test_a_name_hidden_by_a_zero_width_space_is_still_a_name(hostile):
    write_case(hostile, case_text(leak="服务对象王\u200b秀英，女，78岁，独自居住。"))
    check = hostile.caselib("check")
    assert f"{CASE}:17: 错误[疑似真名] “王秀英”" in check.out, check.out


def test_a_name_in_the_summary_is_found_on_the_summary_line(hostile):
    write_case(hostile, case_text(summary="案主：吴海燕，独居老人。"))
    check = hostile.caselib("check")
    assert f"{CASE}:6: 错误[疑似真名] “吴海燕”" in check.out, check.out


def test_plain_text_with_references_and_invisible_characters_is_not_a_false_alarm(hostile):
    write_case(hostile, case_text(leak="服务热线 12345，2023&#46;11&#46;17 开会，"
                                       "共 1,380,000 元；楼长\u200b说：3 号楼门口 &amp; 小广场。"))
    check = hostile.caselib("check")
    assert check.code == 0, check.out
    reported = [line for line in check.out.splitlines() if line.startswith(CASE)]
    assert [line for line in reported if "缺少成效数据" not in line] == [], check.out


# --- row 14: the library's own pages ------------------------------------------------------------------

PAGE = """# 投稿须知

<script>alert(1)</script>

<img src="x.png" onerror="alert(1)">

有问题请联系 &#49;3812345678。

<div id="__search">搜索</div>
"""


def test_a_docs_page_with_script_event_attribute_phone_and_theme_id_reports_each(hostile, monkeypatch):
    (hostile.lib / "docs" / "guide.md").write_text(PAGE, encoding="utf-8")
    monkeypatch.chdir(hostile.lib)
    config, _ = load_config(hostile.lib / "site_config.yml")
    assert config is not None
    problems, pages = check_pages(hostile.lib / "docs", config.markdown, config.allowed_contacts)
    found = sorted((p.path, p.line, p.code) for p in problems)
    assert found == [("docs/guide.md", 3, "不安全的HTML"), ("docs/guide.md", 5, "不安全的HTML"),
                     ("docs/guide.md", 7, "隐私信息"), ("docs/guide.md", 9, "主题元素")], problems
    assert pages == 2
    assert all(any("\u4e00" <= c <= "\u9fff" for c in p.message + p.hint) for p in problems)


def test_a_file_of_docs_a_browser_could_run_is_refused(hostile, monkeypatch):
    (hostile.lib / "docs" / "page.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (hostile.lib / "docs" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    monkeypatch.chdir(hostile.lib)
    problems, _ = check_pages(hostile.lib / "docs")
    assert [(p.path, p.code) for p in problems] == [("docs/page.html", "不安全的文件")]


def test_the_sample_librarys_own_pages_are_clean():
    config, _ = load_config(ROOT / "site_config.yml")
    assert config is not None
    assert check_pages(ROOT / "docs", config.markdown, config.allowed_contacts) == ([], 1)


def test_caselib_check_reports_a_docs_page_and_build_refuses_it(hostile):
    (hostile.lib / "docs" / "guide.md").write_text(PAGE, encoding="utf-8")
    hostile.mark()
    check = hostile.caselib("check")
    assert_plain_failure(check)
    for line in (3, 5, 7, 9):
        assert f"docs/guide.md:{line}: 错误[" in check.out, check.out
    assert_plain_failure(hostile.caselib("build"))
    assert hostile.changed_outside() == []


# --- row 15: every pattern linear on long hostile lines -------------------------------------------------

BUDGET = 10.0       # seconds per file: a guard against quadratic patterns, not a timing test
SIZE = 300_000      # characters in the hostile line
UNITS = ["[", "](", "<", "&#", "*", "`", " ", "1", "一", "[a](", "<a ", "&#x", "![", "{:", "on", "1 ", "1-",
         "女儿王", "服务对象", "号楼", "@", "微信", "\u200b", "&nbsp;", "**", "_", "#", "【待填写", "-", "|", "<!--",
         "javascript:", "](<", '](x "', "{#", "id=", "__", "岁", "男，", "3号楼", "0531-", "138", "\\", "&", ";",
         "\u00ad", "\t", "a", ">", "\"", "'", "(", ")", "]"]
_CONFIG = None


def _check_in_child(path: str) -> None:
    check_file(Path(path), _CONFIG, dt.date(2024, 1, 1))   # type: ignore[arg-type]


def check_within_budget(tmp: Path, line: str) -> None:
    """The whole check of one file holding `line` in its body, in a child process ended at the budget."""
    global _CONFIG
    _CONFIG = _CONFIG or load_config(ROOT / "site_config.yml")[0]
    path = tmp / "cases" / "hostile.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(case_text(leak=line), encoding="utf-8")
    child = multiprocessing.get_context("fork").Process(target=_check_in_child, args=(str(path),))
    start = time.perf_counter()
    child.start()
    child.join(BUDGET)
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail(f"checking a {len(line)}-character line of {line[:12]!r}… took over {BUDGET} s")
    assert child.exitcode == 0, f"the check of {line[:12]!r}… failed"
    assert time.perf_counter() - start < BUDGET


pytestmark_fork = pytest.mark.skipif(os.name != "posix", reason="the budget is kept with a forked child")


@pytestmark_fork
@pytest.mark.parametrize("unit", ["[", "](", "<", "&#", "*", "`", " ", "1", "一", "[a](", "女儿王", "\u200b1"])
def test_a_long_line_of_one_pattern_is_checked_within_the_budget(tmp_path, unit):
    check_within_budget(tmp_path, unit * (SIZE // len(unit)))


@pytestmark_fork
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(pattern=st.lists(st.tuples(st.sampled_from(UNITS), st.integers(1, 6)), min_size=1, max_size=5))
def test_a_long_line_of_mixed_patterns_is_checked_within_the_budget(tmp_path, pattern):
    unit = "".join(u * n for u, n in pattern)
    check_within_budget(tmp_path, (unit * (SIZE // len(unit) + 1))[:SIZE])


# --- row 16: placeholders and element ids ------------------------------------------------------------

def page_title(site: Path, url: str) -> str:
    text = (site / url / "index.html").read_text(encoding="utf-8")
    found = re.search(r"<title>(.*?)</title>", text, re.DOTALL)
    assert found, url
    return found[1]


def test_a_title_spelling_the_shells_stand_ins_is_shown_as_written(hostile):
    title = "CASELIB-SHELL-DESCRIPTION、CASELIB-SHELL-TITLE 与 <h1>CASELIB-SHELL-CONTENT</h1> & 更多"
    write_case(hostile, case_text(title=f'"{title}"', summary="这是摘要。"))
    assert hostile.caselib("build").code == 0
    shown = page_title(hostile.lib / "site", "cases/leak")
    assert shown.startswith(html.escape(title, quote=False)), shown
    assert "这是摘要" not in shown


FORGED_PACK = """title: 伪造占位符的培训包
purpose: 看讲义里的占位符会不会被换掉。
audience: [新社工]
duration: 半天
sessions:
  - title: 第一节
    cases: [heping-convention]
    questions: [为什么？]
    activities: |
      CASELIB-FRAGMENT-2
  - title: 第二节
    cases: [huanshan-points]
    questions: [怎么做？]
"""


def test_text_spelling_a_fragment_placeholder_is_shown_as_written(hostile):
    (hostile.lib / "packs" / "forged.yml").write_text(FORGED_PACK, encoding="utf-8")
    write_case(hostile, case_text(title="CASELIB-FRAGMENT-0", summary="CASELIB-FRAGMENT-1"))
    assert hostile.caselib("build").code == 0
    site = hostile.lib / "site"
    pack = (site / "packs" / "forged" / "index.html").read_text(encoding="utf-8")
    assert pack.count("<p>CASELIB-FRAGMENT-2</p>") == 1                    # the activity, as written
    assert pack.count('<section class="cl-session">') == 2
    assert pack.index("CASELIB-FRAGMENT-2") < pack.index("第二节</h2>")      # the second session in its place
    assert "CASELIB-FRAGMENT-0" in page_title(site, "cases/leak")
    assert not [p for p in site.rglob("*.html") if "\uffff" in p.read_text(encoding="utf-8")]


def test_theme_and_template_ids_in_a_body_are_reported_on_their_lines(hostile):
    body = BODY_SECTIONS + '\n\n<div id="__search">搜索</div>\n\n## __drawer\n\n<p id="related">相关</p>\n'
    write_case(hostile, case_text(body=body))
    check = hostile.caselib("check")
    assert_plain_failure(check)
    lines = case_text(body=body).split("\n")
    for written, value in (('id="__search"', "__search"), ("## __drawer", "__drawer"), ('id="related"', "related")):
        line = next(i for i, text in enumerate(lines, 1) if written in text)
        assert f"{CASE}:{line}: 错误[主题元素] 正文中的元素 id“{value}”" in check.out, check.out


def test_ordinary_ids_and_bold_underscores_are_not_theme_ids(hostile):
    body = BODY_SECTIONS + '\n\n<span id="note-1">注</span>，__重点__，文件名 my__file.md\n'
    write_case(hostile, case_text(body=body))
    assert "主题元素" not in hostile.caselib("check").out
