"""A safe YAML reader that keeps positions and never guesses types.

PyYAML's loaders turn `community: no` into False, `title: 2024` into 2024 and
`date: 2024-13-01` into a ValueError; they accept duplicate keys and alias
bombs. Here every scalar stays the text the supervisor typed, each value
knows where it starts and ends (so `check --fix` can edit the text in place),
and the schema decides what a field's text means. What YAML would silently
drop from a value (a `#` comment on its line, a `!tag`, backslash escapes) is
recorded on the node for the checks to report. Every message is Chinese: no
parser text reaches the supervisor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

_NULLS = {"", "~", "null", "Null", "NULL"}


@dataclass(slots=True)       # read-only by convention; not frozen: a frozen init costs 3x at 10,000 files
class Node:
    line: int                                   # 1-based line in the file
    scalar: str | None = None                   # text of a scalar (None for null)
    items: tuple[Node, ...] | None = None     # a sequence
    mapping: dict[str, Node] | None = None    # a mapping: key → value node
    key_lines: dict[str, int] = field(default_factory=dict)
    col: int = 0                                # 0-based column where the value starts
    end_line: int = 0                           # where it ends (line, column after its last character)
    end_col: int = 0
    style: str | None = None                    # scalars: None (plain), "'", '"', "|", ">"; lists: "[" or "-"
    comment: str | None = None                  # a "# …" YAML dropped from the end of this value's line
    tag: str | None = None                      # an explicit "!tag" YAML dropped from the value
    escaped: bool = False                       # a double-quoted value whose backslashes YAML decoded
    invalid: bool = False                       # already reported (an alias): checks say nothing more

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


MAX_DEPTH = 50
ALIAS = YamlIssue(0, "不支持 YAML 锚点和别名（& 和 *）", "删掉 & 和 * 的写法，直接写出值")
_DEFAULT_TAG = "tag:yaml.org,2002:"


def parse(text: str, first_line: int = 1) -> tuple[Node | None, list[YamlIssue]]:
    """Parse one YAML document. `first_line` is the file line of text's first line.
    Each problem is reported once per line, however often it repeats there (an alias bomb)."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        row = mark.line if mark else 0
        source_line = text.split("\n")[row] if row < text.count("\n") + 1 else ""
        return None, [_explain(exc, first_line + row, source_line)]
    except yaml.reader.ReaderError as exc:
        row = text.count("\n", 0, max(exc.position, 0))
        return None, [YamlIssue(first_line + row, "这一行有看不见的控制字符", "删掉这一行，重新输入")]
    except (yaml.YAMLError, RecursionError):
        return None, [YamlIssue(first_line, "YAML 无法读懂头信息", "对照模板检查冒号、缩进和引号")]
    if root is None:
        return None, []
    reader = _Converter(text.split("\n"), first_line)
    node = reader.convert(root, 0)
    return node, reader.report()


