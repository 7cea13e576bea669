"""Every file caselib writes, copies or removes goes through here, confined to the folder it is meant for.

A target is resolved (symlinks included) and refused unless it lies inside that folder, so a slug,
a file name taken from a document or a field added later cannot reach outside it. Names made from
user text are made safe by `safe_name` before they become paths.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import unicodedata
from pathlib import Path

from generator.core.errors import UserError

MAX_NAME_BYTES = 200   # most file systems allow 255 bytes per name; room for a suffix and a counter


class Outside(UserError):
    """A write, copy or removal that would land outside its folder (or read from outside its own)."""


def inside(folder: Path, target: Path | str) -> Path:
    """`target` (relative to `folder`, or absolute) resolved; `Outside` unless it lies within `folder`."""
    root = folder.resolve()
    resolved = (root / target).resolve()
    if resolved != root and not resolved.is_relative_to(root):
        raise Outside(f"拒绝写入“{target}”：它在文件夹 {folder} 之外",
                      "caselib 只在自己的输出文件夹中写文件；检查 slug、文件名或链接中是否有 ../ 或绝对路径")
    return resolved


def write_text(folder: Path, target: Path | str, text: str, exclusive: bool = False) -> Path:
    return write_bytes(folder, target, text.encode("utf-8"), exclusive)


def output_path(folder: Path, target: Path | str) -> Path:
    """Where file `target` is written in `folder`: its folder resolved and confined, and a link left
    at the name itself removed, so the file is written there, never through the link."""
    target = Path(target)
    path = inside(folder, target.parent) / target.name
    if path.is_symlink():
        path.unlink()
    resolved = inside(folder, path)     # refuses a name such as ".."
    if resolved == folder.resolve():
        raise Outside(f"拒绝写入“{target}”：它指向文件夹 {folder} 本身，不是其中的文件",
                      "检查 slug 或文件名是否写成了 .. 或以 / 结尾")
    return resolved


def write_bytes(folder: Path, target: Path | str, data: bytes, exclusive: bool = False) -> Path:
    """`exclusive`: a new file only (FileExistsError when anything, a link included, has the name)."""
    if exclusive:
        path = inside(folder, Path(target).parent) / Path(target).name
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "xb") as out:   # O_EXCL: never through a link, never over a file made meanwhile
            out.write(data)
        return path
    path = output_path(folder, target)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def copy_file(source: Path, source_folder: Path, folder: Path, target: Path | str) -> Path:
    """A regular file from within `source_folder` (a symlink is followed, and must stay within it) to `target`."""
    real = inside(source_folder, source)
    if not real.is_file():
        raise Outside(f"拒绝复制“{source}”：它不是普通文件", "图片和附件要是 cases/ 文件夹中的普通文件")
    path = output_path(folder, target)
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(real, path)
    return path


def remove(folder: Path, target: Path | str) -> None:
    """A file or a whole folder inside `folder`; a link is removed, never what it points at."""
    path = inside(folder, Path(target).parent) / Path(target).name
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)


def make_folder(folder: Path, target: Path | str) -> Path:
    path = inside(folder, target)
    path.mkdir(parents=True, exist_ok=True)
    return path


_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)   # Windows device names


def safe_name(text: str, fallback: str = "未命名") -> str:
    """One file or folder name made from user text: no separators, no `..`, no control or invisible
    characters, no Windows device name, at most MAX_NAME_BYTES in UTF-8."""
    text = "".join(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) != "Cf")
    name = _UNSAFE_NAME.sub("-", " ".join(text.split())).strip(" .-")
    if not name or _RESERVED.match(name):
        name = fallback
    while len(name.encode("utf-8")) > MAX_NAME_BYTES:
        name = name[:-1]
    return name.rstrip(" .-") or fallback


def is_regular_file(path: Path) -> bool:
    """A regular file (not a FIFO, device or socket), following a symlink."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False
