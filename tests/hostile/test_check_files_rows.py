"""Issue 21, row 15 (files): a FIFO, device or socket where a case file is expected (in cases/, linked
from there, or named on the command line) is a warning naming it and is never opened, so `check` cannot
hang on it. Case files keep the one size limit, `MAX_BYTES`.
"""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest

from generator.core import sources
from generator.core.sources import MAX_BYTES, read_document

from .conftest import assert_plain_failure

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")

TIMEOUT = 60     # a check that opened the FIFO would wait for a writer forever


def _warning(out: str, shown: str, words: str) -> None:
    line = next((line for line in out.splitlines() if line.startswith(f"{shown}: 警告[特殊文件]")), None)
    assert line is not None and words in line, out


def test_a_fifo_in_cases_is_a_warning_and_the_check_finishes(hostile):
    os.mkfifo(hostile.lib / "cases" / "x.md")
    hostile.mark()
    run = hostile.caselib("check", timeout=TIMEOUT)
    assert run.code == 0 and "Traceback" not in run.out, run.out
    _warning(run.out, "cases/x.md", "这是管道（FIFO），不是普通文件，没有读取")
    assert hostile.changed_outside() == []


def test_a_fifo_fails_a_strict_check(hostile):
    os.mkfifo(hostile.lib / "cases" / "x.md")
    assert_plain_failure(hostile.caselib("check", "--strict", timeout=TIMEOUT))


def test_a_fifo_in_cases_is_not_opened_by_fix(hostile):
    os.mkfifo(hostile.lib / "cases" / "x.md")
    hostile.mark()
    run = hostile.caselib("check", "--fix", timeout=TIMEOUT)
    _warning(run.out, "cases/x.md", "管道（FIFO）")
    assert hostile.changed_outside() == []


def test_a_link_to_a_fifo_in_cases_is_a_warning(hostile):
    os.mkfifo(hostile.lib / "cases" / "pipe")
    (hostile.lib / "cases" / "x.md").symlink_to("pipe")
    run = hostile.caselib("check", timeout=TIMEOUT)
    _warning(run.out, "cases/x.md", "这个快捷方式（符号链接）指向管道（FIFO）")


def test_a_fifo_named_on_the_command_line_is_a_warning(hostile):
    os.mkfifo(hostile.lib / "cases" / "x.md")
    os.mkfifo(hostile.root / "y.md")
    run = hostile.caselib("check", "cases/x.md", "../y.md", timeout=TIMEOUT)
    assert "Traceback" not in run.out and "找不到文件" not in run.out, run.out
    _warning(run.out, "cases/x.md", "管道（FIFO）")
    _warning(run.out, "../y.md", "管道（FIFO）")


def test_a_device_named_on_the_command_line_is_a_warning(hostile):
    run = hostile.caselib("check", "/dev/zero", timeout=TIMEOUT)      # read whole, it would never end
    assert "Traceback" not in run.out, run.out
    assert "警告[特殊文件] 这是字符设备，不是普通文件，没有读取" in run.out, run.out


def test_a_link_to_a_device_in_cases_is_refused(hostile):
    (hostile.lib / "cases" / "x.md").symlink_to("/dev/zero")
    run = hostile.caselib("check", timeout=TIMEOUT)
    assert_plain_failure(run)
    assert "cases/x.md: 错误[外部链接]" in run.out, run.out


def test_a_socket_in_cases_is_a_warning(hostile, monkeypatch):
    monkeypatch.chdir(hostile.lib / "cases")      # a socket's path must be short
    with socket.socket(socket.AF_UNIX) as server:
        server.bind("s.md")
        run = hostile.caselib("check", timeout=TIMEOUT)
    _warning(run.out, "cases/s.md", "这是套接字")


# --- in process: read_document itself never opens what is not a regular file -------------

def _read_with_a_deadline(path: Path):
    result: list = []
    reader = threading.Thread(target=lambda: result.append(read_document(path)), daemon=True)
    reader.start()
    reader.join(10)
    if reader.is_alive():     # it opened the FIFO: let it go, then fail
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("read_document opened a FIFO and waited for a writer")
    return result[0]


def test_read_document_of_a_fifo_is_a_warning_without_opening_it(tmp_path):
    path = tmp_path / "x.md"
    os.mkfifo(path)
    doc, [problem] = _read_with_a_deadline(path)
    assert doc is None and (problem.severity, problem.code) == ("warning", "特殊文件")
    assert "管道（FIFO）" in problem.message


def test_read_document_of_a_link_to_a_fifo_says_so(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "x.md").symlink_to("pipe")
    _, [problem] = _read_with_a_deadline(tmp_path / "x.md")
    assert problem.message.startswith("这个快捷方式（符号链接）指向管道（FIFO）")


def test_a_file_swapped_for_a_fifo_after_the_first_look_is_not_read(tmp_path, monkeypatch):
    path = tmp_path / "x.md"
    path.write_text("---\ntitle: x\n---\n", encoding="utf-8")
    real_open = os.open

    def swap_then_open(name, flags, *args):
        if Path(name) == path:
            path.unlink()
            os.mkfifo(path)
            assert flags & os.O_NONBLOCK        # so this open cannot wait for a writer
        return real_open(name, flags, *args)

    monkeypatch.setattr(sources.os, "open", swap_then_open)
    doc, [problem] = read_document(path)
    assert doc is None and problem.code == "特殊文件"


def test_an_unreadable_file_is_said_in_chinese(tmp_path, monkeypatch):
    import errno

    path = tmp_path / "a.md"
    path.write_text("---\ntitle: x\n---\n", encoding="utf-8")

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(sources.os, "open", refuse)
    _, [problem] = read_document(path)
    assert problem.message == "无法读取这个文件：没有读取权限"


def test_a_file_over_the_limit_is_refused_unread(tmp_path):
    path = tmp_path / "big.md"
    path.write_bytes(b"---\ntitle: x\n---\n" + b"a" * MAX_BYTES)
    _, [problem] = read_document(path)
    assert problem.code == "文件过大" and MAX_BYTES == 5 * 1024 * 1024
