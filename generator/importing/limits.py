"""How much `caselib import` reads and writes, in one place: a draft must pass `caselib check`, so the
text limit is check's own (core/sources.py MAX_BYTES); the others bound what a document may unpack to."""

from __future__ import annotations

import math

from generator.core.errors import Refused
from generator.core.sources import MAX_BYTES as MAX_DRAFT_BYTES

MB = 1024 * 1024
MAX_INPUT_BYTES = 30 * MB          # a document on disk (a .docx with photos may be this large)
MAX_IMAGE_BYTES = 20 * MB          # one image taken from a document
MAX_IMAGES_BYTES = 50 * MB         # all images of one document together
MAX_IMAGES = 1_000                 # images in one document
MAX_MEMBERS = 2_000                # parts inside a .docx (each image is one)
MAX_MEMBER_BYTES = MAX_IMAGE_BYTES  # one part that is not XML, unpacked
MAX_XML_BYTES = 64 * MB            # one XML part (document.xml), unpacked
MAX_PACKAGE_BYTES = 100 * MB       # every part together, unpacked
MAX_RATIO = 100                    # unpacked / packed, for a part over RATIO_FLOOR (Word's XML packs ~10:1)
RATIO_FLOOR = 1 * MB

TOO_MUCH_TEXT_HINT = "把文档拆成几个较小的文件分别导入，或先删去不属于这篇案例的内容"


def mb(size: int) -> str:
    """`5 MB`, `5.01 MB`: a size as a refusal shows it, rounded up (just over a limit never reads as the limit)."""
    return f"{math.ceil(size * 100 / MB) / 100:.2f}".rstrip("0").rstrip(".") + " MB"


def check_text(text: str, what: str) -> None:
    """Refused when `text` (a document's text or a whole draft) is over what `caselib check` accepts."""
    size = len(text.encode("utf-8"))
    if size > MAX_DRAFT_BYTES:
        raise too_much_text(f"{what}有 {mb(size)}，")


def too_much_text(what: str) -> Refused:
    """The refusal of a text over the limit: `what` says whose text, and how large when known."""
    return Refused(f"{what}超过案例文件的上限 {mb(MAX_DRAFT_BYTES)}"
                   "（caselib check 不接受更大的案例文件，所以导入的草稿也不能更大）", TOO_MUCH_TEXT_HINT)
