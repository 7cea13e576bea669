"""How good the search page's answers are, judged the way search engines are judged (issue 24).

Usage: .venv/bin/python bench/search_quality.py [SITE_DIR] [JUDGMENTS.json] [-v]
  (defaults: site/ built from the sample library, corpus/blind/search-1/queries.json; needs Debian's chromium)
Each query is typed into the 案例检索 page's own box in Chromium, served over HTTP as a visitor sees it; the
cases it lists, in order, are scored against the judgments (every case judged 0 / 1 / 2 for every query):
nDCG@10 (gain 2^grade - 1, log2 discount, against the ideal order), recall@10 (of the cases judged 1 or 2),
how many queries put a case judged 2 first, and how many list nothing. -v prints each query's figures.
"""

from __future__ import annotations

import functools
import http.server
import json
import math
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def ndcg(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    def dcg(gains: list[int]) -> float:
        return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains[:k]))
    ideal = dcg(sorted(grades.values(), reverse=True))
    return dcg([grades.get(r, 0) for r in ranked]) / ideal if ideal else 0.0


def recall(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    relevant = {c for c, g in grades.items() if g > 0}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def answers(site: Path, queries: list[str]) -> list[list[str]]:
    """The case slugs the search page lists for each query, in its order (the first 20)."""
    from playwright.sync_api import sync_playwright

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page()
        page.goto(f"{base}/search/")
        page.wait_for_load_state("networkidle")
        for query in queries:
            page.fill(".cl-finder__q", "")
            page.wait_for_function("!document.querySelector('.cl-finder__status').textContent.includes('正在检索')")
            page.fill(".cl-finder__q", query)
            page.wait_for_function(
                "q => new URLSearchParams(location.search).get('q') === q.trim()"
                " && !document.querySelector('.cl-finder__status').textContent.includes('正在检索')", arg=query)
            page.wait_for_timeout(150)
            hrefs = page.eval_on_selector_all(".cl-finder__results .cl-item__title", "els => els.map(e => e.href)")
            out.append([h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs])
        browser.close()
    httpd.shutdown()
    return out


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "-v"]
    site = Path(args[0]) if args else ROOT / "site"
    judged = json.loads(Path(args[1] if len(args) > 1 else ROOT / "corpus/blind/search-1/queries.json")
                        .read_text(encoding="utf-8"))
    ranked_lists = answers(site, [q["query"] for q in judged])
    scores = []
    for q, ranked in zip(judged, ranked_lists, strict=True):
        grades = {Path(case).stem: g for case, g in q["judgments"].items()}
        row = (ndcg(ranked, grades), recall(ranked, grades), bool(ranked) and grades.get(ranked[0], 0) == 2,
               not ranked)
        scores.append(row)
        if "-v" in sys.argv:
            print(f"  {row[0]:.2f} {row[1]:.2f} {len(ranked):>2}  {q['type']:<11} {q['query']}")
    n = len(scores)
    print(f"{n} queries: nDCG@10 {sum(s[0] for s in scores) / n:.2f}, recall@10 {sum(s[1] for s in scores) / n:.2f}, "
          f"top result highly relevant {sum(s[2] for s in scores)}/{n}, no result {sum(s[3] for s in scores)}/{n}")


if __name__ == "__main__":
    main()
