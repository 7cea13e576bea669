"""Stopping `caselib build` or `caselib serve` while the search index is being made (Ctrl+C, a
closed terminal window, a service manager) leaves no temporary files (on disk or in /dev/shm)
and no process behind:
at 10,000 cases each stopped run left 200–370 MB in the temporary folder."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..fixture_library import CASES, make_library
from ..helpers import free_port

CASELIB = Path(sys.executable).parent / "caselib"
MEMORY = Path("/dev/shm")


def many_cases(n: int) -> dict:
    """`n` published cases, made from the fixture's first case."""
    fields = CASES["服务案例/heping-convention.md"]
    return {f"服务案例/case-{i:03}.md": {**fields, "title": f"楼道公约第 {i} 篇"} for i in range(n)}


def users_of(tmp: Path) -> list[str]:
    """Processes started with `tmp` as their temporary folder (this machine's /proc)."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if f"TMPDIR={tmp}".encode() in environ.read_bytes().split(b"\0"):
                found.append((environ.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads processes from /proc")
@pytest.mark.parametrize("command", ["build", "serve"])
def test_stopping_while_indexing_leaves_no_files_and_no_process(tmp_path, command):
    (tmp_path / "library").mkdir()
    root = make_library(tmp_path / "library", many_cases(150))
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    in_memory = set(MEMORY.glob("caselib-*"))   # Pagefind's documents are written there
    args = [str(CASELIB), command] + (["--address", f"127.0.0.1:{free_port()}"] if command == "serve" else [])
    proc = subprocess.Popen(args, cwd=root, env=os.environ | {"TMPDIR": str(tmp)},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 120
    while not list(tmp.glob("caselib-index-*/records.pickle")):   # Pagefind's process is starting
        assert proc.poll() is None, f"{command} ended before indexing:\n{proc.stdout.read()}"
        assert time.monotonic() < deadline, "no index was started"
        time.sleep(0.01)
    proc.terminate()   # what closing the window does (SIGTERM); Ctrl+C ends the same way
    proc.wait(timeout=60)
    deadline = time.monotonic() + 20
    while users_of(tmp):
        assert time.monotonic() < deadline, f"still running: {users_of(tmp)}"
        time.sleep(0.2)
    assert sorted(p.name for p in tmp.iterdir()) == []
    assert set(MEMORY.glob("caselib-*")) == in_memory
    if command == "build":
        assert proc.returncode == 130 and "已中止" in proc.stdout.read()
