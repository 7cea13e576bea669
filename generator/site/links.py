"""TODO."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, unquote

from generator.core.body_links import EXTERNAL, LINK, MARKDOWN


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
