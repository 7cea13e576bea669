"""Plain text and header-less Markdown, in every encoding `caselib check` reads."""

from __future__ import annotations

from pathlib import Path

from generator.core.errors import Refused
from generator.core.sources import CLOSE, FENCE
from generator.core.text import decode
from generator.importing.model import Source


def read_text(path: Path, data: bytes) -> Source:
    decoded = decode(data)
    if decoded.text is None:
        if decoded.reason == "binary":
            raise Refused("这个文件里是二进制内容，不是文字（可能是改了扩展名的 Word 或 WPS 文件）",
                          "用 Word 或 WPS 打开，另存为 .docx 后再导入")
        raise Refused("无法识别这个文件的文字编码", "用记事本打开，另存为“UTF-8”编码后再导入")
    text = decoded.text
    if path.suffix.lower() in (".md", ".markdown") and has_header(text):
        raise Refused("这个文件已经有头信息，已经是一篇案例，不需要导入", f"直接运行 caselib check {path.name} 检查它")
    if not text.strip():
        raise Refused("文件是空的", "检查是不是选错了文件")
    utf8 = decoded.encoding in ("utf-8", "ascii")
    notes = [] if utf8 else [f"原文件是 {decoded.encoding.upper()} 编码，草稿已存为 UTF-8"]
    return Source(path, "纯文本", text, encoding=decoded.encoding, notes=notes)


def has_header(text: str) -> bool:
    lines = text.lstrip("\ufeff").split("\n")
    return bool(lines and FENCE.match(lines[0]) and any(CLOSE.match(line) for line in lines[1:]))
