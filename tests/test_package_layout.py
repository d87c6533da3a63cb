"""The helpers package by idea: every subpackage's ``__all__`` names what it really offers."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import helpers

SUBPACKAGES = sorted(
    info.name for info in pkgutil.iter_modules(helpers.__path__, "helpers.") if info.ispkg
)


def test_the_package_is_laid_out_by_idea() -> None:
    expected = {"text", "counting", "projection", "word2vec", "vectors", "evaluation", "llm"}
    expected |= {"beyond", "plots", "exercises"}
    assert {name.split(".")[1] for name in SUBPACKAGES} >= expected


@pytest.mark.parametrize("name", SUBPACKAGES)
def test_every_name_in_all_exists(name: str) -> None:
    module = importlib.import_module(name)
    missing = [n for n in getattr(module, "__all__", []) if not hasattr(module, n)]
    assert not missing, f"{name}.__all__ lists names it does not define: {missing}"
