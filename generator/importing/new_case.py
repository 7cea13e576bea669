"""`caselib new`: a filled-in template for a new case file, never overwriting."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import jinja2

from generator.core.config import Config
from generator.core.errors import UserError
from generator.core.sources import shown_path
from generator.importing.draft import yaml_text
from generator.importing.files import confinement, create, file_stem, free_path

PACK_NAMES = {"培训包", "培训", "pack", "packs"}
_NEXT = "用文本编辑器打开它，把每个【待填写……】换成实际内容，然后运行：caselib check"


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
    folder = (folder or config.cases_dir / kind.label).absolute()
    _write(folder, confinement(folder, config.cases_dir), file_stem(today.isoformat(), title), ".md", text)
    return 0


def render_template(config: Config, kind_id: str, title: str, today: dt.date) -> str:
    labels = {facet: "、".join(t.label for t in terms[:4]) for facet, terms in config.vocabulary.terms.items()}
    return _render(config, f"{kind_id}.md", title=_title(title), date=today.isoformat(),
                   models=labels["models"], stages=labels["stages"], techniques=labels["techniques"],
                   service_users=labels["service_users"])


def create_pack(config: Config, title: str, folder: Path | None, cases=()) -> int:
    """`caselib new 培训包`: a commented pack template in packs/, naming some of the library's cases as examples."""
    examples = "、".join(c.slug for c in list(cases)[:2]) or "heping-open-space-convention"
    techniques = "、".join(t.label for t in config.vocabulary.terms["techniques"][:3])
    text = _render(config, "pack.yml", title=_title(title), examples=examples, techniques=techniques)
    folder = (folder or config.packs_dir or config.root / "packs").absolute()   # packs_dir None: <root>/packs
    _write(folder, folder, file_stem(dt.date.today().isoformat(), title, "新培训包"), ".yml", text)
    return 0


def _title(title: str) -> str:
    """The whole title as one YAML scalar (quoted when YAML would misread it); "" keeps the template's prompt."""
    return yaml_text(title.replace('"', "“")) if title.strip() else ""


def _render(config: Config, name: str, **values: str) -> str:
    """A template of templates/new/, or a UserError naming the file that is missing or wrong."""
    folder = config.root / "templates" / "new"
    shown = shown_path(folder / name)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    try:
        return env.get_template(name).render(**values)
    except jinja2.TemplateNotFound:
        raise UserError(f"找不到模板文件 {shown}：caselib new 用 templates/new/ 中的模板写新文件",
                        f"把 caselib 示例库中的 templates/ 文件夹复制到 site_config.yml 所在的文件夹（{config.root}），"
                        "再运行一次") from None
    except jinja2.TemplateSyntaxError as exc:
        raise UserError(f"模板文件 {shown} 第 {exc.lineno} 行写错了，无法使用",
                        "改正这一行，或从 caselib 示例库的 templates/new/ 重新复制这个文件") from None
    except jinja2.UndefinedError:
        raise UserError(f"模板文件 {shown} 用到了 caselib 不提供的变量，无法使用",
                        "从 caselib 示例库的 templates/new/ 重新复制这个文件") from None
    except (OSError, UnicodeDecodeError):
        raise UserError(f"无法读取模板文件 {shown}", "检查它是否是 UTF-8 编码的文本文件，或从示例库重新复制") from None


def _write(folder: Path, within: Path, stem: str, suffix: str, text: str) -> None:
    """A new file in `folder`, confined to `within`, under the first free name."""
    path = free_path(folder, stem, suffix)
    create(within, path.relative_to(within), text.encode("utf-8"))
    print(f"已创建 {shown_path(path)}")
    print(_NEXT)
