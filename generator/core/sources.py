"""Find case files under `cases/` and read each into a `Document`.

Every file that looks like a case is either read or refused with a message;
nothing is silently skipped and nothing is ever written back. Only regular files are
opened: a FIFO, device or socket (or a link to one) is a warning, never read, since
reading a FIFO waits forever for a writer.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from generator.core import yamltree
from generator.core.problems import Problem, error, warning
from generator.core.text import decode, os_reason

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
IGNORED_NAMES = re.compile(r"^(\.|~\$|Thumbs\.db$|desktop\.ini$)", re.IGNORECASE)
ASSET_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".pdf"}
IMPORTABLE_SUFFIXES = {".docx", ".txt", ".html", ".htm"}     # what `caselib import` reads
SAVE_AS_DOCX_SUFFIXES = {".doc", ".wps", ".rtf", ".odt"}      # Word/WPS can save these as .docx
NOT_A_CASE = "非案例文件"   # a problem code: dropped for a file a case links (its attachment)
MAX_BYTES = 5 * 1024 * 1024     # the one size limit for a case file (the importer uses it too)
SPECIAL_KINDS = ((stat.S_ISFIFO, "管道（FIFO）"), (stat.S_ISCHR, "字符设备"), (stat.S_ISBLK, "块设备"),
                 (stat.S_ISSOCK, "套接字"), (stat.S_ISDIR, "文件夹"))
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


class NotRegularFile(OSError):
    """A FIFO, device, socket or folder where a file was expected; `kind` names it in Chinese."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"not a regular file: {kind}")
        self.kind = kind


@dataclass(frozen=True)
class Document:
    path: Path                       # absolute path of the file
    shown: str                       # path as printed in messages
    text: str                        # decoded text, LF line endings
    meta: yamltree.Node | None       # the frontmatter mapping (None when unusable)
    body: str
    body_line: int                   # file line where the body starts


def discover(targets: list[Path], cases_root: Path) -> tuple[list[Path], list[Problem]]:
    """Markdown files under the targets, sorted; problems for what cannot be taken."""
    found: list[Path] = []
    problems: list[Problem] = []
    for target in targets:
        if target.is_dir() and not target.is_symlink():
            _walk(target, cases_root, found, problems)
        elif target.is_symlink() or target.exists():     # a FIFO or device too: _take says what it is
            _take(target, cases_root, found, problems)
        else:
            problems.append(error(shown_path(target), None, "找不到文件", "这个文件或文件夹不存在",
                                  "检查路径是否拼写正确"))
    return sorted(set(found)), problems


def _walk(folder: Path, cases_root: Path, found: list[Path], problems: list[Problem]) -> None:
    # os.walk without followlinks: a symlinked folder cannot make us loop.
    for dirpath, dirnames, filenames in os.walk(folder, onerror=lambda e: problems.append(
            error(shown_path(Path(e.filename or folder)), None, "无法读取", f"无法打开文件夹：{os_reason(e)}"))):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not IGNORED_NAMES.match(d))
        for name in dirnames:
            if (here / name).is_symlink():
                problems.append(warning(shown_path(here / name), None, "链接文件夹",
                                        "这是指向其他位置的快捷方式（符号链接），其中的文件不会被读取",
                                        "把案例文件直接放进 cases/ 文件夹"))
        for name in sorted(filenames):
            if not IGNORED_NAMES.match(name):
                _take(here / name, cases_root, found, problems)


def _take(path: Path, cases_root: Path, found: list[Path], problems: list[Problem]) -> None:
    shown = shown_path(path)
    suffix = path.suffix.lower()
    if suffix in ASSET_SUFFIXES:
        return  # images and attachments are published only when a case links them
    markdown = suffix in MARKDOWN_SUFFIXES
    if markdown and path.is_symlink() and (refused := _link_refusal(path, shown, cases_root)):
        problems.append(refused)
    elif kind := _special_kind(path):
        problems.append(special_file(shown, kind, path.is_symlink()))
    elif not markdown:
        problems.append(warning(shown, None, NOT_A_CASE, "不是 Markdown 文件（.md），不作为案例读取",
                                _import_hint(path)))
    else:
        found.append(path)


