"""Problems found in case files or the config, and the one place that prints them."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"
_SEVERITY_LABEL = {ERROR: "错误", WARNING: "警告"}


@dataclass(frozen=True, order=True)
class Problem:
    path: str            # as shown to the user (relative to the working directory)
    line: int | None     # 1-based line in the file, None for whole-file problems
    severity: Severity
    code: str            # short Chinese code, stable, e.g. "未知术语"
    message: str         # what is wrong
    hint: str = ""       # what would be right

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {_SEVERITY_LABEL[self.severity]}[{self.code}] {self.message}"
        return f"{text} —— {self.hint}" if self.hint else text


def error(path: str, line: int | None, code: str, message: str, hint: str = "") -> Problem:
    return Problem(path, line, ERROR, code, message, hint)


def warning(path: str, line: int | None, code: str, message: str, hint: str = "") -> Problem:
    return Problem(path, line, WARNING, code, message, hint)


def has_errors(problems: list[Problem], strict: bool = False) -> bool:
    return any(p.severity == ERROR or strict for p in problems)


def sort_key(p: Problem) -> tuple:
    return (p.path, p.line or 0, p.severity != ERROR, p.code, p.message)


def by_file(problems) -> dict[str, tuple[Problem, ...]]:
    """Problems grouped by file, files in path order, each file's in line order (errors first)."""
    grouped: dict[str, list[Problem]] = {}
    for p in sorted(problems, key=sort_key):
        grouped.setdefault(p.path, []).append(p)
    return {path: tuple(found) for path, found in grouped.items()}


def summary(problems: list[Problem], files: int) -> str:
    errors = sum(p.severity == ERROR for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return f"检查了 {files} 个文件，没有发现问题。"
    return f"检查了 {files} 个文件：{errors} 个错误，{warnings} 个警告。"


def format_text(problems: list[Problem], files: int) -> str:
    lines = [p.format() for p in sorted(problems, key=sort_key)]
    return "\n".join([*lines, summary(problems, files)])


def format_json(problems: list[Problem], files: int) -> str:
    items = [asdict(p) for p in sorted(problems, key=sort_key)]
    errors = sum(p.severity == ERROR for p in problems)
    report = {"files": files, "errors": errors, "warnings": len(problems) - errors, "problems": items}
    return json.dumps(report, ensure_ascii=False, indent=2)
