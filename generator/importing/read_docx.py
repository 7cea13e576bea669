"""Word and WPS .docx → Markdown with mammoth (headings, lists, tables, bold and italic),
images written beside the draft under 图片/ and linked relatively."""

from __future__ import annotations

import io
from pathlib import Path

from generator.core.errors import Refused
from generator.importing.model import IMAGE_DIR, Image, Source
from generator.importing.read_html import html_to_markdown

# Chinese Word and WPS name the heading styles 标题 1…; English Word names them Heading 1….
_STYLE_MAP = "\n".join([*(f"p[style-name='标题 {n}'] => h{n}:fresh" for n in range(1, 5)),
                        "p[style-name='Title'] => h1:fresh", "p[style-name='标题'] => h1:fresh"])
_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/bmp": "bmp", "image/webp": "webp"}


def read_docx(path: Path, data: bytes) -> Source:
    import mammoth

    images: list[Image] = []

    def keep_image(image) -> dict:
        ext = _EXTENSIONS.get(image.content_type)
        if ext is None:      # EMF/WMF drawings: browsers cannot show them
            return {"src": "", "alt": image.alt_text or ""}
        with image.open() as stream:
            images.append(Image(f"image-{len(images) + 1}.{ext}", stream.read()))
        return {"src": f"{IMAGE_DIR}/{images[-1].name}", "alt": image.alt_text or ""}

    try:
        result = mammoth.convert_to_html(io.BytesIO(data), style_map=_STYLE_MAP,
                                         convert_image=mammoth.images.img_element(keep_image))
    except Exception:  # a damaged or mislabelled file makes zipfile/mammoth raise many kinds of errors
        raise Refused("无法打开这个 Word 文件（文件损坏，或其实不是 .docx）",
                      "用 Word 或 WPS 打开它，另存为 .docx 后再导入") from None
    text = html_to_markdown(result.value)
    if not text.strip() and not images:
        raise Refused("Word 文件里没有文字", "检查是不是选错了文件")
    notes = [f"图片 {len(images)} 张"] if images else []
    return Source(path, "Word 文档", text, images=images, notes=notes)
