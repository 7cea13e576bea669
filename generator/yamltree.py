"""A safe YAML reader that keeps line numbers and never guesses types.

PyYAML's loaders turn `community: no` into False, `title: 2024` into 2024 and
`date: 2024-13-01` into a ValueError; they accept duplicate keys and alias
bombs. Here every scalar stays the text the supervisor typed, each value
knows its line, and the schema decides what a field's text means.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

_NULLS = {"", "~", "null", "Null", "NULL"}


@dataclass(frozen=True)
class Node:
    line: int                                   # 1-based line in the file
    scalar: str | None = None                   # text of a scalar (None for null)
    items: tuple["Node", ...] | None = None     # a sequence
    mapping: dict[str, "Node"] | None = None    # a mapping: key → value node
    key_lines: dict[str, int] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        if self.items is not None:
            return "list"
        if self.mapping is not None:
            return "mapping"
        return "scalar"


@dataclass(frozen=True)
class YamlIssue:
    line: int
    message: str
    hint: str = ""


# libyaml composes ~10x faster than the pure-Python loader (10,000 files matter).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse(text: str, first_line: int = 1) -> tuple[Node | None, list[YamlIssue]]:
    """Parse one YAML document. `first_line` is the file line of text's first line."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        row = mark.line if mark else 0
        source_line = text.split("\n")[row] if row < text.count("\n") + 1 else ""
        return None, [_explain(exc, first_line + row, source_line)]
    except yaml.YAMLError as exc:
        return None, [YamlIssue(first_line, f"YAML 无法解析：{exc}")]
    except RecursionError:
        return None, [YamlIssue(first_line, "YAML 嵌套层级过深，无法读取", "头信息只需要简单的 字段: 值 和列表")]
    if root is None:
        return None, []
    issues: list[YamlIssue] = []
    return _convert(root, first_line, issues, 0, set()), issues


def _convert(node: yaml.Node, first_line: int, issues: list[YamlIssue], depth: int, seen: set[int]) -> Node:
    line = first_line + node.start_mark.line
    if id(node) in seen:  # an alias: the composer handed us the anchored node again
        issues.append(YamlIssue(line, "不支持 YAML 锚点和别名（& 和 *）", "删掉 & 和 * 的写法，直接写出值"))
        return Node(line)
    seen.add(id(node))
    if depth > 50:
        issues.append(YamlIssue(line, "YAML 嵌套层级过深"))
        return Node(line)
    if isinstance(node, yaml.ScalarNode):
        plain_null = node.style is None and node.value in _NULLS
        return Node(line, scalar=None if plain_null else node.value)
    if isinstance(node, yaml.SequenceNode):
        return Node(line, items=tuple(_convert(n, first_line, issues, depth + 1, seen) for n in node.value))
    mapping: dict[str, Node] = {}
    key_lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key_line = first_line + key_node.start_mark.line
        if not isinstance(key_node, yaml.ScalarNode):
            issues.append(YamlIssue(key_line, "字段名必须是简单的文字"))
            continue
        key = key_node.value.strip()
        if key in mapping:
            issues.append(YamlIssue(
                key_line, f"字段 {key} 写了两次（第一次在第 {key_lines[key]} 行）", "删掉其中一个，只保留正确的那个"
            ))
            continue
        mapping[key] = _convert(value_node, first_line, issues, depth + 1, seen)
        key_lines[key] = key_line
    return Node(line, mapping=mapping, key_lines=key_lines)


_EXPLANATIONS = [
    ("mapping values are not allowed", "这一行的冒号让 YAML 读不懂",
     "如果值里本身含有半角冒号“:”，请把整个值用引号括起来，例如 title: \"主题：副题\""),
    ("could not find expected ':'", "这一行缺少“字段: 值”中的半角冒号", "写成 字段名: 值（冒号后面有一个空格）"),
    ("found undefined alias", "不支持 YAML 别名（*）", "删掉 * 开头的写法，直接写出值"),
    ("found character that cannot start any token", "这一行有 YAML 不允许的字符开头（如 @、` 或 %）",
     "把整个值用引号括起来"),
    ("did not find expected key", "缩进或括号不对齐", "检查这一行和上一行的缩进是否一致，列表的方括号是否成对"),
    ("expected <block end>", "缩进不对齐", "同一层的字段应从同一列开始"),
    ("did not find expected node content", "这里缺少内容", "检查是否多写了逗号或少写了值"),
    ("while scanning a quoted scalar", "引号没有成对", "检查这一行的引号是否有开有关"),
    ("expected ',' or ']'", "方括号列表没有正确结束", "写成 [甲, 乙]，用半角逗号分隔，最后有 ]"),
    ("but found another document", "头信息中出现了多余的 ---", "头信息里只能有开头和结尾两行 ---"),
]


def _explain(exc: yaml.MarkedYAMLError, line: int, source_line: str) -> YamlIssue:
    raw = f"{exc.context or ''} {exc.problem or ''}"
    if "\t" in source_line:
        return YamlIssue(line, "这一行用了制表符（Tab）", "YAML 只能用空格缩进，请把 Tab 换成空格")
    for needle, message, hint in _EXPLANATIONS:
        if needle in raw:
            return YamlIssue(line, message, hint)
    if exc.problem and not exc.problem.isascii():
        return YamlIssue(line, exc.problem)
    return YamlIssue(line, f"YAML 语法错误（{(exc.problem or raw).strip()}）", "对照模板检查这一行的冒号、缩进和引号")
