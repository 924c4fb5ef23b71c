"""The shape of the code, read from its source with ``ast``: layers, cycles, private names, sizes.

index/ is the bottom (the archive: imports neither Scrapy nor the crawler, so
searching starts fast); crawler/ builds on it and never calls the command
line; search_cli/ sits on both (loading the crawler lazily); scheduler/ sits
above the command line's crawl command and imports none of the others.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGES = ("index", "crawler", "search_cli", "scheduler")
MAX_LINES = 400


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the imported module
    names: tuple[str, ...]  # names taken from it (``from target import names``)
    top_level: bool  # at module level, not inside a function


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def sources(*folders: str) -> dict[str, Path]:
    return {
        module_name(path): path
        for folder in folders
        for path in sorted((REPO / folder).rglob("*.py"))
    }


def imports(module: str, path: Path) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Import(module, a.name, (), id(node) in top) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            names = tuple(a.name for a in node.names)
            found.append(Import(module, base, names, id(node) in top))
    return found


def all_imports(*folders: str) -> list[Import]:
    return [i for module, path in sources(*folders).items() for i in imports(module, path)]


def top_package(name: str) -> str:
    return name.split(".")[0]


def resolve(target: str, names: tuple[str, ...], modules: set[str]) -> set[str]:
    """The project modules an import loads: the target, and submodules taken by name."""
    loaded = {target} if target in modules else set()
    loaded |= {f"{target}.{n}" for n in names if f"{target}.{n}" in modules}
    return loaded


def test_the_module_import_graph_has_no_cycle() -> None:
    """Lazy imports (inside functions) count too: a cycle through one is still a cycle."""
    modules = set(sources(*PACKAGES))
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for i in all_imports(*PACKAGES):
        graph[i.module] |= resolve(i.target, i.names, modules) - {i.module}
    cycles = []
    state: dict[str, str] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append(" -> ".join([*trail[trail.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def layer_violations(package: str, forbidden: tuple[str, ...]) -> list[str]:
    """Imports (at any level, lazy ones included) of ``forbidden`` packages from ``package``."""
    return sorted(
        f"{i.module} imports {i.target}"
        for i in all_imports(package)
        if top_package(i.target) in forbidden
    )


def test_index_imports_neither_scrapy_nor_the_crawler_nor_the_command_line() -> None:
    forbidden = ("scrapy", "twisted", "crawler", "search_cli", "scheduler")
    assert layer_violations("index", forbidden) == []


def test_the_crawler_never_imports_the_command_line_or_the_scheduler() -> None:
    assert layer_violations("crawler", ("search_cli", "scheduler")) == []


def test_the_scheduler_imports_neither_scrapy_nor_the_crawler_nor_the_command_line() -> None:
    forbidden = ("scrapy", "twisted", "crawler", "search_cli")
    assert layer_violations("scheduler", forbidden) == []


def test_the_command_line_loads_the_crawler_and_the_scheduler_only_lazily() -> None:
    eager = [
        f"{i.module} imports {i.target}"
        for i in all_imports("search_cli")
        if i.top_level and top_package(i.target) in ("scrapy", "twisted", "crawler", "scheduler")
    ]
    assert eager == []


def test_no_private_name_is_imported_across_top_level_packages() -> None:
    crossing = sorted(
        f"{i.module}: from {i.target} import {name}"
        for i in all_imports(*PACKAGES, "benchmarks", "tests")
        if top_package(i.target) != top_package(i.module)
        and top_package(i.target) in (*PACKAGES, "benchmarks", "tests")
        for name in i.names
        if name.startswith("_") and not name.startswith("__")
    )
    assert crossing == []


@pytest.mark.parametrize("package", PACKAGES)
def test_no_module_is_over_400_lines(package: str) -> None:
    long = {
        module: n
        for module, path in sources(package).items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
