"""Golden files: a bad case file in, the exact problems (with line numbers) out.

Run with UPDATE_GOLDEN=1 to rewrite the .expected files, then review the diff.
"""

import difflib
import os
from pathlib import Path

import pytest

from generator.pipeline import check_file
from generator.problems import format_text

from ..conftest import TODAY

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "check"
CASES = sorted(GOLDEN.glob("*.md"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden(path, config, monkeypatch):
    monkeypatch.chdir(GOLDEN)
    _, problems = check_file(Path(path.name).absolute(), config, TODAY)
    actual = format_text(problems, 1) + "\n"
    expected_path = path.with_suffix(".expected")
    if os.environ.get("UPDATE_GOLDEN"):
        expected_path.write_text(actual, encoding="utf-8")
    expected = expected_path.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "expected", "actual"))
    assert actual == expected, diff


def test_golden_corpus_is_large_enough():
    assert len(CASES) >= 20
