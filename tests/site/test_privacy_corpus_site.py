"""The whole privacy/safe-HTML corpus as one library, built through the real plugin.

With the bad files present the build is refused, and the messages show only masked values;
without them the rest is published, and no raw personal data or injected markup from any
corpus file appears anywhere in site/: pages, JSON, dictionary, or Pagefind's gzip chunks.
"""

import gzip
import re
import shutil
from pathlib import Path

from generator.pii import find_pii
from generator.plugin import build_site

from ..fixture_library import make_library

CORPUS = Path(__file__).resolve().parent.parent / "golden" / "check" / "privacy"
# Markup, not words: a title "<img onerror=…>" shown as escaped text is exactly what should happen.
INJECTED = re.compile(r"<(script|iframe|object|style|svg|embed|img\s+src=x)\b|<[a-z][^<>]*\son[a-z]+\s*="
                      r"|(href|src)\s*=\s*[\"']?\s*javascript:", re.IGNORECASE)


def has_errors(md: Path) -> bool:
    return "错误[" in md.with_suffix(".expected").read_text(encoding="utf-8")


def raw_values(md: Path) -> set[str]:
    """The personal data a corpus file holds, as written (what must never be published)."""
    return {m.text for m in find_pii(md.read_text(encoding="utf-8"))}


def site_texts(site: Path):
    for path in site.rglob("*"):
        if path.is_file() and path.suffix not in (".png", ".jpg", ".ico", ".woff2", ".gz"):
            raw = path.read_bytes()
            if raw[:2] == b"\x1f\x8b":
                raw = gzip.decompress(raw)
            yield path, raw.decode("utf-8", "replace")


def test_corpus_library_is_refused_then_published_without_leaks(tmp_path, capsys, monkeypatch):
    root = make_library(tmp_path, {})
    (root / "cases").mkdir()
    files = sorted(CORPUS.glob("*.md"))
    bad = [f for f in files if has_errors(f)]
    assert len(bad) >= 30 and len(files) - len(bad) >= 5
    for f in files:
        shutil.copy(f, root / "cases" / f.name)
    published_text = "".join(f.read_text(encoding="utf-8") for f in files if f not in bad)
    # A value inside a look-alike that is meant to be published (5栋302 within 全小区共5栋302户) is no leak.
    leaks = {v for f in bad for v in raw_values(f) if v not in published_text}
    assert len(leaks) >= 20

    monkeypatch.chdir(root)
    assert build_site(root / "site_config.yml") == 1
    err = capsys.readouterr().err
    assert err.count("错误[") >= len(bad)
    assert not [v for v in leaks if v in err]              # messages mask what they report
    assert not (root / "site").exists()

    for f in bad:
        (root / "cases" / f.name).unlink()
    assert build_site(root / "site_config.yml") == 0
    site = root / "site"
    published = [f.stem for f in files if not has_errors(f)]
    assert all((site / "cases" / stem / "index.html").is_file() for stem in published)
    for path, text in site_texts(site):
        assert not [v for v in leaks if v in text], path
        if path.suffix == ".js" or "assets" in path.parts:
            continue        # the theme's and our own scripts, not case content
        if path.name == "cases.csv":
            continue        # a spreadsheet shows a title as the text written (tests/site/test_exports.py)
        if path.suffix == ".html":   # the theme puts icons and scripts around the article, cases go inside
            text = "".join(re.findall(r"<article.*?</article>", text, re.S))
            text = re.sub(r'<svg class="cl-chart"[^>]*>', "", text)   # our own charts (统计); their labels still checked
        assert not INJECTED.search(text), (path, INJECTED.search(text))
