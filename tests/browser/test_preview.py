"""`caselib serve` on the sample library, in Chromium: the page a writer looks at follows each save.

Edit, add (a `caselib new` draft full of placeholders), break, fix and delete case files while a
page is open; the preview never stops, shows problems where the writer looks, and the terminal
gets one line per rebuild.
"""

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from ..helpers import free_port

ROOT = Path(__file__).resolve().parent.parent.parent
CASELIB = str(Path(sys.executable).parent / "caselib")
CASE = "cases/服务案例/heping-open-space-convention.md"


@pytest.fixture
def preview(tmp_path):
    """The sample library served by `caselib serve`; yields (library folder, base URL, output)."""
    root = tmp_path / "lib"
    root.mkdir()
    shutil.copy(ROOT / "site_config.yml", root)
    for folder in ("templates", "docs", "cases"):
        shutil.copytree(ROOT / folder, root / folder)
    port = free_port()

    def output() -> str:
        return (tmp_path / "serve.log").read_text(encoding="utf-8")

    with open(tmp_path / "serve.log", "w+", encoding="utf-8") as log:
        proc = subprocess.Popen([CASELIB, "serve", "--address", f"127.0.0.1:{port}"], cwd=root, stdout=log,
                                stderr=subprocess.STDOUT, env=os.environ | {"PYTHONUNBUFFERED": "1"})
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 90
            while True:
                try:
                    urllib.request.urlopen(base + "/", timeout=5).close()
                    break
                except OSError:
                    assert proc.poll() is None and time.monotonic() < deadline, output()
                    time.sleep(0.3)
            yield root, base, output
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def wait_text(page, text: str, selector: str = "body", present: bool = True, timeout: float = 20_000) -> None:
    """The open page (reloaded by the preview itself, never by the test) shows, or stops showing, `text`."""
    page.wait_for_function("([sel, text, present]) => { const el = document.querySelector(sel);"
                           " return !!el && el.innerText.includes(text) === present; }",
                           arg=[selector, text, present], timeout=timeout)


def test_preview_follows_edits_new_drafts_broken_and_deleted_files(browser, preview):
    root, base, output = preview
    page = browser.new_page()
    case = root / CASE
    page.goto(base + "/cases/heping-open-space-convention/")

    edit(case, "title: ", "title: 改过的标题：")   # a saved edit shows on the open page, reloaded by itself
    wait_text(page, "改过的标题：", "article h1")

    new = subprocess.run([CASELIB, "new", "服务案例", "--title", "预览中的新草稿"], cwd=root, capture_output=True,
                         text=True)
    assert new.returncode == 0, new.stderr
    page.goto(base + "/")
    wait_text(page, "预览中的新草稿", ".md-content")           # the new case is on the home page
    page.click("text=预览中的新草稿")
    banner = page.locator(".cl-problems")                       # its placeholders are problems, shown on it
    assert "改好之前不能发布" in banner.inner_text() and "未填写" in banner.inner_text()
    assert page.locator("mark.cl-todo").count() >= 3             # placeholders in the text are marked

    broken = root / "cases" / "服务案例" / "坏文件.md"
    broken.write_bytes(b"\x00\x01PK\x03\x04 not text")           # a file that cannot be read at all
    page.goto(base + "/techniques/open-space/")
    wait_text(page, "个文件有问题", ".cl-preview-banner")
    page.click(".cl-preview-banner a")
    wait_text(page, "坏文件.md", ".md-content")
    assert "无法读成案例" in page.inner_text(".md-content")
    assert "坏文件.md: 错误[无法读取]" in output()                 # the terminal shows it too

    broken.unlink()                                               # fixing it clears the problem page
    wait_text(page, "坏文件.md", ".md-content", present=False)

    page.goto(base + "/techniques/open-space/")
    case.unlink()                                                 # a deleted case leaves its term page
    wait_text(page, "改过的标题：", ".md-content", present=False)
    assert urllib_status(base + "/cases/heping-open-space-convention/") == 404

    lines = [line for line in output().splitlines() if re.match(r"\d\d:\d\d:\d\d ", line)]
    assert len(lines) >= 4 and all("有改动" in line for line in lines)
    assert "not included" not in output() and "Traceback" not in output()
    page.close()


def test_search_in_the_preview_catches_up_without_a_restart(browser, preview):
    root, base, _ = preview
    page = browser.new_page()
    edit(root / CASE, "## ", "## 独一无二的蒲公英计划\n\n## ")
    page.goto(base + "/search/?q=" + "蒲公英计划")
    # While the index is updated the page says so, and shows the case once it has caught up.
    page.wait_for_function("() => [...document.querySelectorAll('.cl-finder__results .cl-item__title')]"
                           ".some(a => a.href.includes('heping-open-space-convention'))", timeout=60_000)
    page.close()


def urllib_status(url: str) -> int:
    try:
        return urllib.request.urlopen(url, timeout=5).status
    except urllib.error.HTTPError as exc:
        return exc.code
