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

Names anywhere the reader sees them (issue 22, second half of this module): a full name before a form of
address (王秀英奶奶) or after a self-introduction (我叫…) in running text, and a name standing in a short
piece of text a reader sees apart (a heading, a table cell …; the pieces are found by `name_places`).
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
            "卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
            # rarer surnames that are no common word's first character
            "阎逯扈蔺冀郁晋芮储糜隗宓郗钭厉戎郜蓟邰鄂赖屠胥莘贡逄郦璩濮郏晁訾阚乜鞠蒯竺桓殳夔厍庾暨粟禹綦揭郇")
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "夏侯", "端木")
ROLES = "服务对象|案主|求助者|受助者|受助人|当事人|个案|居民|住户|业主|老人|独居老人"
RELATIVES = ("女儿|儿子|老伴|丈夫|妻子|爱人|老公|老婆|母亲|父亲|妈妈|爸爸|孙子|孙女|外孙女|外孙"
             "|儿媳|女婿|哥哥|姐姐|弟弟|妹妹|侄子|侄女|外甥|外甥女|家属|监护人|邻居|保姆"
             "|儿媳妇|孙媳妇|闺女|老伴儿|嫂子|姐夫|妹夫|弟媳|公公|婆婆|岳父|岳母|继子|继女|养子|养女")
# Words a name is given after: its introduction, a nickname, a signature.
NAMINGS = "名叫|名字叫|叫做|姓名|小名|外号|绰号|乳名|昵称|大名|本名|原名|真名|签名|签字|落款|署名"
INTRODUCERS = f"{NAMINGS}|{ROLES}|{RELATIVES}"
_SURNAME_FIRSTS = frozenset(SURNAMES + "".join(s[0] for s in COMPOUND_SURNAMES))
_SURNAME_START = "[" + SURNAMES + "".join(s[0] for s in COMPOUND_SURNAMES) + "]"
_SEX_OR_AGE = r"(?:(?:男|女)性?(?![士孩儿生])|[0-9一二三四五六七八九十]{1,3}\s*岁)"
# Sentences worth tagging: a surname right after a word that introduces someone, or a sex or an age
# a few characters after a surname. Most sentences have neither and are never tagged. (One regex for
# both would try the second form at every common surname character: ten times slower.)
INTRODUCED = re.compile(rf"(?:{INTRODUCERS})(?:是|叫|为)?[\s：:，,“\"「]*{_SURNAME_START}")
# After a name: a sex, an age (今年七十六岁 too), or the signature of a gift (阮佩珍敬赠).
SIGNS = "敬赠|敬献|敬上|谨上|携全家|全家敬"
DETAIL_MARK = re.compile(rf"[男女](?=性?[\s，,、）)0-9])|岁|{SIGNS}")
_AGE_WORDS = r"(?:今年|现年|已经|已|年近|年过|刚满)"
NAME_BEFORE_DETAIL = re.compile(rf"{_SURNAME_START}[\u4e00-\u9fff]{{1,3}}"
                                rf"(?:[\s（(，,、]+|{_AGE_WORDS}|(?=敬|谨|携|全家))(?:[0-9一二三四五六七八九十]{{1,3}}\s*)?$")
SENTENCE_ENDS = "。！？；!?;\n"
WINDOW = 14        # characters tagged before a hit (twice as many after it)
MAX_PLACES = 2_000     # places tagged per text: a real case has a few dozen
MAX_NAMES = 30
BEFORE = re.compile(rf"(?P<cue>{INTRODUCERS})(?:是|叫|为)?[\s：:，,“\"「]*$")
SAID_PSEUDONYM = re.compile(r"^[\s（(]*化名")
AFTER = re.compile(rf"^[\s（(，,、]*{_AGE_WORDS}?{_SEX_OR_AGE}|^\s*(?:{SIGNS})")
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
    return [IntroducedName(shown.source_start(n.offset), n.name, n.cue)
            for n in introduced_in(shown.text, known, limit)]


def introduced_in(text: str, known: frozenset[str] = frozenset(), limit: int = MAX_NAMES) -> list[IntroducedName]:
    """`introduced_names` on a text already as its reader sees it (offsets in `text`)."""
    found: dict[int, IntroducedName] = {}
    for hit in sorted(set(_hits(text)))[:MAX_PLACES]:
        # Only the part of the sentence around the hit is tagged: a cue, a name and its details.
        start, end = _sentence_around(text, hit)
        for at, name, cue in _names_in(text[start:end]):
            if not _excused(name, known):
                found.setdefault(start + at, IntroducedName(start + at, name, cue))
        if len(found) >= limit:
            break
    return sorted(found.values(), key=lambda n: n.offset)


