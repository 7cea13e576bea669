"""The names and writes of `caselib import` and `caselib new`: a name made from document text is
always made safe (core/confine `safe_name`), every write goes through core/confine into the folder
it belongs in, and a supervisor's file is never overwritten.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection
from pathlib import Path

from generator.core import confine
from generator.core.errors import UserError
from generator.core.model import slugify
from generator.core.sources import shown_path
from generator.core.text import write_reason
from generator.importing.draft import Draft

STEM_CHARS = 60        # a longer title is cut here in the file name; the header keeps it whole
_MAX_TRIES = 10_000


class Taken(UserError):
    """A name that was free when chosen is taken by the time it is written."""


def file_stem(date: str, title: str, fallback: str = "新案例") -> str:
    """`2024-05-01-楼道公约的诞生`: the name every new case file gets, safe whatever the text."""
    words = slugify(title) if title.strip() else confine.safe_name(fallback, "新案例")
    words = words[:STEM_CHARS].rstrip("-. ")
    return confine.safe_name(f"{date}-{words}" if words else date, "新案例")


def free_stem(folder: Path, stem: str, files: Callable[[str], list[str]], taken: Collection[Path] = ()) -> str:
    """`stem`, or `stem-2`, `stem-3` …: the first whose files (`files(stem)`, relative to `folder`) are all
    free, on disk and among `taken` (the files this run has already planned): never overwrite."""
    for n in range(1, _MAX_TRIES):
        candidate = stem if n == 1 else f"{stem}-{n}"
        paths = [folder / name for name in files(candidate)]
        if not any(p in taken or os.path.lexists(p) for p in paths):
            return candidate
    raise UserError(f"文件夹 {shown_path(folder)} 中以“{stem}”开头的文件太多，找不到空闲的文件名",
                    "换一个标题，或整理这个文件夹")


def free_path(folder: Path, stem: str, suffix: str = ".md") -> Path:
    """`stem.md`, or `stem-2.md` … when taken."""
    return folder / (free_stem(folder, stem, lambda s: [s + suffix]) + suffix)


def confinement(folder: Path, cases_dir: Path) -> Path:
    """The folder writes into `folder` are confined to: cases/ for a folder inside it (so a kind folder
    that is a link cannot lead out of cases/), else the folder the user named with --dir."""
    return cases_dir if folder.is_relative_to(cases_dir) else folder


def create(folder: Path, name: Path | str, data: bytes) -> Path:
    """A new file `name` (relative) in `folder`, confined to it; Taken when something is there already."""
    shown = shown_path(folder / name)
    try:
        return confine.write_bytes(folder, name, data, exclusive=True)
    except FileExistsError:
        raise Taken(f"{shown} 已经存在，没有覆盖它", "再运行一次，会换一个新的文件名") from None
    except OSError as exc:
        raise UserError(f"无法写入 {shown}：{write_reason(exc)}",
                        "检查这个文件夹是否存在、是否可以写入，磁盘是否还有空间") from None


def write_draft(draft: Draft, within: Path) -> None:
    """The draft's images, then the draft: new files confined to `within`, all or none of them.
    Taken when one exists by now (the names were free when chosen)."""
    names = [draft.folder.relative_to(within) / name for name in draft.files()]
    for name in names:
        if os.path.lexists(within / name):
            raise Taken(f"{shown_path(within / name)} 已经存在（在检查草稿之后才出现），没有覆盖它，这篇草稿没有写入",
                        "再运行一次导入，草稿会换一个新的文件名")
    written: list[Path] = []
    try:
        for name, content in zip(names, draft.contents(), strict=True):
            written.append(create(within, name, content))
    except UserError:
        for path in written:
            confine.remove(within, path)
        raise
