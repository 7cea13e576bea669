"""Links in a case body, as its writer typed them (to other case files, to images beside it),
rewritten to where those are published (site/urls.py), before the body is converted.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import quote, unquote

from generator.core.assets import publishable
from generator.core.body_links import EXTERNAL, LINK, MARKDOWN
from generator.site.urls import case_file_path, case_slug_path, from_case_page, url_of


def rewrite(body: str, source: Path, slug: str, case_slugs: dict[Path, str],
            cases_dir: Path) -> tuple[str, dict[str, Path]]:
    """Body with links as URLs relative to the case page; {docs path: file} of images and
    attachments to publish: only files `publishable` from cases/ (the others stay unpublished,
    and `check` reports the link)."""
    assets: dict[str, Path] = {}

    def replace(m: re.Match[str]) -> str:
        target = html.unescape(m[2])   # as Markdown and the browser will read it
        if EXTERNAL.match(target):
            return m[0]
        file_part, _, fragment = target.partition("#")
        path = (source.parent / unquote(file_part)).resolve()
        if path.suffix.lower() in MARKDOWN:
            new = quote(from_case_page(url_of(case_slug_path(case_slugs[path])))) if path in case_slugs else target
        elif not publishable(path, cases_dir):
            return m[0]
        else:
            published = case_file_path(slug, path.name)
            assets[published] = path
            new = quote(from_case_page(published))
        return m[1] + new + (f"#{fragment}" if fragment else "") + m[3]

    return LINK.sub(replace, body), assets
