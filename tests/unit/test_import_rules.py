"""Each cleanup rule of `caselib import` on its own: what it removes, what it must leave
alone, and the count the report prints."""

import pytest

from generator.core.config import load_config
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
    looks_random,
)
from generator.importing.clean_script import phrase_changes, to_simplified_tw2sp
from generator.importing.guess import (
    guess_community,
    guess_date,
    guess_kind,
    suggest_tags,
)
from generator.importing.split import split_pieces, take_header_lines

from ..conftest import TODAY


def test_pronunciation_annotations():
    assert drop_pronunciation_annotations("社會(huì )工作服務(wù)") == ("社會工作服務", 2)
    assert drop_pronunciation_annotations("社区（zhù）") == ("社区", 1)
    # no tone mark, or not after a Chinese character: an English gloss or a code stays
    assert drop_pronunciation_annotations("工作(work)和 SWOT(s)")[1] == 0


@pytest.mark.parametrize("run", ["k8Jd3a", "4ldT$+c", "x7Gk2#", "Q3aZ9pL"])
def test_noise_runs(run):
    assert looks_random(run)


@pytest.mark.parametrize("run", ["2021-11-17", "531", "SWOT", "Wi-Fi", "COVID-19", "iPhone12", "WeChat",
                                 "https://a.org/x?y=1", "A4", "MP3", "B2B2C", "wang@example.org", "14:30"])
def test_real_words_and_numbers_are_not_noise(run):
    assert not looks_random(run)


def test_noise_between_sentences_and_junk_lines():
    text = ("我们参访了社区。k8Jd3a这次 4ldT$+c 学到很多，2021-11-17 用了 SWOT 分析。\n"
            "x7Gk2# 9Lq#pZ\n![图](图片/IMG_1.png)")
    cleaned, n = drop_injected_noise(text)
    assert cleaned == "我们参访了社区。这次学到很多，2021-11-17 用了 SWOT 分析。\n![图](图片/IMG_1.png)"
    assert n == 4
    english = "We met at k8Jd3a street."          # not between Chinese text: left alone
    assert drop_injected_noise(english) == (english, 0)


@pytest.mark.parametrize("line", ["首页 | 登录 | 注册", "查看: 1234|回复: 56",
                                  "本帖最后由 小王 于 2021-11-17 14:02 编辑", "点击蓝字关注我们", "长按识别二维码",
                                  "阅读原文", "返回顶部", "分享到：朋友圈 微博", "发表于 2021-11-17 14:02", "楼主",
                                  "上一篇：社区邻里节"])
def test_chrome_lines(line):
    assert drop_site_chrome(f"正文。\n{line}\n正文。") == ("正文。\n正文。", 1)


@pytest.mark.parametrize("line", ["分享会圆满结束", "回复居民的每一条意见是我们的责任。",
                                  "我们点击蓝字关注了公众号，后来又在公众号里报名参加了活动，活动很成功。",
                                  "大家好", "首页设计由居民完成"])
def test_lines_that_only_look_like_chrome(line):
    assert drop_site_chrome(line) == (line, 0)


def test_image_file_name_lines_go_captions_stay():
    text = "IMG_20211116_144028.jpg\n孩子们在种花\n微信图片_20211116144028.jpg\n![](图片/a.png)\n照片.jpg是谁拍的？"
    assert drop_image_file_names(text) == ("孩子们在种花\n![](图片/a.png)\n照片.jpg是谁拍的？", 2)


def test_hard_wraps_joined_titles_and_signatures_not():
    text = ("诚基中心第一社区\n\n□徐媛\n\n从开始的迷茫,到后来团队一起出谋划策做出的案例;从大家开始对自己的\n\n"
            "否定到最后的肯定。\n赋能培训筑牢社区治理基石\n在梨园镇,一场行动正在开展。")
    joined, n = join_hard_wraps(text)
    assert n == 1
    assert "从大家开始对自己的否定到最后的肯定。" in joined
    assert "诚基中心第一社区\n\n□徐媛" in joined and "赋能培训筑牢社区治理基石\n在梨园镇" in joined


def test_flattened_article_split_at_sentence_ends():
    line = ("导语很长。" * 60 + " 高跟鞋或运动鞋?这不是个问题 □讲述人 夏敏(北京居民区) "
            "2021年1月18日,是我成为社工的第571天。")
    text, n = split_flattened_paragraphs(line)
    assert "\n\n高跟鞋或运动鞋?这不是个问题\n\n□讲述人 夏敏(北京居民区)\n\n2021年1月18日," in text
    assert n == 3
    assert split_flattened_paragraphs("短的一行 有空格。 没关系")[1] == 0


