"""How fast `caselib serve` follows the writer: seconds from a saved file to the page showing it.

Usage: .venv/bin/python bench/preview.py LIBRARY   (a library from bench/generate.py)
Starts `caselib serve`, then for each kind of change (edit a body, add a case, rename a tag,
delete a case) saves the file and polls the page that must change until it does. Prints the
serve start time and one line per change.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

CASELIB = str(Path(sys.executable).parent / "caselib")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        return urllib.request.urlopen(url, timeout=10).read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code}"
    except OSError:
        return ""


def _until(url: str, test, timeout: float = 120) -> float:
    start = time.perf_counter()
    while not test(_get(url)):
        if time.perf_counter() - start > timeout:
            raise SystemExit(f"timed out waiting for {url}")
        time.sleep(0.05)
    return time.perf_counter() - start


def reload_seconds(lib: Path) -> dict[str, float]:
    port = _port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([CASELIB, "serve", "--address", f"127.0.0.1:{port}"], cwd=lib,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        figures = {"start": _until(base + "/", lambda html: "<html" in html, 900)}
        indexed = _until(base + "/assets/preview.json", lambda s: '"indexing": false' in s, 900)
        figures["index ready"] = figures["start"] + indexed
        case = sorted((lib / "cases").rglob("*.md"))[0]
        slug = case.stem
        text = case.read_text(encoding="utf-8")

        case.write_text(text.replace("\n## ", "\n独一无二的改动句子。\n\n## ", 1), encoding="utf-8")
        figures["edit"] = _until(f"{base}/cases/{slug}/", lambda html: "独一无二的改动句子" in html)

        new = case.with_name("bench-new-case.md")
        new.write_text(_newest(text.replace("title: ", "title: 新加入的基准案例", 1)), encoding="utf-8")
        figures["add (home page)"] = _until(base + "/", lambda html: "新加入的基准案例" in html)

        technique = re.search(r"techniques: \[([^,\]]+)", text)[1]
        case.write_text(_newest(text.replace(f"techniques: [{technique}", "techniques: [鱼骨图", 1)), encoding="utf-8")
        figures["retag (term page)"] = _until(f"{base}/techniques/fishbone/",
                                              lambda html: f"/cases/{slug}/" in html or f"../../cases/{slug}/" in html)

        new.unlink()
        figures["delete"] = _until(f"{base}/cases/bench-new-case/", lambda html: html.startswith("HTTP 404"))
        return figures
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        case.write_text(text, encoding="utf-8")


def _newest(text: str) -> str:
    """The case dated today: first on the home page and on its term pages."""
    return re.sub(r"date: .*", f"date: {time.strftime('%Y-%m-%d')}", text, count=1)


if __name__ == "__main__":
    for what, seconds in reload_seconds(Path(sys.argv[1])).items():
        print(f"{what:>20}: {seconds:.2f} s")
