"""Raw HTML and link schemes in case bodies that must never reach the public site.

This is the first line of defence (a clear message to the writer); the build
also sanitises every rendered case body with nh3 as the second. The check agrees
with the renderer: a body is rendered with the site's own Markdown extensions, and
HTML that ends up shown as code (inline, fenced or indented) is never reported.

What is scanned first is the body as its reader sees it (`reader_text`: references decoded, invisible
and control characters removed, offsets mapped back): Markdown itself drops some control characters
(`<scr\x02ipt>` is published as `<script>`), so a character nobody sees never hides a tag from the
scan; whether a finding is published is then asked of the body as written, rendered. Element ids the
page around the body uses are refused too (`element_ids.py`).
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace

from generator.checks.element_ids import check_element_ids
from generator.checks.reader_text import reader_text
from generator.core.config import MarkdownSettings
from generator.core.markup import ALLOWED_TAGS, markdown_converter
from generator.core.problems import ERROR, Problem, error, warning
from generator.core.sources import Document

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
# or an HTML attribute; the scheme that follows is read after entities are decoded.
LINK_START = re.compile(r"""\]\(\s*<?|^\s{0,3}\[(?!\^)[^\]]+\]:\s*<?|\b(?:href|src|action|formaction)\s*=\s*["']?""",
                        re.IGNORECASE)