def _sentence_around(text: str, hit: int, before: int = WINDOW, after: int = 2 * WINDOW) -> tuple[int, int]:
    """The part of the sentence around `hit` worth tagging (each search bounded by the window: a text
    without sentence ends stays linear)."""
    start = max([hit - before, *(text.rfind(mark, max(0, hit - before), hit) + 1 for mark in SENTENCE_ENDS)])
    end = min([hit + after, *(i for i in (text.find(mark, hit, hit + after) for mark in SENTENCE_ENDS) if i >= 0)])
    return start, end


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
        # jieba's dictionary tags words as names (师傅, 高峰): a word it holds is a name only when made like one
        # (two given characters, one of them a given name's: 阮佩珍)
        given = word[len(surname):]
        if _rjieba().has_word(word) and not (len(given) == 2 and any(ch in GIVEN_CHARS for ch in given)):
            return ""
        return word
    if word == surname and tag not in NOT_A_SURNAME and i + 1 < len(tokens):
        given, given_tag = tokens[i + 1]
        if 1 <= len(given) <= 2 and given_tag not in NOT_A_GIVEN_NAME and _is_han(given):
            return word + given
    return ""


def _excused(name: str, known: frozenset[str], forms: bool = True) -> bool:
    return (forms and bool(PSEUDONYM_FORM.search(name))) or any(name in k or k in name for k in known if len(k) >= 2)


def _is_han(text: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in text)


@lru_cache(maxsize=1)
def _tagger():
    import rjieba  # imported only when a sentence needs tagging

    return rjieba.tag


def _tag(sentence: str) -> list[tuple[str, str]]:
    return _tagger()(sentence)


@lru_cache(maxsize=8192)        # the same headings (成效评估 …) and cells recur in case after case
def _tag_piece(piece: str) -> list[tuple[str, str]]:
    return _tag(piece)


# --- Names anywhere the reader sees text (issue 22) ------------------------------------------------
#
# Besides the introduced names above, a full name is found in two kinds of places:
#  - with context in running text: a full name right before a form of address (王秀英奶奶, 李建国大爷;
#    王奶奶 has no given name and is no full name) or right after a self-introduction (我叫…);
#  - on its own in a short piece of text a reader sees apart (a heading, a table cell, a caption …,
#    found by `name_places`): there a name needs no context, the segmenter and the tables below decide.
# jieba's dictionary tags many ordinary words as person names (张贴, 高峰, 夏令营 and 黄金周 are `nr`), so
# its tag is not enough: a word its dictionary holds is read as that word when it is two characters
# long (张贴, 高兴, 何时), and a longer one is a name only when its given part is made of characters that
# given names are made of (李建国 is, 黄金周 and 夏令营 are not).

# Characters of given names (the most frequent ones; a name made of rarer ones is still found by its context).
GIVEN_CHARS = frozenset(
    "秀英华兰芳桂珍凤玉梅丽霞燕萍红娟敏静婷娜琳雪莉慧颖倩丹洁玲艳琴云芬淑惠莲菊美晶荣琼翠娥蓉月妍雅欣怡悦瑶璐"
    "蕾薇菲岚春香琪珊婉嘉宁茜雯露佳璇涵梦诗韵馨琦彤晓晴珠娣瑾璟瑞媛姝婕娴嫣昭曼蔓莎"
    "伟强军勇明杰磊涛斌超波辉刚平健峰鹏飞宇浩鑫亮帅俊成林龙建国志文东海江河山祥福德贵富财宝庆喜发兴旺全永长生"
    "忠义仁礼信智厚才良坤宏锋锐锦坚毅胜利民新立贤振彬彪泽洪渊博达远航帆铭豪天翔腾骏霖睿哲轩宸昊晨阳光思源子梓"
    "恒皓晗逸凯昕煜奕琛辰根泉水友存有顺虎彩素爱卫援朝红军然"
    "小大金银铁石秋冬夏雨霜青紫竹松柏桃杏荷芝芸莹蓓蕊芷若如之以和安康乐欢孝诚正清廉耀星日曦旭昌盛茂繁启元初宗"
    "邦隆起升跃进武兵保守护力威雄好善书墨歌舞画艺学思念心意怀品贞纯真朴宽容吉寿禄丰满盈余")
