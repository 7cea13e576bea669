"""Full names introduced as service users, residents or relatives are found; pseudonyms and staff are not.

Also measures false alarms on real texts: the sample library and the public seed documents
(../shared/seeds/, where staff and trainees sign with their real names, as they may).
"""

from pathlib import Path

import pytest

from generator.checks.names import introduced_names
from generator.checks.personal_data import find_pii

ROOT = Path(__file__).resolve().parent.parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"

FOUND = [
    ("服务对象王秀英，女，78岁，独居。", "王秀英"),
    ("案主李建国 男 65岁 退休工人", "李建国"),
    ("案主：吴海燕，女，45岁", "吴海燕"),
    ("服务对象黄建华男性68岁", "黄建华"),
    ("服务对象陈桂芳，72岁，丧偶", "陈桂芳"),
    ("她的女儿李红梅每周来看她", "李红梅"),
    ("老伴张德福去年去世了", "张德福"),
    ("儿子刘志强在外地工作", "刘志强"),
    ("她孙女王小雨读三年级", "王小雨"),
    ("外孙周浩然放假回来", "周浩然"),
    ("邻居名叫赵建国", "赵建国"),
    ("小区居民孙秀兰阿姨", "孙秀兰"),
    ("王秀英（女，78岁）独自居住", "王秀英"),
]

NOT_FOUND = [
    "王某（男，65岁）和刘阿姨",        # pseudonym forms
    "服务对象老王，男，70岁", "女儿小李每周回来", "案主张阿姨，女，68岁",
    "社工张敏联系了她的女儿", "督导周静，女，在中心工作十年", "周静督导说", "刘主任带队走访",   # staff by role
    "求助者马丽（化名）来到服务站",      # said to be a pseudonym where it is introduced
    "调动居民和社区志愿者的积极性", "让居民明白具体情况", "提示居民农忙回乡",    # words jieba tags as names
    "发动楼门邻居和低龄老人结成小组", "家中老人和病人情况", "男女老少都来了", "三年级二班的孩子",
]


@pytest.mark.parametrize("text, name", FOUND)
def test_introduced_full_names_are_found(text, name):
    assert [n.name for n in introduced_names(text)] == [name]
    assert text[introduced_names(text)[0].offset:].startswith(name)


@pytest.mark.parametrize("text", NOT_FOUND)
def test_pseudonyms_staff_and_ordinary_words_are_not(text):
    assert introduced_names(text) == []


def test_declared_names_and_authors_are_known():
    text = "服务对象陈桂英（女，72岁）由社工刘娟跟进。"
    assert [n.name for n in introduced_names(text)] == ["陈桂英"]
    assert introduced_names(text, frozenset({"陈桂英"})) == []


def test_no_name_or_personal_data_alarm_on_the_sample_library():
    for path in sorted((ROOT / "cases").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert introduced_names(text) == [], path.name
        assert find_pii(text) == [], path.name


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are beside the repository, in ../shared/seeds")
def test_no_name_or_personal_data_alarm_on_the_public_seed_texts():
    """The seeds name staff and trainees (signatures, speakers) but introduce no resident by full name."""
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        assert [n.name for n in introduced_names(text)] == [], path.name
        assert [m.masked for m in find_pii(text)] == [], path.name
