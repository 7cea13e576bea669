"""Word and WPS .docx → Markdown with mammoth (headings, lists, tables, bold and italic),
images written beside the draft under 图片/ and linked relatively.

mammoth only ever sees the package `docx_package.repack` made: measured, bounded and re-written.
"""

from __future__ import annotations

import io
from pathlib import Path

from generator.core.errors import Refused
from generator.importing.docx_package import repack
from generator.importing.limits import MAX_IMAGE_BYTES, MAX_IMAGES, MAX_IMAGES_BYTES, mb
from generator.importing.model import IMAGE_DIR, Image, Source
from generator.importing.read_html import html_to_markdown

# Chinese Word and WPS name the heading styles 标题 1…; English Word names them Heading 1….
_STYLE_MAP = "\n".join([*(f"p[style-name='标题 {n}'] => h{n}:fresh" for n in range(1, 5)),
                        "p[style-name='Title'] => h1:fresh", "p[style-name='标题'] => h1:fresh"])
# The image types the site publishes (core/assets.py); others (BMP, EMF/WMF drawings) are left out of the draft.
_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}
_IMAGE_HINT = "用 Word 或 WPS 打开它，压缩图片（“图片格式 → 压缩图片”）后另存为 .docx 再导入"


def read_docx(path: Path, data: bytes) -> Source:
    import mammoth

    package = repack(data)
    images: list[Image] = []

    def keep_image(image) -> dict:
        ext = _EXTENSIONS.get(image.content_type)
        if ext is None:      # BMP, EMF/WMF drawings: the site would not publish them
            return {"src": "", "alt": image.alt_text or ""}
        with image.open() as stream:
            images.append(Image(f"image-{len(images) + 1}.{ext}", _bounded(stream, images)))
        return {"src": f"{IMAGE_DIR}/{images[-1].name}", "alt": image.alt_text or ""}

    try:
        result = mammoth.convert_to_html(io.BytesIO(package), style_map=_STYLE_MAP,
                                         convert_image=mammoth.images.img_element(keep_image),
                                         external_file_access=False)   # never a file or URL the document names
    except Refused:
        raise
    except Exception:  # a damaged or mislabelled file makes zipfile/mammoth raise many kinds of errors
        raise Refused("无法打开这个 Word 文件（文件损坏，或其实不是 .docx）",
                      "用 Word 或 WPS 打开它，另存为 .docx 后再导入") from None
    text = html_to_markdown(result.value)
    if not text.strip() and not images:
        raise Refused("Word 文件里没有文字", "检查是不是选错了文件")
    notes = [f"图片 {len(images)} 张"] if images else []
    return Source(path, "Word 文档", text, images=images, notes=notes)


def _bounded(stream, earlier: list[Image]) -> bytes:
    """One image, read with a bound; Refused when it, or all of the document's images, are too many or large."""
    if len(earlier) >= MAX_IMAGES:
        raise Refused(f"Word 文件中的图片超过 {MAX_IMAGES} 张，不像是一篇案例", _IMAGE_HINT)
    data = stream.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise Refused(f"Word 文件中的第 {len(earlier) + 1} 张图片超过 {mb(MAX_IMAGE_BYTES)}", _IMAGE_HINT)
    if sum(len(i.data) for i in earlier) + len(data) > MAX_IMAGES_BYTES:   # at most MAX_IMAGES of them
        raise Refused(f"Word 文件中的图片加起来超过 {mb(MAX_IMAGES_BYTES)}", _IMAGE_HINT)
    return data
