"""Links a writer types in a case body: found relative to the case file (core/body_links.py, which
`check` reads) and rewritten to where the build publishes their targets (site/links.py)."""

import os
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest

from generator.core.body_links import is_case_link, local_links
from generator.site.links import rewrite

CASES = Path("/library/cases")
SOURCE = CASES / "服务案例" / "楼道公约.md"
OTHER = CASES / "培训心得" / "开放空间心得.md"
SLUGS = {SOURCE: "loudao", OTHER: "开放空间心得"}

UNTOUCHED = [
    "[民政部](https://www.mca.gov.cn/)",
    "[旧站](http://example.org/a.md)",
    "[写信](mailto:wang@example.org)",
    "[协议相对](//cdn.example.org/a.png)",
    "[本页的背景](#背景)",
    "[站内绝对地址](/cases/other/)",
    "![外链图片](https://example.org/photo.jpg)",
    "[电话](tel:12345)",
]


@pytest.mark.parametrize("text", UNTOUCHED)
def test_external_absolute_and_anchor_links_are_not_local_and_are_left_as_written(text):
    body = f"前文 {text} 后文\n"
    assert local_links(body, SOURCE) == []
    assert rewrite(body, SOURCE, "loudao", SLUGS, CASES) == (body, {})


def test_images_and_case_links_are_found_on_their_line_relative_to_the_case_file():
    body = ("## 背景\n\n![会议现场](图片/会议.png \"第一次会议\")\n\n"
            "参见[这篇心得](../培训心得/开放空间心得.md#收获)和[官网](https://example.org)。\n"
            "![编码的名字](图片/%E5%90%88%E5%BD%B1.jpg)\n")
    links = local_links(body, SOURCE)
    assert [(link.line, link.target, link.path, link.fragment) for link in links] == [
        (2, "图片/会议.png", CASES / "服务案例" / "图片" / "会议.png", ""),
        (4, "../培训心得/开放空间心得.md#收获", OTHER, "收获"),
        (5, "图片/%E5%90%88%E5%BD%B1.jpg", CASES / "服务案例" / "图片" / "合影.jpg", ""),   # the file on disk
    ]
    assert [is_case_link(link) for link in links] == [False, True, False]


@pytest.mark.parametrize("name, case", [("a.md", True), ("a.MD", True), ("a.markdown", True), ("a.mkd", True),
                                        ("a.png", False), ("a.docx", False), ("a", False)])
def test_a_case_link_is_a_link_to_a_markdown_file(name, case):
    [link] = local_links(f"[x]({name})", SOURCE)
    assert is_case_link(link) is case


def test_an_entity_spelled_scheme_is_not_a_local_file():
    # The browser decodes javascript&#58; to javascript: (check reports it as unsafe, not as a missing file).
    assert local_links("[x](javascript&#58;alert(1))", SOURCE) == []


@pytest.fixture
def on_disk(tmp_path):
    """The library of SOURCE and OTHER on disk, with the files their links name; rewrite(body) there."""
    cases = tmp_path / "cases"
    for name in ("服务案例/图片/会议.png", "服务案例/图片/合影.jpg", "服务案例/map.png", "服务案例/图片/a.png",
                 "服务案例/楼道公约.md", "培训心得/开放空间心得.md"):
        (cases / name).parent.mkdir(parents=True, exist_ok=True)
        (cases / name).write_bytes(b"x")
    slugs = {cases / "服务案例" / "楼道公约.md": "loudao", cases / "培训心得" / "开放空间心得.md": "开放空间心得"}

    def run(body: str) -> tuple[str, dict[str, Path]]:
        text, assets = rewrite(body, cases / "服务案例" / "楼道公约.md", "loudao", slugs, cases)
        return text, {k: CASES / v.relative_to(cases) for k, v in assets.items()}   # shown as under CASES
    return run


