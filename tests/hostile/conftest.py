"""A hostile library in a temporary root, and the one assertion every test here ends with: nothing
outside the library's intended output changed (every file of the root hashed before and after).

    root/
      lib/            the fixture library (cases, packs, templates, docs, site_config.yml)
      somewhere/victim/index.html, x/victim2/keep.txt, outside.txt   files caselib must never touch
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ..fixture_library import make_library

CASELIB = str(Path(sys.executable).parent / "caselib")
VICTIMS = ("somewhere/victim/index.html", "x/victim2/keep.txt", "x/evil/keep.txt", "outside.txt")


@dataclass
class Run:
    code: int
    out: str      # stdout and stderr together


@dataclass
class Hostile:
    root: Path
    lib: Path
    before: dict[str, str] = field(default_factory=dict)

    def snapshot(self) -> dict[str, str]:
        """Every file under the root (links too, by their target), by content hash."""
        found = {}
        for dirpath, dirnames, filenames in os.walk(self.root):
            for name in filenames + [d for d in dirnames if (Path(dirpath) / d).is_symlink()]:
                path = Path(dirpath) / name
                rel = str(path.relative_to(self.root))
                if path.is_symlink():
                    found[rel] = "link:" + os.readlink(path)
                elif path.is_file():
                    found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
                else:
                    found[rel] = "special"
        return found

    def mark(self) -> None:
        """What the library and its surroundings hold now: the state the run is compared with."""
        self.before = self.snapshot()

    def changed_outside(self, *allowed: str) -> list[str]:
        """Files created, changed or removed since `mark()` outside the allowed folders (relative to lib/)."""
        prefixes = tuple(f"lib/{a.strip('/')}/" for a in allowed) + ("lib/.caselib-cache/",)
        after = self.snapshot()
        changed = {k for k in self.before.keys() | after.keys() if self.before.get(k) != after.get(k)}
        return sorted(k for k in changed if not k.startswith(prefixes))

    def caselib(self, *args: str, timeout: float = 120, cwd: Path | None = None) -> Run:
        proc = subprocess.run([CASELIB, *args], cwd=cwd or self.lib, capture_output=True, text=True,
                              timeout=timeout, env=os.environ | {"PYTHONUNBUFFERED": "1"})
        return Run(proc.returncode, proc.stdout + proc.stderr)


def assert_plain_failure(run: Run) -> None:
    """A refusal as a user should see it: a non-zero exit, Chinese words, no traceback, no English usage."""
    assert run.code != 0, run.out
    assert "Traceback" not in run.out, run.out
    assert "usage:" not in run.out and "error:" not in run.out, run.out
    assert any("\u4e00" <= c <= "\u9fff" for c in run.out), run.out


@pytest.fixture
def hostile(tmp_path) -> Hostile:
    root = tmp_path / "root"
    lib = root / "lib"
    lib.mkdir(parents=True)
    make_library(lib)
    for victim in VICTIMS:
        path = root / victim
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("不能被改动的文件\n", encoding="utf-8")
    place = Hostile(root, lib)
    place.mark()
    return place
