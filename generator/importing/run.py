"""`caselib import` from start to end: read → clean → split → propose a header → check → write.

Every draft is checked (in a scratch folder, with the same pipeline as `caselib check`)
before anything is written, so `--dry-run` shows exactly what a real run would.
Inputs are never modified, existing files never overwritten, and an input that fails
for any reason is reported and the others still go through.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.core.config import Config
from generator.core.errors import UserError
from generator.core.problems import Problem, format_text
from generator.core.sources import IGNORED_NAMES, shown_path
from generator.core.text import write_reason
from generator.core.vocabulary import Term
from generator.importing import guess
from generator.importing.cleanup import Cleaned, clean
from generator.importing.draft import Draft, render
from generator.importing.files import confinement, file_stem, free_stem, write_draft
from generator.importing.limits import check_text
from generator.importing.model import IMAGE_DIR, Image, Source
from generator.importing.readers import READERS, read_source
from generator.importing.report import Report
from generator.importing.split import Piece, split_pieces, take_header_lines


@dataclass(frozen=True)
class Options:
    kind: Term | None = None
    folder: Path | None = None
    split: bool = False
    mask: bool = False
    dry_run: bool = False
    today: dt.date = field(default_factory=dt.date.today)


def import_paths(config: Config, paths: list[Path], options: Options, out: Callable[[str], object] = print) -> int:
    """Import every file under `paths`; 0 when each produced a draft, 1 when any could not be read."""
    report = Report(out, options.dry_run, options.mask)
    files, missing = _files(paths)
    for path in missing:
        report.refused(path, "找不到这个文件或文件夹", "检查路径是否拼写正确")
    drafts: list[Draft] = []
    taken: set[Path] = set()     # every file the drafts of this run will write
    failed = len(missing)
    for path in files:
        try:
            made = _import_one(config, path, options, report, taken)
        except UserError as why:   # Refused, or a name or folder caselib will not write to
            report.refused(path, why.message, why.hint)
            failed += 1
            continue
        except Exception as exc:  # a library failing on a damaged file must not end the run with a traceback
            report.refused(path, f"读取时出错（{type(exc).__name__}），文件可能已损坏",
                           "用 Word、WPS 或浏览器打开它，重新另存一份后再导入")
            failed += 1
            continue
        drafts += made
    if drafts:
        problems = check_drafts(config, drafts, options.today)
        report.checked(format_text(problems, len(drafts)))
        if not options.dry_run:
            written = _write_all(drafts, report)
            failed, drafts = failed + len(drafts) - len(written), written
    report.summary(len(files) + len(missing), failed, len(drafts))
    return 1 if failed else 0


def _write_all(drafts: list[Draft], report: Report) -> list[Draft]:
    """Each draft into its folder: the ones written (the others are reported)."""
    written = []
    for draft in drafts:
        try:
            write_draft(draft, draft.root)
        except UserError as why:
            report.refused(draft.path, why.message, why.hint)
            continue
        written.append(draft)
    return written


def _files(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    files: list[Path] = []
    missing: list[Path] = []
    for path in paths:
        if path.is_dir():
            for dirpath, dirnames, names in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not IGNORED_NAMES.match(d))
                files += [Path(dirpath) / n for n in sorted(names)
                          if not IGNORED_NAMES.match(n) and Path(n).suffix.lower() in READERS]
        elif path.is_file():
            files.append(path)
        else:
            missing.append(path)
    return files, missing


def _import_one(config: Config, path: Path, options: Options, report: Report, taken: set[Path]) -> list[Draft]:
    source = read_source(path)
    cleaned = clean(source.text)
    intro, pieces = split_pieces(cleaned.text)
    report.start(source, cleaned, len(pieces), options.split)
    if pieces and options.split:
        parts = [take_header_lines(p) for p in pieces]
        if intro.strip():
            parts[0].body = intro.strip() + "\n\n" + parts[0].body
            report.note(f"第一篇之前的 {len(intro)} 字导语放在了第一篇正文的开头")
    else:
        parts = [take_header_lines(cleaned.text, _plain(source.title))]
    kind, kind_why = (options.kind, "") if options.kind else guess.guess_kind(config.vocabulary, cleaned.text)
    if kind_why:
        report.note(f"推测类型为{kind.label}：{kind_why}；不对时用 --kind 指定")
    drafts = []
    for number, part in enumerate(parts, start=1):
        draft = _draft(config, source, cleaned, part, kind, kind_why, options, taken)
        taken.update(draft.folder / f for f in draft.files())      # two pieces of one run with the same name
        report.draft(number, len(parts), draft)
        drafts.append(draft)
    return drafts


def _plain(title: str) -> str:
    return " ".join(title.replace("#", " ").split())


def _draft(config: Config, source: Source, cleaned: Cleaned, part: Piece, kind: Term, kind_why: str,
           options: Options, taken: set[Path]) -> Draft:
    body = part.body
    p = propose(config, source, cleaned.text, part, kind, kind_why, options.today)
    if options.mask and p.pii:
        body = guess.mask_pii(body, p.pii)
    folder = (options.folder or config.cases_dir / kind.label).absolute()
    linked = [image for image in source.images if f"({IMAGE_DIR}/{image.name})" in body]
    stem = free_stem(folder, file_stem(p.date or options.today.isoformat(), p.title,
                                       fallback="-".join(p.authors) or source.path.stem),
                     lambda s: [f"{s}.md", *(f"{IMAGE_DIR}/{s}-{image.name}" for image in linked)], taken)
    body, images = _own_images(body, linked, stem)
    rendered = render(p, body, config.vocabulary, source.path.name)
    check_text(rendered.text, "生成的草稿")
    return Draft(folder, confinement(folder, config.cases_dir), stem, rendered, images, p.title, p.pii)


def propose(config: Config, source: Source, whole: str, part: Piece, kind: Term, kind_why: str,
            today: dt.date) -> guess.Proposal:
    """The header proposal for one piece: its own lines first, the whole document as fallback.
    Guesses are made on a masked copy, so no quote in a comment repeats personal data."""
    pii = guess.scan_pii(part.body)
    text = guess.mask_pii(part.body, pii)
    p = guess.Proposal(title=part.title, kind=kind, kind_why=kind_why, authors=part.authors,
                       opening=guess.opening(text), pii=pii)
    p.date, p.date_why = guess.guess_date(text, source.date, today)
    if not p.date:   # another piece's dates are not this one's: only a publication line counts
        p.date, p.date_why = guess.guess_date(guess.mask_pii(whole, guess.scan_pii(whole)), "", today,
                                              published_only=True)
    if part.community:
        p.community, p.community_why = part.community, f"取自署名“{part.community_from}”"
    else:
        p.community, p.community_why, p.other_communities = guess.guess_community(text)
    p.region, p.region_why = guess.guess_region(text)
    if not p.authors and source.author:
        p.authors = [a for a in re.split(r"[、，,\s]+", source.author) if a][:4]
        p.authors_why = "网页信息中的作者"
    p.tags = guess.suggest_tags(config.vocabulary, text)
    p.names = guess.find_names(text, p.authors)
    return p


def _own_images(body: str, images: list[Image], stem: str) -> tuple[str, list[Image]]:
    """The images this body links, renamed after the draft (`图片/<draft>-image-1.png`)."""
    mine = []
    for image in images:
        renamed = Image(f"{stem}-{image.name}", image.data)
        body = body.replace(f"({IMAGE_DIR}/{image.name})", f"({IMAGE_DIR}/{renamed.name})")
        mine.append(renamed)
    return body, mine


def check_drafts(config: Config, drafts: list[Draft], today: dt.date) -> list[Problem]:
    """`caselib check` on the drafts, written to a scratch copy of their folders; paths shown as the real ones."""
    try:
        with tempfile.TemporaryDirectory(prefix="caselib-import-") as scratch:   # removed, whatever happens
            return _check_in(Path(scratch) / "cases", config, drafts, today)
    except OSError as exc:
        raise UserError(f"无法在临时文件夹中检查草稿：{write_reason(exc)}",
                        "检查临时文件夹（TMPDIR）是否可以写入、磁盘是否还有空间") from None


def _check_in(root: Path, config: Config, drafts: list[Draft], today: dt.date) -> list[Problem]:
    from generator.checks.load import load_library

    shown: dict[str, str] = {}
    targets = []
    for n, draft in enumerate(drafts):
        copy = dataclasses.replace(draft, folder=root / _relative(draft.folder, config.cases_dir, n), root=root)
        write_draft(copy, root)
        shown[shown_path(copy.path)] = shown_path(draft.path)
        targets.append(copy.path)
    loaded = load_library(dataclasses.replace(config, cases_dir=root), targets, today)
    return [dataclasses.replace(p, path=shown.get(p.path, p.path)) for p in loaded.problems]


def _relative(folder: Path, cases_dir: Path, n: int) -> Path:
    """Where the scratch copy of a draft in `folder` goes: as under cases/, or a folder of its own."""
    try:
        return folder.resolve().relative_to(cases_dir.resolve())
    except (ValueError, OSError):
        return Path(f"外部-{n}")
