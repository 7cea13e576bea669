"""The source documents in ../shared/seeds imported end to end (read at run time): the
compilations split into their pieces, the news page cleaned, every draft's check showing only
"fill this in" problems, and no sentence of the source lost on the way."""

import re
import unicodedata
from pathlib import Path

import opencc
import pytest

from generator.importing.run import Options, import_paths

from ..conftest import TODAY
from .import_fixtures import config_for

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
pytestmark = pytest.mark.skipif(not SEED_FILES, reason="../shared/seeds is not beside the repository")
FILL_IN = {"未填写", "缺少章节", "正文过短", "疑似真名", "儿童信息"}   # problems that ask for writing, not fixing
# Written independently of the importer's rules: pronunciation in brackets after a character.
_ANNOTATION = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü ]{1,8}[)）]")
_T2S = opencc.OpenCC("tw2sp")


@pytest.fixture(scope="module")
def imported(config, tmp_path_factory):
    library = tmp_path_factory.mktemp("seeds")
    (library / "cases").mkdir()
    lines: list[str] = []
    code = import_paths(config_for(config, library), SEED_FILES, Options(split=True, today=TODAY), out=lines.append)
    drafts = {p.name: p.read_text(encoding="utf-8") for p in (library / "cases").rglob("*.md")}
    return code, "\n".join(lines), drafts


def _key(text: str) -> str:
    """What a sentence is compared by: Simplified, half-width, no spaces, no Markdown marks."""
    text = _T2S.convert(unicodedata.normalize("NFKC", _ANNOTATION.sub("", text)))
    return re.sub(r"[\s#*>|\-]", "", text)


def test_every_seed_produces_drafts(imported):
    code, report, drafts = imported
    assert code == 0, report
    assert "按署名或编号拆成 12 篇" in report          # 000: twelve signed reflections
    assert "按署名或编号拆成 4 篇" in report           # 004: four micro-project stories
    assert len(drafts) == 12 + 1 + 5 + 4


def test_compilation_pieces_have_their_own_authors_and_communities(imported):
    _, _, drafts = imported
    reflections = [t for t in drafts.values() if "kind: 培训心得" in t]
    assert len(reflections) == 12
    authors = {re.search(r"^authors: \[(.+?)\]", t, re.M)[1] for t in reflections}
    assert {"徐媛", "刘娟", "韩旭", "张德琴"} <= authors and len(authors) == 12
    assert any("community: 和平路社区" in t for t in reflections)
    story = next(t for t in drafts.values() if "高跟鞋或运动鞋" in t)
    assert "authors: [夏敏]" in story and "community: 北京居民区" in story and "date: 2021-01-18" in story


def test_news_page_is_cleaned(imported):
    _, report, drafts = imported
    [news] = [t for t in drafts.values() if "小阵地" in t]
    assert "(huì" not in news and "社會" not in news and "社会工作" in news
    assert "region: 北京市通州区" in news
    assert "删除拼音注音" in report and "繁体转简体" in report


def test_check_shows_only_fill_in_problems(imported):
    _, report, _ = imported
    found = re.findall(r"^(\S+\.md):\d+: (?:错误|警告)\[([^\]]+)\]", report, re.M)
    assert found
    assert {code for _, code in found} <= FILL_IN, [f for f in found if f[1] not in FILL_IN]


@pytest.mark.parametrize("seed", SEED_FILES, ids=[p.name[:3] for p in SEED_FILES])
def test_no_sentence_of_the_source_is_lost(seed, imported):
    _, _, drafts = imported
    everything = _key("".join(drafts.values()))
    source = _ANNOTATION.sub("", seed.read_text(encoding="utf-8"))
    # Sentences, and spaces as breaks too: 004 is one line whose paragraphs are separated by spaces.
    pieces = re.split(r"(?<=[。！？!?])|\s+", source)
    sentences = [p for p in pieces if len(re.findall(r"[\u4e00-\u9fff]", p)) >= 4]
    lost = [s for s in sentences if _key(s) not in everything]
    assert not lost, lost[:5]
    assert len(sentences) > 20
