"""The shipped sample library passes `check --strict` and covers the vocabulary."""

from collections import Counter

import frontmatter
import pytest

from generator.checks.load import load_library
from generator.core.problems import format_text

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


def test_every_model_stage_cell_has_a_case(loaded, config):
    # The 模式 × 阶段 table of the sample library has no empty cell to show a new worker.
    pairs = {(m.id, s.id) for c in loaded.cases for m in c.models for s in c.stages}
    empty = [(m.label, s.label) for m in config.vocabulary.terms["models"] for s in config.vocabulary.terms["stages"]
             if (m.id, s.id) not in pairs]
    assert not empty, empty


def test_service_cases_have_real_length(loaded):
    lengths = [len("".join(c.body.split())) for c in loaded.cases if c.kind.id == "service-case"]
    assert min(lengths) >= 1500, lengths


def test_our_header_reader_agrees_with_python_frontmatter(loaded):
    # python-frontmatter is the reference reader for well-formed files.
    for case in loaded.cases:
        post = frontmatter.load(case.path)
        assert post["title"] == case.title
        assert post.content.strip() == case.body.strip()
