"""Personal data is found and masked; look-alikes (dates, amounts, masked values) are not flagged."""

import pytest

from generator.pii import find_pii

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(first17: str) -> str:
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def card_number(body: str) -> str:
    for check in "0123456789":
        digits = [int(d) for d in reversed(body + check)]
        if sum(d if i % 2 == 0 else (2 * d - 9 if 2 * d > 9 else 2 * d) for i, d in enumerate(digits)) % 10 == 0:
            return body + check
    raise AssertionError


VALID_ID = id_number("37010219800101123")
FOUND = [
    ("张阿姨的电话是13812345678，", "mobile", "138****5678"),
    ("手机 138 1234 5678", "mobile", "138****5678"),
    ("联系１３８１２３４５６７８即可", "mobile", "138****5678"),
    ("+86 139-1234-5678", "mobile", "139****5678"),
    ("座机0531-86123456", "landline", "0531-****3456"),
    ("(010)12345678", "landline", "010-****5678"),
    ("身份证" + VALID_ID + "。", "id-card", VALID_ID[:4] + "*" * 10 + VALID_ID[-4:]),
    ("银行卡" + card_number("622202123456789012"), "bank-card", "6222***********" + card_number("622202123456789012")[-4:]),
    ("邮箱 zhang.san@example.com", "email", "zh***@example.com"),
    ("微信：abc_12345", "wechat", "ab*****45"),
    ("QQ号：12345678", "qq", "12****78"),
    ("她住在3号楼2单元501室", "address", "*号楼*单元***室"),
    ("老李家在5栋302", "address", "*栋***"),
    ("188弄12号301室", "address", "***弄**号***室"),
    ("家住3-2-501", "address", "*-*-***"),
    ("车牌鲁A12345的车", "plate", "鲁A·***45"),
]
NOT_FOUND = ["138****5678", "热线12345", "拨打400-123-4567", "2024-05-01", "20240501", "案例编号2023-015",
             "5000元", "1,200.50元", "印制500份手册", "17个社区", "居委会201室", "ISBN 978-7-111-12345-6",
             "二十六栋多层住宅", VALID_ID[:17] + ("0" if VALID_ID[17] != "0" else "1"), "参与率达到 84%",
             "3号楼活动室", "2019 年春天", "第 571 天", "一百二十份问卷"]


@pytest.mark.parametrize("text,kind,masked", FOUND, ids=[k for _, k, _ in FOUND])
def test_personal_data_is_found_and_masked(text, kind, masked):
    [match] = find_pii(text)
    assert (match.kind, match.masked) == (kind, masked)
    assert text[match.start:match.end] == match.text


@pytest.mark.parametrize("text", NOT_FOUND)
def test_look_alikes_are_not_flagged(text):
    assert find_pii(text) == []


def test_allowed_values_and_limit():
    assert find_pii("服务热线 0531-86123456", allow=["0531 86123456"]) == []
    assert len(find_pii("13812345678 " * 100, limit=5)) == 5
