"""`caselib` command line: thin commands; MkDocs is imported only by build/serve."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path
from types import FrameType
from typing import NoReturn, TextIO

from generator import cli_words
from generator.core.config import CONFIG_NAME, Config, find_config, load_config
from generator.core.errors import ConfigError, UsageError, UserError
from generator.core.problems import Problem, format_json, format_text, has_errors
from generator.core.sources import shown_path


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except UserError as exc:   # the one place where a user's failure becomes an exit code
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("\n已中止。", file=sys.stderr)
        return 130
    except BrokenPipeError:   # output piped into `head`, which stopped reading
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def run() -> None:
    """The `caselib` command. Exits without tearing down the interpreter: once everything is
    written, freeing a large build's objects one by one would only cost time."""
    for name in ("SIGTERM", "SIGHUP"):   # a closed terminal window or a stopped service: tidy up as Ctrl+C does
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _interrupted)
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _interrupted(signum: int, frame: FrameType | None) -> NoReturn:
    raise KeyboardInterrupt


def _parser() -> argparse.ArgumentParser:
    cli_words.install()
    parser = cli_words.Parser(prog="caselib", description="社区案例库：检查案例文件，生成可检索的案例网站。")
    parser.add_argument("--config", type=Path, help=f"配置文件（默认在当前或上级文件夹中找 {CONFIG_NAME}）")
    sub = parser.add_subparsers(title="命令", metavar="命令")

    check = sub.add_parser("check", help="检查案例文件，列出所有问题",
                           description="检查案例文件，列出所有问题（只有加 --fix 时才会修改文件）。")
    check.add_argument("paths", nargs="*", type=Path, help="要检查的文件或文件夹（默认 cases/）")
    check.add_argument("--strict", action="store_true", help="有警告也算不通过")
    check.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（json 供其他工具使用）")
    check.add_argument("--fix", action="store_true",
                       help="先自动改正头信息里的安全问题（别名、繁体、逗号连成的值、全角冒号、重复标签），再检查")
    check.add_argument("--dry-run", action="store_true", help="和 --fix 一起用：只显示会改什么，不写入文件")
    check.add_argument("--status", choices=("review", "draft", "published"),
                       help="只列出这种状态的案例和它们的问题，例如 --status review 列出待审核的案例")
    check.set_defaults(run=_check)

    new = sub.add_parser("new", help="按模板新建一个案例文件",
                         description="按模板新建一个案例文件（不会覆盖已有文件）。")
    new.add_argument("kind", help="案例类型：服务案例、培训心得 或 微项目故事；或 培训包")
    new.add_argument("--title", default="", help="案例标题")
    new.add_argument("--dir", type=Path, help="放在哪个文件夹（默认 cases/<类型>/）")
    new.set_defaults(run=_new)
    imp = sub.add_parser("import", help="把 Word、网页、微信文章、文本文件导入为案例草稿",
                         description="把 Word（.docx）、网页（.html）、微信文章、文本（.txt）导入为案例草稿："
                                     "清理、推测头信息、检查，不改动原文件，不覆盖已有文件。")
    imp.add_argument("paths", nargs="+", type=Path, help="要导入的文件或文件夹")
    imp.add_argument("--kind", help="案例类型：服务案例、培训心得 或 微项目故事（不写则按内容推测）")
    imp.add_argument("--dir", type=Path, help="草稿放在哪个文件夹（默认 cases/<类型>/）")
    imp.add_argument("--split", action="store_true", help="合集（几篇心得、几个故事）每篇生成一个草稿")
    imp.add_argument("--mask", action="store_true", help="把找到的电话、身份证号等个人信息在草稿中部分隐去")
    imp.add_argument("--dry-run", action="store_true", help="只显示会做什么，不写入任何文件")
    imp.set_defaults(run=_import)

    build = sub.add_parser("build", help="检查案例并生成网站（site/ 文件夹）",
                           description="检查案例并生成网站；有错误时不生成。")
    build.add_argument("--site-dir", type=Path, help="网站输出到哪个文件夹（默认 site/）")
    build.set_defaults(run=_build)

    serve = sub.add_parser("serve", help="在本机预览网站（含草稿，修改后自动刷新）",
                           description="在本机预览网站，草稿也会显示。")
    serve.add_argument("--address", default="127.0.0.1:8000", help="预览地址（默认 127.0.0.1:8000）")
    serve.set_defaults(run=_serve)
    return parser


