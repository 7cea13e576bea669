import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from generator.core.config import load_config

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2025, 12, 31)  # fixed, so "date in the future" checks are reproducible


@pytest.fixture(scope="session")
def config():
    cfg, problems = load_config(ROOT / "site_config.yml")
    assert cfg is not None, [p.format() for p in problems]
    return cfg


@pytest.fixture
def chdir(tmp_path):
    old = Path.cwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(old)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The small fixture library, built once through the real MkDocs plugin."""
    from generator.mkdocs_adapter.build import build_site

    from .fixture_library import make_library

    root = make_library(tmp_path_factory.mktemp("library"))
    assert build_site(root / "site_config.yml") == 0
    return root / "site"


@pytest.fixture
def library(tmp_path, monkeypatch):
    """An empty library (real config and templates) as the working folder."""
    shutil.copy(ROOT / "site_config.yml", tmp_path)
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "cases").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path




@pytest.fixture(scope="session")
def sample_site(tmp_path_factory):
    """The real sample library in cases/, built once (search regression runs on it)."""
    from generator.mkdocs_adapter.build import build_site

    root = tmp_path_factory.mktemp("sample")
    shutil.copy(ROOT / "site_config.yml", root)
    for folder in ("templates", "docs", "cases", "packs"):
        shutil.copytree(ROOT / folder, root / folder)
    assert build_site(root / "site_config.yml") == 0
    assert len(list((root / "site/cases").glob("*/index.html"))) > 20
    return root / "site"
