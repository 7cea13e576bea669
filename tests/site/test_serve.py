"""`caselib serve`: a live preview on this machine that shows drafts with a banner."""

import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from ..fixture_library import PACK, make_library
from ..helpers import fetch, serving


def test_serve_shows_drafts_with_banner_and_rebuilds_on_change(tmp_path):
    root = make_library(tmp_path)
    with serving(root) as base:
        html = fetch(f"{base}/cases/draft-case/")
        assert "草稿（草稿）：这篇案例尚未发布" in html
        assert "还在修改的草稿案例" in fetch(f"{base}/kinds/service-case/")
        case = root / "cases" / "服务案例" / "heping-convention.md"
        case.write_text(case.read_text(encoding="utf-8").replace("和平路社区的楼道公约", "改过的标题"), encoding="utf-8")
        deadline = time.monotonic() + 60
        while "改过的标题" not in fetch(f"{base}/cases/heping-convention/"):
            assert time.monotonic() < deadline, "serve did not rebuild after a case changed"
            time.sleep(1)


def test_serve_starts_with_unfinished_and_unreadable_files(tmp_path):
    root = make_library(tmp_path)
    caselib = Path(sys.executable).parent / "caselib"
    made = subprocess.run([str(caselib), "new", "微项目故事", "--title", "刚开始写的故事"], cwd=root, capture_output=True)
    assert made.returncode == 0
    (root / "cases" / "改了扩展名的文档.md").write_bytes(b"PK\x03\x04\x00\x00binary")
    with serving(root) as base:
        home = fetch(f"{base}/")
        assert "刚开始写的故事" in home
        story = next(p for p in (root / "cases").rglob("*.md") if "刚开始写的故事" in p.name)
        page = fetch(f"{base}/cases/{quote(story.stem.lower())}/")
        assert "改好之前不能发布" in page and 'class="cl-todo"' in page
        problems = fetch(f"{base}/problems/")
        assert "改了扩展名的文档.md" in problems and "无法读成案例" in problems


def test_a_packs_folder_made_while_serving_is_watched(tmp_path):
    # A facilitator adds the first pack of a library while the preview runs: packs/ did not exist
    # when serve started. Made as a new folder with the pack in it, then renamed (as in a file
    # manager), the pack must appear without a restart, and follow the next save.
    root = make_library(tmp_path, packs={})
    assert not (root / "packs").exists()
    with serving(root) as base:
        fetch(f"{base}/")
        (root / "新建文件夹").mkdir()
        (root / "新建文件夹" / "open-space.yml").write_text(PACK, encoding="utf-8")
        (root / "新建文件夹").rename(root / "packs")
        pack = root / "packs" / "open-space.yml"
        deadline = time.monotonic() + 60
        while "开放空间入门" not in _page(f"{base}/packs/open-space/"):
            assert time.monotonic() < deadline, "serve did not build a pack written in a new packs/ folder"
            time.sleep(1)
        pack.write_text(PACK.replace("开放空间入门", "开放空间进阶"), encoding="utf-8")
        while "开放空间进阶" not in _page(f"{base}/packs/open-space/"):
            assert time.monotonic() < deadline, "serve did not follow a save in the new packs/ folder"
            time.sleep(1)


def _page(url: str) -> str:
    try:
        return urllib.request.urlopen(url, timeout=5).read().decode("utf-8")
    except OSError:   # 404 until the pack is built
        return ""
