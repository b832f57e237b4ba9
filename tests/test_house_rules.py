"""The house rules of size (../shared/DESIGN.md; issue 12): no module of the package over 400
lines and no function over 60, so each can be read whole. The Alembic migrations are schema
data written once (a table per statement), not logic, and are left out by name."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "maquila"
MIGRATIONS = PACKAGE / "ledger" / "migrations" / "versions"
MODULE_LINES, FUNCTION_LINES = 400, 60


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if MIGRATIONS not in p.parents)


def _long_functions(path: Path, root: Path = PACKAGE) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(root)}:{node.lineno} {node.name} "
        f"({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > FUNCTION_LINES
    ]


def test_the_package_is_found_with_its_modules() -> None:
    assert len(_modules()) > 100 and (PACKAGE / "verdict.py") in _modules()


def test_no_module_of_the_package_is_over_400_lines() -> None:
    over = [
        f"{p.relative_to(PACKAGE)} ({n} lines)"
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MODULE_LINES
    ]
    assert over == []


def test_no_function_of_the_package_is_over_60_lines() -> None:
    assert [line for p in _modules() for line in _long_functions(p)] == []


@pytest.mark.parametrize("lines", [FUNCTION_LINES, FUNCTION_LINES + 1])
def test_a_function_is_measured_from_its_def_line_to_its_last(tmp_path: Path, lines: int) -> None:
    body = "".join(f"    x{i} = {i}\n" for i in range(lines - 1))
    (tmp_path / "m.py").write_text(f"def f():\n{body}", encoding="utf-8")
    found = _long_functions(tmp_path / "m.py", tmp_path)
    assert found == ([] if lines == FUNCTION_LINES else [f"m.py:1 f ({lines} lines)"])
