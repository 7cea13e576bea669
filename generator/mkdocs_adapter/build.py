"""`caselib build`: MkDocs' strict build run with the caselib plugin, its messages said in Chinese.

MkDocs is imported only when a build starts, so the other commands start without it.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from generator.core.config import Config, load_config
from generator.core.problems import format_text
from generator.mkdocs_adapter.plugin import CaselibPlugin
from generator.site.output import check_site_folder

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def build_site(library: Config | Path, site_dir: Path | None = None) -> int:
    """`caselib build`: a strict MkDocs build; problems are printed in Chinese, never a traceback.
    `library` is its config as the command read it, or the config's file (read here, once)."""
    if isinstance(library, Path):
        read, problems = load_config(library)
        if read is None:
            print("配置文件有错误，网站没有生成：\n" + format_text(problems, 1), file=sys.stderr)
            return 1
        library = read
    if site_dir is not None:
        check_site_folder(site_dir, library)   # before MkDocs, which would say it in English, or not at all
    from mkdocs.commands.build import build
    from mkdocs.config import load_config as load_mkdocs_config
    from mkdocs.exceptions import Abort, MkDocsException

    handler = quiet_mkdocs_logging()
    overrides = {"site_dir": str(site_dir)} if site_dir else {}
    plugin: CaselibPlugin | None = None
    try:
        config = load_mkdocs_config(config_file=str(library.path), strict=True, **overrides)
        plugin = ours = caselib_plugin(config)
        ours.library = library
        handler.addFilter(lambda record: not ours.refusal or record.getMessage() != ours.refusal)
        _build_keeping_unchanged(build, config, ours)
    except Abort as exc:
        refusal = plugin.refusal if plugin is not None else ""
        print(refusal or f"网站没有生成：{_in_chinese(exc.message)}", file=sys.stderr)
        return 1
    except MkDocsException as exc:
        print(f"网站没有生成：{getattr(exc, 'message', str(exc))}", file=sys.stderr)
        return 1
    print(f"网站已生成：{config.site_dir}")
    stats = ours.index_stats
    if stats and not stats.pages:
        print("检索已就绪，但还没有发布的案例：草稿（status: draft）不进入检索。")
    elif stats:
        print(f"检索已就绪：{stats.pages} 篇案例可以在“案例检索”中搜到（索引用时 {stats.seconds:.1f} 秒）。")
    return 0


def caselib_plugin(config: MkDocsConfig) -> CaselibPlugin:
    """Our plugin in MkDocs' config (site_config.yml lists it under `plugins`)."""
    from mkdocs.exceptions import ConfigurationError

    plugin = config.plugins.get("caselib")
    if not isinstance(plugin, CaselibPlugin):
        raise ConfigurationError("site_config.yml 的 plugins 中没有 caselib")
    return plugin


def _build_keeping_unchanged(build: Callable[[MkDocsConfig], None], config: MkDocsConfig,
                             ours: CaselibPlugin) -> None:
    """MkDocs' build with our cleaning of site/ (CaselibPlugin.clean_site); a build that fails
    leaves site/ as MkDocs' own cleaning would, empty."""
    from mkdocs import utils

    clean = utils.clean_directory
    utils.clean_directory = ours.clean_site
    try:
        build(config)
    except BaseException:   # MkDocs tells plugins of errors, not of Ctrl+C
        if ours.index is not None:
            ours.index.cancel()
        if ours.site_accepted:   # never a folder refused as the site's (it may be the library's own)
            clean(config.site_dir)
        raise
    finally:
        utils.clean_directory = clean



def _in_chinese(message: str) -> str:
    """MkDocs' own reasons to stop, said in Chinese (the lines above it name the files)."""
    warnings = re.search(r"Aborted with (\d+) warnings? in strict mode", message)
    if warnings:
        return f"MkDocs 报告了 {warnings[1]} 个警告（见上方，多半是 docs/ 中手写页面的链接），请先修改。"
    return "生成过程中出错（见上方的信息）。" if "BuildError" in message else message



def quiet_mkdocs_logging(level: int = logging.WARNING) -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("MkDocs %(levelname)s: %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False
    logging.getLogger("mkdocs.livereload").setLevel(logging.ERROR)   # no line per 404 while previewing
    return handler
