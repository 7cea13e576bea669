"""Raw HTML and link schemes in case bodies that must never reach the public site.

This is the first line of defence (a clear message to the writer); the build
also sanitises every rendered case body with nh3 as the second.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right

import markdown

from ..problems import Problem, error
from ..sources import Document

DANGEROUS_TAG = re.compile(r"<\s*(script|iframe|object|embed|style|form|meta|link|base|frame|frameset|svg|math)\b",
                           re.IGNORECASE)
# A start tag from its name to its closing ">", read as a browser reads it: a quoted value may hold ">" or
# a line break, so an attribute on the tag's second line is still inside the tag. Possessive, so each
# character is read once and hostile input stays linear.
START_TAG = re.compile(r"""<[a-zA-Z](?:[^>"']|"[^"]*"|'[^']*')*+""")
# Browsers also end the previous attribute at "/" or a closing quote: <img/onerror=…>, <img src="x"onerror=…>.
EVENT_ATTR = re.compile(r"""[\s/"'](on[a-zA-Z]+)\s*=""", re.IGNORECASE)
QUOTED = re.compile(r""""[^"]*"|'[^']*'""")
# An attribute list "{: onclick=… }", from "{" to the next brace or line end, also read once.
ATTR_LIST = re.compile(r"\{[^{}\n]*+")
LISTED_EVENT = re.compile(r"\b(on[a-zA-Z]+)\s*=", re.IGNORECASE)
# Where a URL starts: a Markdown link "](", a reference definition "[name]: " (not a footnote "[^1]: "),
# or an HTML attribute.
BAD_URL = re.compile(r"""(?:\]\(\s*<?|^\s{0,3}\[(?!\^)[^\]]+\]:\s*<?|\b(?:href|src|action|formaction)\s*=\s*["']?)"""
                     r"""\s*(javascript|vbscript|data)\s*:""", re.IGNORECASE)
# Whether HTML in a body is all inside `code` is asked of Markdown itself, the only exact answer;
# its inline parsing slows down on hostile text, so much longer bodies (no real case) are not asked.
RENDER_LIMIT = 50_000
SIGNS = ("<", "{", "script", "data", "&")   # a body with none of these has nothing to look at

UNSAFE_TAG = "删掉这段 HTML；视频、表单等请改为普通链接"
UNSAFE_ATTR = "删掉这个属性"
UNSAFE_URL = "链接只能用 http://、https:// 或站内文件"


def check_html(doc: Document) -> list[Problem]:
    body = doc.body
    if not any(sign in body.lower() for sign in SIGNS):
        return []  # the common case: plain Markdown
    found = list(_unsafe(body))
    if found and "`" in body and len(body) <= RENDER_LIMIT and not any(_unsafe(markdown.markdown(body))):
        return []   # all of it inside `code`, which Markdown shows as text: `<script>`
    newlines = [m.start() for m in re.finditer("\n", body)]
    problems: dict[tuple, Problem] = {}    # one report per line and message, however often it repeats
    for offset, code, message, hint in found:
        line = doc.body_line + bisect_right(newlines, offset - 1)
        problems.setdefault((line, message), error(doc.shown, line, code, message, hint))
    return list(problems.values())


def _unsafe(text: str):
    """(offset, code, message, hint) for each unsafe tag, attribute and link in Markdown or HTML."""
    for m in DANGEROUS_TAG.finditer(text):
        yield m.start(), "不安全的HTML", f"正文中有 <{m[1].lower()}> 标签，网站不允许", UNSAFE_TAG
    for tag in START_TAG.finditer(text):
        for m in EVENT_ATTR.finditer(_blank_values(tag[0])):
            yield tag.start() + m.start(1), "不安全的HTML", _event(m[1]), UNSAFE_ATTR
    for block in ATTR_LIST.finditer(text):
        if m := LISTED_EVENT.search(block[0]):
            yield block.start(), "不安全的HTML", _event(m[1]), UNSAFE_ATTR
    for line in re.finditer(r"[^\n]*", text):
        if m := BAD_URL.search(_as_url(line[0])):
            yield line.start(), "不安全的链接", f"正文中有 {m[1].lower()}: 开头的链接", UNSAFE_URL


def _event(attribute: str) -> str:
    return f"正文中有 {attribute.lower()} 属性（会执行脚本）"


def _blank_values(tag: str) -> str:
    """The tag with its quoted values blanked, same length: title="one=1" holds no attribute."""
    return QUOTED.sub(lambda m: m[0][0] + " " * (len(m[0]) - 2) + m[0][0], tag)


def _as_url(line: str) -> str:
    """The line as a browser reads a link in it: entities decoded (javascript&#58;), tabs and breaks dropped."""
    if "&" not in line and "\t" not in line:
        return line     # the usual line: nothing to decode
    return re.sub(r"[\t\r\n]", "", html.unescape(line))
