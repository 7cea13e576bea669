"""Issue 21, rows 3, 9, 10, 12 and 17: hostile documents given to `caselib import`, hostile titles and a
library without templates given to `caselib new`. Each test runs the real command and ends with the
snapshot: nothing outside lib/cases/ changed (nothing at all with --dry-run or a refusal), no traceback,
a Chinese message. Hostile .docx files are built here with zipfile, large parts written as streams.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
import struct
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from generator.core.sources import MAX_BYTES

from .conftest import assert_plain_failure

MB = 1024 * 1024
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="word/document.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>')
SENTENCE = "社区里的居民一起讨论楼道堆物和电动车充电的问题，社工协助大家把意见整理成可以执行的办法。"
WHITESPACE = bytes(b" \t\r\n"[i % 4] for i in range(256))   # random bytes → whitespace that packs only ~4:1
TODAY = dt.date.today().isoformat()


# --- building inputs ----------------------------------------------------------------------------

def _paragraph(text: str) -> bytes:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()


def _document(body: Iterable[bytes]) -> Iterator[bytes]:
    yield f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>'.encode()
    yield from body
    yield b"</w:body></w:document>"


def _docx(path: Path, body: Iterable[bytes], parts: dict[str, Iterable[bytes]] | None = None) -> Path:
    """A .docx written part by part as streams, so a part of a GiB costs no memory here."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        for name, chunks in {"word/document.xml": _document(body), **(parts or {})}.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with z.open(info, "w") as part:      # below 2 GiB: no zip64 needed
                for chunk in chunks:
                    part.write(chunk)
    return path


def _zeros(total: int) -> Iterator[bytes]:
    chunk = bytes(16 * MB)
    for start in range(0, total, len(chunk)):
        yield chunk[:total - start]


def _blank(total: int, chunk: int = MB) -> Iterator[bytes]:
    """Random whitespace (space, tab, CR, LF): XML layout that compresses only about 4:1."""
    for start in range(0, total, chunk):
        yield os.urandom(min(chunk, total - start)).translate(WHITESPACE)


