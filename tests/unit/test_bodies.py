"""Case bodies converted outside MkDocs (site/bodies.py): sanitised HTML, the page's table of
contents and the search record, the same whether one process converts them or forked workers do."""

import dataclasses

import pytest

from generator.checks.load import load_library
from generator.core.cache import unpacked
from generator.site import bodies
from generator.site.bodies import PARALLEL_FROM, convert_bodies

from ..conftest import ROOT, TODAY

BODY = """## 背景

楼道里堆满了杂物，<script>alert(1)</script>居民<b>多次</b>反映。<img src="x.png" onerror="alert(2)">

### 居民的声音

[链接](javascript:alert(3)) 和 [民政部](https://www.mca.gov.cn/)

## 成效评估

| 指标 | 数字 |
| --- | --- |
| 参与户数 | 32 |
"""


@pytest.fixture(scope="module")
def cases(config):
    return load_library(config, [ROOT / "cases"], TODAY).cases


def test_a_body_becomes_sanitised_html_with_its_table_of_contents_and_record(config, cases):
    case = cases[0]
    [(body, packed)] = convert_bodies([(case, "cases/x/", BODY)], config.markdown)
    assert packed is None                                          # converted here, not in a worker
    assert "<script" not in body.html and "onerror" not in body.html and "javascript:" not in body.html
    assert "<b>多次</b>" in body.html and "<td>32</td>" in body.html and '<img src="x.png">' in body.html
    assert '<a href="https://www.mca.gov.cn/" rel="noopener noreferrer">民政部</a>' in body.html
    outline = [(t["level"], t["name"], [(c["level"], c["name"]) for c in t["children"]]) for t in body.toc]
    assert outline == [(2, "背景", [(3, "居民的声音")]), (2, "成效评估", [])]
    for token in (body.toc[0], body.toc[0]["children"][0], body.toc[1]):   # each entry leads to its heading
        assert f'id="{token["id"]}">{token["name"]}</h{token["level"]}>' in body.html
    assert body.record.url == "cases/x/" and body.record.meta["title"] == case.title
    assert {"楼道", "杂物", "参与"} <= set(body.record.words)
    assert "alert" not in body.record.words                        # what was removed is not searchable
    assert "楼道" in body.words.split(" ") and all(len(w) > 1 for w in body.words.split(" "))


def test_names_are_kept_whole_in_the_record(config, cases):
    [(plain, _)], [(named, _)] = (list(convert_bodies([(cases[0], "cases/x/", "居民公约写好了。")], config.markdown, n))
                                  for n in (frozenset(), frozenset({"居民公约"})))
    assert "居民公约" not in plain.record.words and "居民公约" in named.record.words


def jobs(cases, n: int) -> list:
    """`n` jobs of the sample library's cases, each with a body of its own."""
    picked = [cases[i % len(cases)] for i in range(n)]
    return [(case, f"cases/job-{i}/", f"## 第 {i} 节\n\n{case.body}\n\n编号 {i} 的补充。")
            for i, case in enumerate(picked)]


def test_forked_workers_convert_exactly_what_one_process_does(config, cases, monkeypatch):
    many = jobs(cases, PARALLEL_FROM + 40)
    monkeypatch.setattr(bodies.os, "cpu_count", lambda: 2)          # workers even on a one-core machine
    forked = list(convert_bodies(many, config.markdown, frozenset({"居民公约"})))
    monkeypatch.setattr(bodies, "forked_pool", lambda workers: None)   # where nothing can be forked
    serial = list(convert_bodies(many, config.markdown, frozenset({"居民公约"})))
    assert all(packed is not None for _, packed in forked)          # the workers did convert them
    assert all(packed is None for _, packed in serial)
    assert [b for b, _ in forked] == [b for b, _ in serial]
    assert [b.record.url for b, _ in forked] == [url for _, url, _ in many]   # in the order of the jobs
    assert all(unpacked(packed) == body for body, packed in forked)  # what the cache will keep
    assert bodies._JOBS == []                                       # the jobs are not held after the build


def test_few_bodies_are_converted_in_this_process(config, cases, monkeypatch):
    monkeypatch.setattr(bodies.os, "cpu_count", lambda: 2)
    few = list(convert_bodies(jobs(cases, PARALLEL_FROM - 1), config.markdown))
    assert all(packed is None for _, packed in few) and len(few) == PARALLEL_FROM - 1


def test_a_body_is_converted_alike_however_many_times(config, cases):
    # One converter is reused for every body (reset between them): nothing carries over.
    one = [(cases[0], "cases/a/", BODY)]
    first = next(convert_bodies(one, config.markdown))[0]
    list(convert_bodies(jobs(cases, 5), config.markdown))
    again = next(convert_bodies(one, config.markdown))[0]
    assert dataclasses.asdict(again) == dataclasses.asdict(first)
