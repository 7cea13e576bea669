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
from urllib.parse import quote, unquote

LINK = re.compile(r"(!?\[[^\]\n]*\]\(\s*<?)([^)\s>]+)(>?(?:\s+\"[^\"\n]*\")?\s*\))")
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


def rewrite(body: str, source: Path, slug: str, case_slugs: dict[Path, str]) -> tuple[str, dict[str, Path]]:
    """Body with links as URLs relative to the case page; {docs path: file} of images to publish."""
    assets: dict[str, Path] = {}

    def replace(m: re.Match) -> str:
        target = m[2]
        if EXTERNAL.match(target):
            return m[0]
        file_part, _, fragment = target.partition("#")
        path = (source.parent / unquote(file_part)).resolve()
        if path.suffix.lower() in MARKDOWN:
            new = f"../{quote(case_slugs[path])}/" if path in case_slugs else target
        else:
            name = f"{slug}-files/{path.name}"
            assets[f"cases/{name}"] = path
            new = f"../{quote(name)}"
        return m[1] + new + (f"#{fragment}" if fragment else "") + m[3]

    return LINK.sub(replace, body), assets
