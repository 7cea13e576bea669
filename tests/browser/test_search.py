"""Search in a real browser, on the sample library served under a sub-path.

The regression set is what social workers type: technique names, community names,
phrases from bodies, mixed tokens, two words, Traditional characters. Each query
names the cases it must return. Segmentation changes between Pagefind releases
have lost Chinese matches before; this is where that would show.
"""

import re
from urllib.parse import quote

import pytest

REGRESSION = [
    # technique names (as labels, aliases and short forms)
    ("鱼骨图", {"qinghuayuan-ebike-fishbone", "jn-2019-talking-stick-reflection"}),
    ("居民公约", {"heping-open-space-convention", "sh-stairwell-convention", "jn-2019-open-space-reflection"}),
    ("开放空间会议", {"heping-open-space-convention", "sh-stairwell-convention", "jn-2019-open-space-reflection"}),
    ("开放空间技术", {"heping-open-space-convention"}),
    ("531打分法", {"jn-2019-card-sort-reflection", "sh-pocket-garden", "heping-open-space-convention"}),
    ("积分管理与兑换", {"huanshan-points-exchange", "sh-summer-children-points", "jn-2019-points-reflection"}),
    ("谈话棒", {"qinghuayuan-ebike-fishbone", "jn-2019-talking-stick-reflection"}),
    ("五社联动", {"liyuan-sixth-neighbourhood-festival"}),
    ("SWOT", {"tongzhou-elevator-planning"}),
    ("联席会议", {"sh-joint-conference-salon", "keyuan-heating-advocacy", "qinghuayuan-ebike-fishbone"}),
    ("案例撰写", {"liyuan-2024-case-writing"}),
    # community names
    ("和平路社区", {"heping-open-space-convention", "jn-2019-open-space-reflection"}),
    ("半壁店", {"liyuan-2024-case-writing", "liyuan-little-bees-volunteers"}),
    ("玉桥西里", {"tongzhou-elevator-planning"}),
    # phrases from bodies
    ("加装电梯", {"tongzhou-elevator-planning"}),
    ("小蜜蜂", {"liyuan-little-bees-volunteers"}),
    ("邻里节", {"liyuan-sixth-neighbourhood-festival"}),
    ("供暖", {"keyuan-heating-advocacy"}),
    ("口袋花园", {"sh-pocket-garden"}),
    ("剪纸", {"sh-self-organisation-paper-cut"}),
    ("物业治理沙龙", {"sh-joint-conference-salon"}),
    ("独居老人", {"liyuan-elderly-care-network", "liyuan-2024-case-writing"}),
    ("刷脸", {"sh-census-by-face"}),
    ("高跟鞋", {"sh-sneakers-shop-partners"}),
    ("理发", {"shenzhen-2023-exchange-visit"}),
    ("议事厅", {"tongzhou-elevator-planning"}),
    # part of a name the index keeps whole, the start of a name, a phrase with 的
    ("公约", {"heping-open-space-convention", "sh-stairwell-convention", "jn-2019-open-space-reflection"}),
    ("和平", {"heping-open-space-convention", "jn-2019-open-space-reflection"}),
    ("独居老人的需要", {"liyuan-elderly-care-network"}),
    # two words, full-width, Traditional characters
    ("谈话棒 鱼骨图", {"qinghuayuan-ebike-fishbone", "jn-2019-talking-stick-reflection"}),
    ("电动车 充电", {"qinghuayuan-ebike-fishbone"}),
    ("ＳＷＯＴ分析", {"tongzhou-elevator-planning"}),
    ("社區照顧", {"sh-elderly-lunch-table", "liyuan-elderly-care-network"}),
    ("開放空間會議", {"heping-open-space-convention"}),
]


def open_search(page, base, query=""):
    page.goto(f"{base}/search/{query}")
    page.wait_for_function("() => !document.querySelector('.cl-finder__status').textContent.startsWith('正在')")
    return page


def result_slugs(page) -> list[str]:
    hrefs = page.eval_on_selector_all(".cl-finder__results .cl-item__title", "els => els.map(e => e.href)")
    return [re.search(r"/cases/([^/]+)/", h)[1] for h in hrefs]


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    yield page
    page.close()


def test_regression_queries_return_their_cases(page, sample_server):
    assert len(REGRESSION) >= 25
    missing = {}
    for query, expected in REGRESSION:
        found = set(result_slugs(open_search(page, sample_server, "?q=" + quote(query))))
        if not expected <= found:
            missing[query] = sorted(expected - found)
    assert not missing


def test_a_precise_phrase_puts_its_case_first_and_highlights_it(page, sample_server):
    open_search(page, sample_server, "?q=" + quote("加装电梯"))
    assert result_slugs(page)[0] == "tongzhou-elevator-planning"
    first = page.locator(".cl-finder__results .cl-item").first
    assert "加装" in first.locator(".cl-item__excerpt mark").first.inner_text()
    assert "玉桥西里社区" in first.locator(".cl-item__meta").inner_text()
    assert "  " not in first.locator(".cl-item__excerpt").inner_text()   # no gaps from segmentation


