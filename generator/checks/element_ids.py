"""Element ids in a body that belong to the page around it: the theme's and caselib's own templates'.

A body published with `id="__search"` (or a heading that Markdown gives that id) forges an element of
the page's own machinery: Material names all of its elements `__…` (`__search`, `__drawer`, `__toc`,
`__consent`, `__nav_2` …), and caselib's templates give ids of their own (`related`, `packs` …, read
from the templates themselves). Deny by default: every id or name starting with `__` is refused, and
every id one of caselib's templates uses. What is judged is the body rendered with the site's own
Markdown extensions, so ids a heading is given count as much as ids typed in HTML; ids an extension
makes for its own markup (tabs and the like), which the writer never typed, are the extension's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from generator.checks.reader_text import reader_text
from generator.core.config import MarkdownSettings
from generator.core.problems import Problem, error
from generator.core.sources import Document

THEME_PREFIX = "__"
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
TEMPLATE_SUFFIXES = (".html", ".j2", ".md")
# A start tag as a browser reads it (as checks/html.py does), and its attributes one after another: a name,
# then its value quoted or bare (an attribute may follow a closing quote without a space).
START_TAG = re.compile(r"""<([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*+)""")
ATTRIBUTE = re.compile(r"""(?:(?<![\s/])[\s/]++|(?<=["']))([^\s"'>/=]++)(?:\s*+=\s*+(?:"([^"]*)"|'([^']*)'|"""
                       r"""([^\s"'=<>`]++)))?""")
TEMPLATE_ID = re.compile(r"""\bid\s*=\s*(?:"([^"]*)"|'([^']*)')""")
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
# What a body longer than this is judged by without rendering it (checks/html.py's limit, for the same reason).
RENDER_LIMIT = 50_000
NOT_WORD = re.compile(r"[^\w]+")
SOURCE_ID = re.compile(r"""\b(?:id|name)\s*=\s*["']?\s*([^\s"'<>`]+)|#([\w-]+)""", re.IGNORECASE)

HINT = "换一个 id（不要以 __ 开头，也不要用网站模板已用的 id），或删掉它；标题生成的锚点，改一下标题文字即可"


@lru_cache(maxsize=1)
def template_ids() -> tuple[re.Pattern[str], ...]:
    """The ids caselib's templates give elements, each as a pattern (`session-{{ n }}` → session-…)."""
    found: set[str] = set()
    for path in sorted(TEMPLATES.rglob("*")) if TEMPLATES.is_dir() else ():
        if path.is_file() and path.suffix in TEMPLATE_SUFFIXES:
            text = path.read_text(encoding="utf-8", errors="replace")
            found.update(m[1] if m[1] is not None else m[2] for m in TEMPLATE_ID.finditer(text))
    return tuple(re.compile(".+".join(re.escape(part.lower()) for part in JINJA.split(written)))
                 for written in sorted(found) if written.strip())


@lru_cache(maxsize=1)
def _template_words() -> tuple[tuple[str, str], ...]:
    """For each template id: what a body must hold to spell it, as typed (its longest run of letters) and
    compared as ids are (`cl-suggest`: "suggest", "clsuggest")."""
    words = []
    for p in template_ids():
        literal = p.pattern.split(".+")[0].replace("\\", "")
        if runs := re.findall("[a-z]+", literal):
            words.append((max(runs, key=len), _compact(literal)))
    return tuple(words)


def reserved(value: str, attribute: str = "id") -> bool:
    """Whether the page around a body uses this id (or, for `name`, whether it is the theme's)."""
    value = value.strip().lower()
    if value.startswith(THEME_PREFIX):
        return True
    return attribute.lower() == "id" and any(p.fullmatch(value) for p in template_ids())


def check_element_ids(doc: Document, settings: MarkdownSettings, render: Callable[[str, MarkdownSettings], str],
                      code: str = "主题元素") -> list[Problem]:
    """Every id in the body that the page around it uses, once per id, on the line it is written."""
    seen = reader_text(doc.body).text.lower()
    if "_" not in seen and not any(typed in seen for typed, _ in _template_words()) and not _folding().search(seen):
        return []   # the common case: nothing that could spell such an id
    written = _compact(doc.body)
    if THEME_PREFIX not in written and not any(word in written for _, word in _template_words()):
        return []
    problems: dict[str, Problem] = {}
    for attribute, value in _ids(doc.body, settings, render):
        key = _compact(value)
        if key in problems or not reserved(value, attribute) or key not in written:
            continue    # once per id; one the writer did not type was made by an extension
        problems[key] = error(doc.shown, _line_of(doc, key), code,
                              f"正文中的元素 {attribute.lower()}“{value}”是网站页面自己使用的"
                              "（主题或模板中的同名元素），会和页面上的菜单、搜索、目录等混淆", HINT)
    return list(problems.values())


def _ids(body: str, settings: MarkdownSettings, render: Callable[[str, MarkdownSettings], str]):
    """(attribute, value) of every id and name the rendered body has (a very long body: as typed)."""
    if len(body) > RENDER_LIMIT:
        for m in SOURCE_ID.finditer(reader_text(body).text):
            yield "id", m[1] or m[2]
        return
    for tag in START_TAG.finditer(render(body, settings)):
        for m in ATTRIBUTE.finditer(tag[2]):
            if m[1].lower() in ("id", "name"):
                yield m[1], next((v for v in m.groups()[1:] if v is not None), "")


def _compact(text: str) -> str:
    """Text as Markdown makes an id of it (toc's slugify: compatibility forms and accents folded to ASCII), as
    its reader sees it, lower case, word characters only: "## ＿＿Search" and id="__search" compare equal."""
    folded = unicodedata.normalize("NFKD", reader_text(text).text).encode("ascii", "ignore").decode("ascii")
    return NOT_WORD.sub("", folded).lower()


@lru_cache(maxsize=1)
def _folding() -> re.Pattern[str]:
    """The characters that fold into an ASCII letter or "_" (full-width and other compatibility forms,
    accented letters), from Unicode itself; past plane 1 none does."""
    spans: list[list[int]] = []
    for code in range(0x80, 0x20000):
        folded = unicodedata.normalize("NFKD", chr(code))
        if folded != chr(code) and any(c.isascii() and (c.isalpha() or c == "_") for c in folded):
            if spans and spans[-1][1] == code - 1:
                spans[-1][1] = code
            else:
                spans.append([code, code])
    return re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in spans) + "]")


def _line_of(doc: Document, key: str) -> int:
    for offset, line in enumerate(doc.body.split("\n")):
        if key in _compact(line):
            return doc.body_line + offset
    return doc.body_line
