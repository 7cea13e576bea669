"""Raw HTML and link schemes in case bodies that must never reach the public site.

This is the first line of defence (a clear message to the writer); the build
also sanitises every rendered case body with nh3 as the second.
"""

from __future__ import annotations

import re

from ..problems import Problem, error
from ..sources import Document

DANGEROUS_TAG = re.compile(r"<\s*(script|iframe|object|embed|style|form|meta|link|base|frame|frameset|svg|math)\b",
                           re.IGNORECASE)
EVENT_ATTR = re.compile(r"<[a-zA-Z][^>]*?\s(on[a-zA-Z]+)\s*=", re.IGNORECASE)
BAD_URL = re.compile(r"""(?:\]\(\s*<?|\b(?:href|src|action|formaction)\s*=\s*["']?)\s*(javascript|vbscript|data)\s*:""",
                     re.IGNORECASE)
ATTR_LIST = re.compile(r"\{:?[^}\n]*\b(on[a-zA-Z]+)\s*=", re.IGNORECASE)


def check_html(doc: Document) -> list[Problem]:
    lowered = doc.body.lower()
    if not any(sign in lowered for sign in ("<", "{", "script:", "data:")):
        return []  # the common case: plain Markdown, nothing to look at line by line
    problems = []
    for number, line in enumerate(doc.body.split("\n"), start=doc.body_line):
        if m := DANGEROUS_TAG.search(line):
            problems.append(error(doc.shown, number, "不安全的HTML", f"正文中有 <{m[1].lower()}> 标签，网站不允许",
                                  "删掉这段 HTML；视频、表单等请改为普通链接"))
        if m := EVENT_ATTR.search(line) or ATTR_LIST.search(line):
            problems.append(error(doc.shown, number, "不安全的HTML", f"正文中有 {m[1].lower()} 属性（会执行脚本）",
                                  "删掉这个属性"))
        if m := BAD_URL.search(line):
            problems.append(error(doc.shown, number, "不安全的链接", f"正文中有 {m[1].lower()}: 开头的链接",
                                  "链接只能用 http://、https:// 或站内文件"))
    return problems
