"""Generated pages and their fragments: finished HTML kept out of Markdown's way.

A generated page is Markdown in which each piece of finished HTML (a case body, a listing) stands
as a placeholder paragraph; after Markdown the placeholders are replaced by the pieces. Markdown's
raw-HTML parsing is slow and could change them, so it never sees them. The placeholder's spelling
lives only here.

Content cannot forge a placeholder. Each is framed by U+FFFF, a Unicode noncharacter: no text a
person typed holds one, and YAML refuses it, so no header field, pack or vocabulary text (what a
page's own Markdown shows of content) can carry it; Markdown and the sanitiser keep it, so ours come
through. The fragments (case bodies, lists, pack sessions) are put in in one pass over the page, so
a placeholder's spelling inside a fragment is never looked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_MARK = "\uffff"     # a noncharacter: see above
_WORD = "CASELIB-FRAGMENT"
_PLACEHOLDER = re.compile(rf"{_MARK}{_WORD}-(\d+){_MARK}")
_FILLED = re.compile(rf"<p>{_PLACEHOLDER.pattern}</p>")


@dataclass(frozen=True)
class Page:
    path: str                          # docs-relative source path, e.g. "cases/heping.md"
    text: str                          # Markdown, with fragment placeholders
    fragments: tuple[str, ...] = ()    # finished HTML, put in place after Markdown
    assets: tuple[tuple[str, Path], ...] = ()   # (docs path, source file) of images the page links


def placeholder(index: int) -> str:
    """The Markdown paragraph standing for fragment `index`."""
    return f"\n\n{_MARK}{_WORD}-{index}{_MARK}\n\n"


def fill_fragments(html: str, fragments: tuple[str, ...]) -> str:
    """The page's HTML (after Markdown) with each placeholder paragraph replaced by its fragment, in
    one pass: what a fragment holds is never searched again, and each fragment is put in once."""
    used: set[int] = set()

    def put(m: re.Match[str]) -> str:
        index = int(m[1])
        if index >= len(fragments) or index in used:
            return ""       # not one of this page's: nothing of it is published
        used.add(index)
        return fragments[index]

    return _FILLED.sub(put, html) if _MARK in html else html


def article_html(page: Page) -> str:
    """The page's HTML as MkDocs would make it, when the page is nothing but fragments, each a
    paragraph of its own in the Markdown (Markdown would only join them)."""
    body = page.text.split("\n---\n", 1)[1] if page.text.startswith("---\n") else page.text
    blocks = [b.strip() for b in body.split("\n\n") if b.strip()]
    matches = [_PLACEHOLDER.fullmatch(b) for b in blocks]
    if not all(matches):
        raise ValueError(f"{page.path}: the case template must consist of keep_html() blocks only")
    return "\n".join(page.fragments[int(m[1])] for m in matches if m)
