"""load → validate → (later) link and render: the one pipeline every command runs."""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .checks.body import check_body
from .checks.fields import build_case
from .checks.html import check_html
from .checks.library import check_library
from .checks.links import check_links
from .checks.privacy import check_child_details, check_declaration, check_names, check_privacy
from .config import Config
from .model import Case
from .problems import ERROR, Problem
from .sources import discover, read_document


@dataclass(frozen=True)
class Loaded:
    cases: tuple[Case, ...]          # every file that passed (drafts included)
    problems: tuple[Problem, ...]
    files: int                       # how many files were read

    @property
    def ok(self) -> bool:
        return not any(p.severity == ERROR for p in self.problems)


def load_library(config: Config, targets: list[Path] | None = None, today: dt.date | None = None) -> Loaded:
    """Read and check every case file, collecting every problem before anything is written."""
    today = today or dt.date.today()
    paths, problems = discover(targets or [config.cases_dir], config.cases_dir)
    cases: list[Case] = []
    for case, found in _check_all(paths, config, today):
        problems += found
        if case is not None:
            cases.append(case)
    problems += check_library(cases)
    return Loaded(tuple(sorted(cases, key=lambda c: c.shown)), tuple(problems), len(paths))


PARALLEL_FROM = 1000   # files; below this, starting worker processes costs more than it saves


def _check_all(paths: list[Path], config: Config, today: dt.date):
    check = partial(check_file, config=config, today=today)
    workers = os.cpu_count() or 1
    if len(paths) < PARALLEL_FROM or workers < 2:
        return map(check, paths)
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(check, paths, chunksize=250))


def check_file(path: Path, config: Config, today: dt.date) -> tuple[Case | None, list[Problem]]:
    doc, problems = read_document(path)
    if doc is None or doc.meta is None:
        return None, problems
    case, found = build_case(doc, config.vocabulary, today)
    allow = config.allowed_contacts + (case.privacy.allow if case else ())
    problems += found + check_body(doc, case.kind if case else _kind_of(doc, config)) + check_html(doc, config.markdown)
    problems += check_privacy(doc, allow) + check_links(doc, config.cases_dir)
    if case is not None:
        problems += check_declaration(case) + check_child_details(case) + check_names(case)
    return (None if any(p.severity == ERROR for p in problems) else case), problems


def _kind_of(doc, config: Config):
    """The kind a header names, even when other fields are wrong (for body rules)."""
    node = doc.meta.mapping.get("kind") if doc.meta.mapping else None
    match = config.vocabulary.lookup("kind", node.scalar) if node is not None and node.scalar else None
    return match.term if match else None
