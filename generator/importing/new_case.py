"""`caselib new`: a filled-in template for a new case file, never overwriting."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import jinja2

from generator.core.config import Config
from generator.core.model import slugify
from generator.core.sources import shown_path


def create_case(config: Config, kind_name: str, title: str, folder: Path | None) -> int:
    vocab = config.vocabulary
    match = vocab.lookup("kind", kind_name)
    if match is None:
        choices = "、".join(t.label for t in vocab.terms["kind"])
        print(f"不认识案例类型“{kind_name}”。可选：{choices}", file=sys.stderr)
        return 2
    kind = match.term
    today = dt.date.today()
    text = render_template(config, kind.id, title.strip(), today)
    folder = folder or config.cases_dir / kind.label
    folder.mkdir(parents=True, exist_ok=True)
    path = free_path(folder, file_stem(today.isoformat(), title))
    with path.open("x", encoding="utf-8") as f:  # "x": never overwrite a supervisor's file
        f.write(text)
    print(f"已创建 {shown_path(path)}")
    print("用文本编辑器打开它，把每个【待填写……】换成实际内容，然后运行：caselib check")
    return 0


def render_template(config: Config, kind_id: str, title: str, today: dt.date) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(config.root / "templates" / "new"),
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    labels = {facet: "、".join(t.label for t in terms[:4]) for facet, terms in config.vocabulary.terms.items()}
    return env.get_template(f"{kind_id}.md").render(
        title=title.replace('"', "“"), date=today.isoformat(),
        models=labels["models"], stages=labels["stages"], techniques=labels["techniques"],
        service_users=labels["service_users"])


def file_stem(date: str, title: str, fallback: str = "新案例") -> str:
    """`2024-05-01-楼道公约的诞生`: the name every new case file gets."""
    return f"{date}-{slugify(title) if title.strip() else fallback}"


def free_path(folder: Path, stem: str, suffix: str = ".md") -> Path:
    """`stem.md`, or `stem-2.md`, `stem-3.md` … when taken: a supervisor's file is never overwritten."""
    path, n = folder / f"{stem}{suffix}", 2
    while path.exists():
        path, n = folder / f"{stem}-{n}{suffix}", n + 1
    return path


PACK_NAMES = {"培训包", "培训", "pack", "packs"}


def create_pack(config: Config, title: str, folder: Path | None, cases=()) -> int:
    """`caselib new 培训包`: a commented pack template in packs/, naming some of the library's cases as examples."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(config.root / "templates" / "new"),
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    examples = "、".join(c.slug for c in list(cases)[:2]) or "heping-open-space-convention"
    techniques = "、".join(t.label for t in config.vocabulary.terms["techniques"][:3])
    text = env.get_template("pack.yml").render(title=title.strip().replace('"', "“"), examples=examples,
                                              techniques=techniques)
    folder = folder or config.packs_dir or config.root / "packs"   # packs_dir None: <root>/packs
    folder.mkdir(parents=True, exist_ok=True)
    path = free_path(folder, file_stem(dt.date.today().isoformat(), title, "新培训包"), ".yml")
    with path.open("x", encoding="utf-8") as f:
        f.write(text)
    print(f"已创建 {shown_path(path)}")
    print("用文本编辑器打开它，把每个【待填写……】换成实际内容，然后运行：caselib check")
    return 0