def published(link: str, slug: str = "loudao") -> str:
    """Where a link on the case page cases/<slug>/ leads, as a site path."""
    return unquote(urljoin(f"https://example.org/cases/{slug}/", link)).removeprefix("https://example.org/")


def test_images_are_published_beside_the_case_page_and_linked_there(on_disk):
    body = "![会议现场](图片/会议.png \"第一次会议\")\n![合影](图片/%E5%90%88%E5%BD%B1.jpg)\n![同目录](map.png)\n"
    text, assets = on_disk(body)
    assert assets == {"cases/loudao-files/会议.png": CASES / "服务案例" / "图片" / "会议.png",
                      "cases/loudao-files/合影.jpg": CASES / "服务案例" / "图片" / "合影.jpg",
                      "cases/loudao-files/map.png": CASES / "服务案例" / "map.png"}
    assert text.split("\n")[:3] == [
        '![会议现场](../loudao-files/%E4%BC%9A%E8%AE%AE.png "第一次会议")',       # the title is kept
        "![合影](../loudao-files/%E5%90%88%E5%BD%B1.jpg)",                       # encoded once, not twice
        "![同目录](../loudao-files/map.png)"]
    for link, asset in zip(["../loudao-files/%E4%BC%9A%E8%AE%AE.png", "../loudao-files/%E5%90%88%E5%BD%B1.jpg",
                            "../loudao-files/map.png"], assets, strict=True):
        assert published(link) == asset                   # each link leads to the file published for it


def test_links_to_other_cases_lead_to_their_pages_with_the_fragment(on_disk):
    body = ("见[心得](../培训心得/开放空间心得.md)与[收获一节](../培训心得/开放空间心得.md#收获)。\n"
            "[本篇](楼道公约.md)\n")
    text, assets = on_disk(body)
    assert assets == {}
    slug = "%E5%BC%80%E6%94%BE%E7%A9%BA%E9%97%B4%E5%BF%83%E5%BE%97"
    assert text == f"见[心得](../{slug}/)与[收获一节](../{slug}/#收获)。\n[本篇](../loudao/)\n"
    assert published(f"../{slug}/#收获") == "cases/开放空间心得/#收获"


def test_a_link_to_a_file_that_is_no_published_case_is_left_as_written(on_disk):
    body = "[草稿](../草稿/未发布.md)\n"
    assert on_disk(body) == (body, {})


@pytest.mark.parametrize("target", ["附件/handout.html", "图/logo.svg", "x.js", "data.xml", "a.exe", "noext",
                                    "../../../../../../etc/passwd", "missing.png", "link-out.png", "fifo.png"])
def test_only_regular_files_of_allowed_types_inside_cases_are_published(on_disk, tmp_path, target):
    cases = tmp_path / "cases" / "服务案例"
    for name in ("附件/handout.html", "图/logo.svg", "x.js", "data.xml", "a.exe", "noext"):
        (cases / name).parent.mkdir(parents=True, exist_ok=True)
        (cases / name).write_text("<script>alert(1)</script>", encoding="utf-8")
    (tmp_path / "secret.png").write_bytes(b"outside")
    (cases / "link-out.png").symlink_to(tmp_path / "secret.png")
    os.mkfifo(cases / "fifo.png")
    body = f"[附件]({target})\n"
    assert on_disk(body) == (body, {})          # left as written: nothing published, the page links nowhere


def test_every_local_link_check_sees_is_rewritten_and_no_other(on_disk):
    body = "\n".join([*UNTOUCHED, "![图](图片/a.png)", "[心得](../培训心得/开放空间心得.md)", "[草稿](../草稿/x.md)"])
    text, assets = on_disk(body)
    before, after = body.split("\n"), text.split("\n")
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    found = [link.line for link in local_links(body, SOURCE)
             if not is_case_link(link) or link.path in SLUGS]
    assert changed == found == [len(UNTOUCHED), len(UNTOUCHED) + 1]
    assert list(assets) == ["cases/loudao-files/a.png"]
