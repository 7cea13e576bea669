"""The library's own hand-written pages (`docs/`): published as written, so checked as case bodies are.

MkDocs publishes every page of docs/ (如何撰写与投稿 …) with the theme, and the build does not sanitise
them: `caselib check` is the only thing between such a page and the site. Each page gets the checks a
case body gets that are not about a case (unsafe HTML and links, element ids of the page around it,
personal data, names, children's details), on its whole text and its header's values; the rules of
a case's fields (required fields, vocabulary, sections) do not apply. Every other file of docs/ is
published as it is, so one a browser could run (.html, .js, .svg …) is refused, as beside a case.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from generator.checks.html import DEFAULT_SETTINGS, check_html
from generator.checks.numbers import Harmless
from generator.checks.privacy import check_privacy, document_texts, names_in
from generator.checks.together import together_in
from generator.core.assets import ALLOWED_TEXT, PUBLISHED
from generator.core.config import MarkdownSettings
from generator.core.problems import Problem, error
from generator.core.sources import (
    FENCE,
    IGNORED_NAMES,
    MARKDOWN_SUFFIXES,
    Document,
    NotRegularFile,
    read_bytes,
    shown_path,
    split_document,
)
from generator.core.text import decode, os_reason

STYLES = frozenset({".css"})     # published beside the pages, never run


def check_pages(docs_dir: Path, settings: MarkdownSettings = DEFAULT_SETTINGS,
                allow: tuple[str, ...] = (), harmless: Harmless = ()) -> tuple[list[Problem], int]:
    """Every page of docs/ checked, and every other file there that a browser could run refused;
    (problems, pages read)."""
    problems: list[Problem] = []
    pages = 0
    for path in _files(docs_dir):
        if path.suffix.lower() in MARKDOWN_SUFFIXES:
            pages += 1
            problems += _read_and_check(path, settings, allow, harmless)
        elif path.suffix.lower() not in PUBLISHED | STYLES:
            problems.append(error(shown_path(path), None, "不安全的文件",
                                  f"docs/ 中的 {path.suffix.lower() or '没有扩展名的'} 文件会原样发布到网站，"
                                  "浏览器可能运行其中的脚本，caselib 无法检查",
                                  f"把内容写成 Markdown 页面（.md），或删掉这个文件；{ALLOWED_TEXT}"))
    return problems, pages


def check_page(path: Path, text: str, settings: MarkdownSettings = DEFAULT_SETTINGS,
               allow: tuple[str, ...] = (), harmless: Harmless = ()) -> list[Problem]:
    """One page of docs/: unsafe HTML, personal data and names, on the text MkDocs publishes."""
    doc = _document(path, text)
    texts = document_texts(doc)
    return (check_html(doc, settings) + check_privacy(doc, allow, page=True, harmless=harmless)
            + names_in(doc.shown, texts) + together_in(doc.shown, texts, dt.date.today()))


def _document(path: Path, text: str) -> Document:
    """The page as MkDocs reads it: a YAML header between --- lines, else the whole text is the page."""
    shown = shown_path(path)
    text = text.lstrip("\ufeff")
    if FENCE.match(text.split("\n", 1)[0]):
        doc, _ = split_document(path, shown, text)
        if doc is not None and doc.meta is not None:
            return doc
    return Document(path, shown, text, None, text, 1)   # no usable header: MkDocs shows it all


def _read_and_check(path: Path, settings: MarkdownSettings, allow: tuple[str, ...],
                    harmless: Harmless) -> list[Problem]:
    shown = shown_path(path)
    try:
        data = read_bytes(path)
    except NotRegularFile:
        return []       # not a file MkDocs publishes
    except OSError as exc:
        return [error(shown, None, "无法读取", f"无法读取这个页面：{os_reason(exc)}")]
    if data is None:
        return [error(shown, None, "文件过大", "页面超过 5 MB，没有检查", "把它拆成几个页面")]
    decoded = decode(data)
    if decoded.text is None:
        return [error(shown, None, "无法读取", "无法识别页面的文字编码", "用文本编辑器另存为 UTF-8 编码")]
    return check_page(path, decoded.text, settings, allow, harmless)


def _files(docs_dir: Path) -> list[Path]:
    """Every file of docs/ MkDocs would publish (hidden files are not), sorted."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(docs_dir):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found += [Path(dirpath) / name for name in filenames if not IGNORED_NAMES.match(name)]
    return sorted(found)
