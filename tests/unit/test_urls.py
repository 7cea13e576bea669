"""The site's URL layout (site/urls.py): where each page is published, and the relative links
between pages, which must lead where posixpath would say, from any page to any page."""

import posixpath
import random

import pytest

from generator.checks.load import load_library
from generator.core.config import load_config
from generator.core.facets import PAGED
from generator.site.library import link
from generator.site.packs import load_packs
from generator.site.urls import (
    case_path,
    cell_path,
    community_path,
    handout_path,
    href,
    pack_path,
    term_path,
    url_of,
)


@pytest.mark.parametrize("path, url", [
    ("index.md", ""), ("search.md", "search/"), ("cases/a.md", "cases/a/"), ("communities/index.md", "communities/"),
    ("techniques/open-space/2.md", "techniques/open-space/2/"), ("a/b/index.md", "a/b/"),
    ("cases/和平路.md", "cases/和平路/"), ("cases/reindex.md", "cases/reindex/"),
])
def test_url_of_a_docs_path_is_its_folder(path, url):
    assert url_of(path) == url


def expected_href(from_path: str, to_path: str) -> str:
    """The reference: posixpath.relpath between the two pages' folders."""
    rel = posixpath.relpath("/" + url_of(to_path), "/" + url_of(from_path))
    return "./" if rel == "." else rel + "/"


PARTS = ["cases", "techniques", "matrix", "packs", "a", "b", "和平路社区", "index", "2", "open-space"]


def random_path(rng: random.Random) -> str:
    folders = [rng.choice(PARTS) for _ in range(rng.randint(0, 4))]
    return "/".join([*folders, rng.choice(["index", *PARTS])]) + ".md"


def test_href_between_pages_at_any_depth_is_the_relative_path():
    rng = random.Random(20251231)
    paths = [random_path(rng) for _ in range(400)] + ["index.md", "cases/a.md", "cases/index.md"]
    pairs = [(rng.choice(paths), rng.choice(paths)) for _ in range(20_000)]
    pairs += [(p, p) for p in paths] + [(p, "index.md") for p in paths] + [("index.md", p) for p in paths]
    wrong = [(a, b, href(a, b), expected_href(a, b)) for a, b in pairs if href(a, b) != expected_href(a, b)]
    assert wrong == []


@pytest.mark.parametrize("from_path, to_path, link", [
    ("cases/a.md", "cases/b.md", "../b/"),
    ("cases/a.md", "techniques/open-space.md", "../../techniques/open-space/"),
    ("index.md", "cases/a.md", "cases/a/"),
    ("cases/a.md", "index.md", "../../"),
    ("index.md", "index.md", "./"),
    ("techniques/index.md", "techniques/open-space.md", "open-space/"),
    ("techniques/open-space/2.md", "techniques/open-space.md", "../"),
    ("packs/p.md", "packs/p.md", "./"),
])
def test_links_a_reader_follows(from_path, to_path, link):
    assert href(from_path, to_path) == link


@pytest.fixture(scope="module")
def library(built):
    """The fixture library's cases, terms, communities and packs, as built into `built`."""
    config, _ = load_config(built.parent / "site_config.yml")
    loaded = load_library(config)
    published = [c for c in loaded.cases if not c.is_draft]
    return link(published, config.vocabulary), load_packs(config, loaded.cases).packs


def page_exists(site, path: str) -> bool:
    return (site / url_of(path) / "index.html").is_file()


def test_every_case_term_community_cell_and_pack_is_published_at_its_path(built, library):
    lib, packs = library
    paths = [case_path(c) for c in lib.cases]
    paths += [term_path(t) for facet in PAGED for t in lib.vocabulary.terms[facet.field]]
    paths += [community_path(c) for c in lib.communities]
    paths += [cell_path(m, s) for m in lib.vocabulary.terms["models"] for s in lib.vocabulary.terms["stages"]]
    paths += [pack_path(p) for p in packs]
    assert len(paths) > 60 and len(set(paths)) == len(paths)     # one page each, none shared
    assert [p for p in paths if not page_exists(built, p)] == []
    assert packs and all((built / handout_path(p)).is_file() for p in packs)


def test_the_addresses_readers_bookmark(library):
    lib, [pack] = library
    vocab = lib.vocabulary
    heping = next(c for c in lib.cases if c.title == "和平路社区的楼道公约")
    assert url_of(case_path(heping)) == "cases/heping-convention/"
    assert url_of(term_path(vocab.get("techniques", "open-space"))) == "techniques/open-space/"
    assert url_of(term_path(vocab.get("kind", "micro-project"))) == "kinds/micro-project/"
    assert url_of(community_path(lib.community_of[heping.slug])) == "communities/和平路社区/"   # Chinese, as typed
    assert url_of(cell_path(vocab.get("models", "district-development"), vocab.get("stages", "launch"))) \
        == "matrix/district-development--launch/"
    assert url_of(pack_path(pack)) == "packs/open-space/"
    assert handout_path(pack) == "packs/open-space/handout/index.html"