def _random_chinese(chars: int, seed: int = 21) -> str:
    """Chinese text that does not compress much, in paragraphs ending with 。"""
    rng = random.Random(seed)
    alphabet = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    return "\n\n".join("".join(rng.choices(alphabet, k=299)) + "。" for _ in range(chars // 300))


def _wechat(hostile, name: str, author: str, *, element: bool = True, title: str = "") -> Path:
    """A saved WeChat article with no title (unless given) and the author as an element or a meta tag."""
    page = (f'<html><head><meta charset="utf-8"><meta name="author" content="{author}"></head><body>'
            + (f'<h1 id="activity-name">{title}</h1>' if title else "")
            + (f'<span id="js_author_name">{author}</span>' if element else "")
            + f'<div id="js_content"><p>{SENTENCE}</p><p>{SENTENCE}</p></div></body></html>')
    path = hostile.root / "in" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


def _drafts(hostile) -> list[Path]:
    return sorted(p for p in (hostile.lib / "cases").rglob("*") if p.is_file() and p.stem.startswith(TODAY[:4]))


def _assert_refused(hostile, run, *words: str) -> None:
    """A plain refusal naming why, and nothing written anywhere."""
    assert_plain_failure(run)
    for word in words:
        assert word in run.out, run.out
    assert hostile.changed_outside() == [], run.out


# --- row 3: a file name made from document text -------------------------------------------------

@pytest.mark.parametrize("element", [True, False], ids=["author-element", "meta-author"])
def test_row3_author_path_in_a_wechat_page_dry_run_writes_nothing_anywhere(hostile, tmp_path, monkeypatch, element):
    page = _wechat(hostile, "wx.html", "../../../../x/evil", element=element)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    hostile.mark()
    run = hostile.caselib("import", "--dry-run", str(page))
    assert run.code == 0 and "Traceback" not in run.out, run.out
    assert f"将写入 cases/服务案例/{TODAY}-x-evil.md" in run.out, run.out
    assert hostile.changed_outside() == [], run.out        # nothing at all, in lib/ or beside it
    assert list(scratch.iterdir()) == []                     # the scratch check's folder is gone


def test_row3_author_path_real_runs_write_only_in_cases_and_never_overwrite(hostile):
    page = _wechat(hostile, "wx.html", "../../../../x/evil")
    hostile.mark()
    first, second = hostile.caselib("import", str(page)), hostile.caselib("import", str(page))
    for run in (first, second):
        assert run.code == 0 and "Traceback" not in run.out, run.out
    assert f"写入 cases/服务案例/{TODAY}-x-evil-2.md" in second.out, second.out
    assert hostile.changed_outside("cases") == []
    assert [p.name for p in _drafts(hostile)] == [f"{TODAY}-x-evil-2.md", f"{TODAY}-x-evil.md"]
    assert "authors: [../../../../x/evil]" in _drafts(hostile)[1].read_text(encoding="utf-8")  # kept as text


def test_row3_title_path_in_a_wechat_page_stays_in_cases(hostile):
    page = _wechat(hostile, "wx.html", "社工站", title="../../../../x/victim2/keep.txt")
    hostile.mark()
    run = hostile.caselib("import", str(page))
    assert run.code == 0 and "Traceback" not in run.out, run.out
    assert hostile.changed_outside("cases") == []
    [draft] = _drafts(hostile)
    assert draft.parent == hostile.lib / "cases" / "服务案例" and "/" not in draft.name


def test_row3_a_link_planted_at_the_draft_name_is_never_written_through(hostile):
    page = _wechat(hostile, "wx.html", "../../../../x/evil")
    (hostile.lib / "cases" / "服务案例" / f"{TODAY}-x-evil.md").symlink_to("../../../outside.txt")
    hostile.mark()
    run = hostile.caselib("import", str(page))
    assert run.code == 0 and "Traceback" not in run.out, run.out
    assert f"写入 cases/服务案例/{TODAY}-x-evil-2.md" in run.out, run.out
    assert hostile.changed_outside("cases") == []
    assert (hostile.root / "outside.txt").read_text(encoding="utf-8") == "不能被改动的文件\n"


@pytest.mark.parametrize("command", ["import", "new"])
def test_row3_a_kind_folder_linked_out_of_cases_is_never_written_into(hostile, command):
    page = _wechat(hostile, "wx.html", "社工站", title="楼道公约")
    shutil.move(hostile.lib / "cases" / "服务案例", hostile.lib / "cases" / "旧案例")
    (hostile.lib / "cases" / "服务案例").symlink_to("../../somewhere/victim")
    hostile.mark()
    run = (hostile.caselib("import", "--kind", "服务案例", str(page)) if command == "import"
           else hostile.caselib("new", "服务案例", "--title", "楼道公约"))
    _assert_refused(hostile, run, "拒绝写入", "之外")


# --- row 9: a .docx that unpacks to far more than it holds --------------------------------------

def test_row9_an_image_bomb_is_refused_from_the_zip_directory(hostile):
    bomb = _docx(hostile.root / "in" / "bomb.docx", [_paragraph(SENTENCE)],
                 {"word/media/image1.png": _zeros(1024 * MB)})
    assert bomb.stat().st_size < 2 * MB
    hostile.mark()
    _assert_refused(hostile, hostile.caselib("import", str(bomb)), "压缩炸弹", "1024 MB")


def test_row9_a_bomb_is_refused_by_a_dry_run_too(hostile):
    bomb = _docx(hostile.root / "in" / "bomb.docx", [_paragraph(SENTENCE)],
                 {"word/media/image1.png": _zeros(1024 * MB)})
    hostile.mark()
    _assert_refused(hostile, hostile.caselib("import", "--dry-run", str(bomb)), "压缩炸弹")


def test_row9_a_part_larger_than_the_limit_is_refused(hostile):
    big = _docx(hostile.root / "in" / "big.docx", [_paragraph(SENTENCE)],
                {"word/media/image1.png": (os.urandom(MB) for _ in range(21))})
    hostile.mark()
    _assert_refused(hostile, hostile.caselib("import", str(big)), "image1.png", "超过上限 20 MB")


def test_row9_a_part_that_lies_about_its_size_is_refused(hostile):
    path = _docx(hostile.root / "in" / "liar.docx", [_paragraph(SENTENCE)],
                 {"word/media/image1.png": _zeros(5 * MB)})
    _declare_size(path, "word/media/image1.png", 1000)
    hostile.mark()
    _assert_refused(hostile, hostile.caselib("import", str(path)), "Word 文件")


def test_row9_too_many_parts_are_refused(hostile):
    path = _docx(hostile.root / "in" / "parts.docx", [_paragraph(SENTENCE)],
                 {f"word/media/x{n}.png": [b""] for n in range(2001)})
    hostile.mark()
    _assert_refused(hostile, hostile.caselib("import", str(path)), "部件", "2000")


def _declare_size(path: Path, name: str, size: int) -> None:
    """Make the zip directory (and the local header) declare `size` unpacked bytes for `name`."""
    data = bytearray(path.read_bytes())
    for signature, field, name_at in ((b"PK\x01\x02", 24, 46), (b"PK\x03\x04", 22, 30)):
        at = data.find(signature)
        while at >= 0:
            if data[at + name_at:at + name_at + len(name)] == name.encode():
                struct.pack_into("<I", data, at + field, size)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))


