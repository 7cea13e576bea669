"""Worker processes started by forking this one, so they share what it holds (the library, the
jobs) without pickling it: on systems without fork (Windows) callers do the work themselves."""

from __future__ import annotations

import gc
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

FORK = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


def forked_pool(workers: int) -> ProcessPoolExecutor | None:
    """A pool of `workers` processes forked from this one, or None where there is no fork."""
    return ProcessPoolExecutor(workers, mp_context=FORK, initializer=gc.freeze) if FORK else None
