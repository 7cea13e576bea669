"""Benchmark: `caselib check` and `caselib build` (cold, then warm) time and peak memory, median
case page size, search index, first query bytes, and how fast `caselib serve` follows an edit.

Usage: .venv/bin/python bench/run.py [N ...]   (default: 1000 10000)
Peak memory is GNU time's: the largest resident size of any one process of the command.
Targets (issue #3): build of 10,000 cases ≤ 90 s on 2 cores (search included), time per case flat
from 1,000 to 10,000, check of 10,000 cases ≤ 10 s, case page ≤ 60 KB.
Targets (issue #4): search adds ≤ 5 s per 1,000 cases; a first query downloads ≤ 300 KB at 10,000.
Targets (issue #13): a saved edit on its page ≤ 2 s at 1,000 and ≤ 5 s at 10,000 cases; warm build
≤ 0.15× and cold build ≤ 0.5× stock Material (../shared/bench/side_by_side.sh); any one process ≤ 1.5 GB.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from generate import make_library
from preview import reload_seconds
from search import first_query_bytes

ROOT = Path(__file__).resolve().parent.parent
CASELIB = str(Path(sys.executable).parent / "caselib")
# query KB: the largest first query among these (header box or search page)
QUERIES = ["居民公约", "开放空间会议", "加装电梯"]


def timed(args: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) and output of one command (RSS from GNU time when present)."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", *args] if Path("/usr/bin/time").exists() else args,
                          cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    last = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ""
    peak = int(last) / 1024 if last.isdigit() else float("nan")
    return seconds, peak, proc.stdout


def main(sizes: list[int]) -> None:
    print(f"{'N':>6} {'check s':>8} {'build s':>8} {'build MB':>9} {'warm s':>7} {'warm MB':>8} {'ms/case':>8} "
          f"{'case KB':>8} {'site MB':>8} {'index s':>8} {'index MB':>9} {'query KB':>9} {'gzip KB':>8}")
    for n in sizes:
        lib = make_library(ROOT / "bench" / "out" / f"lib-{n}", n)
        check_s, _, _ = timed([CASELIB, "check"], lib)
        shutil.rmtree(lib / ".caselib-cache", ignore_errors=True)
        build_s, build_mb, out = timed([CASELIB, "build"], lib)
        index_s = float(re.search(r"用时 ([\d.]+) 秒", out)[1])
        warm_s, warm_mb, _ = timed([CASELIB, "build"], lib)
        index_mb = sum(p.stat().st_size for p in (lib / "site" / "pagefind").rglob("*") if p.is_file()) / 1e6
        firsts = [b for pair in first_query_bytes(lib / "site", QUERIES).values() for b in pair]
        query_kb, gzip_kb = (max(b[i] for b in firsts) / 1024 for i in (0, 1))
        pages = [p.stat().st_size for p in (lib / "site" / "cases").glob("*/index.html")]
        site_mb = sum(p.stat().st_size for p in (lib / "site").rglob("*") if p.is_file()) / 1e6
        print(f"{n:>6} {check_s:>8.1f} {build_s:>8.1f} {build_mb:>9.0f} {warm_s:>7.1f} {warm_mb:>8.0f} "
              f"{1000 * build_s / n:>8.1f} {statistics.median(pages) / 1024:>8.1f} {site_mb:>8.1f} {index_s:>8.1f} "
              f"{index_mb:>9.1f} {query_kb:>9.0f} {gzip_kb:>8.0f}", flush=True)
        reload = reload_seconds(lib)
        print(f"{'':>6} serve: " + ", ".join(f"{what} {s:.2f} s" for what, s in reload.items()), flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])
