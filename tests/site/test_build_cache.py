"""Case pages from the theme shell equal MkDocs' own rendering; a warm build equals a cold one;
the cache is used when nothing changed and dropped for exactly what a change touches."""

import gzip
import re
import shutil
from pathlib import Path

import pytest

import generator.checks.load
import generator.core.cache
import generator.search.writer
import generator.site.build
from generator.mkdocs_adapter.build import build_site
from generator.mkdocs_adapter.plugin import CaselibPlugin

from ..fixture_library import CASES, make_library

CORPUS = Path(__file__).resolve().parent.parent / "golden" / "check" / "privacy"


def site_files(site: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            raw = path.read_bytes()
            files[path.relative_to(site).as_posix()] = gzip.decompress(raw) if path.suffix == ".gz" else raw
    return files


def differences(a: Path, b: Path, skip=("pagefind/",)) -> list[str]:
    fa, fb = site_files(a), site_files(b)
    names = sorted(set(fa) | set(fb))
    return [n for n in names if not n.startswith(skip) and fa.get(n) != fb.get(n)]


@pytest.fixture
def hostile_library(tmp_path):
    """The fixture library, the look-alike corpus (titles with markup, {{ }}, odd characters)
    and a site_url, so canonical links are on every page."""
    (tmp_path / "lib").mkdir()
    root = make_library(tmp_path / "lib")
    for md in CORPUS.glob("*.md"):
        if md.name.startswith(("lookalike-", "safe-")):
            shutil.copy(md, root / "cases" / md.name)
    chinese = root / "cases" / "服务案例" / "和平路的楼道公约.md"
    chinese.write_text((root / "cases" / "服务案例" / "elderly-care.md").read_text(encoding="utf-8")
                       .replace("独居老人的邻里守望", "楼道公约的另一种写法"), encoding="utf-8")
    config = root / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "site_name: 社区案例库", "site_name: 社区案例库\nsite_url: https://example.org/anli/"), encoding="utf-8")
    return root


def test_pages_from_the_shell_equal_mkdocs_rendering(hostile_library, monkeypatch):
    config = hostile_library / "site_config.yml"
    assert build_site(config, hostile_library / "shell") == 0
    monkeypatch.setattr(CaselibPlugin, "use_shell", False)
    assert build_site(config, hostile_library / "mkdocs") == 0
    shell, mkdocs = hostile_library / "shell", hostile_library / "mkdocs"
    pages = [p for p in site_files(shell) if p.startswith("cases/") and p.endswith(".html")]
    assert len(pages) >= len(CASES) + 6
    assert differences(shell, mkdocs, skip=("pagefind/", "sitemap")) == []   # cases, terms, communities …
    locs = [sorted(re.findall(r"<loc>(.*?)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8")))
            for site in (shell, mkdocs)]
    assert locs[0] == locs[1] and any("%E" in loc for loc in locs[0])      # every page, Chinese addresses too


class Counting:
    """Counts the bodies converted and the Pagefind runs of a build."""

    def __init__(self, monkeypatch):
        self.bodies = 0
        self.indexed = 0
        convert = generator.site.build.convert_bodies

        def counted(jobs, *args, **kwargs):
            self.bodies += len(jobs)
            return convert(jobs, *args, **kwargs)

        monkeypatch.setattr(generator.site.build, "convert_bodies", counted)
        popen = generator.search.writer.subprocess.Popen

        def counted_popen(*args, **kwargs):
            self.indexed += 1
            return popen(*args, **kwargs)

        monkeypatch.setattr(generator.search.writer.subprocess, "Popen", counted_popen)


def test_warm_build_equals_cold_and_redoes_nothing(tmp_path, monkeypatch):
    (tmp_path / "lib").mkdir()
    root = make_library(tmp_path / "lib")
    count = Counting(monkeypatch)
    assert build_site(root / "site_config.yml", root / "cold") == 0
    assert (count.bodies, count.indexed) == (len(CASES) - 1, 1)     # the draft is not published
    assert build_site(root / "site_config.yml", root / "warm") == 0
    assert (count.bodies, count.indexed) == (len(CASES) - 1, 1)     # nothing converted or indexed again
    assert differences(root / "cold", root / "warm", skip=()) == []   # Pagefind's bundle included


