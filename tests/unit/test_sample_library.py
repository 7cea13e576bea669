"""The shipped sample library passes `check --strict` and covers the vocabulary."""

from collections import Counter

import frontmatter
import pytest

from generator.pipeline import load_library
from generator.problems import format_text

from ..conftest import TODAY


@pytest.fixture(scope="module")
def loaded(config):
    return load_library(config, today=TODAY)


def test_sample_library_passes_strict(loaded):
    assert not loaded.problems, format_text(list(loaded.problems), loaded.files)
    assert len(loaded.cases) == loaded.files >= 24


def test_sample_library_covers_kinds_models_stages_techniques(loaded, config):
    kinds = Counter(c.kind.id for c in loaded.cases)
    assert all(kinds[t.id] >= 6 for t in config.vocabulary.terms["kind"]), kinds
    for facet in ("models", "stages"):
        used = {t.id for c in loaded.cases for t in c.tags(facet)}
        assert used == {t.id for t in config.vocabulary.terms[facet]}, facet
    assert len({t.id for c in loaded.cases for t in c.techniques}) >= 20


def test_service_cases_have_real_length(loaded):
    lengths = [len("".join(c.body.split())) for c in loaded.cases if c.kind.id == "service-case"]
    assert min(lengths) >= 1500, lengths


def test_our_header_reader_agrees_with_python_frontmatter(loaded):
    # python-frontmatter is the reference reader for well-formed files.
    for case in loaded.cases:
        post = frontmatter.load(case.path)
        assert post["title"] == case.title
        assert post.content.strip() == case.body.strip()
