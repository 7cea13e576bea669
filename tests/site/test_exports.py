"""The exports a supervisor hands on: Atom feed, cases.json and cases.csv parse and list the published cases."""

import csv
import io
import json
import xml.etree.ElementTree as ET

from generator.checks.load import load_library
from generator.core.config import load_config
from generator.site.exports import write_exports
from generator.site.library import link

from ..fixture_library import CASES, make_library

PUBLISHED = {name.split("/")[1][:-3] for name, fields in CASES.items() if fields.get("status") != "draft"}
ATOM = "{http://www.w3.org/2005/Atom}"


def test_cases_json_lists_every_published_case_with_the_documented_fields(built):
    data = json.loads((built / "cases.json").read_text(encoding="utf-8"))
    assert data["schema"] == 1 and data["count"] == len(data["cases"]) == len(PUBLISHED)
    by_id = {c["id"]: c for c in data["cases"]}
    assert set(by_id) == PUBLISHED
    case = by_id["heping-convention"]
    assert case == {
        "id": "heping-convention", "url": "cases/heping-convention/", "title": "和平路社区的楼道公约",
        "kind": "服务案例", "date": "2023-06-15", "community": "和平路社区",
        "tags": {"models": ["地区发展模式"], "stages": ["准备阶段", "启动阶段"],
                 "techniques": ["开放空间会议", "居民公约", "参与式需求调查"], "service_users": []},
        "summary": "和平路社区的楼道公约的做法与效果。"}
    assert [c["date"] for c in data["cases"]] == sorted((c["date"] for c in data["cases"]), reverse=True)
    for c in data["cases"]:   # every url is a page of the site
        assert (built / c["url"] / "index.html").is_file(), c["url"]


def test_cases_csv_opens_in_excel_with_one_row_per_case(built):
    raw = (built / "cases.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw          # BOM: Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(PUBLISHED)
    heping = next(r for r in rows if r["编号"] == "heping-convention")
    assert heping["标题"] == "和平路社区的楼道公约" and heping["社区"] == "和平路社区"
    assert heping["方法与技巧"] == "开放空间会议、居民公约、参与式需求调查"
    assert heping["工作阶段"] == "准备阶段、启动阶段" and heping["服务对象"] == ""


def test_atom_feed_has_an_entry_per_published_case_newest_first(built):
    feed = ET.parse(built / "feed.xml").getroot()
    assert feed.tag == ATOM + "feed" and feed.findtext(ATOM + "title") == "社区案例库"
    entries = feed.findall(ATOM + "entry")
    titles = [e.findtext(ATOM + "title") for e in entries]
    assert titles[0] == "环山路社区的公益积分" and len(titles) == len(PUBLISHED)   # newest first
    assert "还在修改的草稿案例" not in titles
    heping = entries[titles.index("和平路社区的楼道公约")]
    assert heping.find(ATOM + "link").get("href") == "cases/heping-convention/"
    assert heping.findtext(ATOM + "id") == "urn:caselib:heping-convention"
    assert heping.findtext(ATOM + "published").startswith("2023-06-15T00:00:00+08:00")
    assert {c.get("term") for c in heping.findall(ATOM + "category")} >= {"服务案例", "开放空间会议"}


def test_exports_leave_drafts_out_even_when_serving(tmp_path):
    # `caselib serve` links drafts into the library (to preview them); the exports still skip them.
    root = make_library(tmp_path)
    config, _ = load_config(root / "site_config.yml")
    library = link(list(load_library(config).cases), config.vocabulary)
    assert any(c.is_draft for c in library.cases)
    write_exports(library, tmp_path, site_name="案例库", site_url="https://example.org/anli/")
    text = "".join((tmp_path / name).read_text(encoding="utf-8-sig") for name in ("feed.xml", "cases.json", "cases.csv"))
    assert "还在修改的草稿案例" not in text and "环山路社区的公益积分" in text
    data = json.loads((tmp_path / "cases.json").read_text(encoding="utf-8"))
    assert data["cases"][0]["url"] == "https://example.org/anli/cases/huanshan-points/"
    feed = ET.parse(tmp_path / "feed.xml").getroot()
    assert feed.find(ATOM + "entry/" + ATOM + "id").text == "https://example.org/anli/cases/huanshan-points/"


def test_hostile_titles_are_plain_text_in_every_export(tmp_path):
    cases = {"培训心得/a.md": dict(CASES["培训心得/open-space-reflection.md"], title="<img src=x onerror=alert(1)>"),
             "培训心得/b.md": dict(CASES["培训心得/open-space-reflection.md"], title="=HYPERLINK(\"http://x\",\"点我\")")}
    root = make_library(tmp_path, cases)
    config, _ = load_config(root / "site_config.yml")
    write_exports(link(list(load_library(config).cases), config.vocabulary), tmp_path, site_name="案例库")
    raw_json = (tmp_path / "cases.json").read_text(encoding="utf-8")
    assert "<img" not in raw_json                                              # escaped in the file …
    titles = {c["title"] for c in json.loads(raw_json)["cases"]}
    assert "<img src=x onerror=alert(1)>" in titles                          # … the same text once parsed
    rows = list(csv.reader(io.StringIO((tmp_path / "cases.csv").read_text(encoding="utf-8-sig"), newline="")))
    assert {r[2] for r in rows[1:]} == {"<img src=x onerror=alert(1)>", "'=HYPERLINK(\"http://x\",\"点我\")"}
    assert "<img src=x" not in (tmp_path / "feed.xml").read_text(encoding="utf-8")
