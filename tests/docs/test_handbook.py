"""The documentation people read: README.md (short, for users), the user handbook (handbook/, its own
MkDocs site) and the developer notes (dev/).

The handbook builds with `mkdocs build --strict` (a broken link or anchor between its pages fails), and
every relative link in the three places leads to a file that exists, and to a heading that exists
when it names one.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pymdownx.slugs import slugify

ROOT = Path(__file__).resolve().parents[2]
HANDBOOK = ROOT / "handbook"
PAGES = sorted((HANDBOOK / "docs").glob("*.md"))
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "dev").glob("*.md")), *PAGES]
README_MAX_LINES = 130

_slug = slugify(case="lower")   # as handbook/mkdocs.yml's toc and GitHub write heading anchors


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as data; the `!!python/…` tags MkDocs resolves (the toc's slugify) read as None."""


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _mkdocs_config() -> dict:
    return yaml.load((HANDBOOK / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)


@pytest.fixture(scope="module")
def handbook_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("handbook") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(HANDBOOK / "mkdocs.yml"), "-d", str(out)],
        capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_the_handbook_builds_strictly_with_every_page(handbook_site):
    assert PAGES, "handbook/docs/ has no pages"
    for page in PAGES:
        assert (handbook_site / page.with_suffix(".html").name).is_file(), page.name
    assert (handbook_site / "index.html").is_file()
    # The offline plugin: search works from files, without a server.
    assert (handbook_site / "search" / "search_index.js").is_file()


def test_the_handbook_config():
    config = _mkdocs_config()
    assert config["site_name"] == "社区案例库 使用手册"
    assert config["theme"]["name"] == "material"
    assert config["theme"]["language"] == "zh"
    assert config["theme"]["font"] is False
    assert config["use_directory_urls"] is False
    plugins = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert plugins == ["search", "offline"]   # never the caselib plugin: the handbook is not a case library
    in_nav = sorted(next(iter(entry.values())) for entry in config["nav"])
    assert in_nav == sorted(page.name for page in PAGES)


def _without_blocks(text: str) -> str:
    """Markdown text without fenced code blocks."""
    return re.sub(r"^( *)(`{3,}|~{3,})[^\n]*\n.*?^\1\2[ \t]*$", "", text, flags=re.M | re.S)


def _without_code(text: str) -> str:
    """Markdown text without fenced blocks and code spans: links shown as examples are not links."""
    return re.sub(r"(`+)(?!`).+?(?<!`)\1(?!`)", "", _without_blocks(text), flags=re.S)


def _links(path: Path) -> list[str]:
    return re.findall(r"\]\(([^)\s]+)\)", _without_code(path.read_text(encoding="utf-8")))


def _anchors(path: Path, handbook_site: Path) -> set[str]:
    if path.parent == HANDBOOK / "docs":   # as MkDocs wrote them
        html = (handbook_site / path.with_suffix(".html").name).read_text(encoding="utf-8")
        return set(re.findall(r'\bid="([^"]+)"', html))
    headings = re.findall(r"^#+ +(.+?) *$", _without_blocks(path.read_text(encoding="utf-8")), flags=re.M)
    return {_slug(heading.replace("`", ""), "-") for heading in headings}


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_lead_to_existing_files(document, handbook_site):
    assert document.is_file()
    broken = []
    for link in _links(document):
        if re.match(r"[a-z][a-z0-9+.-]*:", link):    # https:, mailto: …
            continue
        target, _, anchor = link.partition("#")
        path = (document.parent / target).resolve() if target else document
        missing = not path.exists() or not path.is_relative_to(ROOT)
        if missing or (anchor and path.suffix == ".md" and anchor not in _anchors(path, handbook_site)):
            broken.append(link)
    assert not broken, f"{document.relative_to(ROOT)}: broken links {broken}"


def test_the_documents_link_to_each_other():
    readme_links = {(ROOT / link.partition("#")[0]).resolve() for link in _links(ROOT / "README.md")}
    assert HANDBOOK / "docs" / "index.md" in readme_links
    assert any(path.parent == ROOT / "dev" for path in readme_links)


def test_the_readme_is_short():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines; move details to handbook/ or dev/"
