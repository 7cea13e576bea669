"""Person names introduced in a case body: a service user, a resident or a relative named in full.

Names are found by a real segmenter, rjieba (jieba-rs, already used for search), whose
part-of-speech tags mark person names (`nr`). Tagging every sentence of every case would
cost most of `check`'s time, so only sentences that introduce someone are tagged: those
naming a role (服务对象, 案主 …), a relative (女儿, 老伴 …), "名叫", or a sex or age. A name
counts as introduced when it follows such a word directly ("女儿李红梅", "案主：吴海燕") or
is followed by a sex or an age ("王秀英，女，78岁"). Pseudonym forms (王某, 王阿姨, 老王,
小王), names right beside a staff role (社工张敏, 周静督导) and names the caller knows
(declared pseudonyms, the case's authors) are never reported. The text is read as its reader sees
it (`reader_text`: references decoded, invisible characters removed, offsets mapped back), so
"李&#32418;梅" or a zero-width space inside a name hides nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from generator.checks.reader_text import reader_text

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
            "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
            "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂"
            "成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费"
            "卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "夏侯", "端木")
ROLES = "服务对象|案主|求助者|受助者|受助人|当事人|个案|居民|住户|业主|老人|独居老人"
RELATIVES = ("女儿|儿子|老伴|丈夫|妻子|爱人|老公|老婆|母亲|父亲|妈妈|爸爸|孙子|孙女|外孙女|外孙"
             "|儿媳|女婿|哥哥|姐姐|弟弟|妹妹|侄子|侄女|外甥|外甥女|家属|监护人|邻居|保姆")
INTRODUCERS = f"名叫|名字叫|叫做|姓名|{ROLES}|{RELATIVES}"
_SURNAME_FIRSTS = frozenset(SURNAMES + "".join(s[0] for s in COMPOUND_SURNAMES))
_SURNAME_START = "[" + SURNAMES + "".join(s[0] for s in COMPOUND_SURNAMES) + "]"
_SEX_OR_AGE = r"(?:(?:男|女)性?(?![士孩儿生])|[0-9一二三四五六七八九十]{1,3}\s*岁)"
# Sentences worth tagging: a surname right after a word that introduces someone, or a sex or an age
# a few characters after a surname. Most sentences have neither and are never tagged. (One regex for
# both would try the second form at every common surname character: ten times slower.)
INTRODUCED = re.compile(rf"(?:{INTRODUCERS})(?:是|叫|为)?[\s：:，,]*{_SURNAME_START}")
DETAIL_MARK = re.compile(r"[男女](?=性?[\s，,、）)0-9])|岁")
NAME_BEFORE_DETAIL = re.compile(rf"{_SURNAME_START}[\u4e00-\u9fff]{{1,3}}[\s（(，,、]+"
                                r"(?:[0-9一二三四五六七八九十]{1,3}\s*)?$")
SENTENCE_ENDS = "。！？；!?;\n"
WINDOW = 14        # characters tagged before a hit (twice as many after it)
MAX_PLACES = 2_000     # places tagged per text: a real case has a few dozen
MAX_NAMES = 30
BEFORE = re.compile(rf"(?P<cue>{INTRODUCERS})(?:是|叫|为)?[\s：:，,]*$")
SAID_PSEUDONYM = re.compile(r"^[\s（(]*化名")
AFTER = re.compile(rf"^[\s（(，,、]*{_SEX_OR_AGE}")
# After a general word (居民, 老人 …) a name must end where a name ends: 居民明白了 is no name.
GENERAL_CUES = {"居民", "住户", "业主", "老人", "独居老人", "邻居"}
NAME_END = re.compile(r"^(?:[\s（(，,、。；：:！？]|$"
                      r"|阿姨|奶奶|爷爷|大爷|大妈|叔叔|女士|先生|老人|夫妇|一家|家)")
STAFF = ("社工|督导|主任|副主任|书记|副书记|老师|站长|专干|干事|委员|队长|组长|楼长"
         "|院长|所长|教授|专家|讲师|同事|部长|局长|科长")
STAFF_BEFORE = re.compile(rf"(?:{STAFF})[\s：:]*$")
STAFF_AFTER = re.compile(rf"^(?:{STAFF})")
PSEUDONYM_FORM = re.compile(r"某|^[老小阿].|^..?(?:阿姨|女士|先生|大爷|大妈|奶奶|爷爷|叔叔|阿婆|婆婆"
                            r"|叔|婶|姐|哥|伯|婆|姨|爹|娘)$")
NOT_A_SURNAME = {"c", "p", "u", "uj", "ul", "d", "r", "v", "f", "x"}      # 和 as "and", 向 as "towards" …
NOT_A_GIVEN_NAME = {"x", "m", "p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "d", "r", "v", "y", "e", "o", "f", "t"}


@dataclass(frozen=True)
class IntroducedName:
    offset: int       # in the text as given
    name: str         # as a reader sees it
    cue: str          # the word or detail that introduced it (女儿, 服务对象, 女，78岁 …)


def introduced_names(text: str, known: frozenset[str] = frozenset(), limit: int = MAX_NAMES) -> list[IntroducedName]:
    """Full names introduced as people the case is about, not known and not in a pseudonym form; at most
    `limit`, from the first MAX_PLACES places that may introduce someone (bounded work on hostile text)."""
    shown = reader_text(text)
    text = shown.text
    found: dict[int, IntroducedName] = {}
    for hit in sorted(set(_hits(text)))[:MAX_PLACES]:
        # Only the part of the sentence around the hit is tagged: a cue, a name and its details.
        # (each search bounded by the window: a text without sentence ends stays linear)
        start = max([hit - WINDOW, *(text.rfind(mark, max(0, hit - WINDOW), hit) + 1 for mark in SENTENCE_ENDS)])
        end = min([hit + 2 * WINDOW, *(i for i in (text.find(mark, hit, hit + 2 * WINDOW) for mark in SENTENCE_ENDS)
                                       if i >= 0)])
        for at, name, cue in _names_in(text[start:end]):
            if not _excused(name, known):
                offset = shown.source_start(start + at)
                found.setdefault(offset, IntroducedName(offset, name, cue))
        if len(found) >= limit:
            break
    return sorted(found.values(), key=lambda n: n.offset)


def _hits(text: str):
    """Offsets of the places that may introduce someone (two regex passes over the text)."""
    for m in INTRODUCED.finditer(text):
        yield m.start()
    for m in DETAIL_MARK.finditer(text):
        if NAME_BEFORE_DETAIL.search(text, max(0, m.start() - 10), m.start()):
            yield m.start()


def _names_in(sentence: str):
    """(offset, name, cue) for each full name the sentence introduces."""
    tokens = _tag(sentence)
    at = 0
    starts = []
    for word, _ in tokens:
        starts.append(at)
        at += len(word)
    for i in range(len(tokens)):
        name = _name_at(tokens, i)
        if not name:
            continue
        start, end = starts[i], starts[i] + len(name)
        before, after = sentence[max(0, start - 12):start], sentence[end:end + 8]
        if STAFF_BEFORE.search(before) or STAFF_AFTER.match(after) or SAID_PSEUDONYM.match(after):
            continue
        if (cue := BEFORE.search(before)) and (cue["cue"] not in GENERAL_CUES or NAME_END.match(after)):
            yield start, name, cue["cue"]
        elif cue := AFTER.match(after):
            yield start, name, cue[0].strip("（(，,、 ")


def _name_at(tokens: list[tuple[str, str]], i: int) -> str:
    """The full name starting at token i: a person-name token, or a surname joined to its given name."""
    word, tag = tokens[i]
    if word[0] not in _SURNAME_FIRSTS:
        return ""
    if i and tokens[i - 1][1].startswith("nr") and len(tokens[i - 1][0]) == 1:
        return ""       # the given name of a surname already taken
    surname = word[:2] if word[:2] in COMPOUND_SURNAMES else word[:1]
    if surname not in SURNAMES and surname not in COMPOUND_SURNAMES:
        return ""
    if tag.startswith("nr") and len(surname) + 1 <= len(word) <= len(surname) + 2:
        return word
    if word == surname and tag not in NOT_A_SURNAME and i + 1 < len(tokens):
        given, given_tag = tokens[i + 1]
        if 1 <= len(given) <= 2 and given_tag not in NOT_A_GIVEN_NAME and _is_han(given):
            return word + given
    return ""


def _excused(name: str, known: frozenset[str]) -> bool:
    return bool(PSEUDONYM_FORM.search(name)) or any(name in k or k in name for k in known if len(k) >= 2)


def _is_han(text: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in text)


@lru_cache(maxsize=1)
def _tagger():
    import rjieba  # imported only when a sentence needs tagging

    return rjieba.tag


def _tag(sentence: str) -> list[tuple[str, str]]:
    return _tagger()(sentence)
