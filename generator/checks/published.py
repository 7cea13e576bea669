"""The header text a case publishes, each value with its lines: what the privacy checks read besides the body.

Deny by default: every scalar of the header is taken (title, summary, community, authors, supervisor,
review notes … and any field added later), as YAML gives it, which is what the pages, the search
index and the exports show: a double-quoted `"\\x31"` is already the digit, folded lines already one.
A finding inside a value is placed on the file line where its text stands, or the value's first line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.core.sources import Document
from generator.core.yamltree import Node


@dataclass(frozen=True)
class HeaderText:
    field: str          # "title", "authors", "privacy.pseudonyms" …
    text: str
    line: int           # the value's first line in the file
    end_line: int


def header_texts(doc: Document) -> list[HeaderText]:
    if doc.meta is None or doc.meta.mapping is None:
        return []
    return [HeaderText(field, node.scalar or "", node.line, max(node.line, node.end_line))
            for field, node in scalars(doc.meta, "") if node.scalar]


def scalars(node: Node, field: str = "") -> Iterator[tuple[str, Node]]:
    """(field name, scalar node) for every scalar in the header, sub-fields as privacy.x."""
    if node.invalid:
        return
    if node.mapping is not None:
        for key, value in node.mapping.items():
            yield from scalars(value, f"{field}.{key}" if field else key)
    elif node.items is not None:
        for item in node.items:
            yield from scalars(item, field)
    else:
        yield field, node


def line_in_value(doc: Document, value: HeaderText, typed: str) -> int:
    """The file line of `typed` (a part of the value as written) within the value's lines."""
    if value.end_line > value.line and typed:
        lines = doc.text.split("\n")[value.line - 1:value.end_line]
        for offset, line in enumerate(lines):
            if typed in line:
                return value.line + offset
    return value.line
