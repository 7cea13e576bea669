"""`caselib check` as a supervisor runs it: one command, every problem, an exit code."""

import json
import os

import pytest

from generator.cli import main

GOOD = """---
title: {title}
kind: 培训心得
date: 2023-05-01
community: 和平路社区
summary: 学会了用开放空间会议让居民自己提出议题。
techniques: [{technique}]
---
这次培训让我学会了如何用开放空间会议让居民自己提出议题，回到社区后我们组织了一次楼道议事，二十多位居民参加，形成了三条约定。
"""


def write(library, name, title="好案例", technique="开放空间会议", text=None):
    path = library / "cases" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text if text is not None else GOOD.format(title=title, technique=technique), encoding="utf-8")
    return path


def run(capsys, *args):
    code = main(["check", *args])
    return code, capsys.readouterr().out


def test_clean_library_passes(library, capsys):
    write(library, "a.md")
    code, out = run(capsys)
    assert code == 0
    assert out.strip() == "检查了 1 个文件，没有发现问题。"


def test_every_problem_in_every_file_in_one_run(library, capsys):
    write(library, "培训心得/a.md", title="甲", technique="开放空间技巧")
    write(library, "b.md", text="---\ntitle: 乙\n")
    write(library, "c.md", title="丙")
    before = {p: p.read_bytes() for p in (library / "cases").rglob("*.md")}
    code, out = run(capsys)
    assert code == 1
    assert "cases/培训心得/a.md:7: 错误[未知术语]" in out and "是否指 “开放空间会议”？" in out
    assert "cases/b.md:1: 错误[头信息未结束]" in out
    assert out.strip().endswith("检查了 3 个文件：2 个错误，0 个警告。")
    assert before == {p: p.read_bytes() for p in (library / "cases").rglob("*.md")}  # nothing rewritten


def test_warnings_fail_only_with_strict(library, capsys):
    write(library, "a.md", technique="开放空间技术")
    code, out = run(capsys)
    assert code == 0 and "警告[使用别名]" in out and "请改写为 开放空间会议" in out
    assert run(capsys, "--strict")[0] == 1


def test_json_output_for_other_tools(library, capsys):
    write(library, "a.md", technique="开放空间技巧")
    code, out = run(capsys, "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["errors"] == 1 and report["files"] == 1
    assert report["problems"][0] | {"path": "", "message": ""} == {
        "path": "", "line": 7, "severity": "error", "code": "未知术语", "message": "",
        "hint": "是否指 “开放空间会议”？"}


def test_duplicate_titles_and_slugs_across_files(library, capsys):
    write(library, "服务/a.md", title="同一个标题")
    write(library, "心得/b.md", title="同一个标题", technique="谈话棒")
    write(library, "心得/a.md", title="另一个标题")
    code, out = run(capsys)
    assert code == 1
    # files are compared in path order; the later one is reported, naming the earlier
    assert "cases/服务/a.md:2: 错误[重复] 标题“同一个标题”与 cases/心得/b.md 重复" in out
    assert "cases/服务/a.md:2: 错误[重复] 网址（slug）“a”与 cases/心得/a.md 重复" in out


def test_paths_can_be_named(library, capsys):
    write(library, "a.md", technique="不存在的方法")
    write(library, "b.md", title="别的")
    code, out = run(capsys, "cases/b.md")
    assert code == 0 and "检查了 1 个文件" in out
    code, out = run(capsys, "cases/nope.md")
    assert code == 1 and "cases/nope.md: 错误[找不到文件]" in out


def test_odd_files_get_defined_behaviour(library, capsys, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.md"
    outside.write_text(GOOD.format(title="外部", technique="谈话棒"), encoding="utf-8")
    os.symlink(outside, library / "cases" / "link.md")
    os.symlink(library / "cases", library / "cases" / "loop")  # a folder link: never followed
    (library / "cases" / "notes.docx").write_bytes(b"PK\x03\x04")
    (library / "cases" / ".DS_Store").write_bytes(b"\x00\x01")
    write(library, "带 空格 的 文件.MD", title="大写扩展名")
    write(library, "photo.jpg", text="not really")
    code, out = run(capsys)
    assert "cases/link.md: 错误[外部链接]" in out
    assert "cases/loop: 警告[链接文件夹]" in out
    assert "cases/notes.docx: 警告[非案例文件]" in out and "用 caselib import 导入" in out
    assert ".DS_Store" not in out and "photo.jpg" not in out
    # read and checked like any .md, with a note to rename
    assert "cases/带 空格 的 文件.MD: 警告[文件扩展名]" in out and "带 空格 的 文件.md" in out
    assert "检查了 1 个文件" in out and code == 1  # the link was refused, not read


def test_missing_config_is_a_message(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    assert "找不到配置文件 site_config.yml" in capsys.readouterr().err


def test_unreadable_config_is_a_message(library, capsys):
    (library / "site_config.yml").write_text("extra:\n  vocabulary:\n\tkinds: []\n", encoding="utf-8")
    assert main(["check"]) == 1
    assert "site_config.yml:3: 错误[配置文件] 这一行用了制表符" in capsys.readouterr().err


@pytest.mark.parametrize("first, second", [
    ("楼道公约的制定", "《楼道公约》的制定"),          # punctuation
    ("楼道公约的制定", "楼道公约 的制定"),              # a space
    ("用SWOT分析社区资源", "用ＳＷＯＴ分析社区资源"),    # full width
    ("社区照顾的实践", "社區照顧的實踐"),                # Traditional
    ("开放空间会议：第一次尝试", "开放空间会议——第一次尝试！"),
])
def test_near_duplicate_titles_warn_naming_both_files(library, capsys, first, second):
    write(library, "a.md", title=first)
    write(library, "b.md", title=second)
    code, out = run(capsys)
    assert code == 0
    assert f"cases/b.md:2: 警告[标题相近] 标题“{second}”与 cases/a.md 的“{first}”" in out


@pytest.mark.parametrize("first, second", [("楼道公约的制定", "楼道公约的修订"), ("第一期邻里节", "第二期邻里节")])
def test_titles_that_differ_in_words_are_not_near_duplicates(library, capsys, first, second):
    write(library, "a.md", title=first)
    write(library, "b.md", title=second)
    assert run(capsys) == (0, "检查了 2 个文件，没有发现问题。\n")


def test_the_same_title_twice_stays_an_error(library, capsys):
    write(library, "a.md", title="楼道公约的制定")
    write(library, "b.md", title=" 楼道公约的制定")
    code, out = run(capsys)
    assert code == 1 and "cases/b.md:2: 错误[重复] 标题“楼道公约的制定”与 cases/a.md 重复" in out
    assert "标题相近" not in out
