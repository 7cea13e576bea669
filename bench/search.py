"""What a visitor downloads for a first search: the header box on a case page, then the 案例检索 page.

Usage: .venv/bin/python bench/search.py SITE_DIR [QUERY ...]   (needs Debian's chromium)
Counts the bytes of every response after the page has loaded (Pagefind's script, worker, wasm,
index and fragment chunks, our dictionary shards and data files) twice: as a plain file server sends
them, and with text files (.js, .json, .txt) gzipped as most web hosts do. Pagefind's own chunks and
wasm are gzip already.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import sys
import threading
from pathlib import Path

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


Bytes = tuple[int, int]   # (as served plain, with text gzipped)


def first_query_bytes(site: Path, queries: list[str]) -> dict[str, tuple[Bytes, Bytes]]:
    """query → (bytes for the header box on a case page, bytes for the search page), each in a fresh browser."""
    from playwright.sync_api import sync_playwright

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    case = next((site / "cases").iterdir()).name
    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for query in queries:
            out[query] = (_header(browser, f"{base}/cases/{case}/", query), _page(browser, base, query))
        browser.close()
    httpd.shutdown()
    return out


def _counting(browser):
    page = browser.new_context().new_page()   # a fresh context: nothing cached
    sizes: list[tuple[int, int]] = []

    def count(request):
        try:
            body = request.response().body()
        except Exception:   # the page closed while a late response was still arriving
            return
        text = request.url.split("?")[0].endswith((".js", ".json", ".txt"))
        sizes.append((len(body), len(gzip.compress(body)) if text else len(body)))

    page.on("requestfinished", count)
    return page, sizes


def _total(sizes) -> Bytes:
    return sum(s[0] for s in sizes), sum(s[1] for s in sizes)


def _header(browser, url: str, query: str) -> Bytes:
    page, sizes = _counting(browser)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    sizes.clear()
    page.fill(".cl-search__input", query)
    page.locator(".cl-search__all").wait_for()
    page.wait_for_load_state("networkidle")
    page.close()
    return _total(sizes)


def _settled(page) -> None:
    page.wait_for_function("() => { const s = document.querySelector('.cl-finder__status').textContent;"
                           " return s && !s.startsWith('正在'); }")


def _page(browser, base: str, query: str) -> Bytes:
    page, sizes = _counting(browser)
    page.goto(f"{base}/search/")
    _settled(page)    # the page has listed every case: Pagefind and its filters are loaded
    page.wait_for_load_state("networkidle")
    sizes.clear()
    page.fill(".cl-finder__q", query)
    page.press(".cl-finder__q", "Enter")
    _settled(page)
    page.wait_for_load_state("networkidle")
    page.close()
    return _total(sizes)


if __name__ == "__main__":
    for q, (header, full) in first_query_bytes(Path(sys.argv[1]), sys.argv[2:] or ["居民公约"]).items():
        print(f"{q}: header box {header[0] / 1024:.0f} KB ({header[1] / 1024:.0f} KB gzipped), "
              f"search page {full[0] / 1024:.0f} KB ({full[1] / 1024:.0f} KB gzipped)")
