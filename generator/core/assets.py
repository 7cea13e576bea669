"""Which files beside a case are published: an allow-list of types, everything else refused.

A published file is served from the site's own address, so one that a browser would run
(.html, .js, .svg, .xml …) could read what the site serves; unknown types are refused too.
"""

from __future__ import annotations

from pathlib import Path

from generator.core.confine import is_regular_file

IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
DOCUMENTS = (".pdf", ".docx", ".xlsx", ".pptx", ".txt")
PUBLISHED = frozenset(IMAGES + DOCUMENTS)
ALLOWED_TEXT = "图片用 png、jpg、gif、webp；附件用 pdf、docx、xlsx、pptx、txt"


def publishable(path: Path, cases_dir: Path) -> bool:
    """A regular file of an allowed type, inside cases/ (a symlink's target included)."""
    if path.suffix.lower() not in PUBLISHED or not is_regular_file(path):
        return False
    try:
        return path.resolve().is_relative_to(cases_dir.resolve())
    except OSError:
        return False
