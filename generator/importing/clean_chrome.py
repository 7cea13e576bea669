"""Lines that belong to the page, not to the case: site navigation, counters, buttons,
forum edit stamps, WeChat follow prompts, and lines that are only an image's file name.

A line is removed only when all of it is such text (and it is short): a sentence that
mentions 阅读原文 in passing stays.
"""

from __future__ import annotations

import re

_MAX_CHROME = 40          # characters; chrome lines are short
_WORDS = ("首页|登录|注册|退出|找回密码|立即注册|返回列表|返回首页|上一篇|下一篇|上一主题|下一主题|发新帖|发帖|回复|"
          "快速回复|举报|引用|评分|分享|分享到|收藏|点赞|在看|赞|打赏|只看该作者|电梯直达|楼主|沙发|板凳|地板|"
          "打印|字号|大|中|小|使用道具|显示全部楼层|倒序浏览|阅读模式|本版积分规则|高级模式|复制链接|"
          "微信|微博|QQ空间|朋友圈|编辑|删除|置顶|精华|关注|取消|更多|帖子|积分|主题|导航|门户|论坛|社区首页|"
          "分享至|扫一扫|微信扫一扫|手机版|小黑屋|Archiver|默认|最新|热门")
# A line of nothing but navigation/button words, separated by spaces, bars or dots.
_BUTTONS = re.compile(rf"^(?:(?:{_WORDS})(?:\s*[|｜/·•>»›:：]\s*|\s+|$))+$")
_COUNTER = r"(?:查看|阅读|浏览|回复|点赞|评论|收藏|转发|人气|阅读量|浏览量|次数)"
_COUNTERS = re.compile(rf"^(?:[|｜·\s]*{_COUNTER}\s*[:：]?\s*[0-9]+[0-9万kK+.]*\s*(?:次|人)?)+[|｜·\s]*$")
_BOILERPLATE = re.compile(
    r"^本帖最后由.{0,30}编辑$"
    r"|^.{0,6}点击(?:上方)?(?:蓝字|“.{0,12}”|上方.{0,8})关注.{0,10}$"
    r"|^.{0,6}长按(?:识别|扫描|扫码)?(?:图中)?二维码.{0,12}$"
    r"|^(?:阅读原文|返回顶部|回到顶部|TOP|top|轻触阅读原文|预览时标签不可点|收录于(?:话题|合集).{0,20}|"
    r"喜欢此内容的人还喜欢|微信扫一扫关注该公众号|继续滑动看下一个|向上滑动看下一个|"
    r"(?:分享|转发)(?:到|至)[:：]?\s*(?:朋友圈|微信|微博|QQ|好友|\s|[|｜])*|(?:分享|转发)给(?:朋友|好友)|欢迎(?:分享|转发)(?:到朋友圈|给更多的?人)?[。！!]?|"
    r"发表于\s*[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}(?:\s+[0-9:]+)?|"
    r"(?:楼主|沙发|板凳|地板|[0-9]+\s*#|#[0-9]+)\s*(?:发表于.*)?|"
    r"(?:上一篇|下一篇)[:：].{0,30}|"
    r"(?:版权所有|Copyright|Powered by).{0,40})$")


def drop_site_chrome(text: str) -> tuple[str, int]:
    """Navigation, login and button lines, view/reply counters, edit stamps, follow and share prompts."""
    kept, count = [], 0
    for line in text.split("\n"):
        if is_chrome(line):
            count += 1
        else:
            kept.append(line)
    return "\n".join(kept), count


def is_chrome(line: str) -> bool:
    bare = line.strip().strip("*#>- ").strip()
    if not bare or len(bare) > _MAX_CHROME:
        return False
    return bool(_BUTTONS.match(bare) or _COUNTERS.match(bare) or _BOILERPLATE.search(bare))


_IMAGE_NAME = re.compile(r"^[\w\-（）() .\u4e00-\u9fff]{0,80}\.(?:jpe?g|png|gif|bmp|webp|heic|tiff?)$", re.IGNORECASE)


def drop_image_file_names(text: str) -> tuple[str, int]:
    """`IMG_20211116_144028.jpg`, `微信图片_2021….jpg` alone on a line (a caption beside it stays)."""
    kept, count = [], 0
    for line in text.split("\n"):
        if _IMAGE_NAME.match(line.strip().strip("*_").strip()):
            count += 1
        else:
            kept.append(line)
    return "\n".join(kept), count
