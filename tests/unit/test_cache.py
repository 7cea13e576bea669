"""The build cache (core/cache.py): what is put is got back, in this process and the next; what a
build no longer uses is pruned; and a cache that cannot be kept only costs speed, never a build."""

import sqlite3

import pytest

from generator.core.cache import FOLDER, Cache, Table, packed_result, unpacked
from generator.core.vocabulary import Term, Vocabulary

BODY: Table[object] = Table("body")
CHECK: Table[object] = Table("check")
LISTING: Table[object] = Table("listing")
NONE = Vocabulary({})   # values without terms


def test_every_key_names_its_table_and_caselibs_code(monkeypatch):
    assert BODY.key("正文") == BODY.key("正文") != CHECK.key("正文")
    assert BODY.key("正文") != BODY.key("正文", "")
    before = BODY.key("正文")
    monkeypatch.setattr("generator.core.cache.code_version", lambda: "an edited caselib")
    assert BODY.key("正文") != before                        # a new caselib never reuses an old result


def test_what_is_put_is_got_back_by_the_next_build(tmp_path):
    folder = tmp_path / FOLDER
    values = {"a": {"html": "<p>正文</p>", "toc": [{"name": "背景"}]}, "b": ("一", 2, None), "c": b"\x00bytes"}
    Cache(folder, NONE).put_many(BODY, values)
    again = Cache(folder, NONE)                                   # another build, another process
    assert again.get_many(BODY, ["a", "b", "c", "missing"]) == values
    assert again.get_many(CHECK, ["a", "b"]) == {}        # tables are kept apart
    assert (folder / "说明.txt").read_text(encoding="utf-8").startswith("这个文件夹是生成网站时的缓存")


def test_a_later_value_replaces_the_earlier_one(tmp_path):
    Cache(tmp_path, NONE).put_many(BODY, {"a": "旧"})
    Cache(tmp_path, NONE).put_many(BODY, {"a": "新"})
    assert Cache(tmp_path, NONE).get_many(BODY, ["a"]) == {"a": "新"}


def test_many_keys_at_once(tmp_path):
    # More keys than SQLite takes as parameters of one query (they are asked for in chunks).
    values = {f"key-{i}": i for i in range(1234)}
    Cache(tmp_path, NONE).put_many(CHECK, values)
    wanted = [*values, "nope"]
    assert Cache(tmp_path, NONE).get_many(CHECK, wanted) == values


def test_prune_forgets_what_this_build_did_not_use_in_that_table_only(tmp_path):
    cache = Cache(tmp_path, NONE)
    cache.put_many(BODY, {"kept": 1, "stale": 2, "also-stale": 3})
    cache.put_many(CHECK, {"stale": "other table"})
    cache.prune(BODY, {"kept", "never-stored"})
    again = Cache(tmp_path, NONE)
    assert again.get_many(BODY, ["kept", "stale", "also-stale"]) == {"kept": 1}
    assert again.get_many(CHECK, ["stale"]) == {"stale": "other table"}


def test_no_folder_keeps_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cache = Cache(None, NONE)
    cache.put_many(BODY, {"a": 1})
    cache.prune(BODY, set())
    assert cache.get_many(BODY, ["a"]) == {}
    assert cache.remembered is None
    assert list(tmp_path.iterdir()) == []                   # nothing written anywhere


def test_remember_answers_from_memory_what_this_process_put_or_read(tmp_path):
    cache = Cache(tmp_path, NONE, remember=True)
    cache.put_many(BODY, {"put": "放进去的"})
    Cache(tmp_path, NONE).put_many(BODY, {"read": "读到的"})
    assert cache.get_many(BODY, ["read"]) == {"read": "读到的"}
    Cache(tmp_path, NONE).prune(BODY, set())                    # another build empties the folder's table
    assert Cache(tmp_path, NONE).get_many(BODY, ["put", "read"]) == {}
    assert cache.get_many(BODY, ["put", "read"]) == {"put": "放进去的", "read": "读到的"}
    assert cache.remembered == {}                           # file stamps, for caselib serve to fill