# Characters transliterated names are written with (阿依古丽·买买提, 扎西·顿珠, 约翰·史密斯).
TRANSLITERATION = frozenset(
    "阿艾安奥巴拜贝比彼波伯布达丹德迪蒂丁顿多朵尔法菲夫弗甫盖戈格古哈海汗罕赫亨胡吉加贾杰金卡凯坎康柯科克库拉来"
    "莱兰朗劳勒雷里丽利莉林琳卢鲁伦罗洛玛马买迈曼梅蒙米密敏明莫姆穆木娜纳乃奈南尼努诺帕潘佩皮普齐奇恰乔切钦琴"
    "热仁若萨塞赛桑色沙莎山尚什舍斯松苏索塔泰坦汤特提图吐托瓦万维翁沃乌西希夏谢辛休雅亚扬耶伊依因尤约扎泽札珠"
    "卓孜兹祖佐次央宗白措拉姆格其呼和朝乌兰额敦合不都提逊曼帕热娅娃丝黛妮蒂露茜琪薇")
NAME_DOTS = "·・•‧∙"
# Forms of address that follow a full name (王秀英奶奶, 陈建国老人); staff titles are in STAFF.
ADDRESS = ("阿姨|奶奶|爷爷|大爷|大妈|大娘|大婶|大叔|大伯|大姐|大哥|叔叔|婶婶|婆婆|阿婆|阿公|伯伯|伯母|姥姥|姥爷"
           "|外婆|外公|女士|先生|老人|老伯|师傅|同学|小朋友")
ADDRESS_AT = re.compile(ADDRESS)
# 1-2 given characters after a surname (or a compound surname), right before a form of address.
FULL_NAME_BEFORE = re.compile(rf"(?:{'|'.join(COMPOUND_SURNAMES)}|{_SURNAME_START})[\u4e00-\u9fff]{{1,2}}$")
SELF_INTRO = ("我叫|我名叫|我的名字叫|我的名字是|我姓名叫|本人叫|本人名叫|本人姓名|自我介绍说|自我介绍[:：]"
              "|我是")
SELF_INTRO_AT = re.compile(rf"(?P<cue>{SELF_INTRO})[\s：:，,“\"]*(?={'|'.join(COMPOUND_SURNAMES)}|{_SURNAME_START})")
SAID_PSEUDONYM_BEFORE = re.compile(r"化名(?:为|叫|是)?[\s：:“\"]*$")
# Beside a name in a table row or a label, a role in the next cell or before a colon counts too.
STAFF_NEAR_BEFORE = re.compile(rf"(?:{STAFF})[\s：:|｜]*$")
STAFF_NEAR_AFTER = re.compile(rf"^[\s（(，,、|｜]*(?:{STAFF})")
PSEUDONYM_BEFORE_MARK = re.compile(r"([\u4e00-\u9fff·]{2,6})\s*[（(]\s*$")      # 马丽（化名）
PSEUDONYM_AFTER_MARK = re.compile(r"(?:为|叫|是)?[\s：:“\"]*([\u4e00-\u9fff]{2,4})")  # 化名为王芳
# A place is named after a person's name as often as after anything (师东新村社区, 王家庄, 李村小学).
PLACE_AFTER = re.compile(r"新村|社区|小区|村|庄|屯|镇|乡|街|路|巷|弄|里|苑|园|坊|湾|桥|大厦|广场|公园|中心|医院|学校"
                         r"|小学|中学|大学|幼儿园|公司|超市|市场|驿站|食堂|站|居民区|居委会|片区")
SHORT = 12          # characters (punctuation and markup not counted): a piece a reader sees as one label
_NOT_COUNTED = re.compile(r"[\s\W_]+")
_SURNAME_OR_DOT = re.compile("[" + "".join(sorted(_SURNAME_FIRSTS)) + NAME_DOTS + "]")
DOT_NAME = re.compile(rf"[\u4e00-\u9fff]{{2,6}}(?:[{NAME_DOTS}][\u4e00-\u9fff]{{2,6}})+")


@dataclass(frozen=True)
class SeenName:
    offset: int       # in the text searched (the reader's text)
    name: str
    why: str          # what makes it a name: a form of address, a cue, or the piece it stands alone in
    strong: bool      # enough to refuse the case (an error) rather than ask the supervisor (a warning)


