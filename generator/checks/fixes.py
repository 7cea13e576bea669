"""`caselib check --fix`: safe, mechanical header fixes, written only when asked.

Fixed: a tag written as an alias, in Traditional characters, full width or as its id
(→ the vocabulary's label); a comma-joined value (→ a list); a full-width colon after a
key (→ ": "); a tag listed twice (→ once). Nothing else is touched: each fix edits the
header text at the line and column positions `yamltree` records for the value, so
comments, quotes and the layout of the rest of the header stay as they were; YAML is
never re-dumped.

A file is written back in the encoding, byte-order mark and line endings it was read
with; a file whose bytes could not be reproduced exactly that way is left alone with a
message. After editing, the header must still parse to the same fields, or nothing is
written.

Only a regular file caselib may write is replaced: a symlink, a read-only file, a file in a
read-only folder, a hard-linked file or one whose owner could not be kept is refused with a
message, and so is a file changed since it was read (an editor saved it meanwhile). The
replacement keeps the file's mode bits and owner. Refusals are problems like any other: the
other files are still fixed and the run fails.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from generator.checks.fields import LIST_SEPARATORS
from generator.core import yamltree
from generator.core.config import Config
from generator.core.facets import FACETS
from generator.core.problems import Problem, error
from generator.core.sources import (
    CLOSE,
    FENCE,
    discover,
    fullwidth_colon_keys,
    read_bytes,
    shown_path,
)
from generator.core.text import decode, write_reason
from generator.core.vocabulary import Vocabulary

NEEDS_QUOTES = re.compile(r"""^[\s\-?:,\[\]{}#&*!|>'"%@`]|[:#,\[\]{}]|\s$""")


@dataclass(frozen=True)
class Change:
    """One changed header line, as printed: `file:line: 旧 → 新`."""
    shown: str
    line: int
    old: str
    new: str            # "" when the line was removed

    def format(self) -> str:
        return f"{self.shown}:{self.line}: {self.old.strip()} → {self.new.strip() or '（删除这一行）'}"


@dataclass(frozen=True)
class _Edit:
    line: int           # 0-based index into the file's lines
    col: int
    end_line: int
    end_col: int
    text: str


def fix_files(config: Config, targets: list[Path] | None, dry_run: bool) -> tuple[list[Change], list[Problem]]:
    """Fix every case file under the targets (written unless `dry_run`); the changes and any refusals."""
    paths, _ = discover(targets or [config.cases_dir], config.cases_dir)   # check reports what discovery finds
    direct = {_real(p) for p in paths if not p.is_symlink()}
    changes: list[Change] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_symlink() and _real(path) in direct:
            continue        # the file it points at is fixed under its own name
        found, refused = fix_file(path, config.vocabulary, dry_run)
        changes += found
        problems += refused
    return changes, problems


def fix_file(path: Path, vocab: Vocabulary, dry_run: bool) -> tuple[list[Change], list[Problem]]:
    shown = shown_path(path)
    try:
        data = read_bytes(path)
    except OSError:
        return [], []       # check says why it cannot be read (a FIFO or device is never opened)
    decoded = decode(data) if data is not None else None      # None: too large, check says so
    if data is None or decoded is None or decoded.text is None:
        return [], []
    new_text, changes = fix_text(decoded.text, vocab, shown)
    if not changes:
        return [], []
    form = _form(data, decoded.encoding)
    if _encode(decoded.text, form) != data:
        return [], [_refused(shown, "这个文件的编码或换行方式无法原样写回，为了不损坏内容，没有修改",
                             "用文本编辑器另存为 UTF-8 编码后，再运行 caselib check --fix")]
    target = _writable(path, shown)
    if isinstance(target, Problem):
        return [], [target]
    refused = None if dry_run else _replace_file(path, shown, target, data, _encode(new_text, form))
    return ([], [refused]) if refused else (changes, [])


def fix_text(text: str, vocab: Vocabulary, shown: str = "") -> tuple[str, list[Change]]:
    """The text with its header fixed, and the changed lines. Text without a readable header is returned as is."""
    lines = text.split("\n")
    end = _header_end(lines)
    if end is None:
        return text, []
    edits = [_colon_edit(index + 1, lines[index + 1], m) for index, m in fullwidth_colon_keys(lines[1:end])]
    fixed = _apply(lines, edits)
    root, issues = yamltree.parse("\n".join(fixed[1:end]), first_line=2)
    if edits and issues and not yamltree.parse("\n".join(lines[1:end]), first_line=2)[1]:
        return text, []      # the colons YAML read as text would make the header unreadable: leave them
    if root is not None and root.mapping is not None and not issues:
        tag_edits = _tag_edits(root, fixed, vocab)
        candidate = _apply(fixed, tag_edits)
        if _same_fields(root, candidate, end):
            edits, fixed = edits + tag_edits, candidate
    return "\n".join(fixed), _changes(shown, lines, fixed, edits)


def _colon_edit(index: int, line: str, key: re.Match) -> _Edit:
    """`标题 ：  值` → `标题: 值` (just `标题:` when nothing follows)."""
    rest = line[key.end():]
    value_at = key.end() + len(rest) - len(rest.lstrip(" \t"))
    return _Edit(index, key.end(1), index, value_at, ": " if rest.strip() else ":")


def _header_end(lines: list[str]) -> int | None:
    if not lines or not FENCE.match(lines[0]):
        return None
    return next((i for i in range(1, len(lines)) if CLOSE.match(lines[i])), None)


def _tag_edits(root: yamltree.Node, lines: list[str], vocab: Vocabulary) -> list[_Edit]:
    edits: list[_Edit] = []
    for facet in FACETS:
        node = (root.mapping or {}).get(facet)
        if node is None or node.invalid:
            continue
        if node.kind == "scalar":
            edits += _scalar_edit(node, facet, vocab)
        elif node.kind == "list":
            edits += _list_edits(node, facet, vocab, lines)
    return edits


def _scalar_edit(node: yamltree.Node, facet: str, vocab: Vocabulary) -> list[_Edit]:
    value = (node.scalar or "").strip()
    if not value or not _editable(node):
        return []
    parts = [p.strip() for p in LIST_SEPARATORS.split(value) if p.strip()] if facet != "kind" else [value]
    labels = [_label(vocab, facet, p) or p for p in parts]
    if len(parts) > 1:
        return [_replace(node, "[" + ", ".join(_yaml(label, flow=True) for label in dict.fromkeys(labels)) + "]")]
    return [_replace(node, _yaml(labels[0], flow=False))] if labels[0] != value else []


def _list_edits(node: yamltree.Node, facet: str, vocab: Vocabulary, lines: list[str]) -> list[_Edit]:
    edits: list[_Edit] = []
    seen: set[str] = set()
    previous: yamltree.Node | None = None
    for item in node.items or ():
        value = (item.scalar or "").strip() if item.kind == "scalar" else ""
        label = _label(vocab, facet, value) if value else None
        if label and label in seen and _editable(item) and (removal := _removal(node, item, previous)):
            edits.append(removal)
        elif label and label != value and _editable(item):
            edits.append(_replace(item, _yaml(label, flow=node.style == "[")))
        if label:
            seen.add(label)
        previous = item     # removals run from the item before to this one: they never overlap
    return edits


def _removal(node: yamltree.Node, item: yamltree.Node, previous: yamltree.Node | None) -> _Edit | None:
    """The edit that removes a repeated item; None where that would have to join lines."""
    if node.style == "[":            # [a, b, a]: from the end of b to the end of the second a
        if previous is None or previous.end_line != item.end_line:
            return None
        return _Edit(previous.end_line - 1, previous.end_col, item.end_line - 1, item.end_col, "")
    line = item.line - 1             # "  - a": the whole line
    return _Edit(line, 0, line + 1, 0, "")


def _label(vocab: Vocabulary, facet: str, value: str) -> str | None:
    match = vocab.lookup(facet, value)
    return match.term.label if match else None


def _editable(node: yamltree.Node) -> bool:
    """A one-line value with nothing YAML dropped from it: replacing its text changes only the value."""
    return node.line == node.end_line and not node.tag and not node.escaped and node.style in (None, "'", '"')


def _replace(node: yamltree.Node, text: str) -> _Edit:
    return _Edit(node.line - 1, node.col, node.end_line - 1, node.end_col, text)


def _yaml(label: str, flow: bool) -> str:
    """A label as a YAML value, quoted only when it has to be."""
    return f'"{label}"' if NEEDS_QUOTES.search(label) or (flow and "," in label) else label


def _apply(lines: list[str], edits: list[_Edit]) -> list[str]:
    """The lines with the edits made, last first so earlier positions stay valid."""
    text = "\n".join(lines)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    for edit in sorted(edits, key=lambda e: (e.line, e.col), reverse=True):
        a, b = starts[edit.line] + edit.col, starts[edit.end_line] + edit.end_col
        text = text[:a] + edit.text + text[b:]
    return text.split("\n")


def _same_fields(root: yamltree.Node, lines: list[str], end: int) -> bool:
    """The edited header still parses, with the same fields (a safety net: never make a file worse)."""
    header_end = _header_end(lines)
    if header_end is None:
        return False
    new_root, issues = yamltree.parse("\n".join(lines[1:header_end]), first_line=2)
    return not issues and new_root is not None and new_root.mapping is not None \
        and list(new_root.mapping) == list(root.mapping or {})


def _changes(shown: str, old: list[str], new: list[str], edits: list[_Edit]) -> list[Change]:
    """One `Change` per edited line of the original. Every edit stays on its line except whole-line
    removals, so a line's place in the new text is its old place less the lines removed above it."""
    changes: list[Change] = []
    removed = 0
    for line in sorted({e.line for e in edits}):
        if any(e.line == line and e.end_line == line + 1 for e in edits):
            changes.append(Change(shown, line + 1, old[line], ""))
            removed += 1
        else:
            changes.append(Change(shown, line + 1, old[line], new[line - removed]))
    return changes


# --- writing back in the form the file was read in ------------------------------------

@dataclass(frozen=True)
class _Form:
    encoding: str
    bom: bytes
    newline: str


def _form(data: bytes, encoding: str) -> _Form:
    """How the file was written: its encoding, a UTF-8 byte-order mark (UTF-16's comes with the codec),
    and CRLF or LF. `_encode` of the decoded text must give the same bytes back, or the file is not edited."""
    bom = b"\xef\xbb\xbf" if encoding == "utf-8" and data.startswith(b"\xef\xbb\xbf") else b""
    try:
        raw = data[len(bom):].decode(_codec(encoding))
    except (UnicodeDecodeError, LookupError):
        raw = ""
    return _Form(encoding, bom, "\r\n" if "\r\n" in raw else "\n")


def _codec(encoding: str) -> str:
    return encoding if encoding != "ascii" else "utf-8"


def _encode(text: str, form: _Form) -> bytes:
    try:
        return form.bom + text.replace("\n", form.newline).encode(_codec(form.encoding))
    except (UnicodeEncodeError, LookupError):
        return b""      # never equal to the file's bytes: the file is left alone


# --- replacing a file: only one caselib may write, in one step, only if unchanged since read -----

_MANUAL = "按这个文件的检查结果手动修改"


def _writable(path: Path, shown: str) -> os.stat_result | Problem:
    """The file's status when `--fix` may replace it, else why not. A file or folder without its owner's
    write bit counts as read-only even for root, whom the system lets write anything: its owner meant it."""
    try:
        st, folder = os.lstat(path), os.stat(path.parent)
    except OSError as exc:
        return _cannot_write(shown, exc)
    if stat.S_ISLNK(st.st_mode):
        real = shown_path(_real(path))
        return _refused(shown, "这是快捷方式（符号链接），--fix 不会通过链接改写文件，也不会用副本替换链接，没有修改",
                        f"要改正的是它指向的文件：caselib check --fix \"{real}\"")
    if not _may_write(path, st):
        return _refused(shown, "文件是只读的，没有修改", f"取消文件的只读属性后再运行 caselib check --fix，或{_MANUAL}")
    if not _may_write(path.parent, folder):
        return _refused(shown, f"文件所在的文件夹“{shown_path(path.parent)}”不允许写入，没有修改",
                        f"--fix 要先在同一文件夹里写好新文件再替换原文件；给文件夹加上写入权限后再运行，或{_MANUAL}")
    if st.st_nlink > 1:
        return _refused(shown, "这个文件还有别的名字（硬链接），改写后几个名字的内容会不一致，没有修改", _MANUAL)
    if not _owner_kept(st):
        return _refused(shown, "这个文件属于另一个用户或用户组，改写后所有者会变，没有修改",
                        f"请由文件的所有者运行 caselib check --fix，或{_MANUAL}")
    return st


def _may_write(path: Path, st: os.stat_result) -> bool:
    return bool(st.st_mode & stat.S_IWUSR) and os.access(path, os.W_OK)


def _owner_kept(st: os.stat_result) -> bool:
    """Whether the replacement can have the file's owner and group (root can give any; others only their own)."""
    if not hasattr(os, "geteuid"):
        return True         # Windows: no owners to keep
    uid = os.geteuid()
    return uid == 0 or (st.st_uid == uid and st.st_gid in {os.getegid(), *os.getgroups()})


def _replace_file(path: Path, shown: str, st: os.stat_result, read: bytes, data: bytes) -> Problem | None:
    """`data` in place of the file in one step (a new file in its folder, then os.replace), unless the file
    no longer holds what was `read`: an editor saved it meanwhile, and that save must not be lost."""
    temp: str | None = None
    try:
        temp = _new_file(path, st, data)
        if _current(path) != read:
            return _refused(shown, "文件在检查后被修改过，没有改动；请再运行一次",
                            "保存好编辑器里的内容后，再运行 caselib check --fix")
        os.replace(temp, path)
        temp = None
        return None
    except OSError as exc:
        return _cannot_write(shown, exc)
    finally:
        if temp is not None:
            with suppress(OSError):
                os.unlink(temp)


def _new_file(path: Path, st: os.stat_result, data: bytes) -> str:
    """`data` in a new hidden file beside `path`, on disk, with `path`'s owner and mode bits."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".caselib-fix-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        made = os.stat(temp)
        if hasattr(os, "chown") and (made.st_uid, made.st_gid) != (st.st_uid, st.st_gid):
            os.chown(temp, st.st_uid, st.st_gid)
        os.chmod(temp, stat.S_IMODE(st.st_mode))     # after chown, which clears set-id bits
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise
    return temp


def _current(path: Path) -> bytes | None:
    """What the file holds now; None when it is no longer a regular file that can be read."""
    try:
        return None if path.is_symlink() else read_bytes(path)
    except OSError:
        return None


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _refused(shown: str, message: str, hint: str) -> Problem:
    return error(shown, None, "无法修改", message, hint)


def _cannot_write(shown: str, exc: OSError) -> Problem:
    reason = write_reason(exc)
    return _refused(shown, f"无法改写这个文件：{reason}，没有修改",
                    f"检查文件和所在文件夹的权限后再运行 caselib check --fix，或{_MANUAL}")
