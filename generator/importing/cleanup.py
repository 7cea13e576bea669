"""The cleanup rules in the order they run, and the one function that runs them.

Order matters: annotations go before the script is converted (they sit after
Traditional characters), the script is converted before the chrome rules (whose
patterns are Simplified), and lines are joined only after junk lines are gone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.importing.clean_chrome import drop_image_file_names, drop_site_chrome
from generator.importing.clean_layout import (
    halfwidth_letters_digits,
    join_hard_wraps,
    mark_numbered_headings,
    separate_paragraphs,
    split_flattened_paragraphs,
)
from generator.importing.clean_noise import (
    drop_injected_noise,
    drop_pronunciation_annotations,
)
from generator.importing.clean_script import phrase_changes, to_simplified_tw2sp
from generator.importing.model import Rule

RULES: tuple[Rule, ...] = (
    Rule("删除拼音注音，如“會(huì )”", "处", drop_pronunciation_annotations),
    Rule("繁体转简体（OpenCC 台湾用词配置 tw2sp）", "个字", to_simplified_tw2sp, phrase_changes),
    Rule("全角字母数字改为半角", "个字", halfwidth_letters_digits),
    Rule("删除防复制乱码", "处", drop_injected_noise),
    Rule("把挤在一行的文章按句末空格分段", "处", split_flattened_paragraphs),
    Rule("删除网页导航、按钮、计数和关注提示", "行", drop_site_chrome),
    Rule("删除只有图片文件名的行", "行", drop_image_file_names),
    Rule("合并被硬换行截断的句子", "处", join_hard_wraps),
    Rule("编号标题（一、（一）1.）改为 Markdown 标题", "个", mark_numbered_headings),
    Rule("段落之间加空行（Markdown 分段）", "处", separate_paragraphs),
)


@dataclass
class Cleaned:
    text: str
    counts: dict[str, int] = field(default_factory=dict)     # rule name → how many changes
    to_check: list[str] = field(default_factory=list)        # changes the supervisor should read again


def clean(text: str, rules: tuple[Rule, ...] = RULES) -> Cleaned:
    """Run every rule; counts by rule name (rules that changed nothing are left out)."""
    result = Cleaned(_LONG_BLANK.sub(" ", text))   # no document means 80 KB of spaces; no rule then sees them
    for rule in rules:
        before = result.text
        result.text, n = rule.apply(before)
        if n:
            result.counts[rule.name] = n
            if rule.explain:
                result.to_check += rule.explain(before, result.text)
    result.text = _squeeze_blank_lines(result.text)
    return result


_LONG_BLANK = re.compile(r"[ \t\u3000]{64,}")


def _squeeze_blank_lines(text: str) -> str:
    out: list[str] = []
    for line in text.split("\n"):
        if line.strip() or (out and out[-1].strip()):
            out.append(line.rstrip())
    return "\n".join(out).strip() + "\n"