def test_remember_without_a_folder_keeps_values_for_this_process_only(tmp_path):
    cache = Cache(None, NONE, remember=True)
    cache.put_many(LISTING, {"a": ["<p>列表</p>"]})
    assert cache.get_many(LISTING, ["a", "b"]) == {"a": ["<p>列表</p>"]}
    assert Cache(None, NONE, remember=True).get_many(LISTING, ["a"]) == {}


def _unwritable_folder(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    return blocker / FOLDER                                 # cannot be made: its parent is a file


def _not_a_database(tmp_path):
    (tmp_path / "cache.sqlite").write_bytes(b"this is not an SQLite database " * 100)
    return tmp_path


def _database_is_a_folder(tmp_path):
    (tmp_path / "cache.sqlite").mkdir()
    return tmp_path


@pytest.mark.parametrize("folder", [_unwritable_folder, _not_a_database, _database_is_a_folder])
def test_a_folder_that_cannot_hold_the_cache_only_costs_speed(tmp_path, folder):
    cache = Cache(folder(tmp_path), NONE)
    cache.put_many(BODY, {"a": 1})
    cache.prune(BODY, set())
    assert cache.get_many(BODY, ["a"]) == {}


def test_a_cache_that_turns_read_only_during_a_build_only_costs_speed(tmp_path):
    cache = Cache(tmp_path, NONE)
    cache.put_many(BODY, {"a": 1})
    cache._db.execute("PRAGMA query_only = ON")             # every write now fails, as on a read-only disk
    cache.put_many(BODY, {"b": 2})
    cache.prune(BODY, set())
    assert cache.get_many(BODY, ["a", "b"]) == {"a": 1}


def test_an_unreadable_entry_is_a_miss(tmp_path):
    Cache(tmp_path, NONE).put_many(BODY, {"good": "好的"})
    with sqlite3.connect(tmp_path / "cache.sqlite") as db:
        db.execute("INSERT INTO entry VALUES ('body', 'bad', ?)", (b"\x80\x05garbage",))
    assert Cache(tmp_path, NONE).get_many(BODY, ["good", "bad"]) == {"good": "好的"}


def test_a_term_the_vocabulary_no_longer_has_is_a_miss(tmp_path, config):
    known = config.vocabulary.get("techniques", "open-space")
    gone = Term("techniques", "removed-term", "删掉的术语")         # not in this vocabulary
    Cache(tmp_path, config.vocabulary).put_many(CHECK, {"known": (known,), "gone": (gone,)})
    found = Cache(tmp_path, config.vocabulary).get_many(CHECK, ["known", "gone"])
    assert list(found) == ["known"] and found["known"][0] is known   # terms come back as the vocabulary's own
    assert Cache(tmp_path, NONE).get_many(CHECK, ["known"]) == {}  # another vocabulary: nothing to resolve it


def _sections(title: str, *headings: str) -> dict:
    return {"title": title, "toc": [{"name": h, "level": 2} for h in headings]}


def test_packed_results_unpack_to_the_result_and_are_stored_as_they_are(tmp_path, config):
    term = config.vocabulary.get("models", "district-development")
    data = packed_result(_sections, "楼道公约", "背景", "成效评估")
    assert isinstance(data, bytes)
    assert unpacked(data) == _sections("楼道公约", "背景", "成效评估")
    with_term = Cache(None, config.vocabulary).unpacked(packed_result(lambda t: {"model": t}, term))
    assert with_term["model"] is term
    Cache(tmp_path, NONE).put_many(BODY, {"k": unpacked(data)}, packed={"k": data})
    assert Cache(tmp_path, NONE).get_many(BODY, ["k"]) == {"k": _sections("楼道公约", "背景", "成效评估")}
