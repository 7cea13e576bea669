"""The command line's own errors, said in Chinese with what to do (issue 21, row 12)."""

from __future__ import annotations

import pytest

from .conftest import assert_plain_failure


@pytest.mark.parametrize("args, said", [
    (["check", "--format", "xml"], "不是可选的值"),
    (["build", "--no-such-option"], "不认识的参数"),
    (["no-such-command"], "不是可选的值"),
    (["import"], "缺少必须写的参数"),
    (["serve", "--address"], "后面要写一个值"),
])
def test_a_wrongly_called_command_is_told_in_chinese(hostile, args, said):
    run = hostile.caselib(*args)
    assert run.code == 2
    assert_plain_failure(run)
    assert said in run.out and "用法：" in run.out


def test_a_file_whose_name_starts_with_a_dash_gets_a_way_to_name_it(hostile):
    (hostile.lib / "-rf.txt").write_text("一篇文字", encoding="utf-8")
    hostile.mark()
    run = hostile.caselib("import", "-rf.txt")
    assert_plain_failure(run)
    assert "./-rf.txt" in run.out
    assert hostile.changed_outside() == []


def test_help_is_in_chinese(hostile):
    run = hostile.caselib("-h")
    assert run.code == 0
    assert "用法：" in run.out and "选项" in run.out and "显示这段帮助" in run.out
    assert "usage:" not in run.out and "show this help" not in run.out
