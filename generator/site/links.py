"""Links in a case body, as its writer typed them (to other case files, to images beside it),
rewritten to where those are published (site/urls.py), before the body is converted.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, unquote

from generator.core.body_links import EXTERNAL, LINK, MARKDOWN
from generator.site.urls import case_file_path, case_slug_path, from_case_page, url_of


def rewrite(body: str, source: Path, slug: str, case_slugs: dict[Path, str]) -> tuple[str, dict[str, Path]]:
    """Body with links as URLs relative to the case page; {docs path: file} of images to publish."""
    assets: dict[str, Path] = {}

    def replace(m: re.Match[str]) -> str:
        target = m[2]
        if EXTERNAL.match(target):
            return m[0]
        file_part, _, fragment = target.partition("#")
        path = (source.parent / unquote(file_part)).resolve()
        if path.suffix.lower() in MARKDOWN:
            new = quote(from_case_page(url_of(case_slug_path(case_slugs[path])))) if path in case_slugs else target
        else:
            published = case_file_path(slug, path.name)
            assets[published] = path
            new = quote(from_case_page(published))
        return m[1] + new + (f"#{fragment}" if fragment else "") + m[3]

    return LINK.sub(replace, body), assets