# --- row 10: a .docx whose XML is mostly whitespace ---------------------------------------------

def test_row10_whitespace_between_paragraphs_is_read_in_linear_time(hostile):
    body = (piece for n in range(80) for piece in (_paragraph(f"第{n}段：{SENTENCE}"), *_blank(256 * 1024)))
    path = _docx(hostile.root / "in" / "blank.docx", body)      # 20 MB of XML layout, ~5 MB packed
    hostile.mark()
    run = hostile.caselib("import", str(path), timeout=120)
    assert run.code == 0 and "Traceback" not in run.out, run.out
    assert hostile.changed_outside("cases") == []
    [draft] = _drafts(hostile)
    text = draft.read_text(encoding="utf-8")
    assert f"第79段：{SENTENCE}" in text and len(text.encode()) < 100_000


@pytest.mark.parametrize("blank", [" ", "\t", "\u3000", " \u3000"])
@pytest.mark.parametrize("around", [("开始", "结束。"), ("一句话。", "下一句。"), ("讲述人", "□夏敏"), ("", "")])
def test_row10_a_long_run_of_blanks_inside_a_line_is_cleaned_in_linear_time(hostile, blank, around):
    # 400 KB of blanks inside one line of a text file: every cleaner sees the line (a saved article, a
    # paragraph pasted with its indentation); the import finishes well within its timeout.
    before, after = around
    path = hostile.root / "in" / "blank.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_text(f"标题\n\n{before}{blank * (400_000 // len(blank))}{after}{SENTENCE}\n", encoding="utf-8")
    run = hostile.caselib("import", "--dry-run", str(path), timeout=60)
    assert run.code == 0 and "Traceback" not in run.out, run.out


@pytest.mark.parametrize("blank", [" ", "\t", " \n"])
def test_row10_a_long_run_of_blanks_inside_a_word_run_is_read_in_linear_time(hostile, blank):
    text = f"开始{blank * (200_000 // len(blank))}结束。{SENTENCE}"
    body = [_paragraph("标题"), f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'.encode()]
    path = _docx(hostile.root / "in" / "run.docx", body)
    run = hostile.caselib("import", "--dry-run", str(path), timeout=60)
    assert run.code == 0 and "Traceback" not in run.out, run.out


def test_row10_one_run_of_20_mb_whitespace_is_refused(hostile):
    path = _docx(hostile.root / "in" / "blank.docx", [*_blank(20 * MB), _paragraph(SENTENCE)])
    hostile.mark()
    _assert_refused(hostile, hostile.caselib("import", str(path), timeout=120), "document.xml", "10 MB")


def test_row10_xml_of_spaces_is_refused_as_packed_too_tightly(hostile):
    spaces = (b" " * MB for _ in range(20))
    path = _docx(hostile.root / "in" / "spaces.docx", [_paragraph(SENTENCE), *spaces])
    hostile.mark()
    _assert_refused(hostile, hostile.caselib("import", str(path), timeout=120), "document.xml", "压缩")


# --- row 17: what import writes, check accepts ---------------------------------------------------

def test_row17_text_over_the_case_file_limit_is_refused(hostile):
    path = hostile.root / "in" / "long.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SENTENCE * (6 * MB // len(SENTENCE.encode())), encoding="utf-8")
    hostile.mark()
    _assert_refused(hostile, hostile.caselib("import", str(path)), "超过案例文件的上限 5 MB", "caselib check")


def test_row17_a_docx_whose_text_is_over_the_limit_is_refused_before_converting(hostile):
    text = _random_chinese(6 * MB // 3)
    path = _docx(hostile.root / "in" / "long.docx", (_paragraph(p) for p in text.split("\n\n")))
    assert path.stat().st_size < 30 * MB
    hostile.mark()
    _assert_refused(hostile, hostile.caselib("import", str(path)), "Word 文件中的文字超过案例文件的上限 5 MB")


def test_row17_a_draft_is_never_written_over_the_limit(hostile):
    """The text fits, the draft with its header would not: refused, not written for check to refuse."""
    text = _random_chinese(MAX_BYTES // 3)
    text = text[:len(text) - (len(text.encode()) - MAX_BYTES + 300) // 3]   # 300 bytes under the limit
    path = hostile.root / "in" / "edge.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    assert MAX_BYTES - 400 < path.stat().st_size <= MAX_BYTES
    hostile.mark()
    run = hostile.caselib("import", str(path), timeout=300)
    _assert_refused(hostile, run, "生成的草稿有", "超过案例文件的上限 5 MB")


def test_row17_an_image_of_a_saved_page_over_the_limit_is_refused(hostile):
    page = _wechat(hostile, "page.html", "社工站", title="小蜜蜂志愿服务队")
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</div></body>", '<p><img src="page_files/photo.jpg"></p></div></body>'), encoding="utf-8")
    (page.parent / "page_files").mkdir()
    with (page.parent / "page_files" / "photo.jpg").open("wb") as photo:
        photo.truncate(21 * MB)      # sparse: nothing to write, 21 MB to read
    hostile.mark()
    _assert_refused(hostile, hostile.caselib("import", str(page)), "photo.jpg", "超过 20 MB")


# --- row 12: caselib new ------------------------------------------------------------------------

def test_row12_a_long_title_is_cut_in_the_file_name_and_kept_whole_in_the_header(hostile):
    title = "用开放空间会议制定楼道公约" * 8        # 104 characters, 312 bytes
    run = hostile.caselib("new", "服务案例", "--title", title)
    assert run.code == 0 and "Traceback" not in run.out, run.out
    assert hostile.changed_outside("cases") == []
    [path] = _drafts(hostile)
    assert len(path.name.encode()) <= 255 and path.name.startswith(f"{TODAY}-用开放空间会议")
    assert re.search(rf"^title: {title}$", path.read_text(encoding="utf-8"), re.M)


def test_row12_a_title_with_a_path_stays_in_cases(hostile):
    run = hostile.caselib("new", "服务案例", "--title", "../../../../x/victim2/keep")
    assert run.code == 0 and "Traceback" not in run.out, run.out
    assert hostile.changed_outside("cases") == []
    [path] = _drafts(hostile)
    assert path.parent == hostile.lib / "cases" / "服务案例"
    assert "title: ../../../../x/victim2/keep" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["服务案例", "培训包"])
def test_row12_a_library_without_templates_gets_a_message_naming_the_file(hostile, kind):
    shutil.rmtree(hostile.lib / "templates")
    hostile.mark()
    run = hostile.caselib("new", kind, "--title", "楼道公约")
    _assert_refused(hostile, run, "找不到模板文件 templates/new/", "复制到")
