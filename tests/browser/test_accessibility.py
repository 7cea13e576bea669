"""Readable for every reader: axe-core's WCAG 2.1 A/AA rules in Chromium, on the sample library.

Older workers read on phones and some print in grey; Material's default teal failed colour
contrast on every page. Each page type is checked at desktop and phone width, the header box with
its suggestions open, and the print stylesheet; no serious or critical violation may remain.
"""

from urllib.parse import quote

import pytest

from .test_browse import VIEWPORTS

PAGES = {
    "home": "/",
    "case": "/cases/keyuan-heating-advocacy/",
    "term": "/techniques/open-space/",
    "matrix": "/matrix/",
    "search": "/search/?q=" + quote("公约"),
    "stats": "/stats/",
    "pack": "/packs/participatory-methods/",
    "handout": "/packs/participatory-methods/handout/",
}
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def audit(page, axe_source) -> dict:
    page.evaluate(axe_source)
    return page.evaluate("options => axe.run(document, options)", RULES)


def serious(results: dict) -> list[str]:
    """One line per offending element: rule, impact, where, and axe's own explanation."""
    lines = []
    for violation in results["violations"]:
        if violation["impact"] in ("serious", "critical"):
            for node in violation["nodes"]:
                lines.append(f"{violation['id']} ({violation['impact']}) {node['target']}: {node['failureSummary']}")
    return lines


def settle(page):
    """Wait until the search page (if this is it) has shown its results."""
    if page.locator(".cl-finder__status").count():
        page.wait_for_function("() => !document.querySelector('.cl-finder__status').textContent.startsWith('正在')")


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_violation(browser, sample_server, axe_source, name, viewport):
    page = browser.new_page(viewport=VIEWPORTS[viewport])
    page.goto(sample_server + PAGES[name])
    settle(page)
    results = audit(page, axe_source)
    assert any(rule["id"] == "color-contrast" for rule in results["passes"])   # contrast was really measured
    assert not serious(results)
    page.close()


def test_header_suggestions_are_readable(browser, sample_server, axe_source):
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    page.goto(sample_server + "/")
    page.fill(".cl-search__input", "鱼骨图")
    page.locator(".cl-search__panel .cl-search__case").first.wait_for()
    assert not serious(audit(page, axe_source))
    page.close()


@pytest.mark.parametrize("name", ["home", "case", "search", "stats", "pack", "handout"])
def test_printed_pages_are_readable(browser, sample_server, axe_source, name):
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    page.emulate_media(media="print")
    page.goto(sample_server + PAGES[name])
    settle(page)
    assert not serious(audit(page, axe_source))
    page.close()


def test_the_audit_catches_grey_text_on_grey(browser, sample_server, axe_source):
    # The check above can fail: text as pale as Material's old inactive tabs is reported.
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    page.goto(sample_server + "/")
    page.evaluate("""() => { const p = document.createElement('p'); p.textContent = '浅色文字';
        p.style.cssText = 'color:#b3dfda;background:#009485'; document.querySelector('article').append(p); }""")
    assert any(line.startswith("color-contrast (serious)") for line in serious(audit(page, axe_source)))
    page.close()