def test_numbered_headings():
    text = ("一、服务背景\n（一）社区概况\n1.人口结构\n第二部分 成效\n1、利用资源检查表,检查社区运用资源的情况。\n"
            "一、 我们做了很多事情，居民很满意。\n1. 第一项")
    out, n = mark_numbered_headings(text)
    assert out.split("\n")[:4] == ["## 一、服务背景", "### （一）社区概况", "#### 1.人口结构", "## 第二部分 成效"]
    assert n == 4            # sentences that start with a number are not headings
    assert out.endswith("\n1. 第一项")   # a Markdown list item (Word lists arrive so) stays a list


def test_fullwidth_letters_and_digits():
    assert halfwidth_letters_digits("ＳＷＯＴ分析，２０２１年（上）") == ("SWOT分析，2021年（上）", 8)


def test_paragraphs_separated_lists_kept_together():
    out, n = separate_paragraphs("第一段\n第二段\n- 甲\n- 乙\n| a |\n| b |")
    assert out == "第一段\n\n第二段\n\n- 甲\n- 乙\n\n| a |\n| b |"
    assert n == 3


def test_traditional_converted_only_when_traditional():
    text, n = to_simplified_tw2sp("梨園鎮社會工作服務中心組織團體督導培訓，社區工作者學習傾聽的技巧。")
    assert text == "梨园镇社会工作服务中心组织团体督导培训，社区工作者学习倾听的技巧。" and n > 10
    simplified = "著名的社区工作者。"         # Simplified text is left alone, 著 included
    assert to_simplified_tw2sp(simplified) == (simplified, 0)
    assert phrase_changes("積極互動交流", "积极交互交流") == ["“互动”改成了“交互”1 处"]


def test_split_finds_signed_pieces_and_their_header_lines():
    text = "汇编\n\n和平路社区居委会\n\n□刘娟\n\n第一篇正文。\n\n□讲述人 马婷婷、李凯(海防村居民区)\n\n第二篇正文。"
    intro, pieces = split_pieces(text)
    assert intro == "" and len(pieces) == 2
    first, second = (take_header_lines(p) for p in pieces)
    assert (first.title, first.community, first.authors, first.body) == (
        "汇编", "和平路社区", ["刘娟"], "第一篇正文。\n")
    assert (second.community, second.authors) == ("海防村居民区", ["马婷婷", "李凯"])
    assert split_pieces("只有一篇。\n\n□刘娟\n\n正文。")[1] == []


def test_guessed_date_prefers_publication_line_and_skips_future():
    assert guess_date("活动在2019年5月开始。\n发布时间：2021-11-17", today=TODAY)[0] == "2021-11-17"
    assert guess_date("计划在2099年3月完成，2019年5月开始。", today=TODAY)[0] == "2019-05"
    assert guess_date("社区党委\n二0一二年一月", today=TODAY)[0] == "2012-01"
    assert guess_date("没有日期。", today=TODAY) == ("", "")


def test_guessed_community_needs_a_name_not_a_phrase():
    name, why, others = guess_community("和平路社区的老楼很多。我们了解社区的情况，和平路社区居民很热心。")
    assert name == "和平路社区" and "了解社区" not in others


def test_kind_and_tags_from_labels_aliases_and_hints(config):
    kind, why = guess_kind(config.vocabulary, "这次培训让我受益匪浅，写下心得体会。")
    assert kind.label == "培训心得" and "培训" in why
    tags = suggest_tags(config.vocabulary, "我们用卡归打排出问题。居民挣到公益积分可以兑换服务。")
    labels = [s.label for s in tags["techniques"]]
    assert "卡片归类与531打分法" in labels                    # alias
    assert "积分管理与兑换" in labels                          # alias 公益积分
    [card] = [s for s in tags["techniques"] if s.label == "卡片归类与531打分法"]
    assert card.quote == "我们用卡归打排出问题。"


def test_hints_in_config_are_validated(tmp_path):
    from ..conftest import ROOT

    text = (ROOT / "site_config.yml").read_text(encoding="utf-8")
    bad = text.replace("hints: [积分]", "hints: [积分管理]").replace("hints: [公约]", "hints: {a: b}")
    (tmp_path / "site_config.yml").write_text(bad, encoding="utf-8")
    config, problems = load_config(tmp_path / "site_config.yml")
    messages = [p.message for p in problems]
    assert config is None
    assert any("“积分管理”已是术语 points-exchange 的名称或别名" in m for m in messages)
    assert any("居民公约 的 hints 应是一串词" in m for m in messages)
