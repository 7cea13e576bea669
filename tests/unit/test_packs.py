"""Training packs: bad pack files give the exact problems (golden files), `caselib new 培训包`
writes a template that fails until filled, and `caselib check` checks packs with the cases."""

import dataclasses
import shutil
from pathlib import Path

import pytest

from generator.checks.load import load_library
from generator.cli import main
from generator.core.problems import format_text
from generator.site.packs import CaseFinder, read_pack

from ..conftest import ROOT, TODAY
from ..helpers import assert_matches_golden

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "packs"
PACKS = sorted(GOLDEN.glob("*.yml"))


@pytest.fixture(scope="module")
def finder(config):
    """The sample library's cases, and one case still in review."""
    cases = load_library(config, today=TODAY).cases
    draft = dataclasses.replace(cases[0], slug="in-review", title="还在审核的案例", status="review")
    return CaseFinder([*cases, draft])


@pytest.mark.parametrize("path", PACKS, ids=[p.stem for p in PACKS])
def test_golden(path, config, finder, monkeypatch):
    monkeypatch.chdir(GOLDEN)
    _, problems = read_pack(Path(path.name).absolute(), config, finder)
    assert_matches_golden(path.with_suffix(".expected"), format_text(problems, 1) + "\n")


def test_good_pack_reads_its_sessions_in_order(config, finder):
    pack, problems = read_pack(GOLDEN / "good.yml", config, finder)
    assert not problems
    assert pack.title == "一节课的小培训包" and pack.audience == ("督导",)
    [session] = pack.sessions
    assert [c.slug for c in session.cases] == ["keyuan-heating-advocacy"]
    assert session.questions == ("居民自己出面和社工替居民出面，结果会有什么不同？",)


def test_sample_pack_uses_the_sample_library(config, finder):
    [path] = (ROOT / "packs").glob("*.yml")
    pack, problems = read_pack(path, config, finder)
    assert not problems, format_text(problems, 1)
    assert len(pack.sessions) >= 3 and len(pack.cases) >= 6
    assert all(s.questions for s in pack.sessions)


@pytest.fixture
def sample_copy(library):
    """The sample library's cases in a working folder of their own."""
    shutil.rmtree(library / "cases")
    shutil.copytree(ROOT / "cases", library / "cases")
    return library


def test_new_pack_fails_until_filled_then_passes(sample_copy, capsys):
    assert main(["new", "培训包", "--title", "倾听半日培训"]) == 0
    [path] = (sample_copy / "packs").glob("*.yml")
    assert "倾听半日培训" in path.name
    capsys.readouterr()
    assert main(["check", "packs"]) == 1
    out = capsys.readouterr().out
    assert "错误[未填写] purpose 还是模板里的提示文字 —— 请填写：一两句话写这次培训要让学员学会什么" in out
    assert "错误[未填写] cases 还是模板里的提示文字" in out
    text = path.read_text(encoding="utf-8")
    for placeholder, value in (("【待填写：一两句话写这次培训要让学员学会什么】", "学会先听完再说。"),
                               ("【待填写：培训对象，如 新社工、居民骨干、督导，几项之间用半角逗号分开】", "新社工"),
                               ("【待填写：培训时长，如 一天（6 小时）】", "半天"),
                               ("【待填写：第一节的名称】", "倾听"),
                               ("【待填写：这一节的时长，如 上午 3 小时（可删去这一行）】", "90 分钟"),
                               ("【待填写：案例的 slug 或标题】", "liyuan-2024-listening-supervision"),
                               ("【待填写：讨论问题】", "什么时候你没有听完就开口了？"),
                               ("【待填写：这一节的活动，不需要时删去 activities 这两行】", "两人一组练习复述。")):
        assert placeholder in text, placeholder
        text = text.replace(placeholder, value)
    path.write_text(text, encoding="utf-8")
    assert main(["check", "--strict"]) == 0, capsys.readouterr().out
    assert main(["new", "培训包", "--title", "倾听半日培训"]) == 0   # never overwrites
    assert len(list((sample_copy / "packs").glob("*.yml"))) == 2


def test_check_reports_packs_with_the_cases_and_alone(sample_copy, capsys):
    (sample_copy / "packs").mkdir()
    shutil.copy(GOLDEN / "wrong-fields.yml", sample_copy / "packs")
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "packs/wrong-fields.yml:2: 警告[未知字段] 不认识字段 purpos，它会被忽略 —— 是否指 purpose？" in out
    assert out.strip().endswith(f"检查了 {len(list((ROOT / 'cases').rglob('*.md'))) + 1} 个文件：6 个错误，3 个警告。")
    assert main(["check", "packs/wrong-fields.yml"]) == 1
    assert capsys.readouterr().out.strip().endswith("检查了 1 个文件：6 个错误，3 个警告。")
    assert main(["check", "cases"]) == 0   # cases alone: the pack is not asked for
