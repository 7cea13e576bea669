"""argparse's own words (usage, errors, help headings) in Chinese: its messages come through gettext,
which has no Chinese catalogue, so `install()` gives it one."""

from __future__ import annotations

import argparse
import os
import sys
from typing import NoReturn

WORDS = {
    "usage: ": "用法：",
    "options": "选项",
    "positional arguments": "参数",
    "show this help message and exit": "显示这段帮助",
    "%(prog)s: error: %(message)s\n": "%(prog)s：%(message)s\n",
    "the following arguments are required: %s": "缺少必须写的参数：%s",
    "unrecognized arguments: %s": "不认识的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "“%(value)s”不是可选的值（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "后面要写一个值",
    "expected at least one argument": "后面至少要写一个值",
    "expected at most one argument": "后面最多写一个值",
    "invalid %(type)s value: %(value)r": "“%(value)s”不是有效的值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "not allowed with argument %s": "不能和 %s 一起用",
    "one of the arguments %s is required": "%s 中要写一个",
    "ignored explicit argument %r": "选项不接受值 %r",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}


def _chinese(message: str) -> str:
    return WORDS.get(message, message)


def _chinese_plural(singular: str, plural: str, n: int) -> str:
    return {"expected %s argument": "后面要写 %s 个值", "expected %s arguments": "后面要写 %s 个值"}.get(
        singular if n == 1 else plural, singular if n == 1 else plural)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are said in Chinese, with what to do about the common ones."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        hint = _hint()
        self.exit(2, f"{self.prog}：{message}\n{hint}" + ("\n" if hint else "")
                  + f"（运行 {self.prog} -h 看全部用法）\n")


def _hint() -> str:
    """A file whose name starts with - is read as an option: say how to name it."""
    dashed = [a for a in sys.argv[1:] if a.startswith("-") and len(a) > 1 and os.path.exists(a)]
    return f"文件名以 - 开头时，在它前面写 ./，例如 ./{dashed[0]}" if dashed else ""


def install() -> None:
    """Before any parser is made: argparse looks its words up when it prints them."""
    argparse._ = _chinese              # type: ignore[attr-defined]
    argparse.ngettext = _chinese_plural  # type: ignore[attr-defined]