def test_excerpts_read_as_sentences_and_show_a_whole_name_once(page, sample_server):
    open_search(page, sample_server, "?q=" + quote("公约"))
    text = "".join(page.locator(".cl-finder__results .cl-item__excerpt").all_inner_texts())
    # punctuation between Chinese characters is full width again
    assert "，" in text and "。" in text and not re.search(r"[\u4e00-\u9fff],|,[\u4e00-\u9fff]", text)
    assert not {"⁅", "⁆"} & set(text) and "居民公约居民公约" not in text
    marked = page.locator(".cl-finder__results .cl-item__excerpt mark").all_inner_texts()
    assert "公约" in marked and any(m.endswith("公约") and len(m) > 2 for m in marked)   # 居民公约 marked whole


def test_a_match_on_tags_and_places_shows_no_run_of_tag_words(page, sample_server):
    # 济南 is only in the header (region) of the Jinan reflections: they are found, and show their
    # summaries, never "山东省济南市培训心得地区发展模式…" run together.
    open_search(page, sample_server, "?q=" + quote("山东省济南市"))
    assert "jn-2019-open-space-reflection" in result_slugs(page)
    text = "".join(page.locator(".cl-finder__results .cl-item__excerpt").all_inner_texts())
    assert not {"⸢", "⸣"} & set(text) and "培训心得" not in text
    page.goto(sample_server + "/")
    page.fill(".cl-search__input", "山东省济南市")
    case = page.locator(".cl-search__panel .cl-search__case").first
    case.wait_for()
    assert "⸢" not in case.inner_text() and "济南市培训心得" not in case.inner_text()
    assert case.locator(".cl-item__excerpt").inner_text().strip()   # the summary stands in


def test_a_whole_sentence_falls_back_to_the_words_cases_have(page, sample_server):
    open_search(page, sample_server, "?q=" + quote("用开放空间会议制定居民公约的经验分享PPT"))
    assert "heping-open-space-convention" in result_slugs(page)[:3]
    status = page.inner_text(".cl-finder__status")
    assert status.startswith("没有同时包含全部关键词的案例") and "公约" in status and "ppt" not in status
    assert "居民公约" in status and "居民 公约" not in status    # the words used: technique names stay whole
    assert page.locator(".cl-finder__results .cl-item__matched").first.inner_text().startswith("包含：")


def test_header_box_shows_cases_as_you_type_and_enter_opens_the_search_page(page, sample_server):
    page.goto(sample_server + "/")
    page.fill(".cl-search__input", "鱼骨图")
    panel = page.locator(".cl-search__panel")
    panel.locator(".cl-search__case", has_text="谈话棒和鱼骨图").first.wait_for()
    assert panel.locator(".cl-search__term", has_text="鱼骨图").count() == 1   # the term page is offered too
    page.press(".cl-search__input", "Enter")
    page.wait_for_url("**/caselib/search/?q=*")
    page.wait_for_function("() => document.querySelectorAll('.cl-finder__results .cl-item').length > 0")
    assert page.input_value(".cl-finder__q") == "鱼骨图"
    assert "qinghuayuan-ebike-fishbone" in result_slugs(page)


def test_alias_in_the_header_box_offers_the_term_page(page, sample_server):
    page.goto(sample_server + "/")
    page.fill(".cl-search__input", "531打分")
    term = page.locator(".cl-search__term", has_text="卡片归类与531打分法")
    term.wait_for()
    term.click()
    page.wait_for_url("**/techniques/card-sort-531/")


def counts(page, name):
    labels = page.locator(f".cl-facet input[name={name}]").evaluate_all(
        "els => els.map(e => [e.value, e.closest('label').querySelector('.cl-facet__count').textContent])")
    return {value: int(n) for value, n in labels}


def tick(page, name, value):
    before = page.inner_text(".cl-finder__status")
    page.locator(f".cl-facet input[name={name}][value='{value}']").check()
    page.wait_for_function("(b) => { const s = document.querySelector('.cl-finder__status').textContent;"
                           " return s !== b && !s.startsWith('正在'); }", arg=before)


def test_filters_narrow_the_list_with_counts_and_live_in_the_url(page, sample_server):
    open_search(page, sample_server)
    assert "全部案例，共 27 篇" in page.inner_text(".cl-finder__status")
    assert counts(page, "technique")["开放空间会议"] == 3
    tick(page, "technique", "开放空间会议")
    assert sorted(result_slugs(page)) == ["heping-open-space-convention", "jn-2019-open-space-reflection",
                                          "sh-stairwell-convention"]
    assert counts(page, "stage")["启动阶段"] == 2            # how many of these three are in 启动阶段
    tick(page, "stage", "启动阶段")
    assert sorted(result_slugs(page)) == ["heping-open-space-convention", "sh-stairwell-convention"]
    tick(page, "technique", "积分管理与兑换")                  # same filter: OR
    assert "sh-summer-children-points" in result_slugs(page) and len(result_slugs(page)) == 3
    assert counts(page, "technique")["积分管理与兑换"] == 1    # counts of a ticked filter ignore its own ticks
    url = page.url
    assert "technique=" in url and "stage=" in url
    page.reload()
    page.wait_for_function("() => document.querySelectorAll('.cl-finder__results .cl-item').length === 3")
    assert page.locator(".cl-facet input[value='开放空间会议']").is_checked()
    assert page.locator(".cl-facet input[value='启动阶段']").is_checked()


