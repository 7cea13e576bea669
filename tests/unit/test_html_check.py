"""Unsafe HTML and links in case bodies: what a browser would run is reported, on the right line."""

import time
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.checks.html import check_html
from generator.sources import Document


def found(body: str, body_line: int = 10) -> list[tuple[int, str]]:
    doc = Document(Path("/x/a.md"), "a.md", body, None, body, body_line)
    return [(p.line, p.message) for p in check_html(doc)]


ATTR = "正文中有 onerror 属性（会执行脚本）"
JS = "正文中有 javascript: 开头的链接"


@pytest.mark.parametrize("body", [
    '<img src=x onerror=alert(1)>',
    '<img/src=x/onerror=alert(1)>',               # "/" ends an attribute name as a space does
    '<img src="x"onerror="alert(1)">',            # so does a closing quote
    '<img alt=">" onerror=alert(1)>',             # a quoted ">" does not end the tag
    '<IMG SRC=x ONERROR=alert(1)>',
])
def test_event_attributes_in_any_spelling(body):
    assert found(body) == [(10, ATTR)]


def test_an_attribute_on_the_tags_second_line_is_reported_on_that_line():
    assert found('文字\n<img src="a.jpg"\n     onerror="alert(1)">\n文字') == [(12, ATTR)]


@pytest.mark.parametrize("body", [
    "[x](javascript:alert(1))",
    "[x](javascript&#58;alert(1))",               # entities are decoded by the browser
    "[x](javascript&colon;alert(1))",
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="java&#x73;cript:alert(1)">x</a>',
    "[x](java\tscript:alert(1))",                  # URL parsers drop tabs
    "[x]: javascript:alert(1)",                    # a reference-style link definition
    "   [x]: <javascript:alert(1)>",
])
def test_javascript_links_in_any_spelling(body):
    assert found(body) == [(10, JS)]


@pytest.mark.parametrize("body", [
    '<p title="one=1">说明</p>',                   # text inside a quoted value is not an attribute
    "[^1]: data: 来自区统计局",                     # a footnote, not a link definition
    "数据来源 data: 统计局；血压<140，心率>60",
    "[链接](https://example.org/?q=javascript:1)",
    "{{ 7 * 7 }} 和 {: .note }",
    "<br>换行<sup>1</sup><sub>2</sub>",
])
def test_harmless_text_and_html_are_not_reported(body):
    assert found(body) == []


def test_one_report_per_line_and_message():
    assert found("<script></script><script></script>\n<script>") == [
        (10, "正文中有 <script> 标签，网站不允许"), (11, "正文中有 <script> 标签，网站不允许")]


@pytest.mark.parametrize("body", ["<a " * 200_000, '<a "' * 200_000, "{ on" * 200_000, "{" * 500_000,
                                  "&amp;" * 200_000, "[" * 500_000 + "]:", '<a"' + "x" * 1_000_000])
def test_hostile_input_stays_linear(body):
    start = time.perf_counter()
    found(body)
    assert time.perf_counter() - start < 2


@pytest.mark.parametrize("body", [
    "培训里讲过，`<script>` 和 `<iframe onload=x>` 都不能放进案例。",
    "用两个反引号包住含反引号的代码：``a ` <script>``。",
])
def test_html_shown_as_code_is_not_reported(body):
    assert found(body) == []


@pytest.mark.parametrize("body", [
    r"\`<script>alert(1)</script>`",              # an escaped backtick opens no code span
    "`a\\` <script>alert(1)</script> `",          # the span closes at the second backtick
    "`未闭合 <script>alert(1)</script>",
    "<div>\n\n`<script>alert(1)</script>`\n\n</div>",   # inside a raw HTML block backticks are text
])
def test_code_spans_never_hide_what_markdown_runs(body):
    assert found(body)


TOKENS = st.sampled_from(["`", "``", "\\", "<script>", "a", " ", "\n", "<div>", "</div>"])


@settings(max_examples=300, deadline=None)
@given(st.lists(TOKENS, max_size=14).map("".join))
def test_whatever_markdown_renders_as_a_script_is_reported(body):
    html = markdown.markdown(body, extensions=["tables", "admonition", "footnotes", "sane_lists", "toc"])
    if "<script>" in html:
        assert found(body), html
