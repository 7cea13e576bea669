"""A small fixture library built through the real plugin, once per test session."""

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BODY_SECTIONS = "\n\n".join(
    f"## {h}\n\n{h}部分：社区里的居民一起讨论楼道堆物和电动车充电的问题，"
    "社工协助大家把意见整理成可以执行的办法，并记录了每一步的做法和效果。"
    for h in ("背景", "需求评估", "服务目标", "服务计划与介入过程", "成效评估", "专业反思"))

CASES = {
    "服务案例/heping-convention.md": dict(
        title="和平路社区的楼道公约", kind="服务案例", date="2023-06-15", community="和平路社区",
        models="[地区发展模式]", stages="[准备阶段, 启动阶段]", techniques="[开放空间会议, 居民公约, 参与式需求调查]"),
    "服务案例/huanshan-points.md": dict(
        title="环山路社区的公益积分", kind="服务案例", date="2024-03", community="环山路社区",
        models="[地区发展模式]", stages="[巩固阶段]", techniques="[积分管理与兑换, 资源链接, 居民公约]"),
    "服务案例/elderly-care.md": dict(
        title="独居老人的邻里守望", kind="服务案例", date="2022-11-02", community="和平路社区",
        models="[社区照顾模式]", stages="[启动阶段]", techniques="[志愿者培育, 资源链接]"),
    "培训心得/open-space-reflection.md": dict(
        title="第一次参加开放空间会议", kind="培训心得", date="2019-05-20", community="清华园社区",
        techniques="[开放空间会议, 团队活动创意]"),
    "微项目故事/garden.md": dict(
        title="废弃空地变成口袋花园", kind="微项目故事", date="2021-09", community="句容里居民区",
        stages="[准备阶段, 启动阶段]", techniques="[参与式需求调查, 卡片归类与531打分法]"),
    "服务案例/draft-case.md": dict(
        title="还在修改的草稿案例", kind="服务案例", date="2024-05-01", community="科院路社区", status="draft",
        models="[社会策划模式]", stages="[评估阶段]", techniques="[鱼骨图]"),
}


def case_text(fields: dict) -> str:
    fields = dict(fields)
    allow = fields.pop("allow", None)   # privacy.allow: values the supervisor lets through
    header = "\n".join(f"{k}: {v}" for k, v in fields.items())
    privacy = "privacy:\n  pseudonymised: true\n  pseudonyms: []\n  consent: written\n"
    privacy += f"  allow: {allow}\n" if allow else ""
    summary = f"summary: {fields['title']}的做法与效果。\n"
    return f"---\n{header}\n{summary}{privacy}---\n\n{BODY_SECTIONS}\n"


PACK = """title: 开放空间入门
purpose: 学会用开放空间会议让居民自己提出议题。
audience: [新社工, 居民骨干]
duration: 半天
sessions:
  - title: 一份公约的诞生
    duration: 90 分钟
    techniques: [开放空间会议]
    cases: [heping-convention, 第一次参加开放空间会议]
    questions:
      - 居民为什么愿意来？
      - 社工在会上做了什么，没做什么？
    activities: |
      分组模拟一次开放空间会议。
  - title: 积分
    cases: [huanshan-points]
    questions: [积分从哪里来？]
"""


def make_library(root: Path, cases: dict = CASES, packs: dict | None = None) -> Path:
    """The cases and their packs; the default cases come with one pack (packs/open-space.yml)."""
    shutil.copy(ROOT / "site_config.yml", root)
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copytree(ROOT / "docs", root / "docs")
    for name, fields in cases.items():
        path = root / "cases" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(case_text(fields), encoding="utf-8")
    if packs is None:
        packs = {"open-space.yml": PACK} if cases is CASES else {}
    for name, text in packs.items():
        (root / "packs").mkdir(exist_ok=True)
        (root / "packs" / name).write_text(text, encoding="utf-8")
    return root
