"""load → validate: the one pipeline every command runs (the site build continues in sitebuild.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from generator.checks.body import check_body
from generator.checks.duplicates import check_library
from generator.checks.fields import STATUS_WORDS, build_case
from generator.checks.html import check_html
from generator.checks.links import Target, link_targets, verify_links
from generator.checks.numbers import harmless_patterns
from generator.checks.outcome import check_outcome
from generator.checks.pages import check_pages
from generator.checks.privacy import (
    check_declaration,
    check_names,
    check_privacy,
    check_together,
)
from generator.checks.review import check_review
from generator.core.cache import Cache, Table, packed_result
from generator.core.config import Config
from generator.core.hashing import digest
from generator.core.model import Case
from generator.core.problems import ERROR, Problem
from generator.core.sources import NOT_A_CASE, discover, read_bytes, read_document, shown_path


@dataclass(frozen=True)
class Checked:
    """One file's checks as cached."""
    case: Case | None                # None when it has errors, unless previewing
    problems: list[Problem]
    links: tuple[Target, ...]        # looked up again on every run


CHECKS: Table[Checked] = Table("check")


@dataclass(frozen=True)
class Loaded:
    cases: tuple[Case, ...]          # every file that passed (drafts included); previewing, every readable case
    problems: tuple[Problem, ...]
    files: int                       # how many files were read
    keys: tuple[str, ...] = ()       # cache keys of the files' checks
    key_of: dict[str, str] | None = None   # shown path → cache key of its check (what the file holds)
    pages: int = 0                   # how many of the library's own pages (docs/) were checked

    @property
    def ok(self) -> bool:
        return not any(p.severity == ERROR for p in self.problems)


def load_library(config: Config, targets: list[Path] | None = None, today: dt.date | None = None,
                 cache: Cache | None = None, preview: bool = False) -> Loaded:
    """Read and check every case file, collecting every problem before anything is written.
    `preview` (caselib serve) keeps cases that have errors, with stand-ins for what is missing."""
    today = today or dt.date.today()
    paths, problems = discover(targets or [config.cases_dir], config.cases_dir)
    cases: list[Case] = []
    keys, checked = _check_all(paths, config, today, cache or Cache(None, config.vocabulary))
    for path, result in zip(paths, checked, strict=True):
        found = result.problems + verify_links(shown_path(path), result.links, config.cases_dir)
        problems += found
        if result.case is not None and (preview or not any(p.severity == ERROR for p in found)):
            cases.append(result.case)
    problems = _without_linked_attachments(problems, checked) + check_library(cases)
    pages = 0
    if targets is None:     # the whole library: its own pages (docs/) are published as written, so checked too
        found, pages = check_pages(config.docs_dir or config.root / "docs", config.markdown, config.allowed_contacts,
                                   harmless_patterns(config.harmless_numbers))
        problems += found
    return Loaded(tuple(sorted(cases, key=lambda c: c.shown)), tuple(problems), len(paths), tuple(keys),
                  {shown_path(path): key for path, key in zip(paths, keys, strict=True)}, pages)


def _without_linked_attachments(problems: list[Problem], checked: list[Checked]) -> list[Problem]:
    """A .docx or .txt in cases/ that a case links is its attachment, not a write-up to import."""
    linked = {shown_path(t.path) for result in checked for t in result.links if t.what == "文件"}
    return [p for p in problems if not (p.code == NOT_A_CASE and p.path in linked)]


PARALLEL_FROM = 1000   # files to check; below this, starting worker processes costs more than it saves


