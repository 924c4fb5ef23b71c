"""README's "What newsindex guarantees" names the test behind each line: those tests exist."""

from __future__ import annotations

import ast
import re

from tests.conftest import REPO


def test_every_test_the_guarantees_name_exists() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## What newsindex guarantees", 1)[1].split("\n## ", 1)[0]
    named = re.findall(r"`(test_\w+\.py)::(test_\w+)`", section)
    assert len(named) >= 20
    missing = []
    for module, name in named:
        tree = ast.parse((REPO / "tests" / module).read_text(encoding="utf-8"))
        functions = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        if name not in functions:
            missing.append(f"{module}::{name}")
    assert missing == []
