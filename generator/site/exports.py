"""The library as files other tools read: an Atom feed, `cases.json` and `cases.csv`.

Supervisors forward new cases to feed readers and WeChat work groups, centres report their
numbers in Excel, and other sites want the list as data. All three are written from the linked
library after the site is built, beside the pages, and list published cases only (`caselib
serve` shows drafts in the pages, never in these files). Pure Python: no MkDocs here.

`cases.json` schema (version 1), documented in dev/exports.md:

    {"schema": 1, "site": "社区案例库", "count": 2, "cases": [
      {"id": "heping-convention", "url": "cases/heping-convention/", "title": "…",
       "kind": "服务案例", "date": "2023-06-15", "community": "和平路社区",
       "tags": {"models": […], "stages": […], "techniques": […], "service_users": […]},
       "summary": "…"}]}

`id` is the case's slug (its `slug:` field or file name), the same string as in its page
address, so it stays put while the case keeps its name. `url` is relative to the site's root,
or absolute when `site_url` is set. Cases are newest first.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from urllib.parse import quote

from feedgen.feed import FeedGenerator

from generator.core import confine
from generator.core.facets import FACETS, PAGED, TAG_FIELDS
from generator.core.model import Case
from generator.site.library import Library
from generator.site.urls import case_path, url_of

FEED, JSON, CSV = "feed.xml", "cases.json", "cases.csv"
EXPORTS = (FEED, JSON, CSV)
SCHEMA_VERSION = 1
FEED_SIZE = 50                                  # newest cases in the feed; readers keep older ones
CSV_COLUMNS = {"id": "编号", "url": "网址", "title": "标题", "kind": "类型", "date": "日期", "community": "社区",
               **{field: FACETS[field].label for field in TAG_FIELDS}, "summary": "摘要"}
LIST_JOINER = "、"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHINA_TIME = dt.timezone(dt.timedelta(hours=8))


def write_exports(library: Library, site_dir: Path, *, site_name: str, site_url: str | None = None) -> list[Path]:
    """Write the feed, JSON and CSV of the library's published cases into `site_dir`."""
    cases = [c for c in library.cases if not c.is_draft]
    records = [case_record(c, site_url) for c in cases]
    paths = [confine.output_path(site_dir, name) for name in EXPORTS]
    _write_feed(cases, paths[0], site_name, site_url)
    _write_json(records, paths[1], site_name)
    _write_csv(records, paths[2])
    return paths


def case_record(case: Case, site_url: str | None) -> dict:
    """One case as the JSON and CSV exports describe it."""
    return {
        "id": case.slug,
        "url": _address(url_of(case_path(case)), site_url),
        "title": case.title,
        "kind": case.kind.label,
        "date": case.date,
        "community": case.community,
        "tags": {facet: [t.label for t in case.tags(facet)] for facet in TAG_FIELDS},
        "summary": case.summary,
    }


def _address(url: str, site_url: str | None) -> str:
    # Page URLs may hold Chinese (community pages, slugs); the exports give them percent-encoded.
    encoded = quote(url)
    return site_url.rstrip("/") + "/" + encoded if site_url else encoded


def _write_json(records: list[dict], path: Path, site_name: str) -> None:
    """Chinese stays readable; < > & are written as \\u escapes (the same strings once parsed), so
    a title holding markup is inert even where a careless page pastes the file into HTML."""
    # One case a line: still readable, and json's fast encoder (indent= makes it pure Python, far slower).
    head = json.dumps({"schema": SCHEMA_VERSION, "site": site_name, "count": len(records)}, ensure_ascii=False)
    cases = ",\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    text = head[:-1] + ', "cases": [\n' + cases + "\n]}"
    for char in "<>&":
        text = text.replace(char, f"\\u{ord(char):04x}")
    path.write_text(text + "\n", encoding="utf-8")


def _write_csv(records: list[dict], path: Path) -> None:
    """UTF-8 with a BOM and CRLF rows: what Excel needs to open Chinese text without garbling it."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS.values())
        for record in records:
            flat = {**record, **{facet: LIST_JOINER.join(labels) for facet, labels in record["tags"].items()}}
            writer.writerow(_cell(flat[column]) for column in CSV_COLUMNS)


def _cell(text: str) -> str:
    """Text a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe."""
    return "'" + text if text[:1] in _FORMULA_STARTS else text


def _write_feed(cases: list[Case], path: Path, site_name: str, site_url: str | None) -> None:
    """Atom feed of the newest published cases. Entry ids are the page addresses when the site
    knows its address (`site_url`), otherwise `urn:caselib:<slug>`, which survives a move."""
    feed = FeedGenerator()
    feed.id(site_url or f"urn:caselib:{quote(site_name)}")
    feed.title(site_name)
    feed.subtitle("新发布的社区社会工作案例")
    feed.language("zh-CN")
    feed.author(name=site_name)
    if site_url:
        feed.link(href=site_url, rel="alternate")
        feed.link(href=_address(FEED, site_url), rel="self")
    newest = cases[:FEED_SIZE]
    feed.updated(_moment(newest[0].date) if newest else dt.datetime(2000, 1, 1, tzinfo=CHINA_TIME))
    for case in newest:
        _add_entry(feed, case, site_url)
    feed.atom_file(str(path), pretty=True)


def _add_entry(feed: FeedGenerator, case: Case, site_url: str | None) -> None:
    entry = feed.add_entry(order="append")   # the feed lists newest first, as the library does
    address = _address(url_of(case_path(case)), site_url)
    entry.id(address if site_url else f"urn:caselib:{quote(case.slug)}")
    entry.title(case.title)
    entry.link(href=address, rel="alternate")
    entry.summary(case.summary)
    entry.published(_moment(case.date))
    entry.updated(_moment(case.date))
    for author in case.authors or (case.community,):
        entry.author(name=author)
    for facet in (f.field for f in PAGED):
        for term in case.tags(facet):
            entry.category(term=term.label, label=term.label)


def _moment(date: str) -> dt.datetime:
    """A case's date ("2023-06-15" or "2023-06") as midnight China time."""
    parts = [int(p) for p in date.split("-")] + [1]
    return dt.datetime(parts[0], parts[1], parts[2], tzinfo=CHINA_TIME)
