"""Saved web pages and WeChat articles → Markdown.

A WeChat article keeps its text in `#js_content`, its title in `#activity-name` and its
time in `#publish_time` (or a `ct` script variable): those are taken directly. Any other
page goes through trafilatura, which finds the main text of news and forum pages; the
result, like Word's HTML, becomes Markdown with markdownify.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import unquote

from generator.core.assets import IMAGES
from generator.core.errors import Refused
from generator.core.sources import read_bytes
from generator.core.text import decode
from generator.importing.limits import MAX_IMAGE_BYTES, MAX_IMAGES, MAX_IMAGES_BYTES, mb
from generator.importing.model import IMAGE_DIR, Image, Source

_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def read_html(path: Path, data: bytes) -> Source:
    decoded = decode(data)
    if decoded.text is None or not decoded.text.strip():
        raise Refused("无法读取这个网页文件的文字", "在浏览器中打开网页，另存为“网页，仅 HTML”后再导入")
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(decoded.text.encode("utf-8"), parser=_parser())
    except Exception:  # lxml raises several types on hostile markup; the message is the same
        raise Refused("网页文件格式损坏，无法读取", "在浏览器中重新打开网页，另存为“网页，仅 HTML”后再导入") from None
    hidden = _drop_hidden(tree)
    wechat = tree.get_element_by_id("js_content", None)
    if wechat is not None:
        source = Source(path, "微信文章", lxml_html.tostring(wechat, encoding="unicode"),
                        title=_text_of(tree, "activity-name") or _meta(tree, "og:title"),
                        date=_text_of(tree, "publish_time") or _wechat_time(decoded.text),
                        author=_text_of(tree, "js_author_name") or _meta(tree, "author"))
    else:
        source = _main_text(path, lxml_html.tostring(tree, encoding="unicode"), tree)
    if hidden:
        source.notes.append(f"删除了网页中隐藏的文字 {hidden} 处（论坛防复制用的隐藏乱码）")
    source.text, source.images, remote = _local_images(source.text, path.parent)
    source.text = html_to_markdown(source.text)
    if source.images:
        source.notes.append(f"图片 {len(source.images)} 张")
    if remote:
        source.notes.append(f"{remote} 张图片在网上（不在保存的网页文件夹里），没有导入；需要时请把图片存下来，"
                            f"放进草稿旁的 {IMAGE_DIR}/ 文件夹，在正文中写 ![说明]({IMAGE_DIR}/文件名)")
    if not source.text.strip():
        raise Refused("网页中没有找到正文", "在浏览器中选中正文复制，粘贴到记事本存为 .txt 后再导入")
    return source


def _parser():
    from lxml import html as lxml_html

    return lxml_html.HTMLParser(encoding="utf-8", remove_comments=True)


def _drop_hidden(tree) -> int:
    """Elements a reader never sees (forum anti-copy text): `display:none`, class jammer."""
    found = [el for el in tree.iter() if isinstance(el.tag, str) and (
        _HIDDEN.search(el.get("style", "")) or "jammer" in el.get("class", ""))]
    for el in found:
        el.drop_tree()
    return len(found)


def _text_of(tree, element_id: str) -> str:
    el = tree.get_element_by_id(element_id, None)
    return " ".join(el.text_content().split()) if el is not None else ""


def _meta(tree, name: str) -> str:
    for el in tree.iter("meta"):
        if name in (el.get("property"), el.get("name")):
            return " ".join((el.get("content") or "").split())
    return ""


def _wechat_time(page: str) -> str:
    m = re.search(r"\b(?:ct|create_time)\s*=\s*[\"']?([0-9]{10})\b", page)
    return dt.datetime.fromtimestamp(int(m[1])).date().isoformat() if m else ""


def _main_text(path: Path, page: str, tree) -> Source:
    import trafilatura

    main = trafilatura.extract(page, output_format="html", include_images=True, include_tables=True,
                               include_formatting=True, include_links=False, favor_recall=True)
    meta = trafilatura.extract_metadata(page)
    title = (meta.title if meta else "") or _meta(tree, "og:title") or _title_tag(tree)
    return Source(path, "网页", main or "", title=title or "",
                  date=(meta.date if meta else "") or "", author=(meta.author if meta else "") or "")


def _title_tag(tree) -> str:
    el = tree.find(".//title")
    return " ".join(el.text_content().split()) if el is not None else ""


_IMAGE_TYPES = set(IMAGES)   # what the site publishes (core/assets.py)


def _local_images(fragment: str, folder: Path) -> tuple[str, list[Image], int]:
    """Images saved with the page (`页面_files/…`) become draft images; images on the web are dropped and counted."""
    from lxml import html as lxml_html

    if "<img" not in fragment:
        return fragment, [], 0
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    images: list[Image] = []
    remote = total = 0
    for img in list(root.iter("img")):
        src = unquote(img.get("data-src") or img.get("src") or "")
        local = (folder / src).resolve() if src and "://" not in src and not src.startswith(("data:", "//")) else None
        data = None
        if (local is not None and local.is_file() and local.suffix.lower() in _IMAGE_TYPES
                and local.is_relative_to(folder.resolve())):
            data = _image_bytes(local, src, total, len(images))
        if local is not None and data is not None:
            images.append(Image(f"image-{len(images) + 1}{local.suffix.lower()}", data))
            total += len(data)
            img.set("src", f"{IMAGE_DIR}/{images[-1].name}")
        else:
            remote += 1
            img.drop_tree()
    return lxml_html.tostring(root, encoding="unicode"), images, remote


def _image_bytes(local: Path, src: str, earlier: int, count: int) -> bytes | None:
    """An image saved with the page, read with a bound; None when it cannot be read (counted as not imported)."""
    hint = "把图片压缩后放回网页文件夹再导入，或从网页文件夹中删去不需要的图片"
    if count >= MAX_IMAGES:
        raise Refused(f"网页保存的图片超过 {MAX_IMAGES} 张，不像是一篇案例", hint)
    try:
        data = read_bytes(local, MAX_IMAGE_BYTES)
    except OSError:
        return None
    if data is None:
        raise Refused(f"网页保存的图片“{src[-60:]}”超过 {mb(MAX_IMAGE_BYTES)}", hint)
    if earlier + len(data) > MAX_IMAGES_BYTES:
        raise Refused(f"网页保存的图片加起来超过 {mb(MAX_IMAGES_BYTES)}", hint)
    return data


_LONG_BLANK = re.compile(r"[ \t\r\n]{64,}")


def html_to_markdown(fragment: str) -> str:
    """HTML (a page's main text, or Word's HTML from mammoth) → Markdown; a line break starts a paragraph."""
    from markdownify import markdownify

    # markdownify's whitespace pattern backtracks through a run of blanks (quadratic); a browser shows a
    # long run as one space anyway.
    fragment = _LONG_BLANK.sub(" ", fragment)
    text = markdownify(fragment, heading_style="ATX", bullets="-", escape_underscores=False,
                       escape_asterisks=False, table_infer_header=True, strip=["a", "span", "font", "section"])
    text = re.sub(r" {2}\n", "\n\n", text.replace("\u00a0", " "))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
