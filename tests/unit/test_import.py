"""`caselib import` end to end on documents the tests build: golden drafts, what the report
says, what is never touched, and inputs it must refuse with a message instead of a traceback.

Run with UPDATE_GOLDEN=1 to rewrite tests/golden/import/*.md, then review the diff.
"""

import hashlib
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.importing.run import Options, import_paths

from ..conftest import TODAY
from ..helpers import assert_matches_golden
from .import_fixtures import COMPILATION, config_for, write_inputs

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "import"
INPUTS = ["word.docx", "wechat.html", "forum.htm", "gb18030.txt", "traditional.txt", "compilation.txt"]


def _import(config, library, *paths, **options) -> tuple[int, str]:
    lines: list[str] = []
    code = import_paths(config_for(config, library), list(paths), Options(today=TODAY, **options), out=lines.append)
    return code, "\n".join(lines)


def _drafts(library: Path) -> dict[str, str]:
    return {p.relative_to(library / "cases").as_posix(): p.read_text(encoding="utf-8")
            for p in sorted((library / "cases").rglob("*.md"))}


@pytest.mark.parametrize("name", INPUTS)
def test_golden_drafts(name, config, library):
    inputs = write_inputs(library / "in")
    code, report = _import(config, library, inputs[name], split=True)
    assert code == 0, report
    actual = "".join(f"===== {path}\n{text}" for path, text in _drafts(library).items())
    images = sorted(p.relative_to(library / "cases").as_posix() for p in (library / "cases").rglob("图片/*"))
    actual += "".join(f"===== image {i}\n" for i in images)
    assert_matches_golden(GOLDEN / f"{name}.md", actual)


def test_docx_keeps_structure_and_publishes_its_image(config, library):
    inputs = write_inputs(library / "in")
    code, report = _import(config, library, inputs["word.docx"])
    [(path, text)] = _drafts(library).items()
    assert path == "服务案例/2023-06-15-用开放空间会议制定楼道公约.md"     # date and title from the document
    assert "title: 用开放空间会议制定楼道公约\n" in text
    assert "## 背景" in text and "**居民最常抱怨的问题**" in text
    assert "1. 第一次会议用开放空间会议的方式进行。" in text
    assert "| 开放空间会议 | 32 |" in text
    [image] = re.findall(r"!\[[^\]]*\]\((图片/[^)]+)\)", text)
    assert (library / "cases" / "服务案例" / image).read_bytes().startswith(b"\x89PNG")
    assert "链接失效" not in report          # the check found the image where the link says


def test_forum_page_loses_chrome_and_noise_but_not_numbers_or_urls(config, library):
    inputs = write_inputs(library / "in")
    code, report = _import(config, library, inputs["forum.htm"])
    [text] = _drafts(library).values()
    body = text.split("\n---\n", 1)[1]
    for junk in ("首页", "查看:", "本帖最后由", "k8Jd3a", "x7Gk2#", "4ldT$+c", "返回顶部"):
        assert junk not in body, junk
    for kept in ("印了500份", "https://example.org/a_b", "他们的义剪项目已经做了五年。"):
        assert kept in body, kept
    assert "删除防复制乱码 1 处" in report and "删除网页导航、按钮、计数和关注提示" in report
    assert "删除了网页中隐藏的文字 2 处" in report


def test_traditional_text_is_simplified_and_annotations_dropped(config, library):
    inputs = write_inputs(library / "in")
    code, report = _import(config, library, inputs["traditional.txt"])
    [text] = _drafts(library).values()
    assert "社会工作服务站" in text and "(huì" not in text and "社會" not in text
    assert "删除拼音注音，如“會(huì )” 7 处" in report
    assert "繁体转简体（OpenCC 台湾用词配置 tw2sp）" in report


def test_gb18030_text_reads_and_numbered_headings_become_markdown(config, library):
    inputs = write_inputs(library / "in")
    code, report = _import(config, library, inputs["gb18030.txt"])
    [text] = _drafts(library).values()
    assert "原文件是 GB18030 编码，草稿已存为 UTF-8" in report
    assert "## 一、背景" in text and "## 二、服务过程" in text
    assert "链接附近餐馆的资源，开办了助餐点" in text        # the hard wrap joined


def test_compilation_suggests_split_and_split_makes_one_draft_per_piece(config, library):
    inputs = write_inputs(library / "in")
    code, report = _import(config, library, inputs["compilation.txt"])
    assert "像是 3 篇文章的合集" in report and "--split" in report
    assert len(_drafts(library)) == 1
    for p in (library / "cases").rglob("*.md"):
        p.unlink()
    code, report = _import(config, library, inputs["compilation.txt"], split=True)
    drafts = _drafts(library)
    assert len(drafts) == 3
    authors = sorted(re.search(r"^authors: \[(.+?)\]", t, re.M)[1] for t in drafts.values())
    assert authors == ["刘娟", "成振洲", "韩旭"]
    assert all("kind: 培训心得" in t for t in drafts.values())


