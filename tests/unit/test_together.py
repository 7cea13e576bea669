"""Details that identify a resident together (issue 22): an exact birth date, a child's class, an illness with
a place. Each is a warning that says why; 儿童信息 only when the person is a minor, read from the date or the
age written beside it. The sentences are written for these tests, in forms the check was not written from."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.checks.together import together_in

TODAY = dt.date(2026, 12, 4)


def findings(sentence: str, allow: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    return [(p.code, p.message) for p in together_in("a.md", [(sentence, lambda _: 7, "正文")], TODAY, allow)]


@pytest.mark.parametrize("sentence, code", [
    ("丁奶奶今年八十九岁，1937年3月2日出生，老伴走得早。", "组合信息"),
    ("老人出生于1941.11.23，当过三十年小学老师。", "组合信息"),
    ("他生于一九四〇年八月十五日，是村里的老党员。", "组合信息"),
    ("包大爷农历一九三六年冬月廿三生，今年九十岁。", "组合信息"),
    ("朵朵是2017年9月1日出生的，今年刚上三年级。", "儿童信息"),
    ("孩子出生日期：2012-04-30，由外婆照看。", "儿童信息"),
    ("她的生日是正月初六，今年十一岁。", "儿童信息"),
    ("每年八月十二日是刘伯的生日，他今年七十六岁了。", "组合信息"),
])
def test_a_birth_date_is_reported_and_a_child_only_when_the_date_or_age_says_minor(sentence, code):
    found = findings(sentence)
    assert [c for c, _ in found] == [code], found
    assert found[0][1].startswith("正文写了")


@pytest.mark.parametrize("sentence", [
    "小杰在第二实验小学五年级三班，放学后常一个人在楼下玩。",
    "表里写着：东东，育才小学二（4）班。",
    "她女儿读初三(2)班，成绩一直不错。",
])
def test_one_childs_class_is_child_information(sentence):
    assert [c for c, _ in findings(sentence)] == ["儿童信息"]


@pytest.mark.parametrize("sentence", [
    "三年级二班的四十一名同学和老师一起来到敬老院。",
    "我们和五年级一班的孩子们合作布置了展板。",
    "全班同学在初一(3)班教室里写了感谢信。",
])
def test_a_class_named_as_a_group_identifies_nobody(sentence):
    assert findings(sentence) == []


@pytest.mark.parametrize("sentence", [
    "郑伯确诊血友病已经二十年，是桂花苑里大家都认识的“老病号”。",
    "她是东湖村唯一一个坐轮椅出门的人，每天由儿子推着去赶集。",
    "陈姐的儿子患有成骨不全，住在我们社区，邻居们都叫他“瓷娃娃”。",
])
def test_an_illness_with_a_place_that_points_at_one_person(sentence):
    assert [c for c, _ in findings(sentence)] == ["组合信息"]


@pytest.mark.parametrize("sentence", [
    "活动于2023年5月1日举行，到场四十人。",
    "1990年出生的小王社工负责这次走访。",
    "居民多是五十年代生人，对老厂区感情很深。",
    "2023年5月3日生活垃圾分类试点启动。",
    "老人今年九十三岁，身体还算硬朗。",
    "小区里唯一的诊所就在东门，看病很方便。",
    "培训中学习了罕见病患者家庭的支持方法。",
    "社区里有不少慢性病老人，我们开了健康讲座。",
])
def test_harmless_dates_ages_and_illness_words_are_not_reported(sentence):
    assert findings(sentence) == []


@pytest.mark.parametrize("text, code", [
    ("| 姓名 | 出生日期 | 备注 |\n|---|---|---|\n| 孙阿姨 | 1949年2月17日 | 独居 |", "组合信息"),
    ("| 孩子 | 生日 |\n| --- | --- |\n| 豆豆 | 2018-10-03 |", "儿童信息"),
    ("小雨四岁，在红星幼儿园中一班，胆子很小。", "儿童信息"),
    ("她是新华里社区唯一的满族百岁老人，逢年过节都有人来看她。", "组合信息"),
])
def test_structure_gives_the_context_a_table_heading_a_kindergarten_a_uniqueness(text, code):
    assert [c for c, _ in findings(text)] == [code], findings(text)


@pytest.mark.parametrize("text", [
    "| 活动 | 日期 |\n|---|---|\n| 生日会 | 2023年5月3日 |",
    "中一班的小朋友们表演了节目。",
    "这是社区唯一的一家超市。",
])
def test_the_same_shapes_without_that_context_are_not_reported(text):
    assert findings(text) == []


def test_an_allowance_in_the_header_lets_a_detail_through_and_a_guardians_consent_alone_does_not():
    sentence = "小杰在第二实验小学五年级三班。"
    assert findings(sentence, allow=("五年级三班",)) == []
    assert findings(sentence, allow=("六年级一班",)) != []