BAD_SCHEME = re.compile(r"\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)
URL_ATTR = re.compile(r"""\b(?:href|src|action|formaction|poster|background)\s*=\s*["']?"""
                      r"""\s*(javascript|vbscript|data)\s*:""", re.IGNORECASE)
COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
# Whether each finding ends up as code is asked of Markdown itself, with the site's extensions, the
# only exact answer; its inline parsing slows down on hostile text, so much longer bodies (no real
# case) are not asked and every finding is reported.
RENDER_LIMIT = 50_000
MAX_MARKERS = 2_000
URL_WINDOW = 400   # characters after a link start in which its scheme is read (&#0000106; and the like)
MARKER = 0xE000    # private-use characters: one is put before each finding (one the body does not hold)
# What may stand between a marker and its finding: other markers, and the spans Pygments wraps code in.
BETWEEN = re.compile("""(?:</span>|<span class="[^"<>]*">|[\ue000-\uf8ff])*""")
SIGNS = ("<", "{", "script", "data", "&")   # a body with none of these has nothing to look at

UNSAFE_TAG = "删掉这段 HTML；视频、表单等请改为普通链接"
UNSAFE_ATTR = "删掉这个属性"
UNSAFE_URL = "链接只能用 http://、https:// 或站内文件"
HIDDEN_TAG = "删掉这个标签（其中的文字会保留）；要强调请用 **加粗**，视频、音频请改为普通链接"
# A tag's name as an HTML parser reads it: up to a space, "/" or ">" (raw <http://x> is a tag named "http:").
TAG_NAME = re.compile(r"<([a-zA-Z][^\s/>]*)")
SHOWN_TAGS = frozenset(ALLOWED_TAGS)


@dataclass(frozen=True)
class Finding:
    offset: int      # where the message points (its line)
    anchor: int      # where a marker goes to learn whether Markdown shows it as code
    code: str
    message: str
    hint: str
    tag: str = ""    # the tag a tag finding starts with: its marker must stand right before "<tag"
    report: Callable[..., Problem] = error


DEFAULT_SETTINGS = MarkdownSettings()


def check_html(doc: Document, settings: MarkdownSettings = DEFAULT_SETTINGS) -> list[Problem]:
    """Unsafe HTML, links and element ids in the body, each once per line. (Header values are plain text on
    every page and in every export, so markup in them is only a warning, checks/header.py's.)"""
    return check_element_ids(doc, settings, render) + _unsafe_html(doc, settings)


def _unsafe_html(doc: Document, settings: MarkdownSettings) -> list[Problem]:
    body = doc.body
    shown = reader_text(body)
    if not any(sign in shown.text.lower() for sign in SIGNS):
        return []  # the common case: plain Markdown
    found = [replace(f, offset=shown.source_start(f.offset), anchor=shown.source_start(f.anchor))
             for f in _unsafe(shown.text)]
    if found and len(body) <= RENDER_LIMIT:
        found = _published(body, found, settings)
    newlines = [m.start() for m in re.finditer("\n", body)]
    problems: dict[tuple, Problem] = {}    # one report per line and message, however often it repeats
    for f in found:
        line = doc.body_line + bisect_right(newlines, f.offset - 1)
        problems.setdefault((line, f.message), f.report(doc.shown, line, f.code, f.message, f.hint))
    unsafe_lines = {p.line for p in problems.values() if p.severity == ERROR}
    # a tag inside refused HTML (<circle> in <svg>) is part of that one problem
    return [p for p in problems.values() if p.severity == ERROR or p.line not in unsafe_lines]


def lost_in_html(html: str) -> list[str]:
    """What the sanitiser removes from rendered HTML: tags it does not publish (scripts and the like, and
    <font>, <video> …), event attributes and unsafe link schemes. Text shown as code is escaped
    (&lt;script&gt;) and so is never matched."""
    html = COMMENT.sub("", html)
    found = [f"<{m[1].lower()}>" for m in DANGEROUS_TAG.finditer(html)]
    for tag in START_TAG.finditer(html):
        if (name := TAG_NAME.match(tag[0])) and name[1].lower() not in SHOWN_TAGS:
            found.append(tag[0])
        found += [m[1].lower() for m in EVENT_ATTR.finditer(_blank_values(tag[0]))]
        found += [m[1].lower() + ":" for m in URL_ATTR.finditer(_as_url(tag[0]))]
    return found


def _published(body: str, found: list[Finding], settings: MarkdownSettings) -> list[Finding]:
    """The findings that reach the page as HTML, not as text inside code.

    Whether the page is unsafe at all is decided by the rendered page alone; markers then tell which
    findings did it. Should the markers ever disagree with the page, every finding is reported."""
    if len(found) > MAX_MARKERS:
        return found
    if not lost_in_html(render(body, settings)):
        return []
    marks = _markers(body, len(found))
    marked = list(body)
    for i, f in sorted(enumerate(found), key=lambda pair: -pair[1].anchor):
        marked.insert(f.anchor, marks[i])
    html = COMMENT.sub("", render("".join(marked), settings))
    kept = [f for i, f in enumerate(found) if _runs(html, html.find(marks[i]), f.tag)]
    return kept or found


def _markers(body: str, count: int) -> list[str]:
    """`count` private-use characters the body does not hold, so no marker is mistaken for the body's own."""
    held = set(body) if any("\ue000" <= ch <= "\uf8ff" for ch in body) else set()
    marks: list[str] = []
    code = MARKER
    while len(marks) < count and code <= 0xF8FF:
        if chr(code) not in held:
            marks.append(chr(code))
        code += 1
    return marks


def _runs(html: str, at: int, tag: str) -> bool:
    """Whether the marker at `at` stands in markup (inside a tag, or just before one) rather than in text.
    For a tag finding the tag itself must follow: <http://…> before an autolink's <a> is not a tag."""
    if at < 0:
        return False    # Markdown dropped it: nothing of it is published
    if html.rfind("<", 0, at) > html.rfind(">", 0, at):
        return True     # inside a tag, e.g. in its href
    gap = BETWEEN.match(html, at + 1)
    rest = gap.end() if gap else at + 1
    if tag:
        return html[rest:rest + len(tag) + 1].lower() == "<" + tag.lower()
    return html.startswith("<", rest) and rest < len(html) - 1 and (html[rest + 1].isalpha() or html[rest + 1] == "!")


def render(body: str, settings: MarkdownSettings) -> str:
    """The body as the site renders it, before sanitising."""
    return markdown_converter(settings).reset().convert(body)


def _unsafe(text: str):
    """Each unsafe tag, attribute and link in Markdown or HTML, as a `Finding`."""
    for m in DANGEROUS_TAG.finditer(text):
        yield Finding(m.start(), m.start(), "不安全的HTML", f"正文中有 <{m[1].lower()}> 标签，网站不允许", UNSAFE_TAG,
                      tag=m[1])
    for tag in START_TAG.finditer(text):
        name = TAG_NAME.match(tag[0])
        if name and name[1].lower() not in SHOWN_TAGS and not DANGEROUS_TAG.match(tag[0]):
            yield Finding(tag.start(), tag.start(), "不显示的HTML", f"正文中的 <{name[1].lower()}> 标签网站不会显示",
                          HIDDEN_TAG, tag=name[1], report=warning)
        for m in EVENT_ATTR.finditer(_blank_values(tag[0])):
            yield Finding(tag.start() + m.start(1), tag.start(), "不安全的HTML", _event(m[1]), UNSAFE_ATTR)
    for block in ATTR_LIST.finditer(text):
        if listed := LISTED_EVENT.search(block[0]):
            yield Finding(block.start(), block.start(), "不安全的HTML", _event(listed[1]), UNSAFE_ATTR)
    for line in re.finditer(r"[^\n]*", text):
        for start in LINK_START.finditer(line[0]):
            if scheme := BAD_SCHEME.match(_unbroken(line[0][start.end():start.end() + URL_WINDOW])):
                yield Finding(line.start(), line.start() + start.end(), "不安全的链接",
                              f"正文中有 {scheme[1].lower()}: 开头的链接", UNSAFE_URL)
                break


def _event(attribute: str) -> str:
    return f"正文中有 {attribute.lower()} 属性（会执行脚本）"


def _blank_values(tag: str) -> str:
    """The tag with its quoted values blanked, same length: title="one=1" holds no attribute."""
    return QUOTED.sub(lambda m: m[0][0] + " " * (len(m[0]) - 2) + m[0][0], tag)


def _unbroken(text: str) -> str:
    """Text as a browser reads a URL in it, its references already decoded: tabs and breaks dropped."""
    return re.sub(r"[\t\r\n]", "", text) if "\t" in text or "\r" in text else text


def _as_url(line: str) -> str:
    """The line as a browser reads a link in it: entities decoded (javascript&#58;), tabs and breaks dropped."""
    if "&" not in line and "\t" not in line:
        return line     # the usual line: nothing to decode
    return re.sub(r"[\t\r\n]", "", html.unescape(line))
