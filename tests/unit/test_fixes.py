"""`caselib check --fix`: only the safe fixes, printed as `file:line: 旧 → 新`, layout and encoding kept.

Golden files in tests/golden/fix/: X.md in, X.fixed (the file after fixing) and X.changes (what is
printed) out. UPDATE_GOLDEN=1 rewrites them; review the diff.
"""

import difflib
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.checks.fixes import fix_file, fix_text
from generator.cli import main

from ..helpers import assert_matches_golden

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "fix"
CASES = sorted(GOLDEN.glob("*.md"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden_fix(path, config):
    fixed, changes = fix_text(path.read_text(encoding="utf-8"), config.vocabulary, path.name)
    assert_matches_golden(path.with_suffix(".fixed"), fixed)
    assert_matches_golden(path.with_suffix(".changes"), "".join(c.format() + "\n" for c in changes))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_fixing_twice_changes_nothing_more(path, config):
    once, _ = fix_text(path.read_text(encoding="utf-8"), config.vocabulary)
    assert fix_text(once, config.vocabulary) == (once, [])


def test_fixed_files_only_differ_on_the_lines_reported(config):
    for path in CASES:
        before = path.read_text(encoding="utf-8").split("\n")
        fixed, changes = fix_text("\n".join(before), config.vocabulary, path.name)
        reported = {c.line for c in changes}
        matcher = difflib.SequenceMatcher(None, before, fixed.split("\n"))
        touched = {i + 1 for tag, i1, i2, _, _ in matcher.get_opcodes() if tag != "equal" for i in range(i1, i2)}
        assert touched == reported, path.name


GOOD = """---
title: 开放空间会议的第一次尝试
kind: 培训心得
date: 2023-05-01
community: 和平路社区
summary: 学会了用开放空间会议让居民自己提出议题。
techniques: [开放空间技术, 谈话棒, 谈话棒]   # 方法
---
这次培训让我学会了如何用开放空间会议让居民自己提出议题，回到社区后我们组织了一次楼道议事，二十多位居民参加，形成了三条约定。
"""
FIXED_LINE = "techniques: [开放空间会议, 谈话棒]   # 方法"


@pytest.mark.parametrize("encoding, bom, newline", [
    ("utf-8", b"", "\n"), ("utf-8", b"\xef\xbb\xbf", "\r\n"), ("gb18030", b"", "\r\n"), ("gb18030", b"", "\n"),
    ("utf-16", b"", "\r\n"),
])
def test_a_file_is_written_back_in_its_own_encoding_bom_and_line_endings(tmp_path, config, encoding, bom, newline):
    text = GOOD
    path = tmp_path / "a.md"
    path.write_bytes(bom + text.replace("\n", newline).encode(encoding))
    changes, refused = fix_file(path, config.vocabulary, dry_run=False)
    assert refused == [] and [c.line for c in changes] == [7]
    data = path.read_bytes()
    assert data.startswith(bom)
    written = data[len(bom):].decode(encoding)
    before, after = text.split("\n"), written.split(newline)
    assert "\r\n" not in written or newline == "\r\n"
    assert after[6] == FIXED_LINE and after[:6] + after[7:] == before[:6] + before[7:]   # nothing else changed


def test_a_file_that_cannot_be_written_back_exactly_is_left_alone(tmp_path, config):
    path = tmp_path / "a.md"
    original = GOOD.replace("\n", "\r\n", 3).encode("utf-8")      # mixed line endings
    path.write_bytes(original)
    changes, refused = fix_file(path, config.vocabulary, dry_run=False)
    assert changes == [] and path.read_bytes() == original
    assert [p.code for p in refused] == ["无法修改"] and "UTF-8" in refused[0].hint


def test_dry_run_shows_the_changes_and_writes_nothing(library, capsys):
    path = library / "cases" / "a.md"
    path.write_text(GOOD, encoding="utf-8")
    assert main(["check", "--fix", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert f"cases/a.md:7: techniques: [开放空间技术, 谈话棒, 谈话棒]   # 方法 → {FIXED_LINE}" in out
    assert "没有写入文件" in out and "警告[使用别名]" in out          # the check still sees the file unchanged
    assert path.read_text(encoding="utf-8") == GOOD


def test_fix_writes_and_then_checks_the_fixed_files(library, capsys):
    path = library / "cases" / "a.md"
    path.write_text(GOOD, encoding="utf-8")
    assert main(["check", "--fix"]) == 0
    out = capsys.readouterr().out
    assert "已改正 1 行（1 个文件）" in out and out.rstrip().endswith("没有发现问题。")
    assert FIXED_LINE in path.read_text(encoding="utf-8")
    assert main(["check", "--fix"]) == 0 and "没有可以自动改正的地方" in capsys.readouterr().out


def test_check_without_fix_never_writes(library, capsys):
    path = library / "cases" / "a.md"
    path.write_text(GOOD, encoding="utf-8")
    main(["check"])
    assert path.read_text(encoding="utf-8") == GOOD


def test_json_output_stays_parseable_with_fix(library, capsys):
    import json

    (library / "cases" / "a.md").write_text(GOOD, encoding="utf-8")
    main(["check", "--fix", "--format", "json"])
    captured = capsys.readouterr()
    assert json.loads(captured.out)["errors"] == 0 and "已改正" in captured.err


def test_dry_run_alone_is_a_message(library, capsys):
    assert main(["check", "--dry-run"]) == 2
    assert "--fix" in capsys.readouterr().err


PIECES = ["---\n", "title: 甲\n", "techniques: ", "[", "]", ", ", "开放空间技术", "谈话棒", "地區發展", "鱼骨图,谈话棒",
          "\n", "  - ", "# 注释", "：", "models", "stages", "service_users", "kind: 心得", '"', "'", "&a ", "*a", "\t"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_fix_never_raises_and_never_breaks_a_header_that_parsed(text):
    from generator.checks.fixes import _header_end
    from generator.core import yamltree

    vocab = _vocabulary()
    text = "---\n" + text + "\n---\n正文\n"
    fixed, changes = fix_text(text, vocab)
    lines = fixed.split("\n")
    end = _header_end(lines)
    assert end is not None
    before, before_issues = yamltree.parse("\n".join(text.split("\n")[1:_header_end(text.split("\n"))]), first_line=2)
    after, issues = yamltree.parse("\n".join(lines[1:end]), first_line=2)
    if before is not None and before.mapping is not None and not changes:
        assert fixed == text
    if before is not None and before.mapping is not None and not before_issues:
        assert after is not None and after.mapping is not None and not issues
        if not any("：" in c.old for c in changes):      # a colon fix splits a glued key: keys change by design
            assert list(after.mapping) == list(before.mapping)


@lru_cache(maxsize=1)
def _vocabulary():
    from generator.core.config import load_config

    from ..conftest import ROOT

    return load_config(ROOT / "site_config.yml")[0].vocabulary
