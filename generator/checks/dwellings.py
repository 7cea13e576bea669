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

_NUM = r"(?:[甲乙丙丁])?(?:[0-9]{1,5}|[〇零一二三四五六七八九十百两]{1,6})"
# A numbered part; 号楼/号院 before 号, 单元 before 单.
_PART = re.compile(rf"(?<![0-9〇零一二三四五六七八九十百两])({_NUM})"
                   r"(号楼|号院|号房|单元|号|组|社|栋|幢|座|门|层|楼|室|排)")
_SIDE_HOUSEHOLD = re.compile(r"[东西南北中]户|[东西南北中]边(?:那)?户|[东西]厢房|[正后]房")
_DASHED = re.compile(r"(?<![0-9\-])[0-9]{1,3}\s?[-—–－]\s?[0-9]{1,2}\s?[-—–－]\s?[0-9]{3,4}(?![0-9\-])")
_PLACE_BEFORE = re.compile(r"(?:村|屯|寨|庄|组|社|巷|弄|胡同|路|街|道|里|条)\s?$")
_PUBLIC_AFTER = re.compile(r"\s?(?:的)?(?:会议室|活动室|办公室|阅览室|服务中心|中心|服务站|工作站|站|馆|厅|所|医院|"
                           r"卫生|"
                           r"诊所|学校|小学|中学|幼儿园|广场|居委会|村委会|党群|食堂|超市|商店|公司|银行|派出所|门诊|"
                           r"大厅|礼堂|会场|活动|议事|办事|图书室|是社区|是村|是[^。，,；\n]{0,8}(?:室|馆|中心|站|厅))")
# A public building named just before the numbered parts: 社区服务中心一楼的101室.
_PUBLIC_BEFORE = re.compile(r"(?:中心|服务站|工作站|党群|居委会|村委会|学校|医院|图书馆|文化站|活动站|大楼|办公楼)"
                            r"[^。！？；;，,\n]{0,3}$")
_HOUSEHOLD_SIGN = re.compile(r"[室户号厢]|单元|[正后]房")
_GAP = 4          # characters allowed between two parts of one chain
_ROOMS = ("室", "号房")

Found = Iterator[tuple[str, int, int]]


def dwellings(norm: str) -> Found:
    """("address", start, end) of each household address in `norm` (the NFKC text)."""
    for m in _DASHED.finditer(norm):
        if not _PUBLIC_AFTER.match(norm, m.end()):
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
    if _PUBLIC_AFTER.match(norm, end) or _PUBLIC_BEFORE.search(norm, max(0, start - 12), start):
        return
    units = [p[2] for p in chain]
    reaches = (side is not None or any(u in _ROOMS for u in units)
               or ("单元" in units and units[-1] != "单元")
               or any(u in ("号", "号院") and (i > 0 or _PLACE_BEFORE.search(norm, max(0, p.start() - 3), p.start()))
                      for i, (p, u) in enumerate(zip(chain, units, strict=True))))
    if reaches and not _only_an_ordinal(norm, chain):
        yield "address", start, end


def _only_an_ordinal(norm: str, chain: list[re.Match[str]]) -> bool:
    """第3组、第5号 …: a position in a list, not a place."""
    return len(chain) == 1 and norm[max(0, chain[0].start() - 1):chain[0].start()] == "第"