class _Converter:
    """yaml nodes → `Node`s with file positions, collecting issues."""

    def __init__(self, lines: list[str], first_line: int):
        self.lines, self.first_line = lines, first_line
        self.issues: list[YamlIssue] = []
        self.seen: set[int] = set()
        self.alias_lines: set[int] = set()     # lines of anchored values used again through an alias

    def report(self) -> list[YamlIssue]:
        """The issues, each once; all aliases as one (an alias bomb repeats one alias thousands of times)."""
        issues = list(dict.fromkeys(self.issues))
        if self.alias_lines:
            lines = sorted(self.alias_lines)
            more = " 等" if len(lines) > 5 else ""
            where = f"（第 {'、'.join(map(str, lines[:5]))}{more} 行）" if len(lines) > 1 else ""
            issues.insert(0, YamlIssue(lines[0], ALIAS.message + where, ALIAS.hint))
        return issues

    def convert(self, node: yaml.Node, depth: int) -> Node:
        line = self.first_line + node.start_mark.line
        if id(node) in self.seen:  # an alias: the composer handed us the anchored node again
            self.alias_lines.add(line)
            return Node(line, invalid=True)
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.issues.append(YamlIssue(line, "嵌套的层级太多", "头信息只需要简单的 字段: 值 和列表"))
            return Node(line, invalid=True)
        start, end = node.start_mark, node.end_mark
        result = Node(line, col=start.column, end_line=self.first_line + end.line, end_col=end.column)
        if isinstance(node, yaml.ScalarNode):
            self.scalar(node, result)
        elif isinstance(node, yaml.SequenceNode):
            result.items = tuple([self.convert(n, depth + 1) for n in node.value])
            result.style = "[" if node.flow_style else "-"
        else:
            self.mapping(node, depth, result)
        return result

    def scalar(self, node: yaml.ScalarNode, result: Node) -> None:
        style = result.style = node.style or None      # libyaml says "" for a plain scalar, the Python loader None
        result.scalar = None if style is None and node.value in _NULLS else node.value
        if not node.tag.startswith(_DEFAULT_TAG) and node.tag not in ("!", "?"):
            result.tag = node.tag
        result.escaped = style == '"' and "\\" in self._source(node)
        result.comment = self._comment(node, style)

    def mapping(self, node: yaml.MappingNode, depth: int, result: Node) -> None:
        mapping: dict[str, Node] = {}
        key_lines: dict[str, int] = result.key_lines
        result.mapping = mapping
        for key_node, value_node in node.value:
            key_line = self.first_line + key_node.start_mark.line
            if not isinstance(key_node, yaml.ScalarNode):
                self.issues.append(YamlIssue(key_line, "字段名必须是简单的文字", "写成 字段名: 值"))
                continue
            key = key_node.value.strip()
            if key in mapping:
                self.issues.append(YamlIssue(
                    key_line, f"字段 {key} 写了两次（第一次在第 {key_lines[key]} 行）", "删掉其中一个，只保留正确的那个"
                ))
                continue
            mapping[key] = self.convert(value_node, depth + 1)
            key_lines[key] = key_line

    def _source(self, node: yaml.Node) -> str:
        start, end = node.start_mark, node.end_mark
        if start.line == end.line:
            return self.lines[start.line][start.column:end.column]
        return "\n".join([self.lines[start.line][start.column:], *self.lines[start.line + 1:end.line],
                          self.lines[end.line][:end.column]])

    def _comment(self, node: yaml.ScalarNode, style: str | None) -> str | None:
        """The "# …" after a block value on its own line, which YAML drops: `title: 公约 #2 复盘`."""
        if style not in (None, "'", '"') or node.end_mark.line >= len(self.lines):
            return None
        line = self.lines[node.end_mark.line]
        if "#" not in line:
            return None     # the usual line
        rest = line[node.end_mark.column:]
        stripped = rest.lstrip(" \t")
        if not stripped.startswith("#") or (stripped is rest and node.value):
            return None
        return stripped[1:].strip() or None


_QUOTE_IT = "把整个值用引号括起来，例如 title: \"……\""
_EXPLANATIONS = [   # first match wins: the specific contexts come before the generic problems
    ("while scanning an alias", "值以 * 开头，YAML 把它当作别名", _QUOTE_IT),
    ("while scanning an anchor", "值以 & 开头，YAML 把它当作锚点", _QUOTE_IT),
    ("while scanning a tag", "值以 ! 开头，YAML 把它当作类型标记", _QUOTE_IT),
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
    ("exceeded maximum nesting depth", "嵌套的括号或缩进层级太多", "头信息只需要简单的 字段: 值 和列表"),
    ("unknown escape character", "双引号里的反斜杠“\\”被 YAML 当作转义符", "改用单引号括起这个值，或把 \\ 写成 \\\\"),
    ("expected hexdecimal number", "双引号里的反斜杠“\\”被 YAML 当作转义符", "改用单引号括起这个值，或把 \\ 写成 \\\\"),
    ("did not find expected whitespace or line break", "这一行的值后面有 YAML 读不懂的内容", _QUOTE_IT),
    ("did not find expected comment or line break", "这一行的值后面有 YAML 读不懂的内容", _QUOTE_IT),
    ("while scanning a block scalar", "| 或 > 后面不能接文字", "把文字移到下一行并缩进，或去掉 | 和 >"),
    ("found unexpected end of stream", "引号或括号没有结束", "检查这一行的引号、方括号是否成对"),
    ("expected ',' or '}'", "花括号没有正确结束", "头信息里不需要花括号；列表写成 [甲, 乙]"),
    ("found unexpected ':'", "这一行的冒号让 YAML 读不懂", _QUOTE_IT),
    ("found a tab character", "这一行用了制表符（Tab）", "YAML 只能用空格缩进，请把 Tab 换成空格"),
    ("found duplicate anchor", "同一个锚点（&）写了两次", "删掉 & 和 * 的写法，直接写出值"),
]


def _explain(exc: yaml.MarkedYAMLError, line: int, source_line: str) -> YamlIssue:
    raw = f"{exc.context or ''} {exc.problem or ''}"
    if "\t" in source_line:
        return YamlIssue(line, "这一行用了制表符（Tab）", "YAML 只能用空格缩进，请把 Tab 换成空格")
    for needle, message, hint in _EXPLANATIONS:
        if needle in raw:
            return YamlIssue(line, message, hint)
    return YamlIssue(line, "YAML 读不懂这一行", "对照模板检查这一行的冒号、缩进和引号；值里有特殊符号时，" + _QUOTE_IT)
