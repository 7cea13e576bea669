"""TODO."""

from __future__ import annotations

import re

from generator.site.render import Page


def fragment_marker(index: int) -> str:
    return f"<p>CASELIB-FRAGMENT-{index}</p>"

def fill_fragments(html: str, fragments: tuple[str, ...]) -> str:
    for index, fragment in enumerate(fragments):
        html = html.replace(fragment_marker(index), fragment, 1)
    return html

_MARKER = re.compile(r"CASELIB-FRAGMENT-(\d+)")

def article_html(page: Page) -> str:
    """The page's HTML as MkDocs would make it: the case template is nothing but finished HTML
    fragments, each a paragraph of its own in the Markdown, so Markdown would only join them."""
    body = page.text.split("\n---\n", 1)[1] if page.text.startswith("---\n") else page.text
    blocks = [b.strip() for b in body.split("\n\n") if b.strip()]
    matches = [_MARKER.fullmatch(b) for b in blocks]
    if not all(matches):
        raise ValueError(f"{page.path}: the case template must consist of keep_html() blocks only")
    return "\n".join(page.fragments[int(m[1])] for m in matches)
