"""How good the search page's answers are, judged the way search engines are judged (issue 24).

Usage: .venv/bin/python bench/search_quality.py [SITE_DIR] [JUDGMENTS.json] [-v] [--material]
  (defaults: site/ built from the sample library, corpus/blind/search-1/queries.json; needs Debian's chromium)
  --material: also score stock MkDocs + Material search (lunr, zh with jieba) on the same cases, built in
  /tmp with the venv in $STOCK_VENV (default /tmp/stock-venv: mkdocs-material<10, jieba, python-frontmatter)
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


def answers(site: Path, queries: list[str], material: bool = False) -> list[list[str]]:
    """The case slugs the search page lists for each query, in its order (the first 20)."""
    from playwright.sync_api import sync_playwright

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page()
        if material:
            out = [_material_answer(page, base, q) for q in queries]
            browser.close()
            httpd.shutdown()
            return out
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


def _material_answer(page, base: str, query: str) -> list[str]:
    """Material's own search box: its results in order (it shows the first 10, then more on scroll)."""
    if not page.url.startswith(base):
        page.set_viewport_size({"width": 1280, "height": 900})   # the header's own search box, as on a desktop
        page.goto(f"{base}/")
        page.locator(".md-search__input").click()
        # ready when the worker has loaded the index: "键入以开始搜索", not "正在初始化搜索引擎"
        page.wait_for_function("() => /键入|Type/.test(document.querySelector('.md-search-result__meta').textContent)")
    page.fill(".md-search__input", "")
    page.fill(".md-search__input", query)
    page.press(".md-search__input", "End")    # Material searches on key events, not on input alone
    page.wait_for_timeout(600)
    hrefs = page.eval_on_selector_all(".md-search-result__item > .md-search-result__link",
                                      "els => els.map(e => e.href)")
    slugs = [h.split("#")[0].rstrip("/").rsplit("/", 1)[-1] for h in hrefs]
    return list(dict.fromkeys(s for s in slugs if s))


def material_site(out: Path) -> Path:
    """Stock MkDocs + Material over the sample cases (tags = models, stages, techniques), as a user would set it up."""
    import os
    import subprocess

    venv = Path(os.environ.get("STOCK_VENV", "/tmp/stock-venv"))
    script = f"""
import os, sys, frontmatter
src, dst = {str(ROOT / 'cases')!r}, {str(out / 'docs')!r}
for root, _, files in os.walk(src):
    for f in files:
        if not f.endswith('.md'): continue
        post = frontmatter.load(os.path.join(root, f)); m = post.metadata
        post.metadata['tags'] = [*m.get('models', []), *m.get('stages', []), *m.get('techniques', [])]
        os.makedirs(dst, exist_ok=True)
        open(os.path.join(dst, f), 'w', encoding='utf-8').write(frontmatter.dumps(post) + chr(10))
open(os.path.join(dst, 'index.md'), 'w').write('# 案例库' + chr(10))
"""
    subprocess.run([str(venv / "bin/python"), "-c", script], check=True)
    (out / "mkdocs.yml").write_text("site_name: 社区案例库\ntheme:\n  name: material\n  language: zh\n"
                                    "plugins:\n  - search:\n      lang: zh\n  - tags\n", encoding="utf-8")
    subprocess.run([str(venv / "bin/mkdocs"), "build", "-q"], cwd=out, check=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return out / "site"


def score(judged: list[dict], ranked_lists: list[list[str]], verbose: bool) -> str:
    scores = []
    for q, ranked in zip(judged, ranked_lists, strict=True):
        grades = {Path(case).stem: g for case, g in q["judgments"].items()}
        row = (ndcg(ranked, grades), recall(ranked, grades), bool(ranked) and grades.get(ranked[0], 0) == 2,
               not ranked)
        scores.append(row)
        if verbose:
            print(f"  {row[0]:.2f} {row[1]:.2f} {len(ranked):>2}  {q['type']:<11} {q['query']}")
    n = len(scores)
    return (f"{n} queries: nDCG@10 {sum(s[0] for s in scores) / n:.2f}, recall@10 {sum(s[1] for s in scores) / n:.2f}, "
            f"top result highly relevant {sum(s[2] for s in scores)}/{n}, no result {sum(s[3] for s in scores)}/{n}")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    site = Path(args[0]) if args else ROOT / "site"
    judged = json.loads(Path(args[1] if len(args) > 1 else ROOT / "corpus/blind/search-1/queries.json")
                        .read_text(encoding="utf-8"))
    queries = [q["query"] for q in judged]
    print("caselib: ", score(judged, answers(site, queries), "-v" in sys.argv))
    if "--material" in sys.argv:
        import shutil
        import tempfile

        out = Path(tempfile.mkdtemp(prefix="stock-material-"))
        try:
            print("Material:", score(judged, answers(material_site(out), queries, material=True), "-v" in sys.argv))
        finally:
            shutil.rmtree(out)

if __name__ == "__main__":
    main()
