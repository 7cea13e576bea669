"""Write N synthetic but realistic cases (fixed seed, real vocabulary) into a library folder."""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.core.config import load_config  # noqa: E402 - after the path is set

PLACES = ["和平路", "环山路", "科院路", "清华园", "云景里", "半壁店", "句容里", "梨园", "燕南", "东风", "滨河", "翠竹"]
FALLBACK = [
    "社区里老旧小区多，独居老人比例高，楼道堆物和电动车充电一直是居民反映最多的问题。",
    "居民骨干主动承担了召集和记录的工作，每周三下午在活动室碰头，讨论下一步怎么做。",
]


def sample_sentences() -> list[str]:
    """Sentences of the sample library's bodies: synthetic cases then have a realistic vocabulary,
    which is what the search index and the query dictionary grow with."""
    sentences = []
    for path in sorted((ROOT / "cases").rglob("*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[-1]
        for line in body.splitlines():
            if line and not line.startswith(("#", "|", "!", ">")):
                # links point nowhere here
                sentences += [s + "。" for s in line.split("。") if len(s) > 12 and "](" not in s]
    return sentences or FALLBACK


SENTENCES = sample_sentences()


def case_text(rng: random.Random, i: int, vocab) -> str:
    kind = rng.choice(vocab.terms["kind"])
    pick = lambda facet, k: rng.sample(vocab.terms[facet], k)  # noqa: E731
    tags = {"models": pick("models", 1), "stages": pick("stages", rng.randint(1, 2)),
            "techniques": pick("techniques", rng.randint(2, 5))}
    header = [f"title: {rng.choice(PLACES)}社区案例第{i}号：{tags['techniques'][0].label}的实践",
              f"kind: {kind.label}",
              f"date: {rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
              f"community: {rng.choice(PLACES)}社区{rng.randint(1, 60)}",
              "summary: 居民在社工协助下共同讨论、分工行动，问题得到缓解。"]
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
