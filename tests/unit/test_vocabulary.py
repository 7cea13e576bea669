"""The shipped vocabulary: what it covers, and how a typed word finds its term."""


def test_shipped_vocabulary_covers_the_domain(config):
    terms = config.vocabulary.terms
    assert len(terms["kind"]) == 3 and len(terms["models"]) == 4 and len(terms["stages"]) == 4
    assert len(terms["techniques"]) >= 30
    assert all(t.description and t.short.endswith("。") for f in ("kind", "models", "stages", "techniques")
               for t in terms[f])


def test_lookup_by_label_id_alias_and_traditional(config):
    v = config.vocabulary
    assert v.lookup("techniques", "开放空间会议").term.id == "open-space"
    assert v.lookup("techniques", "open-space").term.label == "开放空间会议"
    alias = v.lookup("techniques", "开放空间技术")
    assert alias.term.id == "open-space" and alias.via_alias == "开放空间技术"
    assert v.lookup("models", "地區發展模式").term.id == "district-development"
    assert v.lookup("models", "地区发展").via_alias
    assert v.lookup("techniques", "531打分法").term.id == "card-sort-531"
    assert v.lookup("models", "开放空间会议") is None


def test_did_you_mean(config):
    v = config.vocabulary
    assert v.suggest("techniques", "开放空间技巧")[0] == "开放空间会议"
    assert v.suggest("stages", "巩固") == ["巩固阶段"]
    assert v.suggest("techniques", "完全无关的词") == []
    assert v.other_facet("models", "鱼骨图") == "techniques"
