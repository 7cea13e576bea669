"""Helpers shared by test modules (test modules never import from one another).

Golden files, reading pages of a built site, a running `caselib serve`, and the browser's viewports
and pages.
"""

from __future__ import annotations

import difflib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

# --- golden files ---------------------------------------------------------------------------


def assert_matches_golden(path: Path, actual: str) -> None:
    """`actual` must equal the golden file at `path` (UTF-8), shown as a unified diff if not.
    With UPDATE_GOLDEN=1 in the environment the file is rewritten first: review the diff."""
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"{path.name} (expected)", f"{path.name} (actual)"))
        raise AssertionError(f"{path} differs (UPDATE_GOLDEN=1 rewrites it):\n{diff}")


# --- pages of a built site ------------------------------------------------------------------


def page(site: Path, url: str) -> str:
    """The HTML of the page at `url` ("cases/a", "" for the home page) of a built site."""
    return (site / url / "index.html").read_text(encoding="utf-8")


def listed_titles(html: str) -> list[str]:
    """The case titles a listing shows, in order."""
    return re.findall(r'class="cl-item__title" href="[^"]*">([^<]*)</a>', html)


# --- caselib serve --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(root: Path) -> Iterator[str]:
    """`caselib serve` on the library at `root`; yields its base URL."""
    port = free_port()
    caselib = Path(sys.executable).parent / "caselib"
    proc = subprocess.Popen([str(caselib), "serve", "--address", f"127.0.0.1:{port}"], cwd=root,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=os.environ | {"PYTHONUNBUFFERED": "1"})
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def fetch(url: str, timeout: float = 60) -> str:
    """The page at `url`, retried until the server answers (at most `timeout` seconds)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return urllib.request.urlopen(url, timeout=5).read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


# --- browser --------------------------------------------------------------------------------

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}

# One page of each type in the sample library (cases/), as paths under its base URL.
PAGES = {
    "home": "/",
    "case": "/cases/keyuan-heating-advocacy/",
    "term": "/techniques/open-space/",
    "matrix": "/matrix/",
    "search": "/search/?q=" + quote("公约"),
    "stats": "/stats/",
    "pack": "/packs/participatory-methods/",
    "handout": "/packs/participatory-methods/handout/",
}
