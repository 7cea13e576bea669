"""The package's layers, read from the source: who may import whom.

core ← checks, importing, search ← site ← mkdocs_adapter ← cli. MkDocs only in the adapter, so
the day the theme engine changes only the adapter moves.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "generator"
# Each layer and the layers it may import (besides itself).
MAY_IMPORT = {
    "core": set(),
    "checks": {"core"},
    "search": {"core"},
    "importing": {"core", "checks"},
    "site": {"core", "checks", "search"},
    "mkdocs_adapter": {"core", "checks", "search", "site"},
    "cli": {"core", "checks", "importing", "search", "site", "mkdocs_adapter"},
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(name: str, path: Path) -> set[str]:
    """Every module `name` imports, top level or inside functions, as dotted names."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[:len(parts) - node.level + 1] + ([node.module] if node.module else []))
            out.add(base)
            out |= {f"{base}.{a.name}" for a in node.names}
    return out


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in MAY_IMPORT else "cli"


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: {m for m in _imports(name, path) if m in modules and m != name}
            for name, path in modules.items()}


def test_only_the_adapter_imports_mkdocs():
    offenders = [(name, sorted(m for m in _imports(name, path) if m.split(".")[0] in ("mkdocs", "material")))
                 for name, path in _modules().items() if _layer(name) != "mkdocs_adapter"]
    assert [o for o in offenders if o[1]] == []


def test_each_layer_imports_only_those_below_it():
    wrong = sorted((name, dep) for name, deps in _graph().items() for dep in deps
                   if _layer(dep) != _layer(name) and _layer(dep) not in MAY_IMPORT[_layer(name)]
                   and dep not in ("generator",))
    assert wrong == []


def test_no_import_cycles():
    graph = _graph()
    cycles, state = [], {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = "open"
        for dep in sorted(graph[node]):
            if state.get(dep) == "open":
                cycles.append(stack[stack.index(dep):] + [dep])
            elif dep not in state:
                visit(dep, [*stack, dep])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_the_rules_see_the_package():
    """The three tests above would pass on nothing: they must see every layer and some imports."""
    graph = _graph()
    assert {_layer(name) for name in graph} == set(MAY_IMPORT)
    assert "generator.core.problems" in graph["generator.checks.fields"]