def test_term_page_link_opens_the_search_with_its_filter(page, sample_server):
    page.goto(sample_server + "/techniques/points-exchange/")
    page.locator(".cl-searchlink a").click()
    page.wait_for_url("**/search/?technique=*")
    page.wait_for_function("() => document.querySelectorAll('.cl-finder__results .cl-item').length === 3")
    assert page.locator(".cl-facet input[value='积分管理与兑换']").is_checked()


def test_sort_by_date_and_results_without_a_query(page, sample_server):
    open_search(page, sample_server, "?q=" + quote("居民") + "&sort=date")
    dates = page.locator(".cl-finder__results .cl-item__meta").all_inner_texts()
    dates = [re.search(r"\d{4}-\d{2}(-\d{2})?", d)[0] for d in dates]
    assert dates == sorted(dates, reverse=True) and len(dates) == 20       # first page of results
    page.click(".cl-finder__more")
    page.wait_for_function("() => document.querySelectorAll('.cl-finder__results .cl-item').length === 27")


def test_search_on_a_phone_with_no_external_requests(browser, sample_server):
    page = browser.new_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(sample_server + "/")
    page.click(".cl-search__open")
    page.fill(".cl-search__input", "居民公约")
    page.locator(".cl-search__case").first.wait_for()
    assert page.locator(".cl-search__panel").is_visible()
    open_search(page, sample_server, "?q=" + quote("居民公约"))
    assert len(result_slugs(page)) >= 3
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    assert all(u.startswith(sample_server) for u in requests), [u for u in requests if not u.startswith(sample_server)]
    page.close()


def test_hostile_title_is_text_in_search_results(browser, tmp_path):
    from generator.mkdocs_adapter.build import build_site

    from ..fixture_library import CASES, make_library
    from .conftest import _serve

    fields = dict(CASES["培训心得/open-space-reflection.md"], title="<img src=x onerror=alert(1)>恶意标题")
    root = make_library(tmp_path, {"evil.md": fields})
    assert build_site(root / "site_config.yml") == 0
    httpd, base = _serve(root / "site")
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_search(page, base, "?q=" + quote("恶意标题"))
    title = page.locator(".cl-finder__results .cl-item__title").first
    assert title.inner_text() == "<img src=x onerror=alert(1)>恶意标题"
    assert page.locator(".cl-finder__results img").count() == 0 and not dialogs
    page.close()
    httpd.shutdown()


def test_a_library_of_drafts_builds_and_its_search_finds_nothing_calmly(browser, tmp_path):
    from generator.mkdocs_adapter.build import build_site

    from ..fixture_library import CASES, make_library
    from .conftest import _serve

    drafts = {name: dict(fields, status="draft") for name, fields in CASES.items()}
    root = make_library(tmp_path, drafts, packs={})
    assert build_site(root / "site_config.yml") == 0   # Pagefind alone refuses an index of no page
    httpd, base = _serve(root / "site")
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    open_search(page, base, "?q=" + quote("居民公约"))
    assert result_slugs(page) == [] and "没有" in page.inner_text(".cl-finder__status")
    assert not errors
    page.close()
    httpd.shutdown()


def test_a_synonym_finds_the_cases_that_use_another_word_and_can_be_switched_off(page, sample_server):
    # 长者 is in one sample case; 老人 in many. The thesaurus of site_config.yml joins them.
    open_search(page, sample_server, "?q=" + quote("长者"))
    found = result_slugs(page)
    assert len(found) > 3 and "liyuan-elderly-care-network" in found
    note = page.locator(".cl-finder__synonyms")
    assert "也搜索了：" in note.inner_text() and "老人" in note.inner_text()
    note.get_by_role("button", name="只搜原词").click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('exact') === '1'"
                           " && !document.querySelector('.cl-finder__status').textContent.startsWith('正在')")
    assert len(result_slugs(page)) < len(found)
    assert "只搜索了输入的词" in note.inner_text()


def test_a_question_lists_the_cases_with_most_of_its_words_and_says_which(page, sample_server):
    open_search(page, sample_server, "?q=" + quote("楼道里东西堆满了怎么管"))
    assert result_slugs(page), "never an empty page while some word matches"
    assert page.inner_text(".cl-finder__status").startswith("没有同时包含全部关键词的案例")
    first = page.locator(".cl-finder__results .cl-item__matched").first.inner_text()
    assert first.startswith("包含：") and "楼道" in first
