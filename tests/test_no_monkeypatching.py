"""No module of the course's package assigns to another module's attributes (issue 25 §2).

Replacing another module's function at run time (``checks.evaluate_function = ...``,
``Widget._repr_mimebundle_ = ...``) changes code that never asked for it, and code that imported
the name before escapes it. Extension goes through explicit hooks instead (an observer on the
check engine, the course's own widget classes).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "helpers"
MODULES = sorted(SRC.rglob("*.py"))


def imported_names(tree: ast.Module) -> set[str]:
    """Names bound by ``import`` statements anywhere in the module (modules, classes, functions)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                names.add((alias.asname or alias.name).split(".")[0])
    return names


def assignments_to_imported(path: Path) -> list[str]:
    """``name.attr = ...`` (or ``setattr(name, ...)``) where ``name`` was imported.

    A setting of a library's documented configuration object (``pio.renderers.default = ...``)
    is one level deeper and is not a replacement of code, so it is allowed.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = imported_names(tree)
    found = []
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "setattr"
            and node.args
        ):
            targets = [ast.Attribute(value=node.args[0], attr="?", ctx=ast.Store())]
        for target in targets:
            if (
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id in imported
            ):
                found.append(f"{path.name}:{node.lineno}: {ast.unparse(target)}")
    return found


def test_the_scan_finds_a_monkeypatch(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import helpers.exercises.checks as checks\nfrom ipywidgets import Widget\n"
        "checks._report = print\nWidget._repr_mimebundle_ = None\nx = 1\n"
    )
    assert len(assignments_to_imported(sample)) == 2


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(SRC)) for p in MODULES])
def test_no_module_assigns_to_another_modules_attributes(path: Path) -> None:
    assert assignments_to_imported(path) == []
