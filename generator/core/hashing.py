"""Stable keys from content: what the cache is keyed by, and the version of caselib's own code."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path


def digest(*parts: object) -> str:
    """A stable key from strings, bytes and simple values."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()

@lru_cache(maxsize=1)
def code_version() -> str:
    """caselib's version and the content of its code and templates: any change invalidates the cache."""
    from importlib.metadata import PackageNotFoundError, version

    package = Path(__file__).parents[1]
    try:
        parts: list[str | bytes] = [version("caselib")]
    except PackageNotFoundError:
        parts = ["dev"]
    for path in sorted([*package.rglob("*.py"), *(package.parent / "templates").rglob("*")]):
        if path.is_file():
            parts.append(str(path.relative_to(package.parent)))
            parts.append(path.read_bytes())
    return digest(*parts)
