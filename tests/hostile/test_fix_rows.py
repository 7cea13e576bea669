"""Issue 21, row 11: `check --fix` writes only regular files it may write, keeps their mode and owner,
never replaces a link, and never loses a save made between its read and its write. Every refusal is a
Chinese problem naming the file, the other files are still fixed, and the run fails.

The read-only cases hold as root too: a file or folder without its owner's write bit is refused by caselib
itself, not by the system (which lets root write anything).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from generator.checks import fixes
from generator.checks.fixes import fix_file
from generator.core.config import load_config

from ..fixture_library import case_text
from .conftest import assert_plain_failure

ALIAS = "开放空间技术"              # an alias `--fix` turns into its label
LABEL = "开放空间会议"
FIXABLE = case_text(dict(title="楼道议事的三条约定", kind="培训心得", date="2023-05-01", community="和平路社区",
                         techniques=f"[{ALIAS}, 谈话棒]"))
OTHER = case_text(dict(title="谈话棒让每个人都说了话", kind="培训心得", date="2023-06-01", community="环山路社区",
                       techniques=f"[{ALIAS}]"))


def _put(path: Path, text: str = FIXABLE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _other(hostile) -> Path:
    """A second fixable file, in a folder of its own: fixed whatever happens to the first."""
    return _put(hostile.lib / "cases" / "其他" / "other.md", OTHER)


def _temps(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if name.startswith(".caselib-fix-")]


def _refusal(out: str, shown: str, words: str) -> None:
    line = next((line for line in out.splitlines() if line.startswith(f"{shown}: 错误[无法修改]")), None)
    assert line is not None and words in line, out


def test_a_read_only_folder_is_refused_and_the_others_are_fixed(hostile):
    folder = hostile.lib / "cases" / "只读"
    path = _put(folder / "a.md")
    other = _other(hostile)
    folder.chmod(0o555)
    hostile.mark()
    try:
        run = hostile.caselib("check", "--fix")
    finally:
        folder.chmod(0o755)
    assert_plain_failure(run)
    _refusal(run.out, "cases/只读/a.md", "文件所在的文件夹“cases/只读”不允许写入，没有修改")
    assert path.read_text(encoding="utf-8") == FIXABLE and sorted(os.listdir(folder)) == ["a.md"]
    assert LABEL in other.read_text(encoding="utf-8") and "已改正 1 行（1 个文件）" in run.out
    assert hostile.changed_outside("cases/其他") == []


def test_a_read_only_file_is_refused_not_rewritten(hostile):
    path = _put(hostile.lib / "cases" / "a.md")
    other = _other(hostile)
    path.chmod(0o444)
    hostile.mark()
    run = hostile.caselib("check", "--fix")
    assert_plain_failure(run)
    _refusal(run.out, "cases/a.md", "文件是只读的，没有修改")
    assert path.read_text(encoding="utf-8") == FIXABLE and stat.S_IMODE(path.stat().st_mode) == 0o444
    assert LABEL in other.read_text(encoding="utf-8")
    assert hostile.changed_outside("cases/其他") == []


def test_a_read_only_file_is_refused_by_a_dry_run_too(hostile):
    path = _put(hostile.lib / "cases" / "a.md")
    path.chmod(0o444)
    hostile.mark()
    run = hostile.caselib("check", "--fix", "--dry-run")
    assert_plain_failure(run)
    _refusal(run.out, "cases/a.md", "文件是只读的")
    assert hostile.changed_outside() == []


def test_a_link_to_a_case_inside_cases_is_not_replaced(hostile):
    target = _put(hostile.lib / "cases" / "a.md")
    link = hostile.lib / "cases" / "link.md"
    link.symlink_to("a.md")
    hostile.mark()
    run = hostile.caselib("check", "--fix", "cases/link.md")
    assert_plain_failure(run)
    _refusal(run.out, "cases/link.md", "这是快捷方式（符号链接），--fix 不会通过链接改写文件")
    assert 'caselib check --fix "cases/a.md"' in run.out
    assert link.is_symlink() and os.readlink(link) == "a.md" and target.read_text(encoding="utf-8") == FIXABLE
    assert hostile.changed_outside() == []


def test_a_link_beside_its_target_leaves_the_target_fixed_once_and_the_link_a_link(hostile):
    target = _put(hostile.lib / "cases" / "b.md")
    link = hostile.lib / "cases" / "a-link.md"          # sorted before its target
    link.symlink_to("b.md")
    hostile.mark()
    run = hostile.caselib("check", "--fix")
    assert "已改正 1 行（1 个文件）" in run.out and "无法修改" not in run.out, run.out
    assert link.is_symlink() and os.readlink(link) == "b.md" and LABEL in target.read_text(encoding="utf-8")


def test_a_link_to_a_case_outside_cases_is_refused_and_its_target_untouched(hostile):
    outside = _put(hostile.root / "outside-case.md")
    link = hostile.lib / "cases" / "link.md"
    link.symlink_to(outside)
    hostile.mark()
    run = hostile.caselib("check", "--fix")
    assert_plain_failure(run)
    assert "cases/link.md: 错误[外部链接]" in run.out, run.out
    assert link.is_symlink() and outside.read_text(encoding="utf-8") == FIXABLE
    assert hostile.changed_outside() == []


def test_a_link_outside_cases_to_a_case_given_by_name_is_not_replaced(hostile):
    target = _put(hostile.lib / "cases" / "a.md")
    link = hostile.root / "link.md"
    link.symlink_to(target)
    hostile.mark()
    run = hostile.caselib("check", "--fix", str(link))
    assert_plain_failure(run)
    assert "错误[无法修改] 这是快捷方式（符号链接）" in run.out, run.out
    assert link.is_symlink() and target.read_text(encoding="utf-8") == FIXABLE
    assert hostile.changed_outside() == []


def test_the_mode_bits_are_kept(hostile):
    path = _put(hostile.lib / "cases" / "a.md")
    path.chmod(0o640)
    run = hostile.caselib("check", "--fix")
    assert "已改正 1 行（1 个文件）" in run.out, run.out
    assert LABEL in path.read_text(encoding="utf-8") and stat.S_IMODE(path.stat().st_mode) == 0o640
    assert _temps(path.parent) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file away")
def test_root_keeps_the_owner(hostile):
    path = _put(hostile.lib / "cases" / "a.md")
    os.chown(path, 4321, 4321)
    hostile.caselib("check", "--fix")
    assert LABEL in path.read_text(encoding="utf-8")
    assert (path.stat().st_uid, path.stat().st_gid) == (4321, 4321)


def test_a_hard_linked_file_is_refused(hostile):
    path = _put(hostile.lib / "cases" / "a.md")
    os.link(path, hostile.root / "twin.md")
    hostile.mark()
    run = hostile.caselib("check", "--fix")
    assert_plain_failure(run)
    _refusal(run.out, "cases/a.md", "硬链接")
    assert hostile.changed_outside() == []


# --- in process: what happens between the read and the write ---------------------------

@pytest.fixture
def vocab(hostile):
    return load_config(hostile.lib / "site_config.yml")[0].vocabulary


EDITED = FIXABLE.replace("楼道议事的三条约定", "楼道议事的四条约定")


def test_a_save_while_the_fix_is_worked_out_is_kept(hostile, vocab, monkeypatch):
    path = _put(hostile.lib / "cases" / "a.md")
    real = fixes.fix_text

    def editor_saves_meanwhile(*args, **kwargs):
        path.write_text(EDITED, encoding="utf-8")
        return real(*args, **kwargs)

    monkeypatch.setattr(fixes, "fix_text", editor_saves_meanwhile)
    changes, [problem] = fix_file(path, vocab, dry_run=False)
    assert changes == [] and path.read_text(encoding="utf-8") == EDITED
    assert (problem.severity, problem.code) == ("error", "无法修改")
    assert problem.message == "文件在检查后被修改过，没有改动；请再运行一次"
    assert _temps(path.parent) == []


def test_a_save_while_the_new_file_is_written_is_kept(hostile, vocab, monkeypatch):
    path = _put(hostile.lib / "cases" / "a.md")
    real = fixes._new_file

    def editor_saves_meanwhile(*args, **kwargs):
        made = real(*args, **kwargs)
        path.write_text(EDITED, encoding="utf-8")
        return made

    monkeypatch.setattr(fixes, "_new_file", editor_saves_meanwhile)
    _, [problem] = fix_file(path, vocab, dry_run=False)
    assert "被修改过" in problem.message and path.read_text(encoding="utf-8") == EDITED
    assert _temps(path.parent) == []


def test_a_failing_write_is_a_chinese_message_and_leaves_no_file_behind(hostile, vocab, monkeypatch):
    path = _put(hostile.lib / "cases" / "a.md")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fixes.os, "replace", full)
    _, [problem] = fix_file(path, vocab, dry_run=False)
    assert problem.path.endswith("a.md") and problem.message == "无法改写这个文件：磁盘空间不足，没有修改"
    assert path.read_text(encoding="utf-8") == FIXABLE and _temps(path.parent) == []


def test_a_file_that_became_a_link_meanwhile_is_not_replaced(hostile, vocab, monkeypatch):
    path = _put(hostile.lib / "cases" / "a.md")
    elsewhere = _put(hostile.root / "elsewhere.md")
    real = fixes.fix_text

    def swapped_for_a_link(*args, **kwargs):
        path.unlink()
        path.symlink_to(elsewhere)
        return real(*args, **kwargs)

    monkeypatch.setattr(fixes, "fix_text", swapped_for_a_link)
    _, [problem] = fix_file(path, vocab, dry_run=False)
    assert "符号链接" in problem.message and path.is_symlink()
    assert elsewhere.read_text(encoding="utf-8") == FIXABLE
