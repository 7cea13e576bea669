"""A .docx made safe for mammoth: measured from its zip directory before anything is unpacked, each
part read with a bound, its XML re-written by lxml without the blank text between elements.

Why the re-writing: mammoth parses XML with minidom, which grows a long text node by string
concatenation (quadratic: 100 MB of whitespace took minutes). lxml parses in linear time and refuses
a text node over 10 MB; what mammoth then gets has no long blank runs and at most the text a draft
may hold, so its parse stays linear too.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath

from generator.core.errors import Refused
from generator.importing.limits import (
    MAX_DRAFT_BYTES,
    MAX_MEMBER_BYTES,
    MAX_MEMBERS,
    MAX_PACKAGE_BYTES,
    MAX_RATIO,
    MAX_XML_BYTES,
    RATIO_FLOOR,
    mb,
    too_much_text,
)

_BOMB_HINT = "用 Word 或 WPS 打开它，压缩图片（“图片格式 → 压缩图片”）后另存为新的 .docx 再导入；来历不明的文件不要导入"
_RESAVE_HINT = "用 Word 或 WPS 打开它，另存为新的 .docx 后再导入；来历不明的文件不要导入"
_DAMAGED = ("无法打开这个 Word 文件（文件损坏，或其实不是 .docx）", "用 Word 或 WPS 打开它，另存为 .docx 后再导入")
_XML_SUFFIXES = (".xml", ".rels")
# Blank text whose parent also holds elements: layout between tags, never content (w:t holds no elements).
_BLANK_BETWEEN = "//*[*]/text()[normalize-space(.) = '']"


def repack(data: bytes) -> bytes:
    """The document as a new zip for mammoth (parts stored, XML re-written), or Refused over a limit."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):   # an OLE file: a .doc renamed, or a .docx with a password
        raise Refused("这个文件其实是旧版 Word 文件（.doc），或设置了打开密码",
                      "用 Word 或 WPS 打开它（有密码的先取消密码），另存为 .docx 后再导入")
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise Refused(*_DAMAGED) from None
    members = measure(package.infolist())
    out = io.BytesIO()
    text = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as repacked:
        for info in members:
            part = _read(package, info)
            if info.filename.lower().endswith(_XML_SUFFIXES):
                part, size = rewrite_xml(info.filename, part)
                text += size
                if text > MAX_DRAFT_BYTES:
                    raise too_much_text("Word 文件中的文字")
            repacked.writestr(info.filename, part)
    return out.getvalue()


def measure(infos: list[zipfile.ZipInfo]) -> list[zipfile.ZipInfo]:
    """The parts to read (the last of each name, as zipfile reads them), judged by what the directory
    declares: too many, one too large or packed too tightly, all together too large → Refused."""
    if len(infos) > MAX_MEMBERS:
        raise Refused(f"这个 Word 文件里有 {len(infos)} 个部件，超过上限 {MAX_MEMBERS} 个，不像是一篇案例",
                      _BOMB_HINT)
    total = 0
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise Refused(f"这个 Word 文件中的“{_shown(info)}”压缩了 {info.file_size // max(info.compress_size, 1)} 倍"
                          f"（解压后 {mb(info.file_size)}），正常的文档不会压缩得这么紧，"
                          "很可能是恶意构造的“压缩炸弹”，没有解压", _BOMB_HINT)
        limit = MAX_XML_BYTES if info.filename.lower().endswith(_XML_SUFFIXES) else MAX_MEMBER_BYTES
        if info.file_size > limit:
            raise Refused(f"这个 Word 文件中的“{_shown(info)}”解压后有 {mb(info.file_size)}，"
                          f"超过上限 {mb(limit)}", _BOMB_HINT)
        total += info.file_size
    if total > MAX_PACKAGE_BYTES:
        raise Refused(f"这个 Word 文件解压后共有 {mb(total)}，超过上限 {mb(MAX_PACKAGE_BYTES)}，不像是一篇案例",
                      _BOMB_HINT)
    return list({info.filename: info for info in infos if not info.is_dir()}.values())


def _shown(info: zipfile.ZipInfo) -> str:
    return PurePosixPath(info.filename).name[:60] or "（没有名字的部件）"


def _read(package: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """At most the declared size (never more than its limit): a part that lies about its size is refused."""
    limit = min(info.file_size, MAX_XML_BYTES)
    try:
        with package.open(info) as stream:
            part = stream.read(limit + 1)
    except RuntimeError:   # zipfile's words for an encrypted part
        raise Refused("这个 Word 文件设置了密码", "用 Word 或 WPS 打开它，取消密码后另存为 .docx 再导入") from None
    except Exception:      # zipfile, zlib, bz2 and lzma each raise their own kind for damaged data
        raise Refused(*_DAMAGED) from None
    if len(part) > limit:
        raise Refused(f"这个 Word 文件中的“{_shown(info)}”比它声明的大小更大，文件已损坏或被人改动过", _RESAVE_HINT)
    return part


def rewrite_xml(name: str, part: bytes) -> tuple[bytes, int]:
    """One XML part re-written by lxml without blank text between elements, and the bytes of text it holds."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(part, parser)
    except etree.XMLSyntaxError as exc:
        if exc.code == etree.ErrorTypes.ERR_RESOURCE_LIMIT:
            raise Refused(f"这个 Word 文件中的“{PurePosixPath(name).name}”超出了读取的限度：有一段文字或空白"
                          "超过 10 MB，或标记嵌套超过 256 层，正常的 Word 文件不会这样", _RESAVE_HINT) from None
        raise Refused(*_DAMAGED) from None
    if root.getroottree().docinfo.internalDTD is not None:   # Word never writes one; entities could expand
        raise Refused(f"这个 Word 文件中的“{PurePosixPath(name).name}”含有 Word 不会写的 DTD 声明，没有读取",
                      _RESAVE_HINT)
    for blank in root.xpath(_BLANK_BETWEEN):
        if blank.is_tail:
            blank.getparent().tail = None
        else:
            blank.getparent().text = None
    text = sum(len(piece.encode("utf-8")) for piece in root.itertext())
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), text
