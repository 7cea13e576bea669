"""The review queue: every case waiting for a supervisor (`status: review`) with what `check`
says about it, for `caselib check --status review` in the terminal and the 待审核 page of
`caselib serve`. Cases with errors are listed too (a case in review is often unfinished)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.checks.load import Loaded
from generator.core.model import STATUSES, Case, Status
from generator.core.problems import Problem, by_file, format_text


@dataclass(frozen=True)
class Entry:
    case: Case
    problems: tuple[Problem, ...]

    @property
    def reviewed(self) -> str:
        """督导审核：周静，2024-05-10 — or what is still missing."""
        review = self.case.review
        if review is None or not review.reviewer:
            return "还没有审核记录"
        return "督导审核：" + "，".join(part for part in (review.reviewer, review.date) if part)


    @property
    def allowed(self) -> str:
        """What privacy.allow lets through, for the reviewer to vouch for ("" when nothing)."""
        allow = self.case.privacy.allow
        return f"隐私放行：{'、'.join(allow)}（privacy.allow，请确认它确实可以公开）" if allow else ""


def queue(loaded: Loaded, status: Status = "review") -> list[Entry]:
    """The cases of that status (read with preview=True, so cases with errors are there), oldest first."""
    found = by_file(loaded.problems)
    cases = sorted((c for c in loaded.cases if c.status == status), key=lambda c: (c.date, c.shown))
    return [Entry(c, found.get(c.shown, ())) for c in cases]


def format_queue(entries: list[Entry], status: Status, files: int) -> str:
    label = STATUSES[status]
    if not entries:
        return f"检查了 {files} 个文件，没有{label}的案例。"
    lines = [f"{label}的案例：{len(entries)} 篇", ""]
    for entry in entries:
        review = entry.case.review
        lines.append(f"{entry.case.shown}  《{entry.case.title}》  {entry.reviewed}")
        if review and review.criteria:
            lines.append("    审核标准：" + "、".join(f"{name}{'✓' if met else '✗'}" for name, met in review.criteria))
        if review and review.notes:
            lines.append(f"    审核意见：{review.notes}")
        if entry.allowed:
            lines.append(f"    {entry.allowed}")
        lines += ["    " + p.format() for p in entry.problems] or ["    没有发现问题。"]
        lines.append("")
    problems = [p for e in entries for p in e.problems]
    return "\n".join(lines) + format_text(problems, len(entries)).rsplit("\n", 1)[-1]