def test_changes_invalidate_what_they_touch(tmp_path, monkeypatch):
    (tmp_path / "lib").mkdir()
    root = make_library(tmp_path / "lib")
    config = root / "site_config.yml"
    count = Counting(monkeypatch)
    assert build_site(config) == 0
    published = len(CASES) - 1

    case = root / "cases" / "服务案例" / "elderly-care.md"
    case.write_text(case.read_text(encoding="utf-8").replace("背景部分", "背景（改写）部分"), encoding="utf-8")
    assert build_site(config) == 0
    assert (count.bodies, count.indexed) == (published + 1, 2)      # one body, and the index again
    assert "背景（改写）部分" in (root / "site/cases/elderly-care/index.html").read_text(encoding="utf-8")

    template = root / "templates" / "pages" / "case.md.j2"
    template.write_text(template.read_text(encoding="utf-8").replace("相关案例", "相关的案例"), encoding="utf-8")
    assert build_site(config) == 0
    assert "相关的案例" in (root / "site/cases/elderly-care/index.html").read_text(encoding="utf-8")

    _replace(config, "label: 资源链接", "label: 资源连接")
    assert build_site(config) == 1                                  # the cases' tags are now unknown: checked again

    monkeypatch.setattr(generator.core.cache, "code_version", lambda: "a newer caselib")   # every table's keys
    _replace(config, "label: 资源连接", "label: 资源链接")
    before = count.bodies
    assert build_site(config) == 0
    assert count.bodies - before == published                       # a new version converts everything


def _replace(path, old, new):
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_cache_folder_is_safe_to_delete(tmp_path):
    (tmp_path / "lib").mkdir()
    root = make_library(tmp_path / "lib")
    assert build_site(root / "site_config.yml", root / "a") == 0
    shutil.rmtree(root / ".caselib-cache")
    assert build_site(root / "site_config.yml", root / "b") == 0
    assert differences(root / "a", root / "b") == []


def test_a_refused_build_says_why_in_chinese_once(tmp_path, capsys):
    (tmp_path / "lib").mkdir()
    root = make_library(tmp_path / "lib")
    (root / "cases" / "坏.md").write_text("---\ntitle: 只有标题\n---\n正文\n", encoding="utf-8")
    assert build_site(root / "site_config.yml") == 1
    err = capsys.readouterr().err
    assert err.startswith("案例文件有错误，网站没有生成。")
    assert err.count("缺少必填字段 community") == 1
    assert "Aborted" not in err and "MkDocs ERROR" not in err and "Traceback" not in err
    (root / "docs" / "说明.md").write_text("[坏链接](不存在.md)\n", encoding="utf-8")
    (root / "cases" / "坏.md").unlink()
    assert build_site(root / "site_config.yml") == 1
    assert "网站没有生成：MkDocs 报告了 1 个警告" in capsys.readouterr().err


def test_a_build_over_the_last_one_rewrites_only_what_changed(tmp_path):
    (tmp_path / "lib").mkdir()
    root = make_library(tmp_path / "lib")
    config, site = root / "site_config.yml", root / "site"
    assert build_site(config) == 0
    page = site / "cases/elderly-care/index.html"
    before = page.stat()
    (site / "stray.html").write_text("left from something else", encoding="utf-8")
    assert build_site(config) == 0
    assert (page.stat().st_ino, page.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)   # not written again
    assert not (site / "stray.html").exists()                      # the rest of site/ is cleaned as MkDocs does
    assert build_site(config, root / "cold") == 0
    assert differences(site, root / "cold", skip=()) == []

    gone = next((root / "cases").rglob("elderly-care.md"))
    gone.unlink()                                                   # a case withdrawn: its page must go
    assert build_site(config) == 0
    assert not (site / "cases/elderly-care").exists()
    shutil.rmtree(root / "cold")
    assert build_site(config, root / "cold") == 0
    assert differences(site, root / "cold", skip=()) == []

    (root / "cases" / "broken.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    assert build_site(config) == 1
    assert [p.name for p in site.iterdir()] == [".caselib-site"]     # a refused build publishes nothing, as before
