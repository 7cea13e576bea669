"""The folder a site is built into: never one of the library's own, and emptied only when caselib made it.

`caselib build --site-dir cases` (a plausible typo) must not empty the library. The folder is
checked before anything is written or removed; a non-empty folder is cleaned only when it holds
the marker a build leaves there (or is a site an earlier caselib built, which had none).
"""

from __future__ import annotations

from pathlib import Path

from generator.core import confine
from generator.core.config import Config
from generator.core.errors import UsageError

MARKER = ".caselib-site"
MARKER_TEXT = "这个文件夹是 caselib 生成的网站，每次生成都会被清空重写；不要把自己的文件放在这里。\n"
_EARLIER_SITE = ("index.html", "cases.json", "search")   # what every site an earlier caselib built holds


def own_folders(library: Config) -> list[Path]:
    """The library's own folders, which a site must neither be, hold, nor sit in."""
    root = library.root
    return [library.cases_dir, root / "packs", root / "templates", root / "docs"]


def check_site_folder(site: Path, library: Config) -> None:
    """`UsageError` unless `site` may be emptied and written by a build of `library`."""
    site = site.resolve()
    root = library.root.resolve()
    if site == root or root.is_relative_to(site):
        raise UsageError(f"不能把网站生成到 {site}：这个文件夹装着案例库本身（{root}），生成前会被清空",
                         "用案例库里的 site 文件夹（默认），或另选一个空文件夹")
    for own in own_folders(library):
        own = own.resolve()
        if site == own or site.is_relative_to(own) or own.is_relative_to(site):
            raise UsageError(f"不能把网站生成到 {site}：它是案例库自己的文件夹 {own.name}/（或在其中），生成前会被清空",
                             "去掉 --site-dir 用默认的 site 文件夹，或另选一个空文件夹")
    if site.is_file():
        raise UsageError(f"不能把网站生成到 {site}：这是一个文件，不是文件夹", "另选一个文件夹")
    if site.is_dir() and any(site.iterdir()) and not _made_by_caselib(site):
        raise UsageError(f"文件夹 {site} 里已有文件，但不是 caselib 生成的网站；为免误删，没有清空它",
                         "另选一个空文件夹或新文件夹；确定里面的文件都不要了，就先自己清空它")


def claim(site: Path) -> None:
    """Mark `site` as caselib's, so later builds may empty it."""
    confine.write_text(site, MARKER, MARKER_TEXT)


def _made_by_caselib(site: Path) -> bool:
    return (site / MARKER).is_file() or all((site / name).exists() for name in _EARLIER_SITE)
