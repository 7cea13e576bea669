"""A reader in a browser: home → term chip → case → back, at desktop and phone width."""

import pytest

from ..helpers import VIEWPORTS


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
def test_follow_chip_to_term_page_and_back(browser, server, viewport):
    page = browser.new_page(viewport=VIEWPORTS[viewport])
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server + "/")
    assert page.locator("h1").first.inner_text() == "社区案例库"
    page.locator(".cl-item__title", has_text="和平路社区的楼道公约").click()
    page.wait_for_url("**/cases/heping-convention/")
    chip = page.locator("a.cl-chip", has_text="开放空间会议")
    assert chip.is_visible()
    chip.click()
    page.wait_for_url("**/techniques/open-space/")
    assert page.locator("h1").inner_text() == "开放空间会议"
    titles = page.locator(".cl-item__title").all_inner_texts()
    assert titles == ["和平路社区的楼道公约", "第一次参加开放空间会议"]  # newest first
    page.go_back()
    page.wait_for_url("**/cases/heping-convention/")
    # readable at phone width: nothing wider than the screen
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    assert all(u.startswith(server) for u in requests), [u for u in requests if not u.startswith(server)]
    page.close()
