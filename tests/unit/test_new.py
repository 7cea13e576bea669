"""`caselib new` writes a template that guides the writer and never overwrites."""

import re

from generator.cli import main


def test_new_file_fails_until_filled_then_passes(library, capsys):
    assert main(["new", "服务案例", "--title", "楼道公约的诞生"]) == 0
    created = library / "cases" / "服务案例"
    [path] = list(created.glob("*.md"))
    assert "楼道公约的诞生" in path.name
    capsys.readouterr()
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "错误[未填写] community 还是模板里的提示文字 —— 请填写：社区或居民区名称" in out
    assert "错误[未填写] 正文里还有模板的提示文字" in out
    filled = _fill(path.read_text(encoding="utf-8"))
    path.write_text(filled, encoding="utf-8")
    assert main(["check", "--strict"]) == 0, capsys.readouterr().out


def test_new_never_overwrites(library, capsys):
    assert main(["new", "培训心得"]) == 0
    assert main(["new", "心得"]) == 0  # alias of the kind works too
    files = sorted((library / "cases" / "培训心得").glob("*.md"))
    assert len(files) == 2 and files[0].read_text() == files[1].read_text()


def test_new_unknown_kind(library, capsys):
    assert main(["new", "报告"]) == 2
    assert "可选：服务案例、培训心得、微项目故事" in capsys.readouterr().err


def _fill(text: str) -> str:
    values = {"community": "和平路社区", "region": "山东省济南市", "authors": "刘娟", "supervisor": "周静",
              "summary": "居民用开放空间会议写出了楼道公约。", "models": "地区发展模式", "stages": "启动阶段",
              "techniques": "开放空间会议"}
    for key, value in values.items():
        text = re.sub(rf"^({key}: \[?)【待填写[^】]*】", rf"\g<1>{value}", text, flags=re.M)
    body = "社区里的楼道堆物问题由来已久，居民之间常有争执，我们请居民自己来商量解决办法，三十多户居民参加了讨论。"
    return re.sub(r"^> 【待填写】.*$", body, text, flags=re.M)
