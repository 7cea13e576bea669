"""Golden files: a bad case file in, the exact problems (with line numbers) out.

Run with UPDATE_GOLDEN=1 to rewrite the .expected files, then review the diff.
Files in subfolders are picked up too; `privacy/` is the confidentiality and safe-HTML corpus.
"""

from pathlib import Path

import pytest

from generator.checks.load import check_file
from generator.core.problems import format_text

from ..conftest import TODAY
from ..helpers import assert_matches_golden

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "check"
CASES = sorted(p for p in GOLDEN.rglob("*") if p.suffix.lower() in (".md", ".markdown"))
PRIVACY = GOLDEN / "privacy"
# Corpus files that must pass without errors: look-alikes of personal data or unsafe HTML,
# and things that are safe by design (escaped titles, {{ }} shown as text, allowed numbers).
MUST_PASS = ("lookalike-", "safe-")


def _id(path: Path) -> str:
    return path.relative_to(GOLDEN).with_suffix("").as_posix()     # e.g. "privacy/mobile-spaced"


@pytest.mark.parametrize("path", CASES, ids=[_id(p) for p in CASES])
def test_golden(path, config, monkeypatch):
    monkeypatch.chdir(GOLDEN)
    _, problems = check_file(Path(path.relative_to(GOLDEN)).absolute(), config, TODAY)
    assert_matches_golden(path.with_suffix(".expected"), format_text(problems, 1) + "\n")


def test_golden_corpus_is_large_enough():
    assert len(CASES) >= 20


def _counts(path: Path) -> tuple[int, int]:
    """(errors, warnings) in a golden file's expected summary."""
    summary = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()[-1]
    if "没有发现问题" in summary:
        return 0, 0
    errors, warnings = summary.split("：")[1].split("，")
    return int(errors.split(" ")[0]), int(warnings.split(" ")[0])


def test_privacy_corpus_has_bad_files_and_look_alikes():
    files = sorted(PRIVACY.glob("*.md"))
    assert len(files) >= 30
    lookalikes = [p for p in files if p.stem.startswith("lookalike-")]
    assert len(lookalikes) >= 5
    for path in files:
        errors, warnings = _counts(path)
        if path.stem.startswith(MUST_PASS):
            assert errors == 0, f"{_id(path)} must not be flagged"
        else:                                    # a resident's name as well: the case cannot be published
            assert errors >= 1, f"{_id(path)} is a bad file but nothing was found"
