#!/usr/bin/env python3
"""Score `caselib check` on the blind personal-data corpus pii-3 (standard library only).

    python corpus/blind/pii-3/score.py                 # from /work/main; one line per file + summary
    python corpus/blind/pii-3/score.py --only ok       # only the ok-* files
    python corpus/blind/pii-3/score.py --json out.json # also write per-file results
    CASELIB_BIN=/path/to/caselib python .../score.py   # score another build

Rules (see README.md):
- leak file caught  = `caselib check <file>` exits non-zero AND reports a personal-data problem
                      whose line is within +-1 of the expected line;
  "caught (strict)" = the same with `caselib check --strict <file>` (a warning counts), reported
                      as a second figure because the issue calls some of these findings warnings.
- ok file false alarm = `caselib check <file>` reports any personal-data problem (any severity).
- a personal-data problem is one whose code is 隐私信息, 疑似真名, 儿童信息, or any code naming
  隐私 (except 缺少隐私声明), 个人信息, 真名, 儿童 or 组合.
Exit status: 0 when every leak is caught (non-strict rule) and no ok file is a false alarm.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]  # /work/main
DEFAULT_BIN = ROOT / ".venv" / "bin" / "caselib"


def is_personal(code: str) -> bool:
    if code == "缺少隐私声明":
        return False
    return code in {"隐私信息", "疑似真名", "儿童信息"} or any(
        w in code for w in ("隐私", "个人信息", "真名", "儿童", "组合")
    )


def run(bin_: str, path: Path, strict: bool) -> tuple[int, list[dict]]:
    cmd = [bin_, "check", "--format", "json"] + (["--strict"] if strict else []) + [str(path)]
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    try:
        data = json.loads(p.stdout)
        problems = data.get("problems", [])
    except ValueError:
        problems = [{"line": 0, "code": "?", "severity": "error", "message": p.stdout[-300:] + p.stderr[-300:]}]
    return p.returncode, problems


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", choices=["leak", "ok"])
    ap.add_argument("--json")
    ap.add_argument("--dir", default=str(HERE), help="corpus folder holding expected.json")
    a = ap.parse_args()
    bin_ = os.environ.get("CASELIB_BIN", str(DEFAULT_BIN))
    folder = Path(a.dir).resolve()
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    results = []
    caught = caught_strict = leaks = oks = false_alarms = 0
    for e in expected:
        if a.only == "leak" and not e["leak"] or a.only == "ok" and e["leak"]:
            continue
        path = folder / e["file"]
        rc, problems = run(bin_, path, strict=False)
        personal = [p for p in problems if is_personal(str(p.get("code", "")))]
        if e["leak"]:
            leaks += 1
            near = [p for p in personal if abs(int(p.get("line") or 0) - e["line"]) <= 1]
            ok = rc != 0 and bool(near)
            rc_s, problems_s = run(bin_, path, strict=True)
            near_s = [p for p in problems_s if is_personal(str(p.get("code", "")))
                      and abs(int(p.get("line") or 0) - e["line"]) <= 1]
            ok_s = rc_s != 0 and bool(near_s)
            caught += ok
            caught_strict += ok_s
            verdict = "CAUGHT" if ok else ("CAUGHT-STRICT-ONLY" if ok_s else "MISSED")
            extra = f"rc={rc} near={[(p['line'], p['code']) for p in near_s]}"
        else:
            oks += 1
            fa = bool(personal)
            false_alarms += fa
            others = [p for p in problems if not is_personal(str(p.get("code", ""))) and p.get("severity") == "error"]
            verdict = "FALSE-ALARM" if fa else ("INVALID" if others else "OK")
            extra = f"rc={rc} " + str([(p.get("line"), p.get("code"), p.get("message")) for p in personal + others])
        print(f"{verdict:18} {e['file']:48} line {e['line']:3} {e['kind'] or '-':6} {extra}")
        results.append({**e, "verdict": verdict, "problems": problems})
    print(f"summary: leaks caught {caught}/{leaks} (with --strict {caught_strict}/{leaks}); "
          f"false alarms {false_alarms}/{oks}")
    if a.json:
        Path(a.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if caught == leaks and false_alarms == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
