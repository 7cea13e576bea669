"""Property: no input text or bytes makes `check` raise; every problem names the file."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.checks.load import check_file

from ..conftest import TODAY

HEADER_BITS = st.sampled_from([
    "---", "...", "title: 标题", "kind: 服务案例", "kind: [培训心得]", "date: 2024-02-30", "date: 2024-05",
    "community: no", "summary: ''", "techniques: 鱼骨图,谈话棒", "techniques:", "  - 谈话棒", "  - [x]",
    "models: {a: 1}", "privacy:", "  consent: maybe", "  pseudonyms: 张阿姨", "a: &x 1", "b: *x", "\t- x",
    "标题：全角", "title: \"unterminated", "## 背景", "【待填写】", "? complex", "!!python/object:os.system",
    "%YAML 1.1", "- - -", "key: [", "{", "}", "", " ", "\ufeff", "\r",
])
TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(HEADER_BITS, st.text(max_size=20)), max_size=25).map("\n".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_check_never_raises_on_any_text(text, config, tmp_path):
    path = tmp_path / "case.md"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    case, problems = check_file(path, config, TODAY)
    assert case is None or not any(p.severity == "error" for p in problems)
    assert all(p.path.endswith("case.md") and p.message for p in problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600))
def test_check_never_raises_on_any_bytes(data, config, tmp_path):
    path = tmp_path / "case.md"
    path.write_bytes(data)
    case, problems = check_file(path, config, TODAY)
    assert case is None or not any(p.severity == "error" for p in problems)
    assert all(p.path.endswith("case.md") and p.message for p in problems)
