"""Recall and false alarms of `caselib check`'s confidentiality checks on a blind corpus.

Usage: .venv/bin/python bench/privacy_recall.py corpus/blind/pii-2 [more folders …] [-v]
A folder holds leak-*.md and ok-*.md and expected.json ({file, leak, kind, text, line?}).
A leak is *caught* when a privacy problem names its line (±1; any line when the corpus gives none),
*blocked* when that problem is an error (the case cannot be published); an ok file is a *false
alarm* when any privacy problem is reported for it.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.checks.load import check_file  # noqa: E402 - after the path is set
from generator.core.config import load_config  # noqa: E402

PRIVACY = {"隐私信息", "疑似真名", "儿童信息", "组合信息", "缺少隐私声明", "未识别的号码", "住址"}


def privacy_problems(problems):
    return [p for p in problems if p.code in PRIVACY or "隐私" in p.code]


def score(folder: Path, config, verbose: bool) -> tuple[int, int, int, int, int]:
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    leaks = caught = blocked = oks = alarms = 0
    for item in expected:
        _, problems = check_file(folder / item["file"], config, dt.date(2026, 12, 31))
        found = privacy_problems(problems)
        if item["leak"]:
            leaks += 1
            line = item.get("line")
            near = [p for p in found if line is None or p.line is None or abs((p.line or 0) - line) <= 1]
            caught += bool(near)
            blocked += any(p.severity == "error" for p in near)
            if verbose and not near:
                print(f"  missed  {item['file']}: {item['kind']} {item['text']!r}")
        else:
            oks += 1
            alarms += bool(found)
            if verbose and found:
                print(f"  alarm   {item['file']}: {found[0].format()}")
    return leaks, caught, blocked, oks, alarms


def main() -> None:
    verbose = "-v" in sys.argv
    config, problems = load_config(ROOT / "site_config.yml")
    assert config is not None, problems
    for arg in (a for a in sys.argv[1:] if a != "-v"):
        leaks, caught, blocked, oks, alarms = score(Path(arg), config, verbose)
        print(f"{arg}: recall {caught}/{leaks} ({caught / leaks:.0%}), blocked {blocked}/{leaks}, "
              f"false alarms {alarms}/{oks}")


if __name__ == "__main__":
    main()