def declared_pseudonyms(text: str) -> set[str]:
    """Names the text itself says are pseudonyms: 马丽（化名）, 化名为王芳."""
    found: set[str] = set()
    if "化名" not in text:
        return found
    for m in re.finditer("化名", text):
        if said := PSEUDONYM_BEFORE_MARK.search(text, max(0, m.start() - 10), m.start()):
            found.add(said[1])
        if said := PSEUDONYM_AFTER_MARK.match(text, m.end()):
            found.add(said[1])
    return found


def context_names(text: str, known: frozenset[str] = frozenset(), limit: int = MAX_NAMES) -> list[SeenName]:
    """Full names in running text (as its reader sees it) with their context: those `introduced_in` finds
    (introduced as a resident: strong), a full name before a form of address or after a self-introduction (strong)."""
    found: dict[int, SeenName] = {
        n.offset: SeenName(n.offset, n.name, n.cue, True) for n in introduced_in(text, known, limit)}
    places = 0
    for m in ADDRESS_AT.finditer(text):
        if places >= MAX_PLACES or len(found) >= limit:
            break
        before = text[m.start() - 1:m.start()]
        if not before or before not in GIVEN_CHARS and before != text[m.start() - 2:m.start() - 1]:
            continue    # 钱奶奶, 和钱奶奶: a full name ends with a given name's character (or a doubled one)
        if not (candidate := FULL_NAME_BEFORE.search(text, max(0, m.start() - 4), m.start())):
            continue
        places += 1
        start, _ = _sentence_around(text, m.start(), before=WINDOW, after=0)
        # the sentence, else the name alone: the segmenter may glue its surname to the word before (陪王|秀英)
        named = list(_names_ending(text[start:m.start()], m[0])) or [
            (candidate.start() - start + at, name) for at, name in _names_ending(candidate[0], m[0])]
        for at, name in named:
            if not _excused(name, known) and not _beside_staff(text, start + at, name):
                found[start + at] = SeenName(start + at, name, f"后面是称呼“{m[0]}”", True)
    for m in SELF_INTRO_AT.finditer(text):
        if places >= MAX_PLACES or len(found) >= limit:
            break
        places += 1
        _, end = _sentence_around(text, m.end(), before=0, after=WINDOW)
        window = text[m.end():end]
        name = _name_opening(window, need_end=m["cue"] == "我是")
        if name and not _excused(name, known) and not _beside_staff(text, m.end(), name):
            found[m.end()] = SeenName(m.end(), name, f"自我介绍“{m['cue']}”", True)
    return sorted(found.values(), key=lambda n: n.offset)[:limit]


# A bare full name in running text, never introduced (那天郭建华又没有来): a surname and two given-name
# characters that the segmenter also reads as one name. A warning, for the supervisor: it may be a
# colleague. Names in a byline (□刘倩雯, 讲述人 马婷婷, 整理：胡静怡) are the writers'.
_GIVEN = "".join(sorted(GIVEN_CHARS))
# (two passes, the single surnames' one starting with a character class, are 2× faster than one alternation)
BARE_NAMES = (re.compile(rf"[{SURNAMES}](?:[{_GIVEN}]{{2}}|([\u4e00-\u9fff])\1)"),
              re.compile(rf"(?:{'|'.join(COMPOUND_SURNAMES)})(?:[{_GIVEN}]{{2}}|([\u4e00-\u9fff])\1)"))
BYLINE_BEFORE = re.compile(r"(?:[□■]|讲述人|作者|文[/／]|撰稿|撰写|整理|记录人?|供稿|执笔|通讯员|审核|编辑|摄影|主讲)"
                           r"[\s:：]*$"
                           r"|(?:^|\n|——|—|[（(])[^\n（）()。，]{0,16}(?:社区|居委会|居民区|中心|街道|服务站|协会|社工站|机构)"
                           r"[\s\u3000]+$")      # （和平路社区居委会 刘思琪）, ——某某社区 姓名


# Name shapes that need no dictionary: a married woman's traditional name (王李氏: her husband's surname and
# her own), and a Tibetan name made of two of its common parts (次仁央宗, 扎西多吉).
SHI_NAME = re.compile(rf"{_SURNAME_START}{_SURNAME_START}氏(?![族家宗祠])")
TIBETAN_PARTS = ("次仁|央宗|卓玛|扎西|多吉|拉姆|达瓦|尼玛|格桑|旦增|丹增|顿珠|平措|普布|白玛|措姆|德吉|索朗|洛桑|益西"
                 "|强巴|曲珍|央金|仁增|巴桑|边巴|米玛|琼达|旺堆|次旦|曲措|拉巴|群培|贡布|才让|卓嘎|桑珠|泽仁|罗布")
