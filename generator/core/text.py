"""Decoding case files and normalising Chinese text for matching."""

from __future__ import annotations

import errno
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class Decoded:
    text: str | None          # None when the bytes are not usable text
    encoding: str              # what we decoded with ("utf-8", "gb18030", ...)
    reason: str = ""           # why text is None ("binary", "undecodable")


def decode(data: bytes) -> Decoded:
    """Bytes → text with LF line endings. Never raises.

    UTF-8 (with or without BOM) is the contract; GB18030/GBK, Big5 and UTF-16
    files from Word or old editors are still read so that the supervisor gets
    real feedback plus a warning to re-save as UTF-8.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _finish(data, "utf-16")
    if b"\x00" in data[:8192]:
        return Decoded(None, "", "binary")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return Decoded(_lines(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    guess = _guess_encoding(data)
    return _finish(data, guess) if guess else Decoded(None, "", "undecodable")


def _guess_encoding(data: bytes) -> str | None:
    # Imported lazily: only non-UTF-8 files pay for the detector.
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16", "utf_32"]).best()
    return best.encoding if best else None


def _finish(data: bytes, encoding: str) -> Decoded:
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return Decoded(None, encoding, "undecodable")
    return Decoded(_lines(text.lstrip("\ufeff")), encoding.replace("_", "-"))


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@lru_cache(maxsize=2)
def opencc_converter(profile: str = "t2s") -> Any:
    """OpenCC's converter for `profile` ("t2s", "tw2sp"), made once: loading its tables is slow."""
    import opencc

    return opencc.OpenCC(profile)


@lru_cache(maxsize=1)
def simplified_characters() -> dict[int, str]:
    """OpenCC's Traditional → Simplified for single characters that map one to one (區 → 区):
    what the search index and the browser apply character by character, so the two agree."""
    convert = opencc_converter().convert
    pairs = {}
    for block in (range(0x3400, 0x4DC0), range(0x4E00, 0xA000), range(0xF900, 0xFB00)):
        for cp in block:
            simple = convert(chr(cp))
            if simple != chr(cp) and len(simple) == 1:
                pairs[cp] = simple
    return pairs


def to_simplified(text: str) -> str:
    """Traditional → Simplified (OpenCC), full-width → half-width (NFKC)."""
    return opencc_converter().convert(unicodedata.normalize("NFKC", text))


_IGNORED_IN_KEYS = str.maketrans("", "", " \t\u3000\"'“”‘’「」『』《》·・")


@lru_cache(maxsize=1 << 16)   # every title and community of a 10,000-case library
def match_key(text: str) -> str:
    """The form two spellings of one term share: 地區發展 == 地区发展, ＳＷＯＴ == swot."""
    return to_simplified(text).translate(_IGNORED_IN_KEYS).casefold()


@lru_cache(maxsize=1 << 16)   # every title and community of a 10,000-case library
def loose_key(text: str) -> str:
    """What is left of a title without punctuation, spaces, width or Traditional forms: two titles with
    the same loose key read as the same title (《楼道公约》的制定 ≈ 樓道公約的制定)."""
    return "".join(ch for ch in to_simplified(text).casefold()
                   if not unicodedata.category(ch).startswith(("P", "Z", "S", "C")))


def clean(text: str) -> str:
    """A display value: NFKC, Simplified, single spaces, no surrounding blanks."""
    return " ".join(to_simplified(text).split())


_OS_REASONS = {
    errno.EACCES: "没有读取权限", errno.EPERM: "没有读取权限", errno.ENOENT: "文件不存在",
    errno.EISDIR: "这是一个文件夹", errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ELOOP: "快捷方式（符号链接）形成了循环",
    errno.ENAMETOOLONG: "文件名太长", errno.EIO: "磁盘读取出错",
}


def os_reason(exc: OSError) -> str:
    """Why a file could not be read, in Chinese (the system's own text is English)."""
    return _OS_REASONS.get(exc.errno or 0, f"系统错误（错误号 {exc.errno}）")


_WRITE_REASONS = {
    errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限", errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "磁盘是只读的", errno.ENOTDIR: "路径中有一段不是文件夹", errno.EEXIST: "那里已有同名的文件",
    errno.ENAMETOOLONG: "文件名太长", errno.EIO: "磁盘写入出错", errno.EBUSY: "文件正被其他程序占用",
}


def write_reason(exc: OSError) -> str:
    """Why a file could not be written, in Chinese."""
    return _WRITE_REASONS.get(exc.errno or 0) or os_reason(exc)
