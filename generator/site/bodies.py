"""Case bodies → sanitised HTML, headings and search records, on every core.

Case bodies are most of a build's Markdown. Converting them here, in worker processes and
before MkDocs starts on the pages, instead of one by one inside MkDocs, also yields every
search record early, so Pagefind can index the library while MkDocs renders the pages.
Pure Python: the Markdown settings are `Config.markdown`, computed from site_config.yml as
MkDocs does. Results are cached per body (site/build.py), so only new or edited bodies come here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from generator.core.cache import packed_result, unpacked
from generator.core.config import MarkdownSettings
from generator.core.markup import markdown_converter, sanitise
from generator.core.model import Case
from generator.core.workers import forked_pool
from generator.search.dictionary import dictionary_words
from generator.search.records import Record, html_text, record

PARALLEL_FROM = 200   # cases; below this, starting worker processes costs more than it saves


@dataclass(frozen=True)
class Body:
    html: str              # sanitised
    toc: list              # Python-Markdown's toc_tokens: the page's table of contents
    record: Record         # what the search index knows of the case
    words: str             # the record's words for the query dictionary, space-separated


def convert_bodies(jobs: list[tuple[Case, str, str]], settings: MarkdownSettings,
                   names: frozenset[str] = frozenset()) -> Iterator[tuple[Body, bytes | None]]:
    """Bodies in the order of `jobs` (case, page URL, body Markdown with links already pointing at
    published places), each with its search record (names kept whole), as (body, the body as the
    cache keeps it, when a worker process made it)."""
    global _JOBS
    convert = partial(_convert, settings=settings, names=names)
    workers = os.cpu_count() or 1
    pool = forked_pool(workers) if len(jobs) >= PARALLEL_FROM and workers > 1 else None
    if pool is None:
        yield from ((body, None) for body in map(convert, jobs))
        return
    _JOBS = jobs   # the workers, forked from here, take their jobs by number: no case is pickled to them
    try:
        with pool:
            numbered = partial(packed_result, _convert_job, settings=settings, names=names)
            yield from ((unpacked(data), data) for data in pool.map(numbered, range(len(jobs)), chunksize=50))
    finally:
        _JOBS = []   # not held for the rest of a preview session


_JOBS: list[tuple[Case, str, str]] = []


def _convert_job(number: int, settings: MarkdownSettings, names: frozenset[str]) -> Body:
    return _convert(_JOBS[number], settings, names)


def _convert(job: tuple[Case, str, str], settings: MarkdownSettings, names: frozenset[str]) -> Body:
    case, url, text = job
    md = markdown_converter(settings)
    html = sanitise(md.reset().convert(text))
    r = record(case, url, html_text(html), names)
    return Body(html, md.toc_tokens, r, dictionary_words(r))


