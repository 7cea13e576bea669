"""Time and peak memory of `caselib import` on hostile .docx files (issue 21, rows 9 and 10).

Usage: .venv/bin/python bench/import_bombs.py [MB …]   (XML sizes, default 1 10 100)
Builds, in a temporary folder, a library and:
- a bomb: a 1 GiB image part of zeros, about 1 MB packed;
- per size, the reviewer's file (document.xml of spaces, packed ~1000:1) and whitespace that packs
  only ~4:1 (random space/tab/CR/LF) between paragraphs, in runs of 256 KB.
Each is imported by the real CLI in a child process; a last column runs only the XML step
(`docx_package.rewrite_xml` and mammoth on the result) without the zip-directory limits, to show
that parsing grows linearly beyond what the limits let through. Peak memory is the child's
ru_maxrss (RUSAGE_CHILDREN of a wrapper process per run, so runs do not share a maximum).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASELIB = str(Path(sys.executable).parent / "caselib")
MB = 1024 * 1024
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SENTENCE = "社区里的居民一起讨论楼道堆物和电动车充电的问题，社工协助大家把意见整理成可以执行的办法。"
WHITESPACE = bytes(b" \t\r\n"[i % 4] for i in range(256))
TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
         'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
         'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
         'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
         'wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>')

# Runs a command, prints "<seconds> <peak KB> <exit code>": the wrapper's own children are only that command.
WRAPPER = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(f"{time.perf_counter() - start:.2f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss} {code}")
"""

# Only the XML step: every part of the file re-written, then mammoth on the result; no directory limits.
PARSE_ONLY = """
import io, sys, zipfile, mammoth
from generator.importing.docx_package import rewrite_xml
source = zipfile.ZipFile(sys.argv[1])
out = io.BytesIO()
with zipfile.ZipFile(out, "w") as packed:
    for info in source.infolist():
        part = source.read(info)
        packed.writestr(info.filename, rewrite_xml(info.filename, part)[0] if info.filename.endswith((".xml", ".rels"))
                        else part)
mammoth.convert_to_html(io.BytesIO(out.getvalue()))
"""


def docx(path: Path, body: Iterable[bytes], parts: dict[str, Iterable[bytes]] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", TYPES)
        z.writestr("_rels/.rels", RELS)
        document = [f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'.encode(),
                    *body, b"</w:body></w:document>"]
        for name, chunks in {"word/document.xml": document, **(parts or {})}.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with z.open(info, "w") as part:
                for chunk in chunks:
                    part.write(chunk)
    return path


def paragraph(text: str) -> bytes:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()


def zeros(total: int) -> Iterator[bytes]:
    chunk = bytes(16 * MB)
    for start in range(0, total, len(chunk)):
        yield chunk[:total - start]


def spaces(total: int) -> Iterator[bytes]:
    yield paragraph(SENTENCE)
    for start in range(0, total, MB):
        yield b" " * min(MB, total - start)


def spread(total: int, run: int = 256 * 1024) -> Iterator[bytes]:
    for n in range(max(1, total // run)):
        yield paragraph(f"第{n}段：{SENTENCE}")
        yield os.urandom(run).translate(WHITESPACE)


def measure(*command: str, cwd: Path) -> tuple[float, int, int]:
    out = subprocess.run([sys.executable, "-c", WRAPPER, *command], cwd=cwd, capture_output=True, text=True,
                         env=os.environ | {"PYTHONPATH": str(ROOT)}, check=True).stdout.split()
    return float(out[0]), int(out[1]), int(out[2])


def library(folder: Path) -> Path:
    lib = folder / "lib"
    (lib / "cases").mkdir(parents=True)
    shutil.copy(ROOT / "site_config.yml", lib)
    shutil.copytree(ROOT / "templates", lib / "templates")
    return lib


def show(label: str, packed: Path, figures: tuple[float, int, int], what: str = "import") -> None:
    seconds, peak_kb, code = figures
    result = "draft" if code == 0 else "refused"
    print(f"{label:<28} {packed.stat().st_size / MB:>8.2f} MB packed  {what:<10} {seconds:>7.2f} s "
          f"{peak_kb / 1024:>8.0f} MB peak  {result}", flush=True)


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory(prefix="caselib-bombs-") as scratch:
        folder = Path(scratch)
        lib = library(folder)
        bomb = docx(folder / "bomb.docx", [paragraph(SENTENCE)], {"word/media/image1.png": zeros(1024 * MB)})
        show("bomb (1 GiB image)", bomb, measure(CASELIB, "import", "--dry-run", str(bomb), cwd=lib))
        for size in sizes:
            path = docx(folder / f"spaces-{size}.docx", spaces(size * MB))
            show(f"spaces {size} MB XML", path, measure(CASELIB, "import", "--dry-run", str(path), cwd=lib))
            path.unlink()
            path = docx(folder / f"spread-{size}.docx", spread(size * MB))
            show(f"mixed whitespace {size} MB XML", path,
                 measure(CASELIB, "import", "--dry-run", str(path), cwd=lib))
            show(f"mixed whitespace {size} MB XML", path,
                 measure(sys.executable, "-c", PARSE_ONLY, str(path), cwd=lib), "parse only")
            path.unlink()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1, 10, 100])