def _config(args: argparse.Namespace) -> Config:
    """The library's config, read once for the whole command."""
    path = args.config or find_config()
    if path is None or not path.is_file():
        raise UsageError(f"找不到配置文件 {CONFIG_NAME}。请在案例库文件夹中运行 caselib，或用 --config 指定。")
    config, problems = load_config(path, shown_path(path))
    if config is None:
        raise ConfigError(format_text(problems, 1) + "\n配置文件有错误，请先修改 site_config.yml。")
    return config


def _check(args: argparse.Namespace) -> int:
    from generator.checks.load import load_library
    from generator.site.packs import load_packs

    if args.dry_run and not args.fix:
        raise UsageError("--dry-run 要和 --fix 一起用：caselib check --fix --dry-run")
    config = _config(args)
    targets = [p.absolute() for p in args.paths]
    if args.status:
        return _check_status(args, config, targets)
    report_to = sys.stderr if args.format == "json" else sys.stdout    # JSON on stdout stays parseable
    fix_problems = _fix(config, targets or None, args.dry_run, report_to) if args.fix else []
    pack_targets = [p for p in targets if p.resolve().is_relative_to(config.packs_dir)]
    case_targets = [p for p in targets if p not in pack_targets]
    packs_only = bool(pack_targets) and not case_targets
    # Packs name cases, so they are checked against the whole library, whose own problems are
    # shown only when cases were asked for.
    loaded = load_library(config, case_targets or None)
    problems, files = ([], 0) if packs_only else (list(loaded.problems), loaded.files + loaded.pages)
    problems = fix_problems + problems
    if pack_targets or not targets:
        cases = load_library(config).cases if case_targets else loaded.cases
        packs = load_packs(config, cases, targets=pack_targets or None)
        problems, files = problems + list(packs.problems), files + packs.files
    if args.format == "json":
        print(format_json(problems, files))
    else:
        print(format_text(problems, files))
    return 1 if has_errors(problems, args.strict) else 0


def _check_status(args: argparse.Namespace, config: Config, targets: list[Path]) -> int:
    """`caselib check --status review`: the review queue, each case with its problems."""
    from generator.checks.load import load_library
    from generator.checks.review_queue import format_queue, queue

    loaded = load_library(config, targets or None, preview=True)
    entries = queue(loaded, args.status)
    problems = [p for e in entries for p in e.problems]
    if args.format == "json":
        print(format_json(problems, len(entries)))
    else:
        print(format_queue(entries, args.status, loaded.files))
    return 1 if has_errors(problems, args.strict) else 0


def _fix(config: Config, targets: list[Path] | None, dry_run: bool, out: TextIO) -> list[Problem]:
    """`check --fix`: make the safe fixes (or only show them), print each, return the files it refused."""
    from generator.checks.fixes import fix_files

    changes, refused = fix_files(config, targets, dry_run)
    for change in changes:
        print(change.format(), file=out)
    files = len({c.shown for c in changes})
    if not changes:
        print(f"没有改正任何文件：{len(refused)} 个文件无法修改，原因见下面的错误。" if refused
              else "没有可以自动改正的地方。", file=out)
    elif dry_run:
        print(f"试运行：可以改正 {len(changes)} 行（{files} 个文件），没有写入文件。去掉 --dry-run 即可改正。",
              file=out)
    else:
        print(f"已改正 {len(changes)} 行（{files} 个文件）。以下是改正后的检查结果：", file=out)
    return refused


def _new(args: argparse.Namespace) -> int:
    from generator.importing.new_case import PACK_NAMES, create_case, create_pack

    config = _config(args)
    if args.kind.strip().lower() in PACK_NAMES:
        from generator.checks.load import load_library

        published = [c for c in load_library(config).cases if not c.is_draft]
        return create_pack(config, args.title, args.dir, published)
    return create_case(config, args.kind, args.title, args.dir)


def _import(args: argparse.Namespace) -> int:
    from generator.importing.run import Options, import_paths

    config = _config(args)
    kind = None
    if args.kind:
        match = config.vocabulary.lookup("kind", args.kind)
        if match is None:
            choices = "、".join(t.label for t in config.vocabulary.terms["kind"])
            raise UsageError(f"不认识案例类型“{args.kind}”。可选：{choices}")
        kind = match.term
    options = Options(kind=kind, folder=args.dir.absolute() if args.dir else None, split=args.split,
                      mask=args.mask, dry_run=args.dry_run)
    return import_paths(config, [p.absolute() for p in args.paths], options)


def _build(args: argparse.Namespace) -> int:
    config = _config(args)
    from generator.mkdocs_adapter.build import build_site

    return build_site(config, args.site_dir.absolute() if args.site_dir else None)


def _serve(args: argparse.Namespace) -> int:
    config = _config(args)
    from generator.mkdocs_adapter.preview import serve_site

    return serve_site(config, args.address)
