"""Write N synthetic but realistic cases (fixed seed, real vocabulary) into a library folder."""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.config import load_config  # noqa: E402

PLACES = ["和平路", "环山路", "科院路", "清华园", "云景里", "半壁店", "句容里", "梨园", "燕南", "东风", "滨河", "翠竹"]
SENTENCES = [
    "社区里老旧小区多，独居老人比例高，楼道堆物和电动车充电一直是居民反映最多的问题。",
    "社工先用半个月时间入户走访，又在议事厅召开了两次居民座谈会，把大家的意见写在卡片上分类整理。",
    "居民骨干主动承担了召集和记录的工作，每周三下午在活动室碰头，讨论下一步怎么做。",
    "我们和物业、业委会、辖区单位建立了每月一次的联席会议，问题当场分工，下次会议通报进展。",
    "项目结束时做了满意度调查，回收问卷一百二十份，满意率达到百分之九十以上。",
    "回头看，最重要的不是活动办了多少场，而是居民开始相信自己能够解决身边的问题。",
    "志愿者队伍从最初的八个人发展到三十多人，还形成了简单的值班和积分制度。",
    "也有做得不够的地方：年轻居民参与少，部分骨干负担过重，下一阶段需要调整分工。",
]


def case_text(rng: random.Random, i: int, vocab) -> str:
    kind = rng.choice(vocab.terms["kind"])
    pick = lambda facet, k: rng.sample(vocab.terms[facet], k)  # noqa: E731
    tags = {"models": pick("models", 1), "stages": pick("stages", rng.randint(1, 2)),
            "techniques": pick("techniques", rng.randint(2, 5))}
    header = [f"title: {rng.choice(PLACES)}社区案例第{i}号：{tags['techniques'][0].label}的实践",
              f"kind: {kind.label}", f"date: {rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
              f"community: {rng.choice(PLACES)}社区{rng.randint(1, 60)}", "summary: 居民在社工协助下共同讨论、分工行动，问题得到缓解。"]
    header += [f"{facet}: [{', '.join(t.label for t in terms)}]" for facet, terms in tags.items()]
    header += ["privacy:", "  pseudonymised: true", "  pseudonyms: []", "  consent: written"]
    sections = [s.label for s in kind.sections] or ["经过", "体会"]
    body = "\n\n".join(f"## {title}\n\n" + "".join(rng.choices(SENTENCES, k=rng.randint(3, 8))) for title in sections)
    return "---\n" + "\n".join(header) + "\n---\n\n" + body + "\n"


def make_library(target: Path, n: int, seed: int = 20261122) -> Path:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in ("site_config.yml",):
        shutil.copy(ROOT / name, target)
    for folder in ("templates", "docs"):
        shutil.copytree(ROOT / folder, target / folder)
    config, problems = load_config(target / "site_config.yml")
    assert config, problems
    rng = random.Random(seed)
    cases = target / "cases"
    for i in range(n):
        folder = cases / f"batch-{i // 500:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"case-{i:05d}.md").write_text(case_text(rng, i, config.vocabulary), encoding="utf-8")
    return target


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    print(make_library(Path(sys.argv[2] if len(sys.argv) > 2 else f"bench/out/lib-{count}"), count))
