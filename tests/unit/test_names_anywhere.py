"""A resident's full name anywhere the reader sees text (issue 22): the title, the summary and the other
header values, headings, table cells, image alt text and captions, link text, list labels, bold text, quoted
lines and running text with a form of address, a kinship word or a self-introduction. Declared pseudonyms,
masked forms, staff, the public figures a library lists and ordinary words are never reported.

The examples are written for these tests; the false-alarm tests read the sample library, the shared corpus's
harmless files and the seed documents as they are.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.checks.fields import build_case
from generator.checks.load import check_file
from generator.checks.name_places import find_names
from generator.checks.privacy import check_names
from generator.core.problems import ERROR, WARNING
from generator.core.sources import read_document

from ..conftest import TODAY

ROOT = Path(__file__).resolve().parent.parent.parent
SHARED = ROOT.parent / "shared"

HEADER = """---
title: {title}
kind: 服务案例
date: 2023-06-15
community: 和平路社区
summary: {summary}
{authors}models: [地区发展模式]
stages: [准备阶段]
techniques: [居民公约]
privacy:
  pseudonymised: true
  pseudonyms: [{pseudonyms}]
  consent: written
---
"""
TITLE = "一次楼道走访"
SUMMARY = "社工和居民一起走访楼道，商量堆物的处理办法。"


def _case(tmp_path, body="", title=TITLE, summary=SUMMARY, pseudonyms="", authors=""):
    path = tmp_path / "case.md"
    text = HEADER.format(title=title, summary=summary, pseudonyms=pseudonyms,
                         authors=f"authors: {authors}\n" if authors else "")
    path.write_text(text + "社区开展了一次走访。\n\n" + body + "\n", encoding="utf-8")
    doc, _ = read_document(path)
    assert doc is not None
    case, problems = build_case(doc, _vocabulary(), TODAY, preview=True)
    assert case is not None, [p.format() for p in problems]
    return case, doc, text.count("\n") + 3      # the body's first line after the opening sentence


_VOCABULARY = []


def _vocabulary():
    if not _VOCABULARY:
        from generator.core.config import load_config

        config, _ = load_config(ROOT / "site_config.yml")
        assert config is not None
        _VOCABULARY.append(config.vocabulary)
    return _VOCABULARY[0]


def names(tmp_path, body="", public=(), **fields):
    """(severity, name, message) of each 疑似真名 problem, the header read as published (`doc`) and as
    `caselib check` reads it today (the case's fields): both must agree on the body."""
    case, doc, _ = _case(tmp_path, body, **fields)
    found = [(p.severity, _name(p.message), p.message) for p in check_names(case, public, doc) if p.code == "疑似真名"]
    return found


def _name(message: str) -> str:
    return message.split("“", 1)[1].split("”", 1)[0]


def errors(found):
    return [(name, message) for severity, name, message in found if severity == ERROR]


# --- positions: a name on its own where the reader sees a piece of text ------------------------------------

POSITIONS = [
    # (what, header fields, body, name, where the message says it is)
    ("title", {"title": "孙秀兰：一位独居老人的晚年"}, "", "孙秀兰", "标题"),
    ("summary", {"summary": "社工陪伴李建国大爷重新走出家门，参加楼道议事。"}, "", "李建国", "摘要"),
    ("heading", {}, "## 二、赵德明\n\n他住在三楼。", "赵德明", "小标题"),
    ("table cell", {}, "| 姓名 | 情况 |\n|---|---|\n| 陈桂芳 | 独居，行动不便 |", "陈桂芳", "表格"),
    ("alt text", {}, "![吴海燕](photos/visit.jpg)", "吴海燕", "图片说明"),
    ("caption", {}, "![](photos/visit.jpg)\n黄建华\n\n走访那天下着雨。", "黄建华", "图片说明"),
    ("numbered caption", {}, "图2 韩玉梅\n\n走访那天下着雨。", "韩玉梅", "图片说明"),
    ("link text", {}, "详细记录见[周浩然](other-case.md)。", "周浩然", "链接文字"),
    ("list label", {}, "- 马秀珍：女，独居，儿女在外地\n- 其他：暂无", "马秀珍", "列表"),
    ("bold", {}, "这一天，**郑桂香**第一次走出了家门。", "郑桂香", "加粗文字"),
    ("quote", {}, "> 冯建军：我不想给孩子添麻烦。", "冯建军", "引用"),
    ("self-introduction", {}, "她笑着说：“我叫何秀兰，住在三楼。”", "何秀兰", "正文"),
    ("honorific after", {}, "楼下的王秀英奶奶每天都来帮忙。", "王秀英", "正文"),
    ("honorific after, in a cell", {}, "| 走访对象 |\n|---|\n| 田桂英阿姨家 |", "田桂英", "表格"),
    ("compound surname", {}, "| 姓名 |\n|---|\n| 欧阳秀英 |", "欧阳秀英", "表格"),
    ("compound surname with honorific", {}, "我们又去看了欧阳建国大爷。", "欧阳建国", "正文"),
    ("name with a middle dot", {}, "| 姓名 | 年龄 |\n|---|---|\n| 阿依古丽·买买提 | 45 |", "阿依古丽·买买提", "表格"),
    ("dot name with an honorific", {}, "每到古尔邦节，热依拉·艾山大妈都给邻居送馓子。", "热依拉·艾山", "正文"),
    ("glued to the word before", {}, "我们陪刘桂珍阿姨去了医院。", "刘桂珍", "正文"),
]


@pytest.mark.parametrize("what, fields, body, name, where", POSITIONS, ids=[p[0] for p in POSITIONS])
def test_a_name_standing_alone_or_with_context_is_an_error_saying_where(tmp_path, what, fields, body, name, where):
    found = errors(names(tmp_path, body, **fields))
    assert [n for n, _ in found] == [name], found
    message = found[0][1]
    assert message.startswith(f"{where}中的“{name}”"), message


def test_the_error_names_the_line_and_gives_the_hint(tmp_path):
    body = "| 姓名 | 情况 |\n|---|---|\n| 陈桂芳 | 独居 |"
    case, doc, first = _case(tmp_path, body)
    (problem,) = check_names(case, (), doc)
    assert problem.line == first + 2
    assert problem.severity == ERROR
    assert "privacy.pseudonyms" in problem.hint and "public_figures" in problem.hint and "张某" in problem.hint


def test_caselib_check_reports_the_error(tmp_path, config):
    case_file = tmp_path / "case.md"
    case_file.write_text(HEADER.format(title=TITLE, summary=SUMMARY, pseudonyms="", authors="")
                         + "\n| 姓名 |\n|---|\n| 陈桂芳 |\n", encoding="utf-8")
    case, problems = check_file(case_file, config, TODAY)
    assert case is None
    assert any(p.code == "疑似真名" and p.severity == ERROR and "“陈桂芳”" in p.message for p in problems)


def test_kinship_before_a_name(tmp_path):
    found = names(tmp_path, "她的儿媳妇王小雨每周都来，女儿李红梅在外地。")
    assert [n for _, n, _ in found] == ["王小雨", "李红梅"]


def test_a_name_beside_other_words_in_a_piece_is_a_warning(tmp_path):
    found = names(tmp_path, "### 走进秦玉兰的家")
    assert [(s, n) for s, n, _ in found] == [(WARNING, "秦玉兰")]


@pytest.mark.parametrize("body, name", [
    ("上周三的小组活动，韦春燕还是没来，组员们议论纷纷。", "韦春燕"),
    ("1. 如果你是社工，会怎样回应谢秀梅的担心？", "谢秀梅"),
    ("> 那年冬天，司马文华一个人守着空房子。", "司马文华"),
    ("村里人都记得赵孙氏，她守着那口老井几十年。", "赵孙氏"),
    ("我们去看望了格桑卓嘎，她的腿脚不方便。", "格桑卓嘎"),
    ("那次之后，邓苒苒每周都来帮忙。", "邓苒苒"),
    ("她说，是邻居送来的饭，“卓玛·次仁每天都来”。", "卓玛·次仁"),
])
def test_a_bare_full_name_in_running_text_is_a_warning(tmp_path, body, name):
    found = names(tmp_path, body + "\n")
    assert [(severity, n) for severity, n, _ in found] == [(WARNING, name)], found


@pytest.mark.parametrize("body, name", [
    ("大家都叫他的外号“廖大炮”。", "廖大炮"),
    ("锦旗上写着“感谢社工 居民 阎淑华 敬赠”。", "阎淑华"),
    ("蒋兰芬今年八十一岁，一个人住。", "蒋兰芬"),
])
def test_a_name_given_by_a_nickname_a_signature_or_an_age_is_an_error(tmp_path, body, name):
    found = names(tmp_path, body + "\n")
    assert [n for _, n, _ in errors_of(found)] == [name], found


def errors_of(found):
    return [f for f in found if f[0] == ERROR]


@pytest.mark.parametrize("body", [
    "□孟雪婷\n\n两天的培训让我收获很多。",
    "（幸福里社区居委会 贺丽娟）",
    "整理：邵文静",
])
def test_a_writers_byline_is_not_a_residents_name(tmp_path, body):
    assert names(tmp_path, body + "\n") == []


def test_a_resident_listed_among_the_authors_is_an_error(tmp_path):
    case, doc, _ = _case(tmp_path, "", authors="[罗婷, 孔桂兰（服务对象家属）]")
    [problem] = [p for p in check_names(case, (), doc) if p.code == "疑似真名"]
    assert problem.severity == ERROR and "authors" in problem.message and "服务对象" in problem.message


def test_the_header_values_are_read_as_published(tmp_path):
    # a value read only through `doc` (every published header value): a field added later is read too
    case, doc, _ = _case(tmp_path, title="陪伴孙秀兰")
    assert [_name(p.message) for p in check_names(case, (), doc)] == ["孙秀兰"]
    assert [_name(p.message) for p in check_names(case)] == ["孙秀兰"]    # as caselib check calls it today


# --- exclusions -----------------------------------------------------------------------------------------------

def test_declared_pseudonyms_are_not_reported(tmp_path):
    body = "| 姓名 |\n|---|\n| 陈桂芳 |\n\n陈桂芳奶奶每天都来。**陈桂芳**"
    assert names(tmp_path, body, pseudonyms="陈桂芳") == []
    (tmp_path / "undeclared").mkdir()
    assert errors(names(tmp_path / "undeclared", body))        # the same body without the declaration


def test_a_name_the_text_calls_a_pseudonym_is_not_reported(tmp_path):
    body = "求助者马丽（化名）来到服务站。\n\n| 姓名 |\n|---|\n| 马丽 |\n\n化名为林秀芳的居民也来了。\n\n- 林秀芳：独居"
    assert names(tmp_path, body) == []


@pytest.mark.parametrize("masked", ["张某", "李某某", "王×英", "张**", "刘X", "赵某某奶奶", "陈某阿姨"])
def test_masked_forms_are_not_names(tmp_path, masked):
    body = f"## {masked}\n\n| 姓名 |\n|---|\n| {masked} |\n\n- {masked}：独居\n\n**{masked}**\n\n{masked}每天都来。"
    assert names(tmp_path, body) == []


STAFF_TEXTS = [
    "| 李社工 | 王书记 |\n|---|---|\n| 张主任 | 刘老师 |",
    "## 王书记的一天",
    "- 社工：张敏\n- 督导：周静",
    "| 日期 | 社工 | 服务对象 |\n|---|---|---|\n| 3月5日 | 张敏 | 王阿姨 |",
    "| 姓名 | 职务 |\n|---|---|\n| 张敏 | 社工 |",
    "**社工张敏**带着志愿者上门。社工周静和刘主任也来了。",
    "| 张敏（社工） |\n|---|\n| 周静（督导） |",
]


@pytest.mark.parametrize("body", STAFF_TEXTS)
def test_staff_are_not_residents(tmp_path, body):
    assert names(tmp_path, body) == []


def test_public_figures_the_library_lists_are_not_reported(tmp_path):
    body = "## 学习榜样\n\n| 人物 | 事迹 |\n|---|---|\n| 袁隆平 | 杂交水稻 |"
    assert [n for _, n, _ in names(tmp_path, body)] == ["袁隆平"]
    assert names(tmp_path, body, public=("袁隆平",)) == []


ORDINARY = ["张贴", "高兴", "何时", "周到", "向来", "万一", "黄金周", "张贴海报", "何时开始", "周到服务", "黄金周活动",
            "万一出事", "向来如此", "高兴的一天", "夏令营", "高峰时段", "文明楼道", "金秋助老", "谷雨", "服务于民"]
NO_GIVEN_NAME = ["王奶奶", "张大爷", "老李", "小王", "李阿姨", "赵师傅", "刘老奶奶", "周老先生"]


def _everywhere(word: str) -> tuple[dict[str, str], str]:
    fields = {"title": f"{word}：一次楼道走访", "summary": f"{word}。社工和居民一起走访楼道。"}
    body = (f"## {word}\n\n| {word} | 情况 |\n|---|---|\n| {word} | 好 |\n\n![{word}](a.jpg)\n\n![](b.jpg)\n{word}\n\n"
            f"[{word}](other.md)\n\n- {word}：内容\n- {word}\n\n**{word}**，*{word}*\n\n> {word}\n\n"
            f"大家都说{word}。我们去看了{word}，聊了很久。")
    return fields, body


@pytest.mark.parametrize("word", ORDINARY + NO_GIVEN_NAME)
def test_ordinary_words_and_names_without_a_given_name_are_never_names(tmp_path, word):
    fields, body = _everywhere(word)
    assert names(tmp_path, body, **fields) == []


PHRASES = ["我们去看了房东阿姨。", "包子铺大爷送来了馒头。", "单身老人和高龄老人", "许多老人都来了。",
           "孙子和老人住在一起。", "这位王阿姨和张大爷", "我是高兴的。", "我是李社工。",
           "邻居师傅，聊了很久", "师东新村社区"]


@pytest.mark.parametrize("text", PHRASES)
def test_ordinary_phrases_with_a_form_of_address_or_a_cue_are_not_names(text):
    assert find_names(text) == []
    assert find_names(f"## {text}") == []


# --- no false alarm on real texts, bounded work ------------------------------------------------------------

def _body(text: str) -> str:
    return text.split("\n---", 1)[1] if text.startswith("---") and "\n---" in text else text


def test_no_name_in_the_sample_library(config):
    for path in sorted((ROOT / "cases").rglob("*.md")):
        _, problems = check_file(path, config, TODAY)
        assert [p.format() for p in problems if p.code == "疑似真名"] == [], path.name
        assert find_names(_body(path.read_text(encoding="utf-8"))) == [], path.name


HARMLESS = sorted([*SHARED.glob("corpus/pii-1/ok-*.md"), *SHARED.glob("corpus/bad-files-1/cases-good/*.md")])


@pytest.mark.skipif(not HARMLESS, reason="the shared corpus is beside the repository, in ../shared/corpus")
def test_no_name_in_the_shared_corpus_harmless_files():
    for path in HARMLESS:
        assert find_names(_body(path.read_text(encoding="utf-8"))) == [], path.name


SEEDS = sorted(SHARED.glob("seeds/*.txt"))


@pytest.mark.skipif(not SEEDS, reason="the seed documents are beside the repository, in ../shared/seeds")
def test_no_name_in_the_seed_texts_read_as_case_bodies():
    """The seeds sign with staff names on lines of their own, which are paragraphs, not pieces."""
    for path in SEEDS:
        assert find_names(path.read_text(encoding="utf-8", errors="replace")) == [], path.name


@pytest.mark.parametrize("line", ["| 王秀英 " * 20_000, "**王秀英** " * 20_000, "王秀英奶奶，" * 20_000,
                                  "[王秀英](a.md)" * 20_000, "我叫王秀英，" * 20_000, "王" * 200_000,
                                  "![" * 100_000, "- 王秀英：" * 20_000, "张贴奶奶，" * 20_000, "**张贴** " * 20_000,
                                  "| a |\n|---|\n" + "| 张贴 |\n" * 20_000, "化名" * 100_000, "_a" * 150_000])
def test_finding_names_is_bounded_on_hostile_lines(line):
    start = time.perf_counter()
    found = find_names(f"{line}\n{line}\n")
    assert time.perf_counter() - start < 3
    assert len(found) <= 30


# --- training packs ---------------------------------------------------------------------------------------

PACK = """title: 陪伴的方法
purpose: 学会倾听独居老人。
audience: [新社工]
duration: 两天
sessions:
  - title: {title}
    cases: [elderly-care]
    questions:
      - {question}
    activities: |
      {notes}
"""


def _pack(text: str, **kwargs):
    from generator.checks.privacy import pack_names
    from generator.core import yamltree
    from generator.core.sources import Document

    root, _ = yamltree.parse(text)
    return pack_names(Document(Path("packs/p.yml"), "packs/p.yml", text, root, "", 0), **kwargs)


def test_a_name_in_a_packs_questions_notes_and_titles_is_reported():
    text = PACK.format(title="走进刘桂兰", question="李建国大爷为什么一开始不愿意开门？",
                       notes="请学员扮演陈桂芳奶奶。")
    found = [(p.severity, _name(p.message), p.line) for p in _pack(text)]
    assert found == [(WARNING, "刘桂兰", 6), (ERROR, "李建国", 9), (ERROR, "陈桂芳", 11)]


def test_a_pack_may_name_the_pseudonyms_of_its_cases_and_public_figures():
    text = PACK.format(title="走进刘桂兰", question="李建国大爷为什么一开始不愿意开门？", notes="请学员扮演袁隆平。")
    assert _pack(text, known=("刘桂兰", "李建国"), public_figures=("袁隆平",)) == []


def test_no_name_in_the_sample_packs():
    for path in sorted((ROOT / "packs").glob("*.yml")):
        assert _pack(path.read_text(encoding="utf-8")) == [], path.name
