"""Which reader takes which file, and what to say about files no reader takes."""

from __future__ import annotations

from pathlib import Path

from generator.core.errors import Refused
from generator.core.sources import NotRegularFile, read_bytes
from generator.core.text import os_reason
from generator.importing.limits import MAX_INPUT_BYTES, check_text, mb
from generator.importing.model import Source
from generator.importing.read_docx import read_docx
from generator.importing.read_html import read_html
from generator.importing.read_text import read_text

READERS = {".docx": read_docx, ".html": read_html, ".htm": read_html, ".xhtml": read_html,
           ".txt": read_text, ".text": read_text, ".md": read_text, ".markdown": read_text}
# Formats we do not read, with how to turn them into one we do.
CONVERT = {
    ".doc": ("这是旧版 Word 文件（.doc），不能直接导入", "用 Word 或 WPS 打开，“另存为” .docx 格式后再导入"),
    ".wps": ("这是 WPS 文字文件（.wps），不能直接导入", "用 WPS 打开，“另存为” .docx 格式后再导入"),
    ".rtf": ("这是 RTF 文件，不能直接导入", "用 Word 或 WPS 打开，“另存为” .docx 格式后再导入"),
    ".odt": ("这是 OpenDocument 文件，不能直接导入", "用 WPS 或 LibreOffice 打开，“另存为” .docx 格式后再导入"),
    ".pdf": ("PDF 不能直接导入：从 PDF 取出的文字常常每行断开、段落和表格顺序打乱",
             "如果有原来的 Word 文件，导入 Word 文件；否则用 WPS 把 PDF 转成 Word（.docx），核对段落后再导入"),
    ".mhtml": ("这是“单个文件”网页（.mhtml），不能直接导入", "在浏览器中打开，另存为“网页，仅 HTML”（.html）后再导入"),
    ".mht": ("这是“单个文件”网页（.mht），不能直接导入", "在浏览器中打开，另存为“网页，仅 HTML”（.html）后再导入"),
}
_IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".heic", ".tif", ".tiff"}


def read_source(path: Path) -> Source:
    """The document at `path` as Markdown, or Refused saying what to do instead.
    Its text must fit in one case file, as `caselib check` reads it."""
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise Refused(*_why_not(suffix))
    try:
        data = read_bytes(path, MAX_INPUT_BYTES)
    except NotRegularFile as exc:
        raise Refused(f"这是{exc.kind}，不是普通文件，没有读取", "只导入 Word、网页或文本文件本身") from None
    except OSError as exc:
        raise Refused(f"无法读取这个文件：{os_reason(exc)}", "检查文件是否存在、是否被其他程序占用") from None
    if data is None:
        raise Refused(f"文件超过 {mb(MAX_INPUT_BYTES)}，不像是一篇案例", "把文档中的大图片压缩后再导入")
    source = reader(path, data)
    check_text(source.text, "导入后的正文")
    return source


def _why_not(suffix: str) -> tuple[str, str]:
    if suffix in CONVERT:
        return CONVERT[suffix]
    if suffix in _IMAGES:
        return ("这是图片，里面的文字不能直接导入",
                "如果是拍下的文件，请用手机的“提取文字”功能把文字复制到记事本，存为 .txt 后再导入")
    return (f"不认识“{suffix or '没有扩展名'}”这种文件",
            "可导入的格式：Word（.docx）、网页（.html）、文本（.txt）、没有头信息的 Markdown（.md）")