def _check_all(paths: list[Path], config: Config, today: dt.date, cache: Cache) -> tuple[list[str], list[Checked]]:
    """Every file's checks, from the cache when the file, the config and caselib are unchanged."""
    setting = digest(_read(config.path), today.isoformat())
    keys = [_file_key(setting, path, cache) for path in paths]
    known = cache.get_many(CHECKS, keys)
    todo = [path for path, key in zip(paths, keys, strict=True) if key not in known]
    check = partial(_check, config=config, today=today)
    workers = os.cpu_count() or 1
    packed = None
    if len(todo) < PARALLEL_FROM or workers < 2:
        fresh = list(map(check, todo))
    else:
        packed, fresh = [], []
        with ProcessPoolExecutor(workers) as pool:
            # unpacked while the rest are checked
            for data in pool.map(partial(packed_result, check), todo, chunksize=250):
                packed.append(data)
                fresh.append(cache.unpacked(data))
    new_keys = [key for key in keys if key not in known]
    new = dict(zip(new_keys, fresh, strict=True))
    cache.put_many(CHECKS, new, dict(zip(new_keys, packed, strict=True)) if packed else None)
    return keys, [known[key] if key in known else new[key] for key in keys]


def _file_key(setting: str, path: Path, cache: Cache) -> str:
    """The file's cache key, from its content. A cache kept in memory (caselib serve) remembers the
    key of each file with its modification time and size, so a rebuild reads only what changed."""
    if cache.remembered is None:
        return CHECKS.key(setting, str(path), _read(path))
    try:
        st = path.stat()
        stamp = (setting, st.st_mtime_ns, st.st_size)
    except OSError:
        return CHECKS.key(setting, str(path), b"")
    known = cache.remembered.get(path)
    if known is None or known[0] != stamp:
        known = cache.remembered[path] = (stamp, CHECKS.key(setting, str(path), _read(path)))
    return known[1]


def _read(path: Path) -> bytes:
    try:
        return read_bytes(path) or b""   # never opens a FIFO or a device
    except OSError:
        return b""   # read_document reports it


def check_file(path: Path, config: Config, today: dt.date) -> tuple[Case | None, list[Problem]]:
    """One file's case (None when it has an error) and every problem, as `caselib check` reports."""
    checked = _check(path, config, today)
    problems = checked.problems + verify_links(shown_path(path), checked.links, config.cases_dir)
    return (None if any(p.severity == ERROR for p in problems) else checked.case), problems


def _check(path: Path, config: Config, today: dt.date) -> Checked:
    """One file's checks. Its case comes with stand-ins for wrong fields (for the preview) and is
    dropped by the callers when there is an error, so `check` and `serve` share cached results."""
    doc, problems = read_document(path)
    if doc is None or doc.meta is None:
        return Checked(None, problems, ())
    case, found = build_case(doc, config.vocabulary, today, preview=True)
    valid = case if not any(p.severity == ERROR for p in found) else None
    review, reviewed = check_review(doc, config.vocabulary, case)
    if case is not None and (review is not None or (valid is None and _in_review(doc))):
        # a case in review stays in the review queue while it has errors (preview stand-ins say draft)
        case = dataclasses.replace(case, review=review, status="review" if _in_review(doc) else case.status)
        valid = case if valid is not None else None
    allow = config.allowed_contacts + (valid.privacy.allow if valid else ())
    kind = valid.kind if valid else _kind_of(doc, config)
    problems += found + reviewed + check_body(doc, kind) + check_outcome(doc, kind) + check_html(doc, config.markdown)
    problems += check_privacy(doc, allow, harmless=harmless_patterns(config.harmless_numbers))
    if valid is not None:
        problems += check_declaration(valid) + check_together(valid, today)
        problems += check_names(valid, config.public_figures, doc)
    return Checked(case, problems, link_targets(doc))


def _in_review(doc) -> bool:
    node = doc.meta.mapping.get("status") if doc.meta.mapping else None
    text = (node.scalar or "").strip() if node is not None and node.scalar else ""
    return STATUS_WORDS.get(text, text.lower()) == "review"


def _kind_of(doc, config: Config):
    """The kind a header names, even when other fields are wrong (for body rules)."""
    node = doc.meta.mapping.get("kind") if doc.meta.mapping else None
    match = config.vocabulary.lookup("kind", node.scalar) if node is not None and node.scalar else None
    return match.term if match else None
