"""A dwelling's address, in whatever order and numerals it is written, down to a household.

An address is read as a chain of numbered parts (5组, 23号, 3栋, 2单元, 1102室, 二楼 …) with at most
a few characters between them. A chain names a household when it reaches a room (室, 房, 户 after a
side: 西户), a 号 after a village, group, lane or street (李家村28号, 5社23号, 和平路15号), or a unit
with its room; a street, compound, village or building alone (和平路, 阳光小区, 3号楼) does not.
A chain followed by a public place (活动室, 服务中心, 居委会 …) is that place's address, not a home's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_CN = "〇零一二三四五六七八九十百两"
# A numbered part (甲16号, 5组, 十二栋 …); 号楼/号院 before 号, 单元 before 单. The pattern starts with a
# character class and looks behind after it, so the regex engine skips to the numerals (9× faster than a
# look-behind tried at every character); after 甲 comes a number, after a digit more digits, after a
# Chinese numeral more of them.
# A letter may number a block or a wing (C座, B区, B1栋).
_PART = re.compile(rf"([甲乙丙丁A-Z0-9{_CN}](?<![0-9A-Za-z{_CN}][甲乙丙丁A-Z0-9{_CN}])"
                   rf"(?:(?<=[甲乙丙丁])(?:[0-9]{{1,5}}|[{_CN}]{{1,6}})|(?<=[A-Z])[0-9]{{0,3}}|(?<=[0-9])[0-9]{{0,4}}"
                   rf"|(?<=[{_CN}])[{_CN}]{{0,5}}))"
                   r"(号楼|号院|号房|号铺位|号铺|号摊位|单元|号|组|社|栋|幢|座|区|门|层|楼|室|房|间|铺位|摊位|床位|排)")
# After the numbered parts, a side or a flat's letter names the household: 二楼西户, 西厢房, 19楼D.
_SIDE_HOUSEHOLD = re.compile(r"[东西南北中]户|[东西南北中]边(?:那)?户|[东西]厢房|[正后]房"
                             r"|(?<=[楼层])[A-H](?![A-Za-z0-9])")
_DASHED = re.compile(r"[0-9](?<![0-9\-][0-9])[0-9]{0,2}\s?[-—–－]\s?[0-9]{1,2}\s?[-—–－]\s?[0-9]{3,4}(?![0-9\-])")
_PLACE_BEFORE = re.compile(r"(?:村|屯|寨|庄|组|社|巷|弄|胡同|路|街|道|里|条)\s?$")
_PUBLIC_AFTER = re.compile(r"\s?(?:[（(][^）)\n]{0,14}?)?(?:的)?"
                           r"(?:会议室|活动室|办公室|阅览室|服务中心|中心|服务站|工作站|站|馆|厅|所|医院|卫生|"
                           r"诊所|学校|小学|中学|幼儿园|广场|居委会|村委会|党群|食堂|超市|商店|公司|银行|派出所|门诊|"
                           r"大厅|礼堂|会场|活动|议事|办事|图书室|是社区|是村|是[^。，,；\n]{0,8}(?:室|馆|中心|站|厅))")
# A public building named just before the numbered parts: 社区服务中心一楼的101室.
# … or an organisation's address given as such: 办公地址：历山路128号.
_PUBLIC_BEFORE = re.compile(r"(?:中心|服务站|工作站|党群|居委会|村委会|学校|医院|图书馆|文化站|活动站|大楼|办公楼)"
                            r"[^。！？；;，,\n]{0,3}$"
                            r"|(?:办公地址|办公地点|新址|旧址|服务地点|单位地址|机构地址|活动地点)[：:\s]*[^。！？；;\n]{0,10}$")
# A household given by its position, the rural way: 村东头第二户, 后街往西第二排，东头数第三户, 西边第三家.
# A direction or a row just before the ordinal makes it a place; 走访的第三户 is an order, not a place.
_ORDINAL_HOUSEHOLD = re.compile(rf"第[0-9{_CN}]{{1,3}}(?:户|家)(?!人家?[的都])")
_POSITION_BEFORE = re.compile(rf"(?:[东西南北](?:头|边|面|侧|数|起)|往[东西南北]|[村巷街路屯]口|第[0-9{_CN}]{{1,3}}排)"
                              r"[^。！？；\n]{0,4}$")
_HOUSEHOLD_SIGN = re.compile(r"[室户号厢房间铺摊床]|单元|(?<=[楼层])[A-H]")
_GAP = 4          # characters allowed between two parts of one chain
_ROOMS = ("室", "号房", "号铺位", "号铺", "号摊位")
_ROOMS_OR_COUNTS = ("房", "间", "铺位", "摊位", "床位")    # 612房 in a chain; alone, 12间 is a count

Found = Iterator[tuple[str, int, int]]


def dwellings(norm: str) -> Found:
    """("address", start, end) of each household address in `norm` (the NFKC text)."""
    for m in _DASHED.finditer(norm):
        if not _PUBLIC_AFTER.match(norm, m.end()):
            yield "address", m.start(), m.end()
    if "第" in norm:
        for m in _ORDINAL_HOUSEHOLD.finditer(norm):
            if _POSITION_BEFORE.search(norm, max(0, m.start() - 10), m.start()):
                yield "address", m.start(), m.end()
    if not _HOUSEHOLD_SIGN.search(norm):
        return   # no room, side household, 号 or unit anywhere: no chain can reach a home
    chain: list[re.Match[str]] = []
    for part in _PART.finditer(norm):
        if chain and part.start() - chain[-1].end() > _GAP or chain and _breaks(norm[chain[-1].end():part.start()]):
            yield from _household(norm, chain)
            chain = []
        chain.append(part)
    yield from _household(norm, chain)


def _breaks(between: str) -> bool:
    return any(c in "。！？；;，,、\n|" for c in between)


def _household(norm: str, chain: list[re.Match[str]]) -> Found:
    if not chain:
        return
    start, end = chain[0].start(), chain[-1].end()
    side = _SIDE_HOUSEHOLD.match(norm, end, end + 4)
    if side:
        end = side.end()
    if _PUBLIC_AFTER.match(norm, end) or _PUBLIC_BEFORE.search(norm, max(0, start - 24), start):
        return
    units = [p[2] for p in chain]
    reaches = (side is not None or any(u in _ROOMS for u in units)
               or len(chain) > 1 and units[-1] in _ROOMS_OR_COUNTS and not _a_count(norm, chain)
               or ("单元" in units and units[-1] != "单元")
               or any(u in ("号", "号院") and (i > 0 or _PLACE_BEFORE.search(norm, max(0, p.start() - 3), p.start()))
                      for i, (p, u) in enumerate(zip(chain, units, strict=True))))
    if reaches and not _only_an_ordinal(norm, chain):
        yield "address", start, end


_COUNTING = re.compile(r"[有共设建约各再又还增改新]")


def _a_count(norm: str, chain: list[re.Match[str]]) -> bool:
    """二楼有三间教室: the last part counts rooms, it does not number one."""
    return bool(_COUNTING.search(norm, chain[-2].end(), chain[-1].start()))


def _only_an_ordinal(norm: str, chain: list[re.Match[str]]) -> bool:
    """第3组、第5号 …: a position in a list, not a place."""
    return len(chain) == 1 and norm[max(0, chain[0].start() - 1):chain[0].start()] == "第"
