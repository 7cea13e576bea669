"""Personal data is found and masked; look-alikes (dates, amounts, hotlines, masked values) are not flagged.

All ID and card numbers here are computed (check digit, Luhn), not real people's numbers.
"""

import unicodedata
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.checks.personal_data import (
    _DASHES,
    LABELS,
    PiiMatch,
    _normalise,
    find_pii,
)

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(first17: str) -> str:
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def card_number(body: str) -> str:
    return next(body + check for check in "0123456789" if luhn_ok(body + check))


def grouped(number: str, sep: str = " ") -> str:
    return sep.join(number[i:i + 4] for i in range(0, len(number), 4))


def wide(text: str) -> str:
    """Full-width form, as typed with a Chinese input method in full-width mode."""
    return "".join("\u3000" if c == " " else chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _spaced_mask(grouped_number: str) -> str:
    """First and last four digits kept, separators kept."""
    total = sum(c.isalnum() for c in grouped_number)
    out, seen = [], 0
    for c in grouped_number:
        if c.isalnum():
            out.append(c if seen < 4 or seen >= total - 4 else "*")
            seen += 1
        else:
            out.append(c)
    return "".join(out)


def stars(number: str) -> str:
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


ID = id_number("37010219800101123")
ID_X = next(n for n in (id_number(f"110105199003071{k:02d}") for k in range(100)) if n.endswith("X"))
ID_OLD = "370102800101123"                    # 15 digits, born 1980-01-01
CARD19 = card_number("622202123456789012")
CARD16 = card_number("622848001234567")
VISA = card_number("411111111111111")
CARD19_DASHED = "-".join([CARD19[:4], CARD19[4:8], CARD19[8:12], CARD19[12:16], CARD19[16:]])

FOUND = [
    # mobile
    ("张阿姨的电话是13812345678，", "mobile", "138****5678"),
    ("手机 138 1234 5678", "mobile", "138****5678"),
    ("手机138-1234-5678。", "mobile", "138****5678"),
    ("+86 139-1234-5678", "mobile", "139****5678"),
    ("国际格式+8613912345678", "mobile", "139****5678"),
    ("联系１３８１２３４５６７８即可", "mobile", "138****5678"),
    ("电话：" + wide("138 1234 5678") + "。", "mobile", "138****5678"),
    ("手机号码:17712345678", "mobile", "177****5678"),
    ("微信号：13812345678", "mobile", "138****5678"),         # a number is reported as the number it is
    # landline
    ("座机0531-86123456", "landline", "0531-****3456"),
    ("(010)12345678", "landline", "010-****5678"),
    ("电话010 1234 5678", "landline", "010-****5678"),
    ("（０１０）１２３４５６７８", "landline", "010-****5678"),
    ("办公室电话020-87654321转", "landline", "020-****4321"),
    ("(0531) 8612 3456", "landline", "0531-****3456"),
    ("电话0531—86123456", "landline", "0531-****3456"),            # em dash
    ("电话：0531 - 86123456", "landline", "0531-****3456"),        # spaces around the dash
    ("手机138–1234–5678", "mobile", "138****5678"),                # en dash
    # resident ID
    ("身份证" + ID + "。", "id-card", stars(ID)),
    ("身份证号：" + ID_X, "id-card", stars(ID_X)),
    ("证件号" + ID_X.lower() + "，", "id-card", stars(ID_X.lower())),
    ("证件号码" + wide(ID), "id-card", stars(ID)),
    ("老身份证" + ID_OLD, "id-card", "3701*******1123"),
    # ID numbers grouped with spaces for reading
    ("身份证号 " + f"{ID[:6]} {ID[6:14]} {ID[14:]}" + "。", "id-card", _spaced_mask(f"{ID[:6]} {ID[6:14]} {ID[14:]}")),
    ("证件号码：" + grouped(ID), "id-card", _spaced_mask(grouped(ID))),
    ("身份证 " + f"{ID_X[:6]} {ID_X[6:10]} {ID_X[10:14]} {ID_X[14:]}", "id-card",
     _spaced_mask(f"{ID_X[:6]} {ID_X[6:10]} {ID_X[10:14]} {ID_X[14:]}")),
    # phones with dots, and in Chinese numerals
    ("手机138.1234.5678，", "mobile", "138****5678"),
    ("电话 0531.8612.3456", "landline", "0531-****3456"),
    ("座机0531.86123456。", "landline", "0531-****3456"),
    ("她的手机是一三八一二三四五六七八。", "mobile", "138****5678"),
    ("电话幺三九 一二三四 五六七八", "mobile", "139****5678"),
    ("打零五三一八六一二三四五六找她", "landline", "0531-****3456"),
    # bank card
    ("银行卡" + CARD19, "bank-card", stars(CARD19)),
    ("卡号：" + grouped(CARD16), "bank-card", "6228 **** **** " + CARD16[-4:]),
    ("卡号" + CARD19_DASHED + "，", "bank-card", "6222-****-****-***" + CARD19[15] + "-" + CARD19[16:]),
    ("信用卡" + grouped(VISA) + "。", "bank-card", "4111 **** **** " + VISA[-4:]),
    ("工资卡" + wide(CARD19), "bank-card", stars(CARD19)),
    # e-mail
    ("邮箱 zhang.san@example.com", "email", "zh***@example.com"),
    ("发到ab@qq.com就行", "email", "a***@qq.com"),
    ("13812345678@163.com", "email", "13***@163.com"),
    ("邮箱：" + wide("wang@example.cn"), "email", "wa***@example.cn"),
    # WeChat and QQ, only when labelled
    ("微信：abc_12345", "wechat", "ab*****45"),
    ("微信号是 wxid_zhang88", "wechat", "wx********88"),
    ("加VX:zhang_li2020", "wechat", "zh********20"),
    ("vx：Li_Hua_1990", "wechat", "Li*******90"),
    ("QQ号：12345678", "qq", "12****78"),
    ("扣扣 987654321", "qq", "98*****21"),
    ("qq是10001234", "qq", "10****34"),
    # home address
    ("她住在3号楼2单元501室", "address", "*号楼*单元***室"),
    ("老李家在5栋302。", "address", "*栋***"),
    ("8号楼301室", "address", "*号楼***室"),
    ("188弄12号301室", "address", "***弄**号***室"),
    ("家住3-2-501", "address", "*-*-***"),
    ("地址：幸福小区3-2-501", "address", "*-*-***"),
    ("３号楼２单元５０１室", "address", "*号楼*单元***室"),
    ("送到三号楼二单元五零一室时", "address", "*号楼*单元***室"),   # the room in Chinese numerals is part of it
    ("三栋三零二室", "address", "*栋***室"),
    ("188弄十二号三零一室", "address", "***弄**号***室"),
    # the northern 楼-门-室, and 楼-单元-室 shorthand after a compound's name
    ("住在3号楼2门501", "address", "*号楼*门***"),
    ("12楼3门302号的老两口", "address", "**楼*门***号"),
    ("三号楼二门五零一室", "address", "*号楼*门***室"),
    ("阳光花园3-2-501", "address", "*-*-***"),
    ("幸福小区 12-3-1502 的业主", "address", "**-*-****"),
    ("她在锦绣家园5-1-302住了十年", "address", "*-*-***"),
    # licence plate
    ("车牌鲁A12345的车", "plate", "鲁A·***45"),
    ("京A·D12345", "plate", "京A·***45"),
    ("粤B 12345D", "plate", "粤B·***5D"),
    ("鲁Ａ１２３４５", "plate", "鲁A·***45"),
    ("他的车是苏EF 27519，停在楼下", "plate", "苏E·***19"),
    ("浙B 3K 791", "plate", "浙B·***91"),
    # a household given by its position, the rural way
    ("她家在柳树屯西头第四户", "address", "第*户"),
    ("进村往北第三排，东数第二家就是", "address", "第*家"),
    ("住在纺织厂宿舍D座3楼305房", "address", "D座*楼***房"),
    ("她在华庭苑7座21楼B", "address", "*座**楼B"),
    ("平时就睡在农贸市场C区14号摊位", "address", "C区**号摊位"),
]

CHANGED_ID = ID[:17] + ("0" if ID[17] != "0" else "1")
NOT_FOUND = [
    # already masked
    "138****5678", "3701**********1234", "6222 **** **** 1234", "zh***@example.com",
    # public hotlines
    "热线12345", "报警110，急救120", "消费者投诉12315", "工行客服95588", "拨打400-123-4567",
    "800-820-8820", "4008208820",
    # dates, times, years, case numbers
    "2024-05-01", "20240501", "2024年5月1日", "下午14:30开会", "2024-05-01 14:30:00", "2019 年春天",
    "案例编号2023-015", "2023-2024学年", "2019—2021年", "1998 — 2003", "第1 - 3组",
    # amounts, counts, percentages, other numbers
    "5000元", "1,200.50元", "经费12345678元", "印制500份手册", "17个社区", "参与率达到 84%", "第 571 天",
    "一百二十份问卷", "π约等于3.14159265358979", "ISBN 978-7-111-12345-6", "ISBN 9787111123456",
    # public rooms and counts of buildings, not homes
    "居委会201室", "活动室", "3号楼活动室", "3号楼201会议室", "二十六栋多层住宅", "全小区共5栋302户", "三栋一百二十户",
    "二十六栋三百多户", "居住在本社区的老人",
    # words that only look like labels
    "微信群里有200人", "QQ群", "京剧", "新A股",
    # dates with dots, money with thousands separators, statistics
    "2023.11.17", "2023.11.17—2023.12.01", "时间：2021.5.8", "1,380,000元", "经费13,812,345,678元",
    "满意率98.5%，参与率84.3%", "共服务1,234人次", "版本1.13.8", "均值13.8，标准差12.34",
    "138.5万元", "0.5", "3.1415926",
    # hotlines, building numbers without a room, school names, year ranges
    "96110", "心理热线 12356", "3号楼", "三号楼", "5栋", "阳光花园3号楼", "3号楼门口", "3楼会议室", "12楼3门诊室",
    # a building and its stairwell name no household (a dozen families share one)
    "12幢1单元", "三号楼二单元", "住在十二栋三单元", "新建了12间活动室", "改造了三间房",
    "办公地址：文化路36号（文化路社区党群服务中心二楼）",
    "走访的第三户是刘奶奶家", "比赛得了第二名", "第五家商户签了约", "第2排座位",
    "第三十一中学", "实验小学三年级", "济南二中", "2019-2021", "2019.09-2021.06", "2019—2021年",
    "阳光花园2019-2021年", "比分3-2", "幸福小区3-2", "楼道公约第3-2条",
    # Chinese numerals that are no phone
    "一二三四五六七八九十", "二〇二三年十一月", "一九九八年到二〇〇三年", "一一〇和一二〇",
]

# Deny by default: a number long enough to identify someone that is none of the known shapes and not
# shown harmless is still reported, as 未识别的号码 (or by its label).
UNIDENTIFIED = [
    (CHANGED_ID, "number"), ("12345678901234567890", "number"),
    (CARD19[:-1] + str((int(CARD19[-1]) + 1) % 10), "number"),
    (f"{CHANGED_ID[:6]} {CHANGED_ID[6:14]} {CHANGED_ID[14:]}", "number"),
    ("订单号 20240501123045", "number"), ("医保卡号 1234 5678 9012", "account"), ("住院号ZY20230871", "medical"),
    ("门诊病历号：一〇二三四五六七", "medical"), ("企鹅号 83920451", "social"), ("编号913812345678", "account"),
    ("房本上写着不动产权第0038215号", "account"), ("登记在第0062417号名下", "number"),
]


@pytest.mark.parametrize("text,kind", UNIDENTIFIED)
def test_any_other_long_number_is_reported_by_default(text, kind):
    [match] = find_pii(text)
    assert match.kind == kind and match.label == LABELS[kind]
    assert sum(c.isdigit() for c in match.masked) <= 4          # the message never shows the number


@pytest.mark.parametrize("text,kind,masked", FOUND)
def test_personal_data_is_found_and_masked(text, kind, masked):
    [match] = find_pii(text)
    assert (match.kind, match.masked) == (kind, masked)
    assert match.label == LABELS[kind]
    assert text[match.start:match.end] == match.text


@pytest.mark.parametrize("text", NOT_FOUND)
def test_look_alikes_are_not_flagged(text):
    assert find_pii(text) == []


def test_the_masked_form_never_contains_the_middle_of_the_number():
    for text, _, _ in FOUND:
        for match in find_pii(text):
            assert match.text not in match.masked


def test_id_check_digit_and_birth_date():
    assert [m.kind for m in find_pii(ID)] == ["id-card"]
    for wrong in "0123456789X":
        if wrong != ID[-1]:
            assert [m.kind for m in find_pii(ID[:17] + wrong)] == ["number"], wrong   # reported, not as an ID
    body_changed = ID[:14] + str((int(ID[14]) + 1) % 10) + ID[15:]    # one digit of the sequence changed
    assert [m.kind for m in find_pii(body_changed)] == ["number"]
    assert [m.kind for m in find_pii(id_number("37010219800230123"))] == ["number"]   # February 30th
    assert [m.kind for m in find_pii(id_number("37010229800101123"))] == ["number"]   # born in 2980


def test_an_id_number_is_not_also_a_card_or_a_phone():
    # an ID number (Guangdong, 44...) that happens to pass Luhn as well
    both = next(n for n in (id_number(f"44010619850615{k:03d}") for k in range(1000)) if n.isdigit() and luhn_ok(n))
    assert [(m.kind, m.text) for m in find_pii(f"身份证{both}。")] == [("id-card", both)]


def test_numbers_are_never_taken_from_inside_longer_numbers():
    assert [m.text for m in find_pii("编号913812345678")] == ["913812345678"]   # 12 digits: not a phone plus one
    assert [m.kind for m in find_pii("x" + "9" + ID + "9")] == ["number"]     # one code, not an ID inside it
    assert [m.text for m in find_pii("13812345678 13987654321")] == ["13812345678", "13987654321"]
    assert [m.text for m in find_pii(f"卡{CARD19}号")] == [CARD19]


def test_several_kinds_in_one_record():
    text = f"王阿姨（化名）电话13812345678，身份证{ID}，住在3号楼2单元501室，车牌鲁A12345，邮箱wang@example.com。"
    assert [m.kind for m in find_pii(text)] == ["mobile", "id-card", "address", "plate", "email"]


def test_allowed_values_are_not_reported():
    assert find_pii("服务热线 0531-86123456", allow=["0531 86123456"]) == []
    assert find_pii("服务热线（０５３１）８６１２３４５６", allow=["0531-86123456"]) == []
    found = find_pii("服务热线0531-86123456，王阿姨13812345678", allow=["0531-86123456"])
    assert [m.masked for m in found] == ["138****5678"]          # only the declared number is let through
    assert find_pii("邮箱 Help@Example.org", allow=["help@example.org"]) == []


def test_each_kind_has_a_hint_of_its_own():
    from generator.checks.privacy import HINTS
    assert set(HINTS) == set(LABELS)
    for kind, hint in HINTS.items():     # a public service phone, or a number the library knows harmless
        assert ("allow" in hint) == (kind in ("mobile", "landline", "number")), kind
        assert "138****5678" not in hint or kind == "mobile", kind


def test_limit_keeps_the_first_findings_in_the_text():
    assert len(find_pii("13812345678 " * 100, limit=5)) == 5
    text = "13812345678，" * 3 + "a@example.com，" * 3
    assert [m.kind for m in find_pii(text, limit=4)] == ["mobile"] * 3 + ["email"]
    assert find_pii(text, limit=0) == []


def test_offsets_point_into_the_original_text_with_full_width_and_expanding_characters():
    phone = wide("138 1234 5678")
    text = f"记录……㎏①张阿姨电话：{phone}，ＱＱ：１２３４５６７８"
    norm, origin = _normalise(text)
    assert len(norm) != len(text) and origin is not None   # … → ..., ㎏ → kg, ① → 1 change the length
    mobile, qq = find_pii(text)
    assert (mobile.start, mobile.end, mobile.text) == (text.index(phone), text.index(phone) + len(phone), phone)
    assert (mobile.kind, mobile.masked) == ("mobile", "138****5678")
    assert (qq.kind, qq.text, qq.masked) == ("qq", "１２３４５６７８", "12****78")


def test_normalised_copy_is_nfkc_character_by_character_with_dashes_as_hyphens():
    # the characters the scan leaves alone without folding (ASCII, CJK, common Chinese punctuation)
    untouched = "".join(map(chr, [*range(0xA0), *range(0x4E00, 0xA000), 0x3001, 0x3002, *range(0x3008, 0x3012),
                                   0x2018, 0x2019, 0x201C, 0x201D]))
    assert _normalise("中" + untouched)[0] == "中" + untouched
    text = "ｶﾞ①…e\u0301，１３８"
    assert _normalise(text)[0] == "".join(unicodedata.normalize("NFKC", c) for c in text)
    assert _normalise("0531—8612–3456－7")[0] == "0531-8612-3456-7"   # one for one: offsets stay put


DANGEROUS = st.sampled_from(list("0123456789 -—+()*Xx@._:：号楼栋幢单元室弄住址微信QQvx鲁京A·D１３８　…㎏①ｶﾞ\u0301\n")
                            + ["138", "0531-", "6222", ID, CARD19, "号楼2单元", "@example.com"])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(DANGEROUS, max_size=40).map("".join)), st.integers(0, 60))
def test_never_raises_and_every_match_is_the_original_text(text, limit):
    found = find_pii(text, limit=limit)
    assert len(found) <= limit
    assert all(isinstance(m, PiiMatch) and m.label == LABELS[m.kind] for m in found)
    assert all(text[m.start:m.end] == m.text and m.text for m in found)
    assert all(a.end <= b.start for a, b in pairwise(found))      # in order, no overlaps
    norm, origin = _normalise(text)
    assert norm == "".join(unicodedata.normalize("NFKC", c) for c in text).translate(_DASHES)
    assert origin is None or (len(origin) == len(norm) and origin == sorted(origin))


CHINESE = st.text(alphabet=st.one_of(st.sampled_from("，。：；！？（）“”、 \n—《》"),
                                     st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)), max_size=20)


@given(CHINESE, st.sampled_from("3456789"), st.integers(0, 999_999_999), CHINESE)
def test_a_mobile_number_in_any_chinese_sentence_is_found(before, second, rest, after):
    number = f"1{second}{rest:09d}"
    found = find_pii(before + number + after)
    assert [(m.kind, m.text, m.masked) for m in found] == [("mobile", number, f"{number[:3]}****{number[-4:]}")]
