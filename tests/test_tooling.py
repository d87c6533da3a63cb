"""One way into the tooling: ``tools`` is a package run as ``python -m tools.NAME`` from the
repository root (pytest finds it through ``pythonpath`` in pyproject.toml); nothing edits
``sys.path`` or falls back to another import; shared settings are defined once; a test that
executes notebooks says its layer with a marker (CONTRIBUTING.md, "Tests in layers")."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

from tools.run_notebooks import CELL_TIMEOUT_SECONDS, KERNELSPEC

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted([*(ROOT / "tools").glob("*.py"), *(ROOT / "tests").glob("*.py")])
HEAVY = {"student", "slow", "browser", "notebooks"}


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@pytest.mark.parametrize("path", SOURCES, ids=[f"{p.parent.name}/{p.name}" for p in SOURCES])
def test_no_sys_path_edits_and_no_fallback_imports(path: Path) -> None:
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            target = ast.unparse(node.func.value)
            assert target != "sys.path", (
                f"{path.name}:{node.lineno} edits sys.path; import tools as a package instead"
            )
        if isinstance(node, ast.Try):
            imports = any(isinstance(n, ast.Import | ast.ImportFrom) for n in node.body)
            caught = " ".join(ast.unparse(h.type) for h in node.handlers if h.type is not None)
            fallback = "ImportError" in caught or "ModuleNotFoundError" in caught
            assert not (imports and fallback), (
                f"{path.name}:{node.lineno} imports one way or another; use one import"
            )


def test_kernelspec_and_cell_timeout_are_defined_once() -> None:
    owners = {
        path.name
        for path in SOURCES
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name) and target.id in {"KERNELSPEC", "CELL_TIMEOUT_SECONDS"}
    }
    assert owners == {"run_notebooks.py"}, sorted(owners)
    assert KERNELSPEC["name"] == "python3"
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    addopts = options["pytest"]["ini_options"]["addopts"]
    assert f"--nbval-cell-timeout={CELL_TIMEOUT_SECONDS}" in addopts, (
        "pyproject.toml's nbval cell timeout must equal tools.run_notebooks.CELL_TIMEOUT_SECONDS"
    )


def _marks(decorators: list[ast.expr]) -> set[str]:
    names = set()
    for decorator in decorators:
        text = ast.unparse(decorator)
        if text.startswith("pytest.mark."):
            names.add(text.removeprefix("pytest.mark.").split("(")[0])
    return names


TESTS = sorted((ROOT / "tests").glob("test_*.py"))


@pytest.mark.parametrize("path", TESTS, ids=[p.name for p in TESTS])
def test_tests_that_execute_notebooks_carry_a_heavy_layer_marker(path: Path) -> None:
    """The layer is chosen by markers; this only makes a forgotten marker fail loudly instead of
    putting a minute-long test in the quick layer."""
    tree = _tree(path)
    module_marks = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets
        ):
            values = node.value.elts if isinstance(node.value, ast.List) else [node.value]
            module_marks |= _marks(list(values))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
            calls = {ast.unparse(n.func) for n in ast.walk(node) if isinstance(n, ast.Call)} & {
                "execute_notebook",
                "run_notebooks.execute_notebook",
            }
            if calls:
                layers = (_marks(node.decorator_list) | module_marks) & HEAVY
                assert layers, (
                    f"{path.name}::{node.name} executes a notebook but has no layer marker"
                )


def test_conftest_lists_no_files() -> None:
    text = (ROOT / "tests" / "conftest.py").read_text(encoding="utf-8")
    assert "MODULES" not in text and "co_names" not in text


def test_execute_command_answers_help_and_a_wrong_path_without_a_traceback(capsys):
    """`./course execute --help` prints usage; a path that is not a notebook gets one sentence."""
    from tools import run_notebooks

    with pytest.raises(SystemExit) as done:
        run_notebooks.main(["--help"])
    assert done.value.code == 0
    assert "Re-execute notebooks" in capsys.readouterr().out
    with pytest.raises(SystemExit) as done:
        run_notebooks.main(["notebooks/no_such.ipynb"])
    assert done.value.code == 2
    assert "not a notebook file: notebooks/no_such.ipynb" in capsys.readouterr().err
