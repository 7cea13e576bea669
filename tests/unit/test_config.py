from generator.core.config import load_config

ROOT_VOCAB = """\
site_name: 测试
extra:
  vocabulary:
    kinds:
      - {id: service-case, label: 服务案例, description: 服务案例。}
    models:
      - {id: a, label: 甲模式, description: 甲。}
    stages:
      - {id: b, label: 乙阶段, description: 乙。}
    technique_groups:
      - {id: g, label: 组}
    techniques:
      - {id: t1, group: g, label: 鱼骨图, aliases: [因果图], description: 鱼骨图。}
      - {id: t2, group: g, label: 谈话棒, aliases: [因果图], description: ""}
      - {id: Bad_Id, group: nope, label: 别的, description: 别的。}
    service_users:
      - {id: u, label: 老年人}
"""


def test_config_problems_have_lines(tmp_path):
    path = tmp_path / "site_config.yml"
    path.write_text(ROOT_VOCAB, encoding="utf-8")
    config, problems = load_config(path)
    assert config is None
    messages = [(p.line, p.message) for p in problems]
    assert (14, "方法与技巧 谈话棒 缺少 description（说明）") in messages
    assert any(line == 14 and "“因果图”重复出现" in m for line, m in messages)
    assert any(line == 15 and "id “Bad_Id” 不合规" in m for line, m in messages)
    assert any(line == 15 and "group “nope”" in m for line, m in messages)


def test_config_yaml_error_is_a_problem_not_a_traceback(tmp_path):
    path = tmp_path / "site_config.yml"
    path.write_text("site_name: [oops\n", encoding="utf-8")
    config, problems = load_config(path)
    assert config is None and problems[0].line == 2


def test_synonym_groups_are_read_and_a_word_in_two_groups_is_named_with_its_line(tmp_path):
    path = tmp_path / "site_config.yml"
    good = ROOT_VOCAB.replace("      - {id: t2, group: g, label: 谈话棒, aliases: [因果图], description: \"\"}\n", "")
    good = good.replace("      - {id: Bad_Id, group: nope, label: 别的, description: 别的。}\n", "")
    path.write_text(good + "    synonyms:\n      - [老人, 长者]\n      - [儿童, 小朋友]\n", encoding="utf-8")
    config, problems = load_config(path)
    assert config is not None, problems
    assert config.vocabulary.synonyms == (("老人", "长者"), ("儿童", "小朋友"))
    path.write_text(good + "    synonyms:\n      - [老人, 长者]\n      - [长者, 老年人]\n      - 孤零零\n",
                    encoding="utf-8")
    _, problems = load_config(path)
    messages = [(p.line, p.message) for p in problems]
    assert (18, "synonyms 中的“长者”已在第 17 行的一组里") in messages
    assert any(line == 19 and "至少两个" in m for line, m in messages)


def test_the_sample_library_has_a_thesaurus_of_the_fields_everyday_words():
    from pathlib import Path

    config, _ = load_config(Path(__file__).resolve().parents[2] / "site_config.yml")
    groups = config.vocabulary.synonyms
    assert len(groups) >= 80
    words = {w for g in groups for w in g}
    assert {"长者", "小朋友", "电瓶车", "居民领袖", "杂物", "激励"} <= words
