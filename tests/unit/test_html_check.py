"""Unsafe HTML and links in case bodies: what a browser would run is reported, on the right line."""

import time
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.checks.html import check_html
from generator.core.sources import Document


def found(body: str, body_line: int = 10) -> list[tuple[int, str]]:
    doc = Document(Path("/x/a.md"), "a.md", body, None, body, body_line)
    return [(p.line, p.message) for p in check_html(doc)]


ATTR = "正文中有 onerror 属性（会执行脚本）"
JS = "正文中有 javascript: 开头的链接"


@pytest.mark.parametrize("body", [
    '<img src=x onerror=alert(1)>',
    '<img/src=x/onerror=alert(1)>',               # "/" ends an attribute name as a space does
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
    "[x]: javascript:alert(1)\n\n见[x]。",          # a reference-style link definition
    "   [x]: <javascript:alert(1)>\n\n见[x]。",
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
    '<img src="x"onerror="alert(1)">',            # not a tag to Markdown: published as the text you see
    "[x](java\tscript:alert(1))",                  # Markdown turns the tab into spaces: no scheme any more
    "[x]: javascript:alert(1)",                    # a definition no link uses publishes nothing
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


def found_with(body: str, settings) -> list[tuple[int, str]]:
    doc = Document(Path("/x/a.md"), "a.md", body, None, body, 1)
    return [(p.line, p.message) for p in check_html(doc, settings)]


@pytest.mark.parametrize("body", [
    "```html\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n```",
    "~~~\n<iframe src=https://example.org></iframe>\n~~~",
    "- 列表里的代码块：\n\n    ```\n    <script>\n    ```",
    "    <script>缩进四格是代码</script>",
    "示例：\n\n```\n[链接](javascript:alert(1))\n```",
])
def test_html_in_fenced_or_indented_code_is_not_reported(body, config):
    assert found_with(body, config.markdown) == []


def test_with_code_and_real_html_only_the_real_html_is_reported(config):
    body = "`<script>` 是代码\n\n```\n<iframe>\n```\n\n真的：<iframe src=x></iframe>\n`<img onerror=x>`"
    assert found_with(body, config.markdown) == [(7, "正文中有 <iframe> 标签，网站不允许")]


def test_an_attribute_list_is_reported_only_where_the_site_reads_attribute_lists(config):
    from generator.core.config import MarkdownSettings

    body = "得分最高的是增设座椅。\n{: onclick=\"alert(1)\" }"
    assert found_with(body, config.markdown) == []       # shown as text on this site
    with_attr_list = MarkdownSettings((*config.markdown.extensions, "attr_list"))
    assert found_with(body, with_attr_list) == [(2, "正文中有 onclick 属性（会执行脚本）")]


def test_check_and_build_render_with_the_extensions_mkdocs_uses(config):
    # Case bodies are converted with Config.markdown too (bodies.py), so check, build and MkDocs agree.
    import json

    from mkdocs.config import load_config as mkdocs_config

    from ..conftest import ROOT

    site = mkdocs_config(config_file=str(ROOT / "site_config.yml"))
    assert list(config.markdown.extensions) == site.markdown_extensions
    assert json.loads(config.markdown.configs) == {k: v for k, v in site.mdx_configs.items() if v}
    assert "pymdownx.superfences" in config.markdown.extensions


TOKENS = st.sampled_from(["`", "``", "```", "~~~", "\\", "<script>", "</script>", "<img src=x onerror=alert(1)>",
                          "[x](javascript:alert(1))", "<a href='java&#115;cript:x'>", "<br>", "<sup>1</sup>",
                          "<div>", "</div>", "a", " ", "    ", "\n", "\n\n", "- ", "html", "<font color=red>",
                          "</font>", "<video src=x>", "<center>", "<http://example.org>"])


def _tags(html: str) -> Counter:
    """Every start tag with its attributes (the rel the sanitiser adds to links aside)."""
    from html.parser import HTMLParser

    tags: Counter = Counter()

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags[tag, tuple(sorted((k, v or "") for k, v in attrs if k != "rel"))] += 1

    Parser(convert_charrefs=True).feed(html)
    return tags


@settings(max_examples=400, deadline=None)
@given(st.lists(TOKENS, max_size=16).map("".join))
def test_check_reports_exactly_when_the_sanitiser_would_remove_something(body):
    """The renderer and nh3 are the oracle: a page loses a tag or attribute to the sanitiser if and only if
    check reports it (unsafe: an error; only not shown, like <font>: a warning). Code shown as text (inline,
    fenced, indented) is never reported. (Attributes nh3 drops without danger, like style=, are not in the mix:
    check does not report them.)"""
    from generator.checks.html import render
    from generator.core.markup import sanitise

    settings_ = _site_settings()
    html = render(body, settings_)
    loses = bool(_tags(html) - _tags(sanitise(html)))   # the parser may add tags (<p></p>); none may go
    assert bool(found_with(body, settings_)) == loses, html


@lru_cache(maxsize=1)
def _site_settings():
    from generator.core.config import load_config

    from ..conftest import ROOT

    return load_config(ROOT / "site_config.yml")[0].markdown


@pytest.mark.parametrize("body, tag", [
    ("复制来的<font color=red>重点</font>文字", "font"),
    ("<center>居中的标题</center>", "center"),
    ("活动视频：<video src=\"a.mp4\"></video>", "video"),
])
def test_tags_the_site_does_not_show_are_a_warning(body, tag, config):
    doc = Document(Path("/x/a.md"), "a.md", body, None, body, 1)
    [problem] = check_html(doc, config.markdown)
    assert (problem.severity, problem.code, problem.message) == (
        "warning", "不显示的HTML", f"正文中的 <{tag}> 标签网站不会显示")


@pytest.mark.parametrize("body", ["`<font>` 标签", "见 <http://example.org> 和 <wang@example.org>", "```\n<video>\n```",
                                  "<br>换行<sup>1</sup><table><tr><td>表格</td></tr></table>"])
def test_code_links_and_shown_tags_are_not(body, config):
    assert found_with(body, config.markdown) == []
