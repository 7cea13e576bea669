"""Input documents for the importer tests, built by the tests themselves."""

from __future__ import annotations

import dataclasses
import io
import struct
import zlib
from pathlib import Path


def config_for(config, library: Path):
    """`config` (the real site_config.yml's) for a library in the folder `library`."""
    return dataclasses.replace(config, cases_dir=library / "cases", root=library)


def png(width: int = 4, height: int = 3) -> bytes:
    """A tiny valid PNG (grey pixels)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def docx_bytes() -> bytes:
    """A Word service case: title, headings, a list, a table, an image, bold text."""
    from docx import Document

    doc = Document()
    doc.add_heading("用开放空间会议制定楼道公约", level=1)
    doc.add_paragraph("和平路社区 刘娟 2023年6月15日")
    doc.add_heading("背景", level=2)
    p = doc.add_paragraph("和平路社区的老楼没有物业，楼道堆物一直是")
    p.add_run("居民最常抱怨的问题").bold = True
    p.add_run("。社工站决定请居民自己商量办法。")
    doc.add_heading("服务计划与介入过程", level=2)
    doc.add_paragraph("第一次会议用开放空间会议的方式进行。", style="List Number")
    doc.add_paragraph("第二次会议用531打分法排出优先顺序。", style="List Number")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "环节", "参与人数"
    table.cell(1, 0).text, table.cell(1, 1).text = "开放空间会议", "32"
    doc.add_picture(io.BytesIO(png()))
    doc.add_paragraph("会议现场，居民在写卡片。")
    doc.add_heading("成效评估", level=2)
    doc.add_paragraph("三个月后，楼道里的杂物基本清空，居民满意率达到百分之九十。")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


WECHAT = """<!DOCTYPE html><html><head><meta charset="utf-8">
<meta property="og:title" content="小蜜蜂志愿服务队的一年">
<title>小蜜蜂志愿服务队的一年</title></head>
<body><div id="page-content">
<h1 class="rich_media_title" id="activity-name">小蜜蜂志愿服务队的一年</h1>
<div id="meta_content"><span id="js_author_name">颐瑞东里社工站</span>
<em id="publish_time">2021-11-17</em></div>
<div class="rich_media_content" id="js_content">
<section><p><span>点击蓝字关注我们</span></p></section>
<section><p>颐瑞东里社区的青少年志愿服务队叫“小蜜蜂”，今年招募了二十名中学生。</p></section>
<section><p>孩子们在社区空地上种花，还画了禁止电动车上楼的宣传画。</p></section>
<p><img data-src="https://mmbiz.qpic.cn/x.jpg" src="https://mmbiz.qpic.cn/x.jpg"></p>
<p>IMG_20211116_144028.jpg</p>
<p>孩子们在种花</p>
<p>长按识别二维码</p>
<p>阅读原文</p>
</div></div>
<script>var ct = "1637130000";</script>
</body></html>"""

FORUM = """<html><head><meta charset="gbk"><title>参访福田社区的一点体会 - 社工论坛</title></head><body>
<div class="nav">首页 | 登录 | 注册</div>
<div class="threadinfo">查看: 1234|回复: 56</div>
<table><tr><td class="t_f" id="postmessage_1">
<i class="pstatus"> 本帖最后由 小王 于 2021-11-17 14:02 编辑 </i><br>
上周我们八位社工去福田社区参访交流。<font class="jammer">k8Jd3a</font>他们的义剪项目已经做了五年。<br>
<span style="display:none">x7Gk2#</span>每月第一个周六，志愿者在广场为老人免费理发。4ldT$+c 服务手册印了500份，网址是 https://example.org/a_b。<br>
我们回来后打算在本社区试一试，先做一次需求调查。<br>
</td></tr></table>
<div>返回顶部</div>
</body></html>"""

GB18030_TEXT = """社区老人助餐点的开办

一、背景
阳光社区有独居老人八十多位，很多人吃饭成了难题。

二、服务过程
社工先入户走访，了解老人的需求，然后链接附近餐馆的资源，
开办了助餐点，志愿者每天送餐上门。

三、成效
三个月里，助餐点每天服务四十位老人，满意率很高。
"""

TRADITIONAL_TEXT = """北京通州:社會(huì )工作服務(wù)站的一年
梨園鎮社會(huì )工作服務(wù)中心組織團體督導培訓，社區工作者學習傾聽(tīng)的技巧。
志願者們在社區開(kāi)展鄰里節活動(dòng)，居民積極參與。
"""

COMPILATION = """培训心得汇编

和平路社区

□刘娟

这次培训学习了开放空间会议，我们分组讨论了楼道公约。

回到社区后，我打算请居民一起制定公约。

环山路社区

□韩旭

培训中学到了积分管理与兑换的方法，很有启发。

我们社区准备试行公益积分。

科院路社区

□成振洲

谈话棒和鱼骨图让每个人都有机会发言。
"""


def write_inputs(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "word.docx": docx_bytes(),
        "wechat.html": WECHAT.encode("utf-8"),
        "forum.htm": FORUM.encode("gbk"),
        "gb18030.txt": GB18030_TEXT.encode("gb18030"),
        "traditional.txt": TRADITIONAL_TEXT.encode("utf-8"),
        "compilation.txt": COMPILATION.encode("utf-8"),
    }
    paths = {}
    for name, data in files.items():
        (folder / name).write_bytes(data)
        paths[name] = folder / name
    return paths
