"""What `caselib import` tells the supervisor, per input: what it read and cleaned, what it
wrote, what it guessed and why, what is still to fill in; then the check of the drafts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.core.facets import FACETS
from generator.core.sources import shown_path
from generator.importing.cleanup import RULES, Cleaned
from generator.importing.draft import Draft
from generator.importing.model import Source

_UNITS = {rule.name: rule.unit for rule in RULES}
_FIELD_NAMES = {"title": "标题", "date": "日期", "community": "社区", "authors": "撰写人", "summary": "摘要",
                **{f: FACETS[f].label for f in ("models", "stages", "techniques")},
                "privacy.pseudonymised": "是否化名", "privacy.consent": "同意方式"}


class Report:
    def __init__(self, out: Callable[[str], object], dry_run: bool, masked: bool):
        self.out, self.dry_run, self.masked = out, dry_run, masked

    def refused(self, path: Path, message: str, hint: str) -> None:
        self.out(f"\n✗ {shown_path(path)}：{message}")
        if hint:
            self.out(f"  怎么办：{hint}")

    def start(self, source: Source, cleaned: Cleaned, pieces: int, split: bool) -> None:
        encoding = f"，{source.encoding.upper()} 编码" if source.encoding else ""
        self.out(f"\n■ {shown_path(source.path)}（{source.format}{encoding}）")
        for note in source.notes:
            self.out(f"  读取：{note}")
        if cleaned.counts:
            done = "；".join(f"{name} {n} {_UNITS.get(name, '处')}" for name, n in cleaned.counts.items())
            self.out(f"  清理：{done}")
        else:
            self.out("  清理：没有需要清理的内容")
        if cleaned.to_check:
            self.out(f"  请核对繁简转换的用词：{'；'.join(cleaned.to_check)}")
        if pieces and not split:
            self.out(f"  提示：这份文件像是 {pieces} 篇文章的合集（每篇有自己的署名或编号）。"
                     f"加 --split 可每篇生成一个草稿：caselib import --split {shown_path(source.path)}")
        elif pieces:
            self.out(f"  拆分：按署名或编号拆成 {pieces} 篇")

    def note(self, text: str) -> None:
        self.out(f"  说明：{text}")

    def draft(self, number: int, total: int, draft: Draft) -> None:
        verb = "将写入" if self.dry_run else "写入"
        which = f"第 {number}/{total} 篇" if total > 1 else "草稿"
        images = f"（图片 {len(draft.images)} 张，在 {draft.path.parent.name}/图片/ 中）" if draft.images else ""
        self.out(f"  {which}：{verb} {shown_path(draft.path)}{images}")
        for line in draft.rendered.guesses:
            self.out(f"    推测：{line}")
        for found in draft.pii:
            hidden = "已在草稿中隐去" if self.masked else "草稿中仍是原样，请删除或隐去（或加 --mask 自动隐去）"
            self.out(f"    个人信息：{found.label}“{found.masked}”—— {hidden}")
        todo = "、".join(_FIELD_NAMES.get(k, k) for k in dict.fromkeys(draft.rendered.todo))
        if todo:
            self.out(f"    还需填写：{todo}")

    def checked(self, text: str) -> None:
        self.out("\n检查新草稿（与 caselib check 相同）：")
        self.out(text)

    def summary(self, inputs: int, failed: int, drafts: int) -> None:
        verb = "可生成" if self.dry_run else "生成了"
        line = f"\n导入 {inputs} 个文件：{verb} {drafts} 个草稿"
        line += f"，{failed} 个文件无法导入（见上面的 ✗）。" if failed else "。"
        self.out(line)
        if self.dry_run:
            self.out("这是试运行（--dry-run），没有写入任何文件。")
        elif drafts:
            self.out("下一步：用文本编辑器打开草稿，填写【待填写……】，核对推测的内容，然后运行 caselib check。")
