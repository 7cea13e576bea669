"""The handbook's nginx example (handbook/docs/publish.md), tested: the sample library served under a
sub-path with that example's security headers. No page breaks the Content-Security-Policy (no inline
script, nothing from elsewhere), and search still works, since Pagefind needs only 'wasm-unsafe-eval'
besides 'self'.
"""

import re
from pathlib import Path
from urllib.parse import quote

import pytest

from ..helpers import PAGES
from .conftest import _serve

NGINX_PAGE = Path(__file__).resolve().parents[2] / "handbook/docs/publish.md"   # 发布网站: the nginx example
RECORD_VIOLATIONS = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
                          e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""


def documented_headers() -> dict[str, str]:
    """The add_header lines of the handbook's nginx block: what we tell people to configure."""
    block = re.search(r"```nginx\n(.*?)```", NGINX_PAGE.read_text(encoding="utf-8"), re.S)[1]
    return dict(re.findall(r'add_header ([\w-]+) "([^"]+)" always;', block))


@pytest.fixture(scope="module")
def strict_server(sample_site):
    headers = documented_headers()
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    httpd, url = _serve(sample_site, "/anli", headers)
    yield url, headers
    httpd.shutdown()


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(RECORD_VIOLATIONS)
    page.console = []
    page.on("console", lambda m: page.console.append(m.text))
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))   # e.g. Material missing its helpers
    yield page
    page.close()


def violations(page) -> list[str]:
    reported = page.evaluate("window.__csp")
    in_console = [m for m in page.console if "Content Security Policy" in m or "Refused to" in m]
    return reported + in_console + page.errors


@pytest.mark.parametrize("name", PAGES)
def test_pages_load_under_the_documented_policy(page, strict_server, name):
    base, headers = strict_server
    response = page.goto(base + PAGES[name])
    assert response.headers["content-security-policy"] == headers["Content-Security-Policy"]
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.is_visible()
    assert not violations(page)


def test_search_works_under_the_policy(page, strict_server):
    base, _ = strict_server
    page.goto(base + "/")
    page.fill(".cl-search__input", "鱼骨图")
    page.locator(".cl-search__panel .cl-search__case", has_text="谈话棒和鱼骨图").first.wait_for()
    page.goto(base + "/search/?q=" + quote("居民公约"))
    page.wait_for_function("() => document.querySelectorAll('.cl-finder__results .cl-item').length > 0")
    titles = page.locator(".cl-finder__results .cl-item__title").all_inner_texts()
    assert any("楼道公约" in t for t in titles), titles
    assert not violations(page)


def test_the_policy_is_enforced(page, strict_server):
    # The test above can fail: an inline script, as Material writes by default, is refused and reported.
    base, _ = strict_server
    page.goto(base + "/")
    ran = page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';
        document.head.append(s); return window.__ran === 1; }""")
    assert not ran
    page.wait_for_function("() => window.__csp.length > 0")
    assert any(v.startswith("script-src") for v in violations(page))
