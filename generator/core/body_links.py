"""Relative links in case bodies: images and other cases, found, checked and rewritten.

A case may link `images/photo.jpg` or `../培训心得/other.md` relative to its own
file. `check` reports targets that do not exist; the build publishes images next
to the case page and points case links at the target case's page. Bodies are
converted to HTML outside MkDocs, so links are rewritten to final URLs here
(a case page lives at `cases/<slug>/`, its images at `cases/<slug>-files/`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

# [text](target "title"), read once: the text stops at a bracket, the target at the next "](" (a link of its
# own), every repeat is possessive; so a line of "[a](" a megabyte long costs one pass, not one per "[".
LINK = re.compile(r"(!?\[[^\[\]\n]*+\]\(\s*+<?)((?:[^)\s>\]]|\](?!\())++)(>?(?:\s++\"[^\"\n]*+\")?\s*+\))")
EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#|/)")
MARKDOWN = {".md", ".markdown", ".mdown", ".mkd"}


@dataclass(frozen=True)
class LocalLink:
    line: int            # offset of the line within the body
    target: str          # as written
    path: Path           # resolved file
    fragment: str


def local_links(body: str, source: Path) -> list[LocalLink]:
    links = []
    for offset, line in enumerate(body.split("\n")):
        for m in LINK.finditer(line):
            target = m[2]
            if EXTERNAL.match(html.unescape(target)):   # javascript&#58;… is a scheme too (checks/html.py)
                continue
            file_part, _, fragment = target.partition("#")
            links.append(LocalLink(offset, target, (source.parent / unquote(file_part)).resolve(), fragment))
    return links


def is_case_link(link: LocalLink) -> bool:
    return link.path.suffix.lower() in MARKDOWN


