"""What the header would publish differently from what was typed is reported once, in Chinese."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.checks.load import check_file
from generator.core.yamltree import parse

from ..conftest import TODAY

HEAD = ("title: 谈话棒\nkind: 培训心得\ndate: 2024-03-02\ncommunity: 和平路社区\nsummary: 一次楼道议事。\n"
        "techniques: [谈话棒]\n")
BODY = ("谈话棒传到谁手里谁发言，其他人认真听。楼道议事第一次没有人抢话，大家都说出了自己的想法和担心，"
        "最后商量出三条共同遵守的约定，由楼长贴在一楼的公告栏里。\n")
PARSER_WORDS = re.compile(r"found|expected|exceeded|while|scanning|parsing|character|stream|document|token|unicode"
                          r"|position|line \d|column|mapping|<scalar>", re.IGNORECASE)


def check(tmp_path, header: str):
    path = tmp_path / "a.md"
    path.write_text(f"---\n{header}---\n{BODY}", encoding="utf-8")
    return check_file(path, _config(), TODAY)[1]


def _config():
    from generator.core.config import load_config

    from ..conftest import ROOT

    return load_config(ROOT / "site_config.yml")[0]


@pytest.mark.parametrize("extra", [
    "x: " + "[" * 3000 + "]" * 3000 + "\n",
    "x: " + "{" * 300 + "\n",
    "x: \"a\\q\"\n",
    "x: \"\\x4\"\n",
    "x: \a\n",
    "x: |x\n  y\n",
    "x: *重要* 案例\n",
    "x: &\n",
    "x: !重要 案例\n",
    "x: [a, b\n",
    "x: {a: b\n",
    "x: 'abc\n",
    "? [a]\n: b\n",
    "x: a\n--- \ny: b\n",
    "%YAML 1.1\n",
    "x: a: b\n",
    "\tx: a\n",
    "x: @a\n",
    "x: `a`\n",
])
def test_every_yaml_problem_is_said_in_chinese(tmp_path, extra):
    problems = check(tmp_path, HEAD + extra)
    assert problems
    for p in problems:
        assert not PARSER_WORDS.search(p.message + p.hint), p.format()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="[]{}:&*!|>\"'#\n -,?%@`\\ab中1\t", max_size=40))
def test_no_parser_text_ever_reaches_the_user(text):
    _, issues = parse(text)
    for issue in issues:
        assert not PARSER_WORDS.search(issue.message + issue.hint), (text, issue)


def test_an_alias_bomb_is_one_message(tmp_path):
    bomb = "a: &a [甲, 甲, 甲, 甲, 甲, 甲, 甲, 甲, 甲]\n" + "".join(
        f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefg", "bcdefgh", strict=True))
    problems = [p for p in check(tmp_path, HEAD + bomb) if p.code == "格式错误"]
    assert len(problems) == 1 and "锚点和别名" in problems[0].message


def test_an_alias_used_for_a_field_is_not_also_reported_as_empty(tmp_path):
    header = HEAD.replace("community: 和平路社区\nsummary: 一次楼道议事。", "community: &c 和平路社区\nsummary: *c")
    assert [p.code for p in check(tmp_path, header)] == ["格式错误"]


def test_a_deliberate_comment_on_a_non_text_field_is_fine(tmp_path):
    assert check(tmp_path, HEAD + "status: published   # 督导审核后发布\n") == []


@pytest.mark.parametrize("line, shown", [
    ("title: 楼道公约的制定 #2 复盘", "title: \"楼道公约的制定 #2 复盘\""),
    ("title: 第 #3 期 \"邻里节\"", "title: '第 #3 期 \"邻里节\"'"),
])
def test_the_quoted_fix_keeps_the_whole_text(tmp_path, line, shown):
    problems = check(tmp_path, HEAD.replace("title: 谈话棒", line))
    assert [p.code for p in problems] == ["文字丢失"]
    assert problems[0].hint.endswith(shown)
    fixed = parse(problems[0].hint.split("：", 1)[1])[0]
    assert fixed.mapping["title"].scalar == line.split(": ", 1)[1]