def _link_refusal(path: Path, shown: str, cases_root: Path) -> Problem | None:
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return error(shown, None, "无效链接", "这个快捷方式（符号链接）指向的文件不存在或形成循环")
    if not target.is_relative_to(cases_root):
        return error(shown, None, "外部链接", "这个快捷方式指向 cases/ 以外的文件，已拒绝",
                     "把文件本身复制到 cases/ 文件夹中")
    return None


def _special_kind(path: Path) -> str:
    """What `path` is (a symlink followed) when it is not a regular file; "" for a regular or missing one."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return ""       # missing or unreadable: reading it says why
    return _kind_of(mode)


def _kind_of(mode: int) -> str:
    return "" if stat.S_ISREG(mode) else next((kind for test, kind in SPECIAL_KINDS if test(mode)), "特殊文件")


def special_file(shown: str, kind: str, linked: bool) -> Problem:
    """The warning for a FIFO, device, socket or folder where a case file was expected."""
    what = f"这个快捷方式（符号链接）指向{kind}" if linked else f"这是{kind}"
    return warning(shown, None, "特殊文件", f"{what}，不是普通文件，没有读取",
                   "caselib 只读取普通文件；它若不是案例，请移出 cases/ 文件夹")


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes | None:
    """The bytes of a regular file (a symlink followed), or None when it holds more than `limit` bytes.

    Anything else raises `NotRegularFile` before it is opened. The open does not block and the open
    file is checked again, in case a FIFO or device took the file's place in between; other
    failures raise OSError."""
    if kind := _kind_of(os.stat(path).st_mode):
        raise NotRegularFile(kind)
    with os.fdopen(os.open(path, _OPEN_FLAGS), "rb") as file:
        st = os.fstat(file.fileno())
        if kind := _kind_of(st.st_mode):
            raise NotRegularFile(kind)
        if st.st_size > limit:
            return None
        data = file.read(limit + 1)      # at most one byte more: a file still growing is not read whole
    return data if len(data) <= limit else None


def _import_hint(path: Path) -> str:
    suffix = path.suffix.lower()
    command = f"caselib import \"{shown_path(path)}\""
    if suffix in IMPORTABLE_SUFFIXES:
        return f"用 caselib import 导入，会生成一篇 .md 草稿：{command}；导入后可把原文件移出 cases/"
    if suffix in SAVE_AS_DOCX_SUFFIXES:
        return "先用 Word 或 WPS 另存为 .docx，再用 caselib import 导入"
    return ""


def _suffix_note(shown: str, path: Path) -> list[Problem]:
    """A case file named .MD, .markdown … is read, with a note to use the one spelling every tool knows."""
    if path.suffix == ".md":
        return []
    return [warning(shown, None, "文件扩展名", f"扩展名“{path.suffix}”也按案例读取了",
                    f"请把文件改名为 {path.stem}.md（小写 .md），换了电脑或网站服务器也能一致识别")]


def shown_path(path: Path) -> str:
    """Path as the user should see it: relative to the working folder when possible."""
    text, cwd = str(path), os.getcwd()
    if text.startswith(cwd + os.sep):
        return text[len(cwd) + 1:]  # the common case, without relpath's cost per file
    try:
        return os.path.relpath(path)
    except ValueError:
        return text


def read_document(path: Path) -> tuple[Document | None, list[Problem]]:
    shown = shown_path(path)
    try:
        data = read_bytes(path)
    except NotRegularFile as exc:
        return None, [special_file(shown, exc.kind, path.is_symlink())]
    except OSError as exc:
        return None, [error(shown, None, "无法读取", f"无法读取这个文件：{os_reason(exc)}")]
    if data is None:
        return None, [error(shown, None, "文件过大", "文件超过 5 MB，不像是一篇案例", "图片请单独存放并在正文中引用")]
    decoded = decode(data)
    if decoded.text is None:
        what = "这是二进制文件（如 Word、图片），不是文本" if decoded.reason == "binary" else "无法识别文件的文字编码"
        return None, [error(shown, None, "无法读取", what, "用文本编辑器打开后另存为 UTF-8 编码的 .md 文件")]
    problems = _suffix_note(shown, path)
    if decoded.encoding not in ("utf-8", "ascii"):
        problems.append(warning(shown, None, "文件编码", f"文件是 {decoded.encoding.upper()} 编码，已按此读取",
                                "请另存为 UTF-8 编码，避免在其他电脑上出现乱码"))
    doc, split_problems = split_document(path, shown, decoded.text)
    return doc, problems + split_problems


FENCE = re.compile(r"^---[ \t]*$")
CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$")
FULLWIDTH_KEY = re.compile(r"^[ \t]*(?:-[ \t]+)?([A-Za-z_\u4e00-\u9fff]{1,20})[ \t]*：")
BLOCK_START = re.compile(r":[ \t]*[|>][-+0-9]*[ \t]*$")
EXAMPLE_HEADER = "文件第一行写 ---，接着写 title: 标题 等字段，再写一行 --- 结束"


def split_document(path: Path, shown: str, text: str) -> tuple[Document | None, list[Problem]]:
    if not text.strip():
        return None, [error(shown, None, "空文件", "文件是空的", "可用 caselib new 生成一个填好格式的案例文件")]
    lines = text.split("\n")
    if not FENCE.match(lines[0].lstrip("\ufeff")):
        return None, [error(shown, 1, "缺少头信息", "文件开头没有用 --- 包围的头信息（标题、类型、日期等）",
                            EXAMPLE_HEADER)]
    end = next((i for i in range(1, len(lines)) if CLOSE.match(lines[i])), None)
    if end is None:
        return None, [error(shown, 1, "头信息未结束", "头信息只有开头的 ---，找不到结尾的 ---",
                            f"在最后一个字段之后加一行 ---{_probable_end(lines)}")]
    problems = _fullwidth_colons(shown, lines[1:end])
    body = "\n".join(lines[end + 1:])
    if problems:  # YAML would misread these lines; the colon messages are the clear ones
        return Document(path, shown, text, None, body, end + 2), problems
    meta, issues = yamltree.parse("\n".join(lines[1:end]), first_line=2)
    problems = [error(shown, i.line, "格式错误", i.message, i.hint) for i in issues]
    if meta is not None and meta.mapping is None:
        problems.append(error(shown, 2, "格式错误", "头信息应是一行一个“字段: 值”", EXAMPLE_HEADER))
        meta = None
    if meta is None and not issues and not problems:
        problems.append(error(shown, 2, "缺少头信息", "头信息是空的", "至少填写 title、kind、date、community、summary"))
    return Document(path, shown, text, meta, body, end + 2), problems


def _fullwidth_colons(shown: str, header: list[str]) -> list[Problem]:
    """`标题：…` lines, which YAML would silently glue onto the previous value."""
    return [error(shown, index + 2, "全角冒号", f"“{m.group(1)}”后面用了全角冒号“：”",
                  f"改成半角冒号加空格：{m.group(1)}: …")
            for index, m in fullwidth_colon_keys(header)]


def fullwidth_colon_keys(header: list[str]):
    """(index in `header`, match) for each `key：` line outside a `|`/`>` block; the match ends after "："."""
    block_indent = None
    for index, line in enumerate(header):
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None and (indent > block_indent or not line.strip()):
            continue  # inside a `|` or `>` block: free text
        block_indent = indent if BLOCK_START.search(line) else None
        m = FULLWIDTH_KEY.match(line)
        if m and indent <= 2:
            yield index, m


def _probable_end(lines: list[str]) -> str:
    for i, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            return f"（可能应在第 {i} 行）"
    return ""