TIBETAN_NAME = re.compile(rf"(?:{TIBETAN_PARTS})(?:{TIBETAN_PARTS})")


def bare_names(text: str, known: frozenset[str] = frozenset(), limit: int = MAX_NAMES) -> list[SeenName]:
    """Full names with two given characters in running text that nothing introduces (weak: a warning)."""
    shapes = [SHI_NAME, TIBETAN_NAME] if "氏" in text else [TIBETAN_NAME]
    found = [SeenName(m.start(), m[0], "写在正文中", False) for pattern in shapes
             for m in pattern.finditer(text) if not _excused(m[0], known, forms=False)][:limit]
    for m in (m for pattern in BARE_NAMES for m in pattern.finditer(text)):
        if len(found) >= limit:
            break
        if BYLINE_BEFORE.search(text, max(0, m.start() - 24), m.start()):
            continue
        words = _rjieba()
        if m[0][:2] not in COMPOUND_SURNAMES and words.has_word(m[0][:2]) and not words.has_word(m[0]):
            continue    # 安全守, 白天有: a word and a character, never a name (saves tagging the sentence)
        if m[1] and not words.has_word(m[1] * 2):    # 冯芃芃: a doubled given name the segmenter cuts anywhere
            if not _excused(m[0], known) and not _beside_staff(text, m.start(), m[0]):
                found.append(SeenName(m.start(), m[0], "写在正文中", False))
            continue
        start, end = _sentence_around(text, m.start(), before=8, after=12)
        tokens = _tag(text[start:end])
        at = start
        for i, (word, _) in enumerate(tokens):
            if at == m.start():
                name = _plausible_name_at(tokens, i)
                if len(name) == len(m[0]) and not _excused(name, known) and not _beside_staff(text, at, name):
                    found.append(SeenName(at, name, "写在正文中", False))
                break
            at += len(word)
    return found


def dot_names(text: str, known: frozenset[str] = frozenset(), limit: int = MAX_NAMES) -> list[SeenName]:
    """Transliterated names in running text (阿依古丽·买买提大姐): strong before a form of address."""
    found: list[SeenName] = []
    if not any(dot in text for dot in NAME_DOTS):
        return found
    for m in DOT_NAME.finditer(text):
        # running text: the name is the transliterated characters that run out from its first and last dot
        start, end = m.start() + m[0].find(next(d for d in m[0] if d in NAME_DOTS)), m.start()
        end += max(m[0].rfind(d) for d in NAME_DOTS) + 1
        while start > m.start() and text[start - 1] in TRANSLITERATION:
            start -= 1
        while end < m.end() and text[end] in TRANSLITERATION:
            end += 1
        name = text[start:end]
        parts = re.split(f"[{NAME_DOTS}]", name)
        if (len(found) < limit and len(parts) > 1 and all(len(p) >= 2 for p in parts)
                and all(ch in TRANSLITERATION or ch in NAME_DOTS for ch in name)
                and not _excused(name, known, forms=False)):
            address = ADDRESS_AT.match(text, end)
            why = f"后面是称呼“{address[0]}”" if address else "写在正文中"
            found.append(SeenName(start, name, why, address is not None))
    return found


def short_unit_names(text: str, start: int, end: int, known: frozenset[str] = frozenset()) -> list[SeenName]:
    """Full names in one short piece of text a reader sees apart (a heading, a cell …): `text[start:end]`
    holds at most SHORT characters besides punctuation. A name that is the whole piece is strong."""
    piece = text[start:end]
    counted = _NOT_COUNTED.sub("", piece)
    if not counted or len(counted) > SHORT or not may_hold_a_name(piece):
        return []
    found: list[SeenName] = []
    for m in DOT_NAME.finditer(piece):
        # (阿依古丽 is no 阿X pseudonym form: only the known names excuse a transliterated name)
        if all(ch in TRANSLITERATION or ch in NAME_DOTS for ch in m[0]) and not _excused(m[0], known, forms=False):
            found.append(SeenName(start + m.start(), m[0], "单独成段", _NOT_COUNTED.sub("", m[0]) == counted))
    if found:
        return found
    tokens = _tag_piece(piece)
    at = 0
    for i, (word, _) in enumerate(tokens):
        name = _plausible_name_at(tokens, i)
        if (name and not _excused(name, known) and not _beside_staff(text, start + at, name)
                and not PLACE_AFTER.match(piece, at + len(name)) and _at_an_edge(piece, at, name)):
            found.append(SeenName(start + at, name, "单独成段", name == counted))
        at += len(word)
    return found


