"""`caselib build` on a hostile library: nothing outside site/ is written or removed, nothing unsafe is
published, and a wrong --site-dir never empties the library (issue 21, rows 1, 2 and 8)."""

from __future__ import annotations

import pytest

from .conftest import assert_plain_failure

PACK = """title: 越界的培训包
slug: {slug}
purpose: 试图写到网站文件夹以外。
audience: [新社工]
duration: 半天
sessions:
  - title: 第一节
    cases: [heping-convention]
    questions: [为什么？]
"""


@pytest.mark.parametrize("slug", ["../../../somewhere/victim", "/tmp/victim", "..\\\\..\\\\somewhere",
                                  "%2e%2e/%2e%2e/somewhere/victim", "a/../../../../somewhere/victim", ".."])
def test_a_pack_slug_that_climbs_out_is_refused_and_nothing_outside_changes(hostile, slug):
    (hostile.lib / "packs" / "evil.yml").write_text(PACK.format(slug=f'"{slug}"'), encoding="utf-8")
    hostile.mark()
    check = hostile.caselib("check")
    assert check.code != 0 and "packs/evil.yml" in check.out and "网址格式" in check.out, check.out
    build = hostile.caselib("build")
    assert_plain_failure(build)
    assert hostile.changed_outside("site") == []
    (hostile.lib / "packs" / "evil.yml").unlink()        # the next build, the pack gone, removes nothing outside
    hostile.mark()
    assert hostile.caselib("build").code == 0
    assert hostile.changed_outside("site") == []


def test_a_case_slug_that_climbs_out_is_refused(hostile):
    case = hostile.lib / "cases" / "服务案例" / "heping-convention.md"
    case.write_text(case.read_text(encoding="utf-8").replace("---\n", "---\nslug: ../../../x/victim2\n", 1),
                    encoding="utf-8")
    hostile.mark()
    run = hostile.caselib("build")
    assert_plain_failure(run)
    assert "网址格式" in run.out
    assert hostile.changed_outside("site") == []


UNSAFE = {
    "附件/handout.html": "<html><script src='x.js'></script></html>",
    "附件/x.js": "fetch('/cases.json')",
    "图片/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
    "附件/data.xml": "<x/>",
    "附件/tool.exe": "MZ",
    "附件/README": "no suffix",
}


@pytest.mark.parametrize("name", list(UNSAFE))
def test_an_attachment_of_a_type_a_browser_could_run_is_a_check_error_and_never_published(hostile, name):
    folder = hostile.lib / "cases" / "服务案例"
    (folder / name).parent.mkdir(exist_ok=True)
    (folder / name).write_text(UNSAFE[name], encoding="utf-8")
    case = folder / "heping-convention.md"
    case.write_text(case.read_text(encoding="utf-8") + f"\n附件：[下载]({name})\n", encoding="utf-8")
    check = hostile.caselib("check")
    assert check.code != 0 and "不发布的文件" in check.out, check.out
    assert "不会发布" not in check.out.replace("不发布的文件", "")   # no word that it is unpublished when linked
    assert_plain_failure(hostile.caselib("build"))
    assert list((hostile.lib / "site").rglob(name.split("/")[-1])) == []


def test_allowed_attachments_are_published_beside_the_case(hostile):
    folder = hostile.lib / "cases" / "服务案例" / "附件"
    folder.mkdir()
    (folder / "签到表.pdf").write_bytes(b"%PDF-1.4\n")
    (folder / "照片.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    case = hostile.lib / "cases" / "服务案例" / "heping-convention.md"
    case.write_text(case.read_text(encoding="utf-8") + "\n[签到表](附件/签到表.pdf)\n\n![照片](附件/照片.png)\n",
                    encoding="utf-8")
    assert hostile.caselib("build").code == 0
    published = hostile.lib / "site" / "cases" / "heping-convention-files"
    assert sorted(p.name for p in published.iterdir()) == ["照片.png", "签到表.pdf"]


@pytest.mark.parametrize("site_dir", ["cases", "cases/服务案例", "packs", "templates", "docs", ".", "..",
                                      "cases/../cases"])
def test_a_site_folder_that_is_holds_or_is_inside_the_librarys_own_is_refused(hostile, site_dir):
    run = hostile.caselib("build", "--site-dir", site_dir)
    assert_plain_failure(run)
    assert "不能把网站生成到" in run.out
    assert hostile.changed_outside() == []                  # the library as it was: nothing deleted


def test_a_non_empty_folder_caselib_did_not_make_is_not_emptied(hostile):
    mine = hostile.root / "我的文件"
    mine.mkdir()
    (mine / "报告.docx").write_bytes(b"mine")
    hostile.mark()
    run = hostile.caselib("build", "--site-dir", str(mine))
    assert_plain_failure(run)
    assert "不是 caselib 生成的网站" in run.out
    assert hostile.changed_outside() == []


def test_a_folder_caselib_made_is_built_again(hostile):
    out = hostile.root / "网站"
    assert hostile.caselib("build", "--site-dir", str(out)).code == 0
    (out / "stray.html").write_text("left over", encoding="utf-8")
    assert hostile.caselib("build", "--site-dir", str(out)).code == 0
    assert (out / "index.html").is_file() and not (out / "stray.html").exists()
