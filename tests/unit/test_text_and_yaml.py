from generator.core import yamltree
from generator.core.text import decode, match_key


def test_utf8_bom_and_crlf_are_plain_text():
    decoded = decode("\ufefftitle: 标题\r\nkind: 培训心得\r\n".encode("utf-8"))
    assert decoded.text == "title: 标题\nkind: 培训心得\n"
    assert decoded.encoding == "utf-8"


def test_gbk_and_big5_files_are_read_with_their_encoding():
    assert decode("社区居民一起讨论楼道公约，大家都很积极。".encode("gbk")).encoding == "gb18030"
    big5 = decode("社區居民一起討論樓道公約，大家都很積極參與。".encode("big5"))
    assert big5.encoding == "big5" and "樓道公約" in big5.text


def test_binary_is_refused():
    assert decode(b"PK\x03\x04\x00\x00word").text is None


def test_match_key_folds_traditional_fullwidth_and_case():
    assert match_key("地區發展模式") == match_key("地区发展模式")
    assert match_key("５３１打分法") == match_key("531打分法")
    assert match_key("ＳＷＯＴ 分析") == match_key("swot分析")


def test_scalars_stay_the_text_typed():
    node, issues = yamltree.parse("title: 2024\ncommunity: no\ndate: 2024-13-01\nok: true\n")
    assert not issues
    assert {k: v.scalar for k, v in node.mapping.items()} == {
        "title": "2024", "community": "no", "date": "2024-13-01", "ok": "true"}


def test_lines_are_file_lines():
    node, _ = yamltree.parse("title: a\ntechniques:\n  - 鱼骨图\n  - 谈话棒\n", first_line=2)
    assert node.key_lines == {"title": 2, "techniques": 3}
    assert [i.line for i in node.mapping["techniques"].items] == [4, 5]


def test_duplicate_keys_and_aliases_are_reported():
    _, issues = yamltree.parse("a: 1\nb: 2\na: 3\n")
    assert [(i.line, "写了两次" in i.message) for i in issues] == [(3, True)]
    _, issues = yamltree.parse("a: &x [1, 2]\nb: *x\n")
    assert issues and "别名" in issues[0].message


def test_alias_bomb_is_cheap():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    node, issues = yamltree.parse(bomb)
    assert issues  # refused, not expanded to 9**9 items