def _at_an_edge(piece: str, at: int, name: str) -> bool:
    """A two-character name (a surname and one character) is a chance pair inside other words (带高亮的):
    in a piece it counts where it opens or closes the piece. Longer names count anywhere in it."""
    return (len(name) > 2 or not _NOT_COUNTED.sub("", piece[:at])
            or not _NOT_COUNTED.sub("", piece[at + len(name):]))


def may_hold_a_name(piece: str) -> bool:
    """Every full name starts with a surname or holds a name dot: a text with neither holds none."""
    return bool(_SURNAME_OR_DOT.search(piece))


def _names_ending(before: str, address: str):
    """(offset, name) of a full name that ends `before` (a form of address follows it)."""
    tokens = _tag(before + address)
    at = 0
    for i, (word, _) in enumerate(tokens):
        if at >= len(before):
            break
        name = _plausible_name_at(tokens, i)
        if name and at + len(name) == len(before):
            yield at, name
        at += len(word)


def _name_opening(window: str, need_end: bool) -> str:
    """The full name `window` opens with, if any (after 我是 it must end there: 我是王秀英。, not 我是王书记)."""
    tokens = _tag(window)
    name = _plausible_name_at(tokens, 0) if tokens else ""
    if name and need_end and not NAME_END.match(window[len(name):]):
        return ""
    return name


def _plausible_name_at(tokens: list[tuple[str, str]], i: int) -> str:
    """A full name starting at token i that is no ordinary word (see the comment above GIVEN_CHARS):
    a person-name token or a surname token joined to its given name."""
    word, tag = tokens[i]
    if not word or word[0] not in _SURNAME_FIRSTS:
        return ""
    if i and tokens[i - 1][1].startswith("nr") and len(tokens[i - 1][0]) == 1 and tokens[i - 1][0] in SURNAMES:
        return ""       # the given name of a surname already taken
    surname = word[:2] if word[:2] in COMPOUND_SURNAMES else word[:1]
    if surname not in SURNAMES and surname not in COMPOUND_SURNAMES:
        return ""
    if word != surname:
        given = word[len(surname):]
        if not tag.startswith("nr") or not 1 <= len(given) <= 2:
            return ""
        if i and _function_word(surname):
            return ""   # 服务于民: a character mostly used as a function word starts a name only where a piece starts
        if _rjieba().has_word(word) and len(given) == 1:
            return ""   # a word jieba's dictionary holds: 张贴, 高峰, 文明 are words before they are names
        name = word
    else:
        if tag in NOT_A_SURNAME or i + 1 >= len(tokens):
            return ""
        given, given_tag = tokens[i + 1]
        if not 1 <= len(given) <= 2 or given_tag in NOT_A_GIVEN_NAME:
            return ""
        name = word + given
        if _rjieba().has_word(name) and len(given) == 1:
            return ""
    doubled = len(given) == 2 and given[0] == given[1]      # 芃芃, 婷婷: a given name, whatever the character
    if not _is_han(given) or "某" in given or not (doubled or all(ch in GIVEN_CHARS for ch in given)) \
            or name in CALENDAR:
        return ""
    return name


# The solar terms are missing from jieba's dictionary and look like names to it (谷雨, 白露).
CALENDAR = frozenset(re.findall("..", "立春雨水惊蛰春分清明谷雨立夏小满芒种夏至小暑大暑"
                                     "立秋处暑白露秋分寒露霜降立冬小雪大雪冬至小寒大寒"))
FUNCTION_TAGS = frozenset({"p", "c", "d", "u", "r"})      # preposition, conjunction, adverb, particle, pronoun


@lru_cache(maxsize=512)
def _function_word(surname: str) -> bool:
    """Whether jieba reads the surname character alone as a function word (于, 和, 向, 常, 尚)."""
    return len(surname) == 1 and _tag(surname)[0][1] in FUNCTION_TAGS


def _beside_staff(text: str, at: int, name: str) -> bool:
    """A name right beside a staff role (社工张敏, 张敏社工, 张敏（社工）) or said to be a pseudonym."""
    before, after = text[max(0, at - 12):at], text[at + len(name):at + len(name) + 8]
    return bool(STAFF_NEAR_BEFORE.search(before) or STAFF_NEAR_AFTER.match(after) or SAID_PSEUDONYM.match(after)
                or SAID_PSEUDONYM_BEFORE.search(before))


@lru_cache(maxsize=1)
def _rjieba():
    import rjieba

    return rjieba
