"""The whole golden corpus (tests/golden/check/, privacy/ included) as one library, built through the real plugin.

With the bad files present the build is refused, and the messages show only masked values;
without them the rest is published, and no raw personal data or injected markup from any
corpus file appears anywhere in site/: pages, JSON, dictionary, or Pagefind's gzip chunks.
HTML shown as code is published as code, and markup typed in a header shows as text.
"""

import gzip
import html
import re
import shutil
from pathlib import Path

from generator.checks.personal_data import find_pii
from generator.mkdocs_adapter.build import build_site

from ..fixture_library import make_library

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "check"
CORPUS = sorted(p for p in GOLDEN.rglob("*") if p.suffix.lower() in (".md", ".markdown"))
# Markup, not words: a title "<img onerror=…>" shown as escaped text is exactly what should happen.
INJECTED = re.compile(r"<(script|iframe|object|style|svg|embed|img\s+src=x)\b|<[a-z][^<>]*\son[a-z]+\s*="
                      r"|(href|src)\s*=\s*[\"']?\s*javascript:", re.IGNORECASE)


def has_errors(md: Path) -> bool:
    return "错误[" in md.with_suffix(".expected").read_text(encoding="utf-8")


def text_of(md: Path) -> str:
    return md.read_bytes().decode("utf-8", "replace")


def raw_values(md: Path) -> set[str]:
    """The personal data a corpus file holds, as written (what must never be published)."""
    return {m.text for m in find_pii(text_of(md))}


def flat_name(md: Path) -> str:
    """privacy/xss-script.md → privacy-xss-script.md: one folder, names (and so web addresses) unique."""
    return "-".join(md.relative_to(GOLDEN).parts)


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
    files = CORPUS
    bad = [f for f in files if has_errors(f)]
    assert len(bad) >= 50 and len(files) - len(bad) >= 20
    for f in files:
        shutil.copy(f, root / "cases" / flat_name(f))
    published_text = "".join(text_of(f) for f in files if f not in bad)
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
        (root / "cases" / flat_name(f)).unlink()
    assert build_site(root / "site_config.yml") == 0
    site = root / "site"
    published = [Path(flat_name(f)).stem for f in files if not has_errors(f)]
    assert all((site / "cases" / stem / "index.html").is_file() for stem in published)
    fenced = (site / "cases" / "privacy-lookalike-fenced-code" / "index.html").read_text(encoding="utf-8")
    shown = html.unescape(re.sub(r"<[^>]+>", "", "".join(re.findall(r"<code>.*?</code>", fenced, re.S))))
    assert '<iframe src="https://example.org/video"></iframe>' in shown and '<embed src="x.swf">' in shown
    header = (site / "cases" / "header-markup" / "index.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;开放空间会议&lt;/b&gt;" in header                  # shown as the text that was typed
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