def test_suggestions_quote_the_sentence_and_unsure_fields_keep_placeholders(config, library):
    inputs = write_inputs(library / "in")
    _import(config, library, inputs["word.docx"])
    [text] = _drafts(library).values()
    assert "  - 开放空间会议  # “第一次会议用开放空间会议的方式进行。”" in text
    assert "summary: 【待填写" in text and "models: [【待填写" in text


def test_report_then_check_shows_only_fill_in_problems(config, library):
    inputs = write_inputs(library / "in")
    code, report = _import(config, library, *inputs.values(), split=True)
    assert code == 0
    assert "检查新草稿（与 caselib check 相同）：" in report
    codes = set(re.findall(r"(?:错误|警告)\[([^\]]+)\]", report))
    assert codes and codes <= {"未填写", "缺少章节", "正文过短"}, codes


def test_dry_run_writes_nothing_and_inputs_are_never_changed(config, library):
    inputs = write_inputs(library / "in")
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in inputs.values()}
    code, report = _import(config, library, *inputs.values(), dry_run=True)
    assert code == 0 and "将写入" in report and "没有写入任何文件" in report
    assert not list((library / "cases").rglob("*"))
    _import(config, library, *inputs.values())
    assert before == {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in inputs.values()}


def test_never_overwrites(config, library):
    inputs = write_inputs(library / "in")
    _import(config, library, inputs["word.docx"])
    first = _drafts(library)
    _import(config, library, inputs["word.docx"])
    names = sorted(_drafts(library))
    assert names == ["服务案例/2023-06-15-用开放空间会议制定楼道公约-2.md",
                     "服务案例/2023-06-15-用开放空间会议制定楼道公约.md"]
    assert _drafts(library)[names[1]] == first[names[1]]


def test_mask_writes_masked_personal_data(config, library):
    source = library / "in" / "phone.txt"
    source.parent.mkdir()
    source.write_text("王阿姨的事\n\n王阿姨住在5栋302，她的手机是13812345678，社工每周上门。\n", encoding="utf-8")
    code, report = _import(config, library, source)
    assert "手机号码“138****5678”" in report and "--mask" in report
    assert "13812345678" in next(iter(_drafts(library).values()))
    assert "隐私信息" in report                       # check refuses the unmasked draft
    code, report = _import(config, library, source, mask=True)
    masked = [t for t in _drafts(library).values() if "138****5678" in t]
    assert masked and "13812345678" not in masked[0] and "住在*栋***" in masked[0]


def test_refused_inputs_say_what_to_do_and_exit_1(config, library):
    folder = library / "in"
    folder.mkdir()
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "case.md").write_text("---\ntitle: 已有案例\n---\n正文\n", encoding="utf-8")
    (folder / "good.txt").write_text(COMPILATION, encoding="utf-8")
    paths = sorted(folder.iterdir())
    code, report = _import(config, library, *paths, folder / "missing.txt")
    assert code == 1
    assert "另存为” .docx" in report                        # .doc
    assert "PDF 不能直接导入" in report
    assert "这是图片" in report
    assert "无法打开这个 Word 文件" in report
    assert "已经是一篇案例" in report and "caselib check case.md" in report
    assert "找不到这个文件或文件夹" in report
    assert len(_drafts(library)) == 1                        # the good file still went through
    assert "Traceback" not in report


def test_cli_import_folder(library, capsys):
    write_inputs(library / "in")
    assert main(["import", "in", "--kind", "心得", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.count("将写入") == 6 and "推测类型" not in out        # --kind given: nothing guessed
    assert main(["import", "in", "--kind", "报告"]) == 2
    assert "可选：服务案例、培训心得、微项目故事" in capsys.readouterr().err


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".md", ".html", ".docx"]))
def test_no_input_bytes_make_import_raise(data, suffix, config, tmp_path_factory):
    library = tmp_path_factory.mktemp("lib")
    (library / "cases").mkdir()
    path = library / f"input{suffix}"
    path.write_bytes(data)
    code, report = _import(config, library, path, split=True, dry_run=True)
    assert code in (0, 1)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from(list("社区居民□讲述人刘娟，。！\n 一、（1）k8J$#ab12會(huì )IMG_1.jpg"
                                                   "阅读原文")), max_size=400))
def test_no_text_makes_import_raise(text, config, tmp_path_factory):
    library = tmp_path_factory.mktemp("lib")
    (library / "cases").mkdir()
    path = library / "input.txt"
    path.write_text(text, encoding="utf-8")
    code, report = _import(config, library, path, split=True, dry_run=True)
    assert code in (0, 1)
