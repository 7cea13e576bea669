"""core/confine.py: every write lands in its folder, whatever the target names or what was left there."""

import pytest

from generator.core import confine


@pytest.mark.parametrize("target", ["../x.html", "a/../../x.html", "/tmp/x.html", "..", "a/.."])
def test_a_target_outside_its_folder_is_refused(tmp_path, target):
    site = tmp_path / "site"
    site.mkdir()
    with pytest.raises(confine.Outside):
        confine.write_text(site, target, "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_link_left_in_the_folder_is_replaced_not_written_through(tmp_path):
    site, victim = tmp_path / "site", tmp_path / "victim.txt"
    site.mkdir()
    victim.write_text("不能被改动", encoding="utf-8")
    (site / "cases.json").symlink_to(victim)
    confine.write_text(site, "cases.json", "新内容")
    assert victim.read_text(encoding="utf-8") == "不能被改动"
    assert not (site / "cases.json").is_symlink() and (site / "cases.json").read_text(encoding="utf-8") == "新内容"


def test_a_folder_linked_out_is_refused(tmp_path):
    site, outside = tmp_path / "site", tmp_path / "outside"
    site.mkdir()
    outside.mkdir()
    (site / "cases").symlink_to(outside)
    with pytest.raises(confine.Outside):
        confine.write_text(site, "cases/a/index.html", "x")
    assert list(outside.iterdir()) == []


def test_an_exclusive_write_never_replaces_what_is_there(tmp_path):
    confine.write_text(tmp_path, "a.md", "一", exclusive=True)
    (tmp_path / "b.md").symlink_to(tmp_path / "a.md")
    for name in ("a.md", "b.md"):
        with pytest.raises(FileExistsError):
            confine.write_text(tmp_path, name, "二", exclusive=True)
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "一"


@pytest.mark.parametrize("text, expected", [("../../x/evil", "x-evil"), ("con", "未命名"), ("a\u200bb", "ab"),
                                            ("", "未命名"), ("标题：楼道/公约", "标题-楼道-公约")])
def test_a_name_from_user_text_is_one_safe_name(text, expected):
    assert confine.safe_name(text) == expected
    assert len(confine.safe_name("长" * 300).encode("utf-8")) <= confine.MAX_NAME_BYTES
