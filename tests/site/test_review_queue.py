"""The review queue: cases in review listed with their warnings in the terminal (`caselib check
--status review`) and on the preview's 待审核 page; a published case names its reviewer."""

import time

from generator.cli import main
from generator.mkdocs_adapter.build import build_site

from ..fixture_library import CASES, make_library
from ..helpers import fetch, page, serving

REVIEW = "\n  reviewer: 周静\n  date: 2024-05-10\n  notes: 成效部分请补上数字\n  criteria:\n    真实性: 是\n    可读性: 否"
QUEUE = {
    **CASES,
    "服务案例/in-review.md": dict(title="等待审核的积分案例", kind="服务案例", date="2024-04", community="环山路社区",
                               status="review", models="[地区发展模式]", stages="[巩固阶段]",
                               techniques="[积分管理与兑换, 开放空间技术]", review=REVIEW,
                               allow='["0531-86123456"]'),
    "培训心得/in-review-broken.md": dict(title="还没写完的心得", kind="培训心得", date="2024-13-01",
                                      community="和平路社区", status="review", techniques="[倾听]"),
    "服务案例/reviewed.md": dict(title="审核过的楼道案例", kind="服务案例", date="2024-02-01", community="和平路社区",
                              models="[地区发展模式]", stages="[启动阶段]", techniques="[居民公约]",
                              review="\n  reviewer: 周静\n  date: 2024-05-10"),
}


def test_check_status_review_lists_cases_in_review_with_their_problems(tmp_path, capsys, monkeypatch):
    root = make_library(tmp_path, QUEUE, {})
    monkeypatch.chdir(root)
    assert main(["check", "--status", "review"]) == 1   # one of them has an error
    out = capsys.readouterr().out
    assert out.startswith("审核中的案例：2 篇\n")
    assert "cases/服务案例/in-review.md  《等待审核的积分案例》  督导审核：周静，2024-05-10" in out
    assert "审核标准：真实性✓、可读性✗" in out and "审核意见：成效部分请补上数字" in out
    assert "    隐私放行：0531-86123456（privacy.allow，请确认它确实可以公开）" in out   # what the reviewer vouches for
    assert "    cases/服务案例/in-review.md:9: 警告[使用别名]" in out           # its warnings, indented under it
    assert "cases/培训心得/in-review-broken.md  《还没写完的心得》  还没有审核记录" in out
    assert "错误[日期不存在]" in out
    assert "和平路社区的楼道公约" not in out and "审核过的楼道案例" not in out   # published: not in the queue


def test_published_page_names_its_reviewer(tmp_path):
    root = make_library(tmp_path, QUEUE, {})
    (root / "cases/培训心得/in-review-broken.md").unlink()
    assert build_site(root / "site_config.yml") == 0
    html = page(root / "site", "cases/reviewed")
    assert "<dt>督导审核</dt><dd>周静，2024-05-10</dd>" in html
    assert "督导审核" not in page(root / "site", "cases/heping-convention")
    assert not (root / "site/cases/in-review").exists() and not (root / "site/review").exists()


def test_serve_has_a_review_page_in_the_nav(tmp_path):
    root = make_library(tmp_path, QUEUE, {})
    with serving(root) as base:
        html = fetch(f"{base}/review/")
        assert "待审核" in html.split('class="md-content"')[0]                    # in the navigation
        titles = [t.split("</a>")[0].rsplit(">", 1)[1] for t in html.split("<h2>")[1:] if "</a>" in t]
        assert titles == ["等待审核的积分案例", "还没写完的心得"]
        assert "☑ 真实性" in html and "☐ 可读性" in html and "警告［使用别名］" in html
        assert "隐私放行：0531-86123456" in html
        assert "错误［日期不存在］" in html
        case = root / "cases/服务案例/in-review.md"
        case.write_text(case.read_text(encoding="utf-8").replace("status: review", "status: published"), encoding="utf-8")
        deadline = time.monotonic() + 60
        while "等待审核的积分案例" in fetch(f"{base}/review/"):
            assert time.monotonic() < deadline, "the 待审核 page did not follow the change"
            time.sleep(1)
